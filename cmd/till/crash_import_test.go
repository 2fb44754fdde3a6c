package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/till-pos/till/store"
)

// Bounds on the work after a killed import, for the test's time: how many
// are resumed, and how many of those are compared with the same import
// never killed (a copy of the database and a second import each).
const (
	maxResumes      = 8
	maxResumeChecks = 3
)

// resumeCheck follows the statement imports the crash test kills: a kill
// leaves whole steps only, and importing the same file again resumes the
// import to the result it would have had if never killed.
type resumeCheck struct{ none, partial, checked int }

func (rc *resumeCheck) wantsSnapshot() bool {
	return rc.checked < maxResumeChecks && rc.partial < maxResumes
}

// snapshot copies the database to path, for an import never killed.
func snapshot(t *testing.T, db, path string) string {
	t.Helper()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Backup(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	return path
}

// killed looks at the import a kill stopped and resumes it. before, if
// set, is the database as it was before the killed import began.
func (rc *resumeCheck) killed(t *testing.T, db, cfgPath, file, before string) {
	t.Helper()
	lines, done := lastImport(t, db)
	if done || lines == 0 {
		rc.none++ // killed before the first step committed, or after the last
		return
	}
	rc.partial++
	if rc.partial > maxResumes {
		return // left unfinished, as a till may leave it
	}
	resumed := reconcileResult(t, db, cfgPath, file)
	if resumed.Lines <= lines || resumed.NewLines+resumed.AlreadyImported != resumed.Lines {
		t.Fatalf("resumed after %d lines: %+v", lines, resumed)
	}
	if l, done := lastImport(t, db); !done || l != resumed.Lines {
		t.Fatalf("resumed import recorded %d lines, done %v; the file has %d", l, done, resumed.Lines)
	}
	if before == "" || rc.checked == maxResumeChecks {
		return
	}
	rc.checked++
	whole := reconcileResult(t, before, cfgPath, file)
	resumed.Files, whole.Files = nil, nil
	resumed.Exceptions, whole.Exceptions = nil, nil // their times differ
	resumed.UnverifiedClaims, whole.UnverifiedClaims = nil, nil
	a, _ := json.Marshal(resumed)
	b, _ := json.Marshal(whole)
	if string(a) != string(b) {
		t.Fatalf("an import killed after %d lines and resumed:\n%s\nthe same import never killed:\n%s", lines, a, b)
	}
}

func reconcileResult(t *testing.T, db, cfgPath, file string) reconcileJSON {
	t.Helper()
	out, err := exec.Command(tillBinary, "--db", db, "--config", cfgPath, "reconcile", file, "--json").Output()
	if err != nil {
		t.Fatalf("till reconcile %s: %v\n%s", file, err, out)
	}
	var r reconcileJSON
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("till reconcile --json: %v\n%s", err, out)
	}
	return r
}

// lastImport is how far the newest import got.
func lastImport(t *testing.T, db string) (lines int, done bool) {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	err = h.QueryRow(`SELECT lines, done FROM imports ORDER BY id DESC LIMIT 1`).Scan(&lines, &done)
	if err == sql.ErrNoRows {
		return 0, true
	}
	if err != nil {
		t.Fatal(err)
	}
	return lines, done
}
