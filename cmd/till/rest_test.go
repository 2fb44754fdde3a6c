package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/decode"
	"github.com/till-pos/till/payment/pin"
)

// shortOrder charges 20.00 and imports a statement line paying 12.00 of it.
func shortOrder(t *testing.T, e env, id string) orderJSON {
	t.Helper()
	_, out, _ := e.till("charge", "20", "--json")
	var o orderJSON
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(t.TempDir(), "bank.csv")
	line := "date,amount,currency,reference,counterparty,id\n" + time.Now().Format(time.DateOnly) + ",12.00,BRL," + o.Ref + ",Ana," + id + "\n"
	os.WriteFile(csv, []byte(line), 0o600)
	if code, out, errs := e.till("reconcile", csv, "--profile", "generic"); code != 0 || !strings.HasPrefix(out, "1 line read, 1 new") {
		t.Fatalf("reconcile: %d %q %s", code, out, errs)
	}
	return o
}

// `till charge --rest REF` prints a code for what is still due, with its
// own reference; `till confirm` of that reference marks the rest paid, and
// a statement line for it settles the order.
func TestChargeTheRestCLI(t *testing.T) {
	e := newEnv(t)
	o := shortOrder(t, e, "L1")
	if code, _, errs := e.till("charge", "8", "--rest", o.Ref); code != 2 || !strings.Contains(errs, "no AMOUNT with --rest") {
		t.Fatalf("an amount with --rest: %d %q", code, errs)
	}
	code, out, errs := e.till("charge", "--rest", o.Ref, "--json")
	if code != 0 {
		t.Fatalf("charge --rest: %d %s", code, errs)
	}
	var r restJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Order != o.Ref || r.Ref == o.Ref || r.Amount != "8.00" || r.Status != "partial" || len(r.Codes) == 0 {
		t.Fatalf("rest %+v", r)
	}
	// The code carries the rest's amount and its own reference.
	rep := decode.Decode(r.Payload)
	if !strings.Contains(r.Payload, r.Ref) || !strings.Contains(r.Payload, "5404"+"8.00") || len(rep.Errors) != 0 {
		t.Fatalf("rest code %q: %+v", r.Payload, rep.Errors)
	}
	// Text output names the order it settles.
	if code, out, _ := e.till("charge", "--rest", o.Ref); code != 0 || !strings.Contains(out, "the rest of order "+o.Ref+" (BRL 12.00 of BRL 20.00 paid)") {
		t.Fatalf("charge --rest text: %d %q", code, out)
	}
	if code, out, errs := e.till("confirm", r.Ref); code != 0 || !strings.Contains(out, o.Ref+" BRL 20.00: claimed") {
		t.Fatalf("confirm the rest: %d %q %q", code, out, errs)
	}
	// Nothing is due once the rest is claimed.
	if code, _, errs := e.till("charge", "--rest", o.Ref); code != 1 || !strings.Contains(errs, "claimed") {
		t.Fatalf("rest of a claimed order: %d %q", code, errs)
	}
	if code, out, errs := e.till("check"); code != 0 {
		t.Fatalf("check: %d %s %s", code, out, errs)
	}
}

// `till cash REF` takes what is due in cash, with the manager PIN when one
// is set; the day close counts it as cash paid, not as verified money.
func TestRestPaidInCashCLI(t *testing.T) {
	e := newEnv(t)
	f := config.Demo()
	hash, err := pin.Hash("4321")
	if err != nil {
		t.Fatal(err)
	}
	f.Till.ManagerPIN = hash
	data, _ := config.Encode(f)
	os.WriteFile(e.config, data, 0o600)
	o := shortOrder(t, e, "L2")

	t.Setenv("TILL_PIN", "0000")
	if code, _, errs := e.till("cash", o.Ref); code != 1 || !strings.Contains(errs, "wrong manager PIN") {
		t.Fatalf("wrong PIN: %d %q", code, errs)
	}
	if got := e.orders()[0]; got.CashMinor != 0 || got.Status != "partial" {
		t.Fatalf("a wrong PIN wrote something: %+v", got)
	}
	t.Setenv("TILL_PIN", "4321")
	if code, out, errs := e.till("cash", o.Ref, "--note", "notes and coins"); code != 0 || out != o.Ref+" BRL 20.00: paid, BRL 8.00 paid in cash\n" {
		t.Fatalf("cash: %d %q %q", code, out, errs)
	}
	if code, _, errs := e.till("cash", o.Ref); code != 1 || !strings.Contains(errs, "nothing is due") {
		t.Fatalf("cash twice: %d %q", code, errs)
	}
	code, out, errs := e.till("report", "--json")
	if code != 0 {
		t.Fatal(errs)
	}
	var d struct {
		Verified string `json:"verified"`
		CashPaid string `json:"cash_paid"`
		Claimed  string `json:"claimed"`
		Expected string `json:"expected"`
	}
	json.Unmarshal([]byte(out), &d)
	if d.Verified != "12.00" || d.CashPaid != "8.00" || d.Claimed != "0.00" || d.Expected != "20.00" {
		t.Fatalf("day close: %+v", d)
	}
	if code, out, _ := e.till("report"); code != 0 || !strings.Contains(out, "+ Paid in cash") {
		t.Fatalf("report text has no cash line:\n%s", out)
	}
	if code, out, errs := e.till("check"); code != 0 {
		t.Fatalf("check: %d %s %s", code, out, errs)
	}
}
