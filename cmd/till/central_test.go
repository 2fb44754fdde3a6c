package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
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

// Enrol two tills, list them (text and JSON), revoke one.
func TestCentralEnrollListRevoke(t *testing.T) {
	url := pgtest.Shared(t).NewDatabase(t)
	e := newEnv(t)
	e.ok("central", "migrate", "--pg", url)
	out := e.ok("central", "enroll", "--pg", url, "--name", "counter 1")
	if !strings.Contains(out, "JOIN-") || !strings.Contains(out, "references start with 22") {
		t.Fatalf("enroll: %q", out)
	}
	e.ok("central", "enroll", "--pg", url, "--name", "taxi 7")
	if code, _, errs := e.till("central", "enroll", "--pg", url, "--name", "taxi 7"); code != 1 || !strings.Contains(errs, "already enrolled") {
		t.Fatalf("enroll twice: exit %d %q", code, errs)
	}
	if code, _, errs := e.till("central", "enroll", "--pg", url); code != 2 || !strings.Contains(errs, "--name") {
		t.Fatalf("enroll without a name: exit %d %q", code, errs)
	}
	if out := e.ok("central", "tills", "--pg", url); !strings.Contains(out, "counter 1") || !strings.Contains(out, "waiting to join") {
		t.Fatalf("tills: %q", out)
	}
	e.ok("central", "revoke", "--pg", url, "taxi 7")
	var list []struct {
		Name      string  `json:"name"`
		Prefix    string  `json:"prefix"`
		RevokedAt *string `json:"revoked_at"`
	}
	if err := json.Unmarshal([]byte(e.ok("central", "tills", "--pg", url, "--json")), &list); err != nil || len(list) != 2 ||
		list[1].Name != "taxi 7" || list[1].RevokedAt == nil || list[0].RevokedAt != nil {
		t.Fatalf("tills --json: %+v %v", list, err)
	}
	if code, _, errs := e.till("central", "revoke", "--pg", url, "nobody"); code != 1 || !strings.Contains(errs, "no till of that name") {
		t.Fatalf("revoke unknown: exit %d %q", code, errs)
	}
}

// The real `till central serve` on a real PostgreSQL: a till joins with
// the code `till central enroll` printed, its references then carry its
// prefix, the code does not work twice, and the server lists the till's
// contact.
func TestJoinThroughTheRealCentralServer(t *testing.T) {
	url := pgtest.Shared(t).NewDatabase(t)
	srv := exec.Command(tillBinary, "central", "serve", "--pg", url, "--addr", "127.0.0.1:0")
	stdout, _ := srv.StdoutPipe()
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Process.Signal(os.Interrupt); srv.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("central serve did not start: %v", err)
	}
	addr := strings.Fields(strings.TrimPrefix(line, "till central serve: listening on "))[0]

	e := newEnv(t)
	out := e.ok("central", "enroll", "--pg", url, "--name", "taxi 12")
	code := out[strings.Index(out, "JOIN-"):]
	code = strings.TrimSpace(code)
	if got := e.ok("join", addr, code); !strings.Contains(got, `as "taxi 12"; references now start with 22`) {
		t.Fatalf("join: %q", got)
	}
	var o orderJSON
	json.Unmarshal([]byte(e.ok("charge", "7.50", "--json")), &o)
	if !strings.HasPrefix(o.Ref, "22") {
		t.Fatalf("reference after joining: %q", o.Ref)
	}
	if c, _, errs := e.till("join", addr, code); c != 1 || !strings.Contains(errs, "already joined") {
		t.Fatalf("join twice: exit %d %q", c, errs)
	}
	other := newEnv(t)
	if c, _, errs := other.till("join", addr, code); c != 1 || !strings.Contains(errs, "join code is unknown, used or expired") {
		t.Fatalf("a used code: exit %d %q", c, errs)
	}
	if c, _, errs := other.till("join", "ftp://x", code); c != 2 || !strings.Contains(errs, "URL") {
		t.Fatalf("a bad URL: exit %d %q", c, errs)
	}
	if got := e.ok("central", "tills", "--pg", url); !strings.Contains(got, "taxi 12") || !strings.Contains(got, "last contact") {
		t.Fatalf("tills: %q", got)
	}
}
