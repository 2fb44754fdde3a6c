package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/receipt"
)

// withPrinter rewrites the env's configuration with a printer command.
func (e env) withPrinter(command string) {
	e.t.Helper()
	f := config.Demo()
	f.Till.Printer = command
	data, err := config.Encode(f)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(e.config, data, 0o600); err != nil {
		e.t.Fatal(err)
	}
}

// fakePrinter is a printer command that writes what it is given to a
// file, or fails like a spooler with no such queue.
func fakePrinter(t *testing.T, fail bool) (command, paper string) {
	t.Helper()
	dir := t.TempDir()
	paper = filepath.Join(dir, "paper.txt")
	script := "#!/bin/sh\ncat > \"$1\"\n"
	if fail {
		script = "#!/bin/sh\ncat > /dev/null\necho 'lp: The printer or class does not exist.' >&2\nexit 3\n"
	}
	bin := filepath.Join(dir, "fakelp")
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin + " " + paper, paper
}

func chargeAndConfirm(t *testing.T, e env) orderJSON {
	t.Helper()
	var o orderJSON
	if err := json.Unmarshal([]byte(e.ok("charge", "12.50", "--note", "table 4", "--json")), &o); err != nil {
		t.Fatal(err)
	}
	e.ok("confirm", o.Ref)
	return o
}

func TestReceiptOnScreen(t *testing.T) {
	e := newEnv(t)
	o := chargeAndConfirm(t, e)
	ref := payment.Reference(o.Ref)
	out := e.ok("receipt", strings.ToLower(o.Ref))
	for _, s := range []string{"Till Demo Café", "Demo City", ref.Grouped(), "BRL 12.50", "PAID (cashier-confirmed)",
		"Note: table 4", "DEMO — no money moved", "Demo"} {
		if !strings.Contains(out, s) {
			t.Errorf("receipt has no %q:\n%s", s, out)
		}
	}
	for _, w := range []int{32, 48} {
		out := e.ok("receipt", o.Ref, "--width", strconv.Itoa(w), "--qr")
		for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if receipt.TextWidth(l) > w {
				t.Errorf("width %d: line %q is %d columns", w, l, receipt.TextWidth(l))
			}
		}
		if !strings.Contains(out, "█") || strings.Count(out, ref.Grouped()) != 2 {
			t.Errorf("--qr at %d: no QR block with the reference under it:\n%s", w, out)
		}
	}
	out = e.ok("receipt", o.Ref, "--ascii")
	if strings.ContainsFunc(out, func(r rune) bool { return r > 0x7E }) || !strings.Contains(out, "Till Demo Cafe") {
		t.Errorf("--ascii:\n%s", out)
	}
}

func TestReceiptToFile(t *testing.T) {
	e := newEnv(t)
	o := chargeAndConfirm(t, e)
	path := filepath.Join(t.TempDir(), "r.txt")
	if out := e.ok("receipt", o.Ref, "--out", path); !strings.Contains(out, path) {
		t.Errorf("no word of the file: %q", out)
	}
	first, err := os.ReadFile(path)
	if err != nil || string(first) != e.ok("receipt", o.Ref) {
		t.Fatalf("file %q (%v) is not the receipt", first, err)
	}
	code, _, errs := e.till("receipt", o.Ref, "--out", path, "--width", "32")
	if code != 1 || !strings.Contains(errs, "already exists") || !strings.Contains(errs, "--force") {
		t.Fatalf("overwrite: exit %d %q", code, errs)
	}
	if again, _ := os.ReadFile(path); string(again) != string(first) {
		t.Fatal("a refused overwrite changed the file")
	}
	e.ok("receipt", o.Ref, "--out", path, "--width", "32", "--force")
	if again, _ := os.ReadFile(path); string(again) == string(first) || !strings.Contains(string(again), "PAID") {
		t.Fatalf("--force did not replace the file:\n%s", again)
	}
}

func TestReceiptToPrinter(t *testing.T) {
	e := newEnv(t)
	o := chargeAndConfirm(t, e)

	code, _, errs := e.till("receipt", o.Ref, "--print")
	if code != 1 || !strings.Contains(errs, "no printer is configured") || !strings.Contains(errs, "[till]") {
		t.Fatalf("no printer: exit %d %q", code, errs)
	}

	command, paper := fakePrinter(t, false)
	e.withPrinter(command)
	if out := e.ok("receipt", o.Ref, "--print", "--width", "32", "--qr"); !strings.Contains(out, "sent to the printer") {
		t.Errorf("print: %q", out)
	}
	got, err := os.ReadFile(paper)
	if err != nil {
		t.Fatalf("the printer got nothing: %v", err)
	}
	text := string(got)
	if !strings.Contains(text, payment.Reference(o.Ref).Grouped()) || !strings.Contains(text, "█") || !strings.HasSuffix(text, "=\n\n\n\n") {
		t.Errorf("printed receipt (QR, and paper fed at the end):\n%s", text)
	}
	if strings.Contains(text, "\x1b") {
		t.Errorf("escape codes sent to the printer: %q", text)
	}

	bad, _ := fakePrinter(t, true)
	e.withPrinter(bad)
	code, _, errs = e.till("receipt", o.Ref, "--print")
	if code != 1 || !strings.Contains(errs, "printer command") || !strings.Contains(errs, "exit status 3") ||
		!strings.Contains(errs, "does not exist") {
		t.Fatalf("failing printer: exit %d %q", code, errs)
	}
	// The command is read as a shell would: quotes and a redirection.
	spool := filepath.Join(t.TempDir(), "front desk.txt")
	e.withPrinter("cat > '" + spool + "'")
	e.ok("receipt", o.Ref, "--print")
	if got, err := os.ReadFile(spool); err != nil || !strings.Contains(string(got), payment.Reference(o.Ref).Grouped()) {
		t.Fatalf("printer command with quotes and a redirection: %v %q", err, got)
	}
	e.withPrinter(filepath.Join(t.TempDir(), "no-such-printer"))
	if code, _, errs = e.till("receipt", o.Ref, "--print"); code != 1 || !strings.Contains(errs, "printer command") {
		t.Fatalf("missing printer program: exit %d %q", code, errs)
	}
}

func TestReceiptBadInput(t *testing.T) {
	e := newEnv(t)
	good := string(payment.NewReference())
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"receipt"}, 2, "one order reference"},
		{[]string{"receipt", good}, 1, "no such order"},
		{[]string{"receipt", "ABC"}, 1, "reference"},
		{[]string{"receipt", good, "--width", "10"}, 2, "--width"},
		{[]string{"receipt", good, "--width", "500"}, 2, "--width"},
		{[]string{"receipt", good, "--qr", "--ascii"}, 2, "--ascii"},
		{[]string{"receipt", good, "--force"}, 2, "--out"},
	}
	for _, tt := range tests {
		code, _, errs := e.till(tt.args...)
		if code != tt.code || !strings.Contains(strings.ToLower(errs), strings.ToLower(tt.want)) || !strings.HasPrefix(errs, "till: ") {
			t.Errorf("till %v: exit %d %q; want exit %d mentioning %q", tt.args, code, errs, tt.code, tt.want)
		}
	}
}
