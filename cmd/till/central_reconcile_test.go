package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/store/central/pgtest"
	"github.com/till-pos/till/store/statementtest"
)

// till central reconcile through the command: the JSON of till reconcile
// with the fleet's fields, a line that concerns no till kept as a central
// exception that till central check lists, a dry run that writes nothing,
// and a second import that counts nothing twice.
func TestCentralReconcileCommand(t *testing.T) {
	url := pgtest.Shared(t).NewDatabase(t)
	e := newEnv(t)
	e.ok("central", "migrate", "--pg", url)
	e.ok("central", "enroll", "--pg", url, "--name", "taxi 1")
	file := statementtest.Write(t, t.TempDir(), "fleet.csv", statementtest.CSV([]statementtest.Line{
		{ID: "X1", Minor: 4321, Cur: "EUR", Credit: true, Ref: "NOBODY", Day: time.Now()},
		{ID: "X2", Minor: 1500, Cur: "EUR", Credit: false, Ref: "RENT", Day: time.Now()},
	}))
	run := func(extra ...string) centralReconcileJSON {
		t.Helper()
		out := e.ok(append([]string{"central", "reconcile", "--pg", url, "--profile", "generic", "--json", file}, extra...)...)
		var r centralReconcileJSON
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		return r
	}
	if r := run("--dry-run"); !r.DryRun || r.NewLines != 2 || r.Unmatched != 1 || r.CentralExceptions != 1 {
		t.Fatalf("dry run: %+v", r)
	}
	text := e.ok("central", "reconcile", "--pg", url, "--profile", "generic", "--dry-run", file)
	t.Log(text)
	if !strings.Contains(text, "would import (dry run") || !strings.Contains(text, "central: its reference \"NOBODY\"") ||
		!strings.Contains(text, "1 exception concerns no till and stays central") {
		t.Fatalf("dry run text: %q", text)
	}
	if out := e.ok("central", "check", "--pg", url); strings.Contains(out, "exception") {
		t.Fatalf("a dry run left an exception: %q", out)
	}
	r := run()
	if r.Lines != 2 || r.NewLines != 2 || r.Unmatched != 1 || r.Ignored != 1 || r.CentralExceptions != 1 ||
		len(r.Exceptions) != 1 || r.Exceptions[0].Till != "" || r.Exceptions[0].AmountMinor != 4321 || len(r.Tills) != 0 {
		t.Fatalf("import: %+v", r)
	}
	if out := e.ok("central", "check", "--pg", url); !strings.Contains(out, "exception (unmatched): statement line") ||
		!strings.Contains(out, "NOBODY") {
		t.Fatalf("check does not list the central exception: %q", out)
	}
	if r := run(); r.NewLines != 0 || r.AlreadyImported != 2 || r.CentralExceptions != 0 {
		t.Fatalf("imported again: %+v", r)
	}
	text = e.ok("central", "reconcile", "--pg", url, "--profile", "generic", file)
	if !strings.Contains(text, "2 lines read, 0 new, 2 already imported") {
		t.Fatalf("text: %q", text)
	}
}
