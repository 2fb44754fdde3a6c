package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Messages keep the case they were written in: a file name or a
// reference at the start of one must reach the person as it is.
func TestErrorsKeepTheCaseOfFileNames(t *testing.T) {
	e := newEnv(t)
	t.Chdir(t.TempDir())
	var o orderJSON
	json.Unmarshal([]byte(e.ok("charge", "5", "--json")), &o)
	e.ok("receipt", o.Ref, "--out", "r.txt")
	code, _, errs := e.till("receipt", o.Ref, "--out", "r.txt")
	if code != 1 || !strings.HasPrefix(errs, "till: r.txt already exists") {
		t.Errorf("receipt --out twice: exit %d %q", code, errs)
	}
	os.WriteFile("badkey.toml", []byte("[merchant\n"), 0o600)
	code, _, errs = e.till("setup", "--from", "badkey.toml")
	if code != 1 || !strings.HasPrefix(errs, "till: badkey.toml: ") {
		t.Errorf("setup --from a bad file: exit %d %q", code, errs)
	}
}

// Refunds say in money what is left, and why nothing is.
func TestRefundMessages(t *testing.T) {
	e := newEnv(t)
	charge := func(amount string) string {
		var o orderJSON
		json.Unmarshal([]byte(e.ok("charge", amount, "--json")), &o)
		return o.Ref
	}
	paid, open := charge("10"), charge("3")
	e.ok("confirm", paid)
	e.ok("refund", paid, "2.50", "--reason", "broken cup")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"refund", paid, "10", "--reason", "x"}, 1, "order " + paid + ": at most BRL 7.50 can still be refunded, not BRL 10.00."},
		{[]string{"refund", paid, "-1", "--reason", "x"}, 1, `amount "-1": amount must not be negative.`},
		{[]string{"refund", paid, "9999999999999", "--reason", "x"}, 1, `amount "9999999999999" is too large: at most BRL 9999999999.99.`},
		{[]string{"refund", open, "--reason", "x"}, 1, "order " + open + " is open and nothing was paid: there is nothing to refund."},
		{[]string{"refund", open, "1", "--reason", "x"}, 1, "order " + open + " is open and nothing was paid: there is nothing to refund."},
	}
	for _, tt := range tests {
		code, _, errs := e.till(tt.args...)
		if code != tt.code || strings.TrimSpace(errs) != "till: "+tt.want {
			t.Errorf("till %v: exit %d %q; want exit %d %q", tt.args, code, errs, tt.code, "till: "+tt.want)
		}
	}
	e.ok("refund", paid, "--reason", "the rest")
	code, _, errs := e.till("refund", paid, "--reason", "again")
	if want := "till: order " + paid + " is already refunded in full: nothing is left to refund.\n"; code != 1 || errs != want {
		t.Errorf("refund of a refunded order: exit %d %q; want %q", code, errs, want)
	}
	if o := e.orders(); o[0].RefundedMinor+o[1].RefundedMinor != 1000 {
		t.Errorf("refunded %d and %d, want 1000 in all", o[0].RefundedMinor, o[1].RefundedMinor)
	}
}

// `till --version`, `-v` and `till version` print one version.
func TestVersionFlagMatchesVersionCommand(t *testing.T) {
	e := newEnv(t)
	first := func(s string) string { return strings.SplitN(s, "\n", 2)[0] }
	want := first(e.ok("version"))
	if !strings.HasPrefix(want, "till ") || strings.Contains(want, "unknown") {
		t.Fatalf("till version: %q", want)
	}
	for _, flag := range []string{"--version", "-v"} {
		if got := first(e.ok(flag)); got != want {
			t.Errorf("till %s: %q; till version: %q", flag, got, want)
		}
	}
}

// The help says what each command takes.
func TestHelpTexts(t *testing.T) {
	e := newEnv(t)
	reconcileHelp := e.ok("reconcile", "--help")
	if strings.Contains(reconcileHelp, "auto, auto") || !strings.Contains(reconcileHelp, "auto, camt, mt940, ofx, pix, csv") {
		t.Errorf("reconcile --help lists the formats wrongly:\n%s", reconcileHelp)
	}
	if h := e.ok("cancel", "--help"); !strings.Contains(h, "manager PIN") || !strings.Contains(h, "$TILL_PIN") {
		t.Errorf("cancel --help does not mention the manager PIN:\n%s", h)
	}
	if h := e.ok("--help"); !strings.Contains(h, "decode PAYLOAD|-") {
		t.Errorf("till --help does not say decode reads -:\n%s", h)
	}
}

// Filters that can only select nothing are mistakes; a trailing comma in
// --status is not.
func TestOrdersFilters(t *testing.T) {
	e := newEnv(t)
	e.ok("charge", "5")
	if out := e.ok("orders", "--status", "open,"); !strings.Contains(out, "BRL 5.00") {
		t.Errorf("--status open, lists nothing:\n%s", out)
	}
	for _, args := range [][]string{
		{"orders", "--since", "2026-11-26", "--until", "2026-11-25"},
		{"orders", "--since", "2026-11-25", "--until", "2026-11-25"},
		{"orders", "--status", ""},
	} {
		if code, _, errs := e.till(args...); code != 2 || !strings.Contains(errs, "Run 'till orders --help'") {
			t.Errorf("till %v: exit %d %q; want a usage error", args, code, errs)
		}
	}
	e.ok("orders", "--since", "2026-11-25", "--until", "2026-11-26")
}

// reconcile's text names each exception by amount, counts in good
// English, and a dry run shows no ids it never wrote; its JSON always has
// due and due_minor.
func TestReconcileOutput(t *testing.T) {
	e := newEnv(t)
	file := filepath.Join(t.TempDir(), "s.csv")
	os.WriteFile(file, []byte("date,amount,currency,reference,counterparty,id\n2026-11-25,12.50,BRL,,Ana,L1\n"), 0o600)

	dry := e.ok("reconcile", file, "--dry-run")
	if !strings.Contains(dry, "1 exception would need a person:") || !strings.Contains(dry, "unmatched  2026-11-25  BRL 12.50  ") || strings.Contains(dry, "#") {
		t.Errorf("dry run:\n%s", dry)
	}
	var j map[string]any
	if err := json.Unmarshal([]byte(e.ok("reconcile", file, "--json")), &j); err != nil {
		t.Fatal(err)
	}
	x := j["exceptions"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "kind", "ref", "line_key", "amount", "amount_minor", "currency", "due", "due_minor", "at", "detail"} {
		if _, ok := x[k]; !ok {
			t.Errorf("exception JSON has no %q: %v", k, x)
		}
	}
	if x["kind"] != "unmatched" || x["due"] != nil || x["due_minor"] != nil || x["amount"] != "12.50" ||
		!strings.HasPrefix(fmt.Sprint(x["at"]), "2026-11-25T00:00:00") {
		t.Errorf("unmatched exception: %v", x)
	}

	// A short payment concerns an order: its due is there, and the text
	// says which order and how much came.
	var o orderJSON
	json.Unmarshal([]byte(e.ok("charge", "20", "--json")), &o)
	os.WriteFile(file, []byte("date,amount,currency,reference,counterparty,id\n2026-11-25,5.00,BRL,"+o.Ref+",Bob,L2\n"), 0o600)
	text := e.ok("reconcile", file)
	if !strings.Contains(text, "1 exception needs a person:") || !strings.Contains(text, "BRL 5.00  order "+o.Ref) {
		t.Errorf("short payment:\n%s", text)
	}

	// One order claimed by the cashier today, and a statement of today
	// that does not pay it: one unverified claim, said in the singular.
	var c orderJSON
	json.Unmarshal([]byte(e.ok("charge", "1", "--json")), &c)
	e.ok("confirm", c.Ref)
	today := time.Now().Format(time.DateOnly)
	os.WriteFile(file, []byte("date,amount,currency,reference,counterparty,id\n"+today+",0.10,BRL,,Eve,L3\n"), 0o600)
	text = e.ok("reconcile", file)
	if !strings.Contains(text, "1 order marked paid by the cashier has no payment on this statement:") || !strings.Contains(text, c.Ref) {
		t.Errorf("unverified claim:\n%s", text)
	}
}
