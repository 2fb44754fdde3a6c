package ui_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui"
)

// A control key is not its plain letter: ctrl+o, ctrl+r and ctrl+z on the
// charge screen open no other screen, and the amount typed after them is
// charged as usual.
func TestControlKeysAreNotLetters(t *testing.T) {
	h := start(t, 80, 24)
	h.waitFor("New charge")
	for _, k := range []rune{'o', 'r'} {
		h.tm.Send(tea.KeyPressMsg{Code: k, Mod: tea.ModCtrl})
	}
	h.tm.Type("700")
	h.enter()
	h.waitFor("WAITING FOR PAYMENT")
	list, _ := h.st.List(context.Background(), store.Filter{})
	if len(list) != 1 || list[0].Amount.Minor != 700 {
		t.Fatalf("orders after control keys: %+v", list)
	}
	h.quit()
}

// ctrl+z suspends till like any terminal program. It is checked on the
// model: suspending a teatest program would stop the test process itself.
func TestCtrlZSuspends(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg, err := config.Resolve(config.Demo())
	if err != nil {
		t.Fatal(err)
	}
	m := ui.New(ui.Options{Store: st, Config: cfg, Actor: "tester", Demo: true})
	var model tea.Model = m
	model, _ = model.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	_, cmd := model.Update(tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl})
	if cmd == nil {
		t.Fatal("ctrl+z gave no command")
	}
	if _, ok := cmd().(tea.SuspendMsg); !ok {
		t.Fatalf("ctrl+z gave %T, want tea.SuspendMsg", cmd())
	}
}

// A note takes the 200 characters the CLI and the store allow, with a
// visible count, and is kept whole.
func TestNoteTakes200Characters(t *testing.T) {
	h := start(t, 80, 24)
	h.waitFor("New charge")
	h.tm.Type("5")
	h.tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	note := strings.Repeat("ä", 150) + strings.Repeat("b", 50)
	h.tm.Type(note + "cut")
	h.waitFor("200/200 characters")
	h.enter()
	h.waitFor("WAITING FOR PAYMENT")
	list, _ := h.st.List(context.Background(), store.Filter{})
	if len(list) != 1 || list[0].Note != note {
		t.Fatalf("note kept: %+v", list)
	}
	h.quit()
}

// The help key is always on the help line: a line too long for the
// window is cut before it, never after.
func TestHelpKeyAlwaysVisible(t *testing.T) {
	for _, w := range []int{40, 60, 80, 100} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			h := start(t, w, 24)
			h.waitFor("New charge")
			if line := strings.TrimSpace(lastLine(h.settle())); !strings.HasSuffix(line, "? more keys") {
				t.Fatalf("charge help at %d columns: %q", w, line)
			}
			h.tm.Type("300")
			h.enter()
			h.waitFor("WAITING FOR PAYMENT")
			if line := strings.TrimSpace(lastLine(h.settle())); !strings.HasSuffix(line, "? more keys") {
				t.Fatalf("pay help at %d columns: %q\n%s", w, line, h.settle())
			}
			h.quit()
		})
	}
}

// From a waiting code, o opens the orders and esc comes back to that code;
// once the order is no longer payable, esc goes on to a new charge.
func TestOrdersAndBackReturnsToTheCode(t *testing.T) {
	h := start(t, 100, 30)
	h.waitFor("New charge")
	h.tm.Type("400")
	h.enter()
	screen := h.waitFor("WAITING FOR PAYMENT")
	list, _ := h.st.List(context.Background(), store.Filter{})
	ref := list[0].Ref.Grouped()
	if !strings.Contains(screen, ref) {
		t.Fatalf("pay screen without %s:\n%s", ref, screen)
	}
	h.key('o')
	h.waitFor("status filter")
	h.tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	h.waitGone("status filter")
	if screen := h.waitFor("WAITING FOR PAYMENT"); !strings.Contains(screen, ref) {
		t.Fatalf("back on another screen:\n%s", screen)
	}
	h.key('x')
	h.waitFor("y/n")
	h.key('y')
	h.waitFor("CANCELLED")
	h.key('o')
	h.waitFor("status filter")
	h.tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	h.waitFor("New charge")
	h.quit()
}

// An amount above the threshold (BRL 5,000.00 by default) is asked about
// once; n goes back to the amount and writes nothing.
func TestLargeAmountAsksOnce(t *testing.T) {
	h := start(t, 80, 24)
	h.waitFor("New charge")
	h.tm.Type("6000000") // BRL 60,000.00: an extra zero, say
	h.enter()
	h.waitFor("Charge BRL 60,000.00? That is more than BRL 5,000.00. y/n")
	h.key('o') // not a shortcut while asking
	h.key('n')
	h.waitGone("y/n")
	if list, _ := h.st.List(context.Background(), store.Filter{}); len(list) != 0 {
		t.Fatalf("orders written after n: %+v", list)
	}
	h.enter()
	h.waitFor("y/n")
	h.key('y')
	h.waitFor("WAITING FOR PAYMENT")
	list, _ := h.st.List(context.Background(), store.Filter{})
	if len(list) != 1 || list[0].Amount.Minor != 6000000 {
		t.Fatalf("orders: %+v", list)
	}
	h.quit()
}

// A printer that fails says so in full, over the screen: the exit status
// and every line the command wrote on its standard error, wrapped to the
// window, until a key is pressed.
func TestPrinterFailureShownWhole(t *testing.T) {
	f := config.Demo()
	f.Till.Printer = "echo 'lp: Error - The printer or class does not exist.' >&2; echo 'lp: check the name with lpstat -p' >&2; exit 3"
	h := startWith(t, f, true, 60, 24)
	h.waitFor("New charge")
	h.tm.Type("500")
	h.enter()
	h.waitFor("WAITING FOR PAYMENT")
	h.tm.Send(tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl})
	screen := h.waitFor("any key closes this")
	flat := strings.Join(strings.Fields(screen), " ")
	for _, want := range []string{"Printing the receipt", "exit status 3", "class does not exist.", "check the name with lpstat -p"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the failure does not say %q:\n%s", want, screen)
		}
	}
	h.key('x')
	h.waitGone("any key closes this")
	h.quit()
}

// While the pay screen asks "cancel order? y/n", ctrl+p does not open the
// receipt: the help offers y and n only, and the keys do what it says.
func TestReceiptKeyWaitsForTheAnswer(t *testing.T) {
	h := start(t, 80, 24)
	h.waitFor("New charge")
	h.tm.Type("900")
	h.enter()
	h.waitFor("WAITING FOR PAYMENT")
	h.key('x')
	h.waitFor("y/n")
	h.tm.Send(tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl})
	h.key('n')
	screen := h.waitGone("y/n")
	if strings.Contains(screen, "any key") || !strings.Contains(screen, "WAITING FOR PAYMENT") {
		t.Fatalf("after ctrl+p and n during the question:\n%s", screen)
	}
	h.quit()
}

// A code that ran out is shown again, same order, with a fresh expiry:
// v on the EXPIRED screen, and the order can then be paid.
func TestShowAgainAfterExpiry(t *testing.T) {
	f := config.Demo()
	f.Till.Expiry = "1m"
	h := startWith(t, f, true, 100, 30)
	clock := time.Now()
	h.st.Now = func() time.Time { return clock }
	h.waitFor("New charge")
	h.tm.Type("650")
	h.enter()
	h.waitFor("WAITING FOR PAYMENT")
	list, _ := h.st.List(context.Background(), store.Filter{})
	ref := list[0].Ref
	clock = clock.Add(2 * time.Minute)
	if _, err := h.st.ExpireDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.waitFor("v: show the code again")
	h.key('v')
	h.waitFor("WAITING FOR PAYMENT")
	o, _ := h.st.Get(context.Background(), ref)
	if o.Status() != payment.StatusOpen || !o.ExpiresAt.After(clock) {
		t.Fatalf("after v: %s, expires %v (now %v)", o.Status(), o.ExpiresAt, clock)
	}
	if list, _ := h.st.List(context.Background(), store.Filter{}); len(list) != 1 {
		t.Fatalf("a new order was made: %d orders", len(list))
	}
	h.quit()
}
