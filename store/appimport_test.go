package store

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/statement"
)

// The application layer's import and exception list on the real store:
// the app reads the files from disk (Files unset) and hands them to the
// store as its Book; a dry run and a refused file write nothing, and the
// app's exception list is the store's.
func TestAppImportThroughTheStore(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	dir := t.TempDir()
	good := filepath.Join(dir, "bank.csv")
	csv := "date,amount,currency,reference,counterparty,id\n" +
		"2026-01-15,12.50,EUR,,Erika Mustermann,TX-0001\n2026-01-15,3.20,USD,,Tourist,TX-0002\n"
	if err := os.WriteFile(good, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	a := app.App{Book: s, Actor: "tester"}
	req := app.ImportRequest{Files: []string{good}, Options: statement.Options{Profile: "generic"}, Currency: "EUR"}
	open := func() int {
		t.Helper()
		items, n, err := a.Exceptions(ctx, 0)
		if err != nil || n != len(items) {
			t.Fatalf("exceptions: %d listed, %d open, %v", len(items), n, err)
		}
		return n
	}

	dry := req
	dry.DryRun = true
	if res, err := a.Import(ctx, dry, nil); err != nil || res.Lines != 2 || res.ExceptionCount != 2 || open() != 0 {
		t.Fatalf("dry run: %+v, %v", res, err)
	}
	refused := req
	refused.Files = []string{good, filepath.Join(dir, "missing.csv")}
	if _, err := a.Import(ctx, refused, nil); err == nil || !strings.Contains(err.Error(), "missing.csv") || open() != 0 {
		t.Fatalf("a missing second file: %v", err)
	}

	res, err := a.Import(ctx, req, nil)
	if err != nil || res.Lines != 2 || res.ExceptionCount != 2 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "1 line is in USD") {
		t.Fatalf("import: %+v, %v", res, err)
	}
	if open() != 2 {
		t.Fatal("the import's exceptions are not listed")
	}
	items, _, _ := a.Exceptions(ctx, 0)
	direct, err := s.Exceptions(ctx, true, 0)
	if err != nil || !reflect.DeepEqual(items, direct) {
		t.Fatalf("the app's list %+v, the store's %+v (%v)", items, direct, err)
	}
	if again, err := a.Import(ctx, req, nil); err != nil || again.AlreadyImported != 2 || open() != 2 {
		t.Fatalf("the same file again: %+v, %v", again, err)
	}
}
