package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/emv"
	"github.com/till-pos/till/payment/pin"
)

// env is a throw-away till: a config file and a database path.
type env struct {
	t      *testing.T
	db     string
	config string
}

func newEnv(t *testing.T) env {
	t.Helper()
	dir := t.TempDir()
	e := env{t: t, db: filepath.Join(dir, "till.db"), config: filepath.Join(dir, "config.toml")}
	data, err := config.Encode(config.Demo())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(e.config, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return e
}

// till runs the command in-process and returns its exit status and output.
func (e env) till(args ...string) (code int, stdout, stderr string) {
	e.t.Helper()
	var out, errOut bytes.Buffer
	all := append([]string{"--db", e.db, "--config", e.config}, args...)
	code = run(context.Background(), all, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func (e env) orders() []orderJSON {
	e.t.Helper()
	code, out, errs := e.till("orders", "--json", "--limit", "0")
	if code != 0 {
		e.t.Fatalf("orders --json: %d %s", code, errs)
	}
	var list []orderJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		e.t.Fatalf("orders --json is not JSON: %v\n%s", err, out)
	}
	return list
}

func TestChargeJSON(t *testing.T) {
	e := newEnv(t)
	code, out, errs := e.till("charge", "12.50", "--note", "table 4", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var o orderJSON
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatal(err)
	}
	if o.Amount != "12.50" || o.AmountMinor != 1250 || o.Currency != "BRL" || o.Status != "open" || o.Note != "table 4" {
		t.Fatalf("order = %+v", o)
	}
	if _, err := payment.ParseReference(o.Ref); err != nil {
		t.Fatalf("reference %q: %v", o.Ref, err)
	}
	if o.CreatedAt == "" || o.ExpiresAt == "" || len(o.Events) != 1 || o.Events[0].Kind != "created" {
		t.Fatalf("times/events: %+v", o)
	}
	// The payload is a valid EMV code carrying the amount and the reference.
	if err := emv.CheckCRC(o.Payload); err != nil {
		t.Fatalf("payload CRC: %v (%s)", err, o.Payload)
	}
	objs, err := emv.Parse(o.Payload)
	if err != nil {
		t.Fatal(err)
	}
	if amt, _ := emv.Find(objs, "54"); amt != "12.50" {
		t.Errorf("tag 54 = %q", amt)
	}
	add, _ := emv.Find(objs, "62")
	sub, _ := emv.Parse(add)
	if ref, _ := emv.Find(sub, "05"); ref != o.Ref {
		t.Errorf("62-05 = %q, want %s", ref, o.Ref)
	}
}

func TestConfirmAndCancelFromTheShell(t *testing.T) {
	e := newEnv(t)
	_, out, _ := e.till("charge", "3", "--json")
	var a orderJSON
	json.Unmarshal([]byte(out), &a)
	_, out, _ = e.till("charge", "4", "--json")
	var b orderJSON
	json.Unmarshal([]byte(out), &b)

	if code, out, errs := e.till("confirm", strings.ToLower(a.Ref)); code != 0 || !strings.Contains(out, "claimed") {
		t.Fatalf("confirm: %d %q %q", code, out, errs)
	}
	if code, out, errs := e.till("cancel", b.Ref, "--reason", "customer left"); code != 0 || !strings.Contains(out, "cancelled") {
		t.Fatalf("cancel: %d %q %q", code, out, errs)
	}
	// A cancelled order cannot be confirmed; nothing is written.
	code, _, errs := e.till("confirm", b.Ref)
	if code != 1 || !strings.Contains(errs, "cancelled") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Fatalf("confirm cancelled: %d %q", code, errs)
	}
	byRef := map[string]orderJSON{}
	for _, o := range e.orders() {
		byRef[o.Ref] = o
	}
	if got := byRef[a.Ref]; got.Status != "claimed" || len(got.Events) != 2 || got.Events[1].Kind != "claimed" {
		t.Errorf("a = %+v", got)
	}
	if got := byRef[b.Ref]; got.Status != "cancelled" || len(got.Events) != 2 || got.Events[1].Note != "customer left" {
		t.Errorf("b = %+v", got)
	}
}

func TestBadInputWritesNothing(t *testing.T) {
	e := newEnv(t)
	good := string(payment.NewReference())
	// The same reference with another check character (not by chance the
	// right one: one reference in 32 ends in X).
	wrongCheck := good[:9] + "X"
	if good[9] == 'X' {
		wrongCheck = good[:9] + "Y"
	}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"charge", "abc"}, 1, "digits"},
		{[]string{"charge", "-5"}, 1, "negative"},
		{[]string{"charge", "1e3"}, 1, "digits"},
		{[]string{"charge", "0"}, 1, "greater than zero"},
		{[]string{"charge", "12.345"}, 1, "2 decimal places"},
		{[]string{"charge", "12,34.5"}, 1, "digits"},
		{[]string{"charge", "99999999999999"}, 1, "too large"},
		{[]string{"charge", "10", "--scheme", "nope"}, 1, "no scheme is called"},
		{[]string{"charge"}, 2, "AMOUNT"},
		{[]string{"charge", "1", "2"}, 2, "AMOUNT"},
		{[]string{"charge", "1", "--bogus"}, 2, "unknown flag"},
		{[]string{"confirm", good}, 1, "no such order"},
		{[]string{"confirm", "ABC"}, 1, "reference"},
		{[]string{"confirm", wrongCheck}, 1, "check character"},
		{[]string{"cancel", good}, 1, "no such order"},
		{[]string{"orders", "--status", "done"}, 2, "unknown status"},
		{[]string{"orders", "--since", "yesterdayish"}, 2, "--since"},
		{[]string{"nonsense"}, 2, "unknown command"},
	}
	for _, tt := range tests {
		code, _, errs := e.till(tt.args...)
		if code != tt.code || !strings.Contains(strings.ToLower(errs), strings.ToLower(tt.want)) {
			t.Errorf("till %v: exit %d, stderr %q; want exit %d mentioning %q", tt.args, code, errs, tt.code, tt.want)
		}
		if lines := strings.Split(strings.TrimSpace(errs), "\n"); len(lines) > 2 || !strings.HasPrefix(errs, "till: ") {
			t.Errorf("till %v: stderr is not one clear sentence: %q", tt.args, errs)
		}
	}
	if list := e.orders(); len(list) != 0 {
		t.Fatalf("bad input wrote orders: %+v", list)
	}
}

func TestNoConfiguration(t *testing.T) {
	e := newEnv(t)
	os.Remove(e.config)
	code, _, errs := e.till("charge", "5")
	if code != 1 || !strings.Contains(errs, "till setup") || !strings.Contains(errs, "till demo") {
		t.Fatalf("exit %d: %q", code, errs)
	}
}

func TestBadConfigurationNamesTheKey(t *testing.T) {
	e := newEnv(t)
	os.WriteFile(e.config, []byte("[merchant]\nname='Shop'\ncity='X'\ncountry='BR'\ncurrency='EUX'\n"), 0o600)
	code, _, errs := e.till("charge", "5")
	if code != 1 || !strings.Contains(errs, "merchant.currency") {
		t.Fatalf("exit %d: %q", code, errs)
	}
}

func TestOrdersCSV(t *testing.T) {
	e := newEnv(t)
	e.till("charge", "7.5", "--note", "=SUM(A1)")
	code, out, errs := e.till("orders", "--csv")
	if code != 0 {
		t.Fatal(errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\r\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "created_at,day,reference,amount,currency,status") {
		t.Fatalf("csv = %q", out)
	}
	if !strings.Contains(lines[1], ",7.50,BRL,open,") || !strings.Contains(lines[1], "'=SUM(A1)") {
		t.Fatalf("row = %q", lines[1])
	}
}

func TestVersion(t *testing.T) {
	e := newEnv(t)
	code, out, _ := e.till("version")
	if code != 0 || !strings.HasPrefix(out, "till ") || !strings.Contains(out, "schema") {
		t.Fatalf("%d %q", code, out)
	}
}

func TestRefundAndManagerPIN(t *testing.T) {
	e := newEnv(t)
	f := config.Demo()
	hash, err := pin.Hash("4321")
	if err != nil {
		t.Fatal(err)
	}
	f.Till.ManagerPIN = hash
	data, _ := config.Encode(f)
	os.WriteFile(e.config, data, 0o600)

	_, out, _ := e.till("charge", "10", "--json")
	var o orderJSON
	json.Unmarshal([]byte(out), &o)
	if code, _, errs := e.till("confirm", o.Ref); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := e.till("refund", o.Ref); code != 2 || !strings.Contains(errs, "--reason") {
		t.Fatalf("refund without reason: %d %q", code, errs)
	}
	t.Setenv("TILL_PIN", "0000")
	if code, _, errs := e.till("refund", o.Ref, "4", "--reason", "broken cup"); code != 1 || !strings.Contains(errs, "wrong manager PIN") {
		t.Fatalf("wrong PIN: %d %q", code, errs)
	}
	if got := e.orders()[0]; got.RefundedMinor != 0 || len(got.Events) != 2 {
		t.Fatalf("a wrong PIN wrote something: %+v", got)
	}
	t.Setenv("TILL_PIN", "4321")
	if code, out, errs := e.till("refund", o.Ref, "4", "--reason", "broken cup"); code != 0 || !strings.Contains(out, "BRL 4.00 refunded") {
		t.Fatalf("refund: %d %q %q", code, out, errs)
	}
	if code, _, errs := e.till("refund", o.Ref, "7", "--reason", "again"); code != 1 || !strings.Contains(errs, "refunded") {
		t.Fatalf("over-refund: %d %q", code, errs)
	}
	if code, out, _ := e.till("refund", o.Ref, "--reason", "the rest"); code != 0 || !strings.Contains(out, "refunded, BRL 10.00 refunded") {
		t.Fatalf("refund the rest: %d %q", code, out)
	}
	// The configuration holds a secret: it must not be readable by others.
	os.Chmod(e.config, 0o644)
	if code, _, errs := e.till("orders"); code != 1 || !strings.Contains(errs, "chmod 600") {
		t.Fatalf("world-readable secrets: %d %q", code, errs)
	}
}
