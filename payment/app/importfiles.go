package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/statement"
)

// Import reads statement files and imports them as one statement into
// a.Importer (a.Book when that is unset and imports), reading the files
// through a.Files (the file system when unset). Every file is read whole
// and checked first, with nothing written and no lock held: if any file
// is malformed, nothing is written. The import then commits in short
// steps; one a kill or a cancel stopped is resumed by importing the same
// files again. report, if set, is called at the start and every so many
// lines, on the calling goroutine. The CLI and the reconcile screen share it.
func (a *App) Import(ctx context.Context, req ImportRequest, report func(ImportProgress)) (ImportResult, error) {
	imp := a.Importer
	if imp == nil {
		imp, _ = a.Book.(Importer)
	}
	if imp == nil {
		return ImportResult{}, errors.New("reconcile: this book does not import statements")
	}
	files := a.Files
	if files == nil {
		files = OSFiles{}
	}
	if len(req.Files) == 0 {
		return ImportResult{}, errors.New("reconcile: no statement file given")
	}
	format := req.Format
	if format == "" {
		format = statement.FormatAuto
	}
	var sums []string
	var total int64
	for _, name := range req.Files {
		sum, size, err := checkFile(ctx, files, name, format, req.Options)
		if err != nil {
			return ImportResult{}, err
		}
		sums = append(sums, sum)
		total += size
	}
	fl := &fileLines{ctx: ctx, files: files, req: req, format: format, foreign: make([]map[string]int, len(req.Files)), i: -1}
	defer fl.close()
	names := make([]string, len(req.Files))
	for i, n := range req.Files {
		names[i] = filepath.Base(n)
	}
	si := StatementImport{
		File: strings.Join(names, ", "), SHA256: strings.Join(sums, ","), Format: format,
		Actor: a.Actor, DryRun: req.DryRun, Match: reconcile.Options{Actor: MatchActor, Currency: req.Currency},
	}
	if report != nil {
		report(ImportProgress{Total: total})
		// Called by the importer on this goroutine; the importer may read
		// the files on another one, so the bytes read are an atomic.
		si.Progress = func(lines int) {
			report(ImportProgress{Lines: lines, Bytes: fl.read(), Total: total})
		}
	}
	res, err := imp.ImportStatement(ctx, fl.next, si)
	if err == nil {
		res.Warnings = foreignWarnings(names, fl.foreign, req.Currency)
	}
	return res, err
}

// openStatement opens a file for reading, refusing one whose size is
// already known to be too large before reading any of it.
func openStatement(files Files, name string) (io.ReadCloser, *countingReader, error) {
	f, size, err := files.Open(name)
	if err != nil {
		return nil, nil, fmt.Errorf("reconcile %s: %w", name, err)
	}
	if size > MaxStatementBytes {
		f.Close()
		return nil, nil, fmt.Errorf("reconcile %s: %w", name, errTooLarge(MaxStatementBytes))
	}
	return f, &countingReader{r: f, limit: MaxStatementBytes}, nil
}

func errTooLarge(limit int64) error {
	return fmt.Errorf("the file is larger than %d GiB, too large for a statement", limit>>30)
}

// checkFile reads a statement file whole, as the import will, and gives
// its SHA256 and size; an error names the file.
func checkFile(ctx context.Context, files Files, name, format string, opts statement.Options) (sum string, size int64, err error) {
	f, cr, err := openStatement(files, name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	cr.r = io.TeeReader(f, h)
	r, err := statement.Open(cr, format, opts)
	for err == nil {
		if err = ctx.Err(); err != nil {
			return "", 0, err
		}
		_, err = r.Next()
	}
	if !errors.Is(err, io.EOF) {
		return "", 0, fmt.Errorf("reconcile %s: %w", name, err)
	}
	if _, err := io.Copy(io.Discard, cr); err != nil { // what the reader left unread
		return "", 0, fmt.Errorf("reconcile %s: %w", name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), cr.n, nil
}

// fileLines reads the files one after another as one stream of evidence,
// counting the lines in another currency than the till's.
type fileLines struct {
	ctx     context.Context
	files   Files
	req     ImportRequest
	format  string
	foreign []map[string]int // per file: lines by other currency
	done    int64            // bytes of the files already read to the end
	pos     atomic.Int64     // bytes read, as of the last line given
	i       int
	cur     statement.Reader
	f       io.ReadCloser
	cr      *countingReader
}

// read is how many bytes the lines given so far took; any goroutine may
// ask it while another reads the lines.
func (fl *fileLines) read() int64 {
	return fl.pos.Load()
}

func (fl *fileLines) close() {
	if fl.f != nil {
		fl.f.Close()
	}
}

func (fl *fileLines) next() (reconcile.Evidence, error) {
	if err := fl.ctx.Err(); err != nil {
		return reconcile.Evidence{}, err // cancelled: stop reading
	}
	for {
		if fl.cur == nil {
			if fl.f != nil {
				fl.f.Close()
				fl.f = nil
				fl.done += fl.cr.n
				fl.cr = nil
				fl.pos.Store(fl.done)
			}
			fl.i++
			if fl.i == len(fl.req.Files) {
				return reconcile.Evidence{}, io.EOF
			}
			name := fl.req.Files[fl.i]
			var err error
			if fl.f, fl.cr, err = openStatement(fl.files, name); err != nil {
				return reconcile.Evidence{}, err
			}
			if fl.cur, err = statement.Open(fl.cr, fl.format, fl.req.Options); err != nil {
				return reconcile.Evidence{}, fmt.Errorf("reconcile %s: %w", name, err)
			}
		}
		l, err := fl.cur.Next()
		if errors.Is(err, io.EOF) {
			fl.cur = nil
			continue
		}
		if err != nil {
			return reconcile.Evidence{}, fmt.Errorf("reconcile %s: %w", fl.req.Files[fl.i], err)
		}
		if c := l.Amount.Currency.Code; fl.req.Currency != "" && c != fl.req.Currency && l.Amount.Minor > 0 && !l.Pending {
			if fl.foreign[fl.i] == nil {
				fl.foreign[fl.i] = map[string]int{}
			}
			fl.foreign[fl.i][c]++
		}
		fl.pos.Store(fl.done + fl.cr.n)
		return reconcile.FromLine(l), nil
	}
}

// foreignWarnings is one sentence per file with lines in a currency other
// than the till's.
func foreignWarnings(names []string, foreign []map[string]int, till string) []string {
	var out []string
	for i, byCur := range foreign {
		curs := make([]string, 0, len(byCur))
		n := 0
		for c, k := range byCur {
			curs = append(curs, c)
			n += k
		}
		if n == 0 {
			continue
		}
		slices.Sort(curs)
		lines := "lines are"
		if n == 1 {
			lines = "line is"
		}
		out = append(out, fmt.Sprintf("%s: %d %s in %s on a %s till; each is an exception to review",
			names[i], n, lines, strings.Join(curs, ", "), till))
	}
	return out
}

// countingReader counts the bytes read, for the progress bar, and refuses
// a file over limit with an error instead of silently cutting it short.
type countingReader struct {
	r        io.Reader
	n, limit int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.limit {
		return n, errTooLarge(c.limit)
	}
	return n, err
}
