package main

import (
	"strings"
	"testing"

	"github.com/till-pos/till/store/central/pgtest"
)

// till central migrate on a real PostgreSQL: a new database gets the
// schema, a second run has nothing to do, and no database is a usage error.
func TestCentralMigrate(t *testing.T) {
	url := pgtest.Shared(t).NewDatabase(t)
	e := newEnv(t)
	if out := e.ok("central", "migrate", "--pg", url); !strings.Contains(out, "migrated from schema 0 to ") {
		t.Fatalf("first migrate: %q", out)
	}
	t.Setenv("TILL_PG", url)
	if out := e.ok("central", "migrate"); !strings.Contains(out, "nothing to do") {
		t.Fatalf("second migrate: %q", out)
	}
	t.Setenv("TILL_PG", "")
	if code, _, errs := e.till("central", "migrate"); code != 2 || !strings.Contains(errs, "--pg") {
		t.Fatalf("no database: exit %d %q", code, errs)
	}
	if code, _, errs := e.till("central", "migrate", "--pg", "postgres://postgres@127.0.0.1:1/none?connect_timeout=2"); code != 1 ||
		!strings.Contains(errs, "connect to PostgreSQL") || strings.Count(errs, "\n") != 1 {
		t.Fatalf("no server: exit %d %q", code, errs)
	}
}
