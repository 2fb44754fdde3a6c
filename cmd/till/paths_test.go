package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Mistyped database and configuration paths are refused in one sentence
// and create or change nothing.
func TestPathsRefused(t *testing.T) {
	e := newEnv(t)
	dir := filepath.Dir(e.db)
	statement := filepath.Join(dir, "statement.csv")
	os.WriteFile(statement, []byte("date,amount,currency\n2026-11-25,1.00,BRL\n"), 0o644)
	writable := filepath.Join(dir, "shared.toml")
	data, _ := os.ReadFile(e.config)
	os.WriteFile(writable, data, 0o600)
	os.Chmod(writable, 0o666) // past the umask

	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"folder missing", []string{"--db", filepath.Join(dir, "no", "such", "till.db"), "orders"}, 1, "does not exist"},
		{"check of no database", []string{"check"}, 1, "there is no database at"},
		{"backup of no database", []string{"backup", filepath.Join(dir, "copy.db")}, 1, "there is no database at"},
		{"a statement as the database", []string{"--db", statement, "orders"}, 1, "is not a till database"},
		{"a folder as the database", []string{"--db", dir, "orders"}, 1, "not a database file but a folder"},
		{"empty --db", []string{"--db", "", "orders"}, 2, "--db needs a path"},
		{"empty --config", []string{"--config", "", "orders"}, 2, "--config needs a path"},
		{"config anyone can write", []string{"--config", writable, "orders"}, 1, "can be changed by anyone"},
	} {
		code, out, errs := e.till(tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.want) || out != "" || strings.Count(strings.TrimSpace(errs), "\n") > 1 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.name, code, out, errs, tt.code, tt.want)
		}
	}
	for _, p := range []string{filepath.Join(dir, "no"), e.db, filepath.Join(dir, "copy.db")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was created", p)
		}
	}
	if b, _ := os.ReadFile(statement); !strings.HasPrefix(string(b), "date,amount") {
		t.Errorf("the statement was changed: %q", b)
	}
}

// A database kept from a demo can be listed without any configuration.
func TestOrdersWithoutConfiguration(t *testing.T) {
	e := newEnv(t)
	e.ok("charge", "3.50")
	code, out, errs := e.till("--config", filepath.Join(t.TempDir(), "none.toml"), "orders")
	if code != 0 || !strings.Contains(out, "3.50") {
		t.Fatalf("orders without a configuration: exit %d %q %q", code, out, errs)
	}
}

// A statement can come from standard input or a pipe: it is read once
// into a private copy, and errors name it as the user gave it.
func TestReconcileFromStandardInput(t *testing.T) {
	e := newEnv(t)
	var o orderJSON
	json.Unmarshal([]byte(e.ok("charge", "12.50", "--json")), &o)
	stmt := "date,amount,currency,reference,counterparty,id\n2026-11-25,12.50,BRL," + o.Ref + ",Ana,L1\n"
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"--db", e.db, "--config", e.config, "reconcile", "-"},
		strings.NewReader(stmt), &out, &errOut)
	if code != 0 || !strings.Contains(out.String(), "paid") {
		t.Fatalf("reconcile -: exit %d %q %q", code, out.String(), errOut.String())
	}
	errOut.Reset()
	code = run(context.Background(), []string{"--db", e.db, "--config", e.config, "reconcile", "-"},
		strings.NewReader("not a statement at all\n"), &out, &errOut)
	if code == 0 || !strings.Contains(errOut.String(), "standard input") || strings.Contains(errOut.String(), "till-statement-") {
		t.Fatalf("bad statement on standard input: exit %d %q", code, errOut.String())
	}
	if o2 := e.orders(); len(o2) != 1 || o2[0].Status != "paid" {
		t.Fatalf("orders after: %+v", o2)
	}
	matches, _ := filepath.Glob(filepath.Join(os.TempDir(), "till-statement-*"))
	if len(matches) != 0 {
		t.Errorf("temporary copies left behind: %v", matches)
	}
}

// A sale after the day close is made, with a note that the closed report
// will not show it.
func TestChargeAfterDayCloseSaysSo(t *testing.T) {
	e := newEnv(t)
	e.ok("report", "--close", "--cash", "0")
	code, out, errs := e.till("charge", "2.00")
	if code != 0 || out == "" || !strings.Contains(errs, "was closed by") || !strings.Contains(errs, "report --live") {
		t.Fatalf("charge after close: exit %d, stderr %q", code, errs)
	}
}
