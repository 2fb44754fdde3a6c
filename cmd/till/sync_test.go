package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment/config"

	"github.com/till-pos/till/store/central/pgtest"
)

// The commands end to end on a real PostgreSQL and the real central
// server: sync status before and after joining, sync --once, central
// orders (all, by till, by day) and central check.
func TestSyncCommands(t *testing.T) {
	url := pgtest.Shared(t).NewDatabase(t)
	addr := startCentralServe(t, url)
	e := newEnv(t)
	e.ok("charge", "1.00") // before joining: kept for later
	var st struct {
		Joined    bool    `json:"joined"`
		Waiting   int64   `json:"waiting"`
		LastOK    *string `json:"last_ok"`
		LastError string  `json:"last_error"`
	}
	if err := json.Unmarshal([]byte(e.ok("sync", "status", "--json")), &st); err != nil || st.Joined || st.Waiting != 1 || st.LastOK != nil {
		t.Fatalf("status before joining: %+v %v", st, err)
	}
	if code, _, errs := e.till("sync", "--once"); code != 1 || !strings.Contains(errs, "has not joined a fleet") {
		t.Fatalf("sync before joining: exit %d %q", code, errs)
	}
	out := e.ok("central", "enroll", "--pg", url, "--name", "counter 1")
	e.ok("join", addr, strings.TrimSpace(out[strings.Index(out, "JOIN-"):]))
	var o orderJSON
	json.Unmarshal([]byte(e.ok("charge", "7.50", "--json")), &o)
	e.ok("cancel", o.Ref, "--reason", "wrong amount")
	var res struct{ Sent, Accepted, Waiting int }
	if err := json.Unmarshal([]byte(e.ok("sync", "--once", "--json")), &res); err != nil || res.Sent != 3 || res.Accepted != 3 || res.Waiting != 0 {
		t.Fatalf("sync --once: %+v %v", res, err)
	}
	if got := e.ok("sync", "--once"); !strings.Contains(got, "sent 0 entries") {
		t.Fatalf("sync again: %q", got)
	}
	json.Unmarshal([]byte(e.ok("sync", "status", "--json")), &st)
	if !st.Joined || st.Waiting != 0 || st.LastOK == nil || st.LastError != "" {
		t.Fatalf("status after sync: %+v", st)
	}
	var orders []struct {
		Ref, Till, Status string
	}
	json.Unmarshal([]byte(e.ok("central", "orders", "--pg", url, "--json")), &orders)
	if len(orders) != 2 || orders[1].Ref != o.Ref || orders[1].Status != "cancelled" || orders[1].Till != "counter 1" {
		t.Fatalf("central orders: %+v", orders)
	}
	if got := e.ok("central", "orders", "--pg", url, "--till", "counter 1"); !strings.Contains(got, o.Ref) || !strings.Contains(got, "cancelled") {
		t.Fatalf("central orders --till: %q", got)
	}
	if got := e.ok("central", "orders", "--pg", url, "--day", "1999-01-01"); !strings.Contains(got, "no orders") {
		t.Fatalf("central orders --day: %q", got)
	}
	if code, _, errs := e.till("central", "orders", "--pg", url, "--day", "monday"); code != 2 || !strings.Contains(errs, "--day") {
		t.Fatalf("a bad day: exit %d %q", code, errs)
	}
	if got := e.ok("central", "tills", "--pg", url); !strings.Contains(got, "3 changes synced, lag ") {
		t.Fatalf("central tills: %q", got)
	}
	if got := e.ok("central", "check", "--pg", url); !strings.Contains(got, "central book ok") {
		t.Fatalf("central check: %q", got)
	}
}

// joinEnv enrols and joins a new till.
func joinEnv(t *testing.T, url, addr, name string) env {
	e := newEnv(t)
	out := e.ok("central", "enroll", "--pg", url, "--name", name)
	e.ok("join", addr, strings.TrimSpace(out[strings.Index(out, "JOIN-"):]))
	return e
}

// A joined till's `till serve` sends sales to central in the background,
// sales that another process (the TUI, here till charge) makes.
func TestServeSyncsInTheBackground(t *testing.T) {
	url := pgtest.Shared(t).NewDatabase(t)
	e := joinEnv(t, url, startCentralServe(t, url), "counter 1")
	f := config.Demo()
	f.Serve.Secrets = []string{"serve-test-secret-0123456789"}
	data, _ := config.Encode(f)
	os.WriteFile(e.config, data, 0o600)
	srv := exec.Command(tillBinary, "--db", e.db, "--config", e.config, "serve", "--addr", "127.0.0.1:0")
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Process.Signal(os.Interrupt); srv.Wait() })
	var o orderJSON
	json.Unmarshal([]byte(e.ok("charge", "3.00", "--json")), &o)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if strings.Contains(e.ok("central", "orders", "--pg", url), o.Ref) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("order %s never reached central", o.Ref)
		}
	}
}

func startCentralServe(t *testing.T, url string) string {
	t.Helper()
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
	return strings.Fields(strings.TrimPrefix(line, "till central serve: listening on "))[0]
}
