package app_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"

	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/statement"
)

// memFiles are statement files in memory; size, when set, is what Open
// claims instead of the content's length.
type memFiles struct {
	content map[string]string
	size    map[string]int64
	opened  []string
}

type memFile struct {
	io.Reader
	read *bool
}

func (f memFile) Read(p []byte) (int, error) { *f.read = true; return f.Reader.Read(p) }
func (memFile) Close() error                 { return nil }

func (m *memFiles) Open(name string) (io.ReadCloser, int64, error) {
	m.opened = append(m.opened, name)
	c, ok := m.content[name]
	if !ok {
		return nil, 0, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	size := int64(len(c))
	if s, ok := m.size[name]; ok {
		size = s
	}
	return memFile{Reader: strings.NewReader(c), read: new(bool)}, size, nil
}

// recorder is an Importer that reads the whole stream and keeps it.
type recorder struct {
	called bool
	got    app.StatementImport
	lines  []reconcile.Evidence
}

func (r *recorder) ImportStatement(_ context.Context, next func() (reconcile.Evidence, error), si app.StatementImport) (app.ImportResult, error) {
	r.called, r.got = true, si
	for {
		e, err := next()
		if errors.Is(err, io.EOF) {
			return app.ImportResult{Lines: len(r.lines)}, nil
		}
		if err != nil {
			return app.ImportResult{Lines: len(r.lines)}, err
		}
		r.lines = append(r.lines, e)
		if si.Progress != nil {
			si.Progress(len(r.lines))
		}
	}
}

const csvHead = "date,amount,currency,reference,counterparty,id\n"

const (
	goodA = csvHead + "2026-01-15,12.50,EUR,NBT568R5FB,Erika Mustermann,TX-0001\n2026-01-15,3.20,EUR,,Kiosk,TX-0002\n"
	goodB = csvHead + "2026-01-16,7.00,USD,,Tourist,TX-0003\n2026-01-16,1.00,GBP,,Tourist,TX-0004\n"
	bad   = csvHead + "2026-01-16,not money,EUR,,Someone,TX-0005\n"
)

func TestImportFiles(t *testing.T) {
	files := map[string]string{"/in/a.csv": goodA, "/in/b.csv": goodB, "/in/bad.csv": bad}
	tests := []struct {
		name  string
		files []string
		size  map[string]int64
		err   string // in the error; "" for none
		lines int
	}{
		{name: "two files as one", files: []string{"/in/a.csv", "/in/b.csv"}, lines: 4},
		{name: "a file that fails to open", files: []string{"/in/a.csv", "/in/missing.csv"}, err: "reconcile /in/missing.csv: open /in/missing.csv: file does not exist"},
		{name: "a file too large", files: []string{"/in/a.csv", "/in/b.csv"}, size: map[string]int64{"/in/b.csv": app.MaxStatementBytes + 1},
			err: "reconcile /in/b.csv: the file is larger than 4 GiB, too large for a statement"},
		{name: "a malformed file", files: []string{"/in/a.csv", "/in/bad.csv"}, err: "reconcile /in/bad.csv: "},
		{name: "no file", err: "no statement file given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &memFiles{content: files, size: tt.size}
			rec := &recorder{}
			a := app.App{Importer: rec, Files: fake, Actor: "tester"}
			var reports []app.ImportProgress
			req := app.ImportRequest{Files: tt.files, Options: statement.Options{Profile: "generic"}, Currency: "EUR"}
			res, err := a.Import(context.Background(), req, func(p app.ImportProgress) { reports = append(reports, p) })
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				if rec.called || len(reports) != 0 {
					t.Fatalf("a refused import reached the book (%v) or reported progress (%v)", rec.called, reports)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Lines != tt.lines || len(rec.lines) != tt.lines {
				t.Fatalf("lines: result %d, imported %d, want %d", res.Lines, len(rec.lines), tt.lines)
			}
			if rec.got.File != "a.csv, b.csv" || rec.got.Actor != "tester" || rec.got.Match.Actor != app.MatchActor ||
				len(strings.Split(rec.got.SHA256, ",")) != 2 || rec.got.Format != statement.FormatAuto {
				t.Fatalf("what the book was told: %+v", rec.got)
			}
			total := int64(len(goodA) + len(goodB))
			if len(reports) != tt.lines+1 || reports[0] != (app.ImportProgress{Total: total}) || reports[len(reports)-1].Lines != tt.lines {
				t.Fatalf("progress: %+v (total %d)", reports, total)
			}
			if len(res.Warnings) != 1 || res.Warnings[0] != "b.csv: 2 lines are in GBP, USD on a EUR till; each is an exception to review" {
				t.Fatalf("warnings: %q", res.Warnings)
			}
		})
	}
}

// TestImportChecksBeforeReading: a file claimed too large is refused
// before any of it is read, and a book that cannot import says so.
func TestImportRefusals(t *testing.T) {
	fake := &memFiles{content: map[string]string{"big.csv": goodA}, size: map[string]int64{"big.csv": app.MaxStatementBytes + 1}}
	if _, err := (&app.App{Importer: &recorder{}, Files: fake}).Import(context.Background(), app.ImportRequest{Files: []string{"big.csv", "other.csv"}}, nil); err == nil {
		t.Fatal("a file too large was imported")
	}
	if len(fake.opened) != 1 {
		t.Fatalf("went on after a refused file: opened %v", fake.opened)
	}
	if _, err := (&app.App{Files: fake}).Import(context.Background(), app.ImportRequest{Files: []string{"big.csv"}}, nil); err == nil ||
		!strings.Contains(err.Error(), "does not import") {
		t.Fatalf("no importer: %v", err)
	}
}
