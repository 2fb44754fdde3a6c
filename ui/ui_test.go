package ui_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui"
	"github.com/till-pos/till/ui/screentest"
)

// harness is a till on a real database in a temporary folder, run by the
// UI test kit (screentest.Program).
type harness struct {
	t    *testing.T
	st   *store.Store
	cfg  *config.Config
	p    *screentest.Program
	tm   *teatest.TestModel
	w, h int
	out  *screentest.Output
}

func start(t *testing.T, w, h int, refs ...string) *harness {
	t.Helper()
	return startWith(t, config.Demo(), true, w, h, refs...)
}

// startWith is start with another configuration, as a demo or not.
func startWith(t *testing.T, f config.File, demo bool, w, h int, refs ...string) *harness {
	t.Helper()
	st := screentest.OpenStore(t, screentest.StoreOptions{Refs: refs})
	cfg, err := config.Resolve(f)
	if err != nil {
		t.Fatal(err)
	}
	watcher, err := st.Watch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { watcher.Close() })
	m := ui.New(ui.Options{Store: st, Config: cfg, Watcher: watcher, Actor: "tester", Demo: demo})
	p := screentest.Start(t, m, w, h)
	return &harness{t: t, st: st, cfg: cfg, p: p, tm: p.TM, w: w, h: h, out: &p.Out}
}

// waitFor waits until the screen shows text and returns the screen.
func (h *harness) waitFor(text string) string { h.t.Helper(); return h.p.WaitFor(text) }

// lastLine is the bottom line of a screen, the help line.
func lastLine(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	return lines[len(lines)-1]
}

// settle waits until nothing new has been written for 200 ms and returns
// the screen.
func (h *harness) settle() string { h.t.Helper(); return h.p.Settle() }

// waitGone waits until the screen no longer shows text.
func (h *harness) waitGone(text string) string { h.t.Helper(); return h.p.WaitGone(text) }

func (h *harness) key(k rune) { h.p.Key(k) }

func (h *harness) enter() { h.p.Press(tea.KeyEnter) }

func (h *harness) quit() *ui.Model {
	h.t.Helper()
	m := h.p.Quit().(ui.Model)
	return &m
}

// The loop of the walking skeleton: type 12.50, Enter, scan the QR off the
// emulated screen, mark it paid, and find it claimed in the store.
func TestChargeScanConfirm(t *testing.T) {
	h := start(t, 80, 24, "SCANPAYME")
	h.waitFor("New charge")
	h.tm.Type("12.50")
	h.enter()
	screen := h.waitFor("WAITING FOR PAYMENT")

	list, err := h.st.List(context.Background(), store.Filter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("orders after Enter: %v, %v", list, err)
	}
	o, _ := h.st.Get(context.Background(), list[0].Ref)
	if o.Amount.Minor != 1250 || !strings.Contains(screen, o.Ref.Grouped()) {
		t.Fatalf("order %+v not on screen:\n%s", o, screen)
	}
	payload, err := screentest.DecodeScreen(screentest.Screen(h.out.Bytes, h.w, h.h), screentest.Dark, 0)
	if err != nil {
		t.Fatalf("QR on screen does not decode: %v\n%s", err, screen)
	}
	if payload != o.Codes[0].Payload {
		t.Fatalf("screen QR = %q\nstored    = %q", payload, o.Codes[0].Payload)
	}
	for _, theme := range screentest.Themes() {
		if got, err := screentest.DecodeScreen(screentest.Screen(h.out.Bytes, h.w, h.h), theme, 3); err != nil || got != payload {
			t.Errorf("theme %s with a line gap: %q, %v", theme.Name, got, err)
		}
	}

	// p asks first; n leaves the order as it was.
	h.key('p')
	h.waitFor("paid? y/n")
	h.key('n')
	h.waitGone("y/n")
	if got, _ := h.st.Get(context.Background(), o.Ref); got.Status() != payment.StatusOpen {
		t.Fatalf("status after p, n: %s", got.Status())
	}
	h.key('p')
	h.waitFor("y/n")
	h.key('y')
	h.waitFor("MARKED PAID")
	h.key('n')
	h.waitFor("New charge")
	got, _ := h.st.Get(context.Background(), o.Ref)
	if got.Status() != payment.StatusClaimed {
		t.Fatalf("status after p: %s", got.Status())
	}
	evs, _ := h.st.Events(context.Background(), o.Ref)
	if len(evs) != 2 || evs[1].Actor != "tester" {
		t.Fatalf("events: %+v", evs)
	}
	if m := h.quit(); m.Screen() != "charge" {
		t.Fatalf("ended on %s", m.Screen())
	}
}

// An order paid from elsewhere (another process on the same database)
// turns the pay screen to PAID by itself.
func TestPayScreenNoticesOtherWriters(t *testing.T) {
	h := start(t, 100, 30)
	h.waitFor("New charge")
	h.tm.Type("5")
	h.enter()
	h.waitFor("WAITING FOR PAYMENT")
	list, _ := h.st.List(context.Background(), store.Filter{})
	other, err := store.Open(h.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = other.Apply(context.Background(), list[0].Ref, payment.Event{Kind: payment.EventPayment, Amount: 5, Source: "test", Actor: "bank"})
	if err != nil {
		t.Fatal(err)
	}
	h.waitFor("PAID")
	h.quit()
}

func TestCancelAsksFirst(t *testing.T) {
	h := start(t, 80, 24)
	h.waitFor("New charge")
	h.tm.Type("900")
	h.enter()
	h.waitFor("WAITING FOR PAYMENT")
	h.key('x')
	h.waitFor("y/n")
	// The question's help offers its answers and nothing else.
	if help := strings.TrimSpace(lastLine(h.settle())); help != "y yes • n no" {
		t.Fatalf("help while asking: %q", help)
	}
	h.key('n')
	h.key('x')
	h.waitFor("y/n")
	h.key('y')
	h.waitFor("CANCELLED")
	list, _ := h.st.List(context.Background(), store.Filter{})
	if list[0].Status() != payment.StatusCancelled || list[0].Amount.Minor != 900 {
		t.Fatalf("%+v", list[0])
	}
	h.quit()
}

func TestBadAmountIsExplained(t *testing.T) {
	h := start(t, 80, 24)
	h.waitFor("New charge")
	h.enter()
	h.waitFor("type an amount first")
	h.quit()
	if list, _ := h.st.List(context.Background(), store.Filter{}); len(list) != 0 {
		t.Fatalf("orders written: %v", list)
	}
}

// A merchant taking an EMV wallet and SEPA GiroCode gets two codes; Tab
// switches the pay screen between them and each scans to its own payload.
func TestTwoCodesSwitch(t *testing.T) {
	h := startWith(t, config.File{
		Merchant: config.MerchantSection{Name: "Bäckerei Müller", City: "München", Country: "DE", Currency: "EUR"},
		Schemes: []map[string]any{
			{"type": "emv", "name": "wallet", "tag": int64(27), "guid": "COM.EXAMPLE.WALLET", "merchant_id": "M-7"},
			{"type": "epc", "iban": "DE89370400440532013000", "beneficiary": "Baeckerei Mueller"},
		},
	}, false, 120, 40, "TWQCQDES2")
	st := h.st
	h.waitFor("New charge")
	h.tm.Type("7.40")
	h.enter()
	h.waitFor("code 1 of 2")
	h.settle()
	list, _ := st.List(context.Background(), store.Filter{})
	o, _ := st.Get(context.Background(), list[0].Ref)
	if len(o.Codes) != 2 || o.Codes[1].Format != "epc" {
		t.Fatalf("codes %+v", o.Codes)
	}
	first, err := screentest.DecodeScreen(screentest.Screen(h.out.Bytes, h.w, h.h), screentest.Dark, 0)
	if err != nil || first != o.Codes[0].Payload {
		t.Fatalf("first code: %q %v", first, err)
	}
	h.tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	h.waitFor("code 2 of 2")
	h.settle() // the panel may be redrawn before the code
	second, err := screentest.DecodeScreen(screentest.Screen(h.out.Bytes, h.w, h.h), screentest.Dark, 0)
	if err != nil || second != o.Codes[1].Payload || !strings.HasPrefix(second, "BCD\n002\n1\nSCT") || !strings.Contains(second, "EUR7.40") {
		t.Fatalf("second code: %q %v\n%s", second, err, screentest.Text(screentest.Screen(h.out.Bytes, h.w, h.h)))
	}
	h.quit()
}

// The history survives any window size once it has rows: narrow windows
// drop columns, and the rows must drop the same cells.
func TestOrdersAtEveryWidth(t *testing.T) {
	h := start(t, 60, 20)
	h.waitFor("New charge")
	h.tm.Type("12.50")
	h.enter()
	h.waitFor("WAITING FOR PAYMENT")
	h.key('n')
	h.waitFor("New charge")
	h.key('o')
	h.waitFor("1 shown")
	for _, w := range []int{130, 100, 61, 60, 59, 45, 40, 30, 80} {
		h.tm.Send(tea.WindowSizeMsg{Width: w, Height: 15})
	}
	h.tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	if m := h.quit(); m.Screen() != "orders" {
		t.Fatalf("ended on %s", m.Screen())
	}
}

// noCode fails the test when the screen still carries a QR code that a
// wallet could scan. It reads the screen once the output is quiet, so a
// frame half drawn cannot hide a code.
func (h *harness) noCode(screen string) {
	h.t.Helper()
	h.settle()
	if payload, err := screentest.DecodeScreen(screentest.Screen(h.out.Bytes, h.w, h.h), screentest.Dark, 0); err == nil {
		h.t.Fatalf("a payable code is still on screen (%q):\n%s", payload, screen)
	}
}

// An order that can no longer be paid never leaves its code on the
// screen, in the cashier's view or the customer's.
func TestClosedOrdersShowNoCode(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name, want string
		close      func(h *harness, ref payment.Reference)
	}{
		{"cancelled", "CANCELLED", func(h *harness, _ payment.Reference) {
			h.key('x')
			h.waitFor("y/n")
			h.key('y')
		}},
		{"expired", "EXPIRED", func(h *harness, ref payment.Reference) {
			if _, err := h.st.Apply(ctx, ref, payment.Event{Kind: payment.EventExpired, Actor: "till"}); err != nil {
				t.Fatal(err)
			}
		}},
		{"paid", "PAID", func(h *harness, ref payment.Reference) {
			if _, err := h.st.Apply(ctx, ref, payment.Event{Kind: payment.EventPayment, Amount: 900, Source: "test", Actor: "bank"}); err != nil {
				t.Fatal(err)
			}
		}},
		{"partial", "still due BRL 5.00", func(h *harness, ref payment.Reference) {
			if _, err := h.st.Apply(ctx, ref, payment.Event{Kind: payment.EventPayment, Amount: 400, Source: "test", Actor: "bank"}); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, c := range cases {
		for _, customer := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/customer=%v", c.name, customer), func(t *testing.T) {
				h := start(t, 100, 30)
				h.waitFor("New charge")
				h.tm.Type("900")
				h.enter()
				h.waitFor("WAITING FOR PAYMENT")
				list, _ := h.st.List(ctx, store.Filter{})
				switch {
				case customer && c.name == "cancelled":
					// Cancelling needs the cashier's view; turn the
					// screen round afterwards.
					c.close(h, list[0].Ref)
					h.waitFor(c.want)
					h.key('f')
					h.waitGone("next charge")
				case customer:
					// The customer is looking at the code when it closes.
					h.key('f')
					h.waitGone("WAITING FOR PAYMENT")
					c.close(h, list[0].Ref)
				default:
					c.close(h, list[0].Ref)
				}
				h.noCode(h.waitFor(c.want))
				h.quit()
			})
		}
	}
}

// ? opens the full help with every key of the screen, the screen giving up
// the rows it needs; ? again closes it.
func TestFullHelpShowsEveryKey(t *testing.T) {
	want := []string{"0-9 . amount", "⌫ delete", "esc clear", "enter charge", "tab note",
		"o orders", "z day close", "r reconcile", "ctrl+c quit", "? fewer keys"}
	for _, size := range [][2]int{{80, 24}, {100, 30}, {60, 20}, {40, 15}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h := start(t, size[0], size[1])
			h.waitFor("New charge")
			h.settle()
			h.key('?')
			screen := h.settle()
			for _, k := range want {
				// The help pads keys and descriptions into columns.
				pattern := strings.Join(strings.Fields(k), " ")
				found := false
				for _, line := range strings.Split(screen, "\n") {
					if strings.Contains(strings.Join(strings.Fields(line), " "), pattern) {
						found = true
					}
				}
				if !found {
					t.Errorf("%q is not on screen:\n%s", k, screen)
				}
			}
			if !strings.Contains(screen, "New charge") {
				t.Errorf("the screen gave up too much:\n%s", screen)
			}
			h.key('?')
			h.waitGone("fewer keys")
			h.quit()
		})
	}
}

// Money for the order the cashier has just left shows in the header: that
// order is no longer on screen, so it is announced like any other.
func TestLeftOrderPaidIsAnnounced(t *testing.T) {
	h := start(t, 100, 30)
	h.waitFor("New charge")
	h.tm.Type("333")
	h.enter()
	h.waitFor("WAITING FOR PAYMENT")
	h.key('n')
	h.waitFor("New charge")
	list, _ := h.st.List(context.Background(), store.Filter{})
	other, err := store.Open(h.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Apply(context.Background(), list[0].Ref, payment.Event{Kind: payment.EventPayment, Amount: 333, Source: "test", Actor: "bank"}); err != nil {
		t.Fatal(err)
	}
	screen := h.waitFor("for order " + list[0].Ref.Grouped())
	if !strings.Contains(screen, "paid for order") || !strings.Contains(screen, "New charge") {
		t.Fatalf("header after the left order was paid:\n%s", screen)
	}
	h.quit()
}

// The receipt overlay (ctrl+p) fits the window: its box is never wrapped.
func TestReceiptFitsTheWindow(t *testing.T) {
	for _, size := range [][2]int{{40, 15}, {40, 12}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h := start(t, size[0], size[1])
			h.waitFor("New charge")
			h.tm.Type("12.50")
			h.enter()
			h.waitFor("WAITING")
			h.tm.Send(tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl})
			h.waitFor("any key")
			screen := h.settle()
			lines := strings.Split(screen, "\n")
			top, bottom := -1, -1
			for i, l := range lines {
				if strings.Contains(l, "╭") {
					top = i
				}
				if strings.Contains(l, "╰") {
					bottom = i
				}
			}
			if top < 0 || bottom <= top+1 {
				t.Fatalf("no receipt box:\n%s", screen)
			}
			// At 40×12 the receipt is taller than the window: the cut says so.
			if size[1] == 12 && !strings.Contains(screen, "more lines") {
				t.Fatalf("a cut receipt does not say it is cut:\n%s", screen)
			}
			// Every row between the corners has its two sides in the
			// corners' columns (rune positions: the box is all narrow
			// characters).
			corner := []rune(lines[top])
			lc, rc := slices.Index(corner, '╭'), slices.Index(corner, '╮')
			for _, line := range lines[top+1 : bottom] {
				cells := []rune(line)
				if rc < 0 || len(cells) <= rc || cells[lc] != '│' || cells[rc] != '│' {
					t.Fatalf("the receipt box is broken:\n%s", screen)
				}
			}
			h.quit()
		})
	}
}

// Printing the day close ends its wait: the screen offers closing again.
func TestDayClosePrintEndsTheWait(t *testing.T) {
	f := config.Demo()
	f.Till.Printer = "cat > " + filepath.Join(t.TempDir(), "paper.txt")
	h := startWith(t, f, true, 100, 30)
	h.waitFor("New charge")
	h.key('z')
	h.waitFor("Cash not counted yet")
	h.tm.Send(tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl})
	h.waitFor("sent to")
	h.key('x')
	if screen := h.waitFor("? y/n"); strings.Contains(screen, "Working") {
		t.Fatalf("the day close still waits after printing:\n%s", screen)
	}
	h.quit()
}
