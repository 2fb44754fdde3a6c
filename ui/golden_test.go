package ui_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/scheme"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui"
	"github.com/till-pos/till/ui/screentest"
)

// goldenClock is the moment every golden screen is drawn at.
var goldenClock = time.Date(2026, 11, 25, 14, 30, 0, 0, time.Local)

// goldenStore is a database with a morning of orders in every state, made
// with predictable references so screens (and their QR codes) repeat.
func goldenStore(t *testing.T) (*store.Store, *config.Config) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	n := 0
	st.NewReference = func() payment.Reference {
		n++
		// Digits 2-9 only: the reference alphabet has no 0 or 1.
		r, err := payment.CompleteReference(fmt.Sprintf("GLDN%c%c%c%c%c", '2'+n%8, '2'+n/8%8, 'A'+n%7, 'P'+n%9, '3'+n%6))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	cfg, _ := config.Resolve(config.Demo())
	ctx := context.Background()
	clock := goldenClock.Add(-3 * time.Hour)
	st.Now = func() time.Time { return clock }
	mk := func(minor int64, note string) payment.Reference {
		clock = clock.Add(7 * time.Minute)
		o, err := st.CreateOrder(ctx, store.NewOrder{Amount: payment.Amount{Minor: minor, Currency: cfg.Merchant.Currency},
			Note: note, Expiry: cfg.Expiry, Actor: "ana", Codes: func(ref payment.Reference, exp time.Time) ([]scheme.Code, error) {
				return cfg.Schemes.Codes(scheme.Charge{Amount: payment.Amount{Minor: minor, Currency: cfg.Merchant.Currency}, Ref: ref, Expires: exp})
			}})
		if err != nil {
			t.Fatal(err)
		}
		return o.Ref
	}
	pay := func(ref payment.Reference, minor int64) {
		clock = clock.Add(time.Minute)
		if _, err := st.Apply(ctx, ref, payment.Event{Kind: payment.EventPayment, Amount: minor, Source: "notification:evt", Actor: "till serve"}); err != nil {
			t.Fatal(err)
		}
	}
	a := mk(1250, "table 4")
	pay(a, 1250)
	b := mk(890, "")
	st.Claim(ctx, b, "ana", "")
	c := mk(4500, "fare to the airport")
	pay(c, 3000)
	d := mk(300, "")
	st.Cancel(ctx, d, "ana", "customer left")
	e := mk(2200, "two coffees")
	pay(e, 2200)
	st.Refund(ctx, e, 2200, "ana", "wrong order")
	clock = goldenClock
	st.ExpireDue(ctx)
	return st, cfg
}

// goldenRun drives the real program at w×h through keys and returns the
// screen once it shows want.
func goldenRun(t *testing.T, st *store.Store, cfg *config.Config, w, h int, want string, steps func(tm *teatest.TestModel, wait func(string))) string {
	t.Helper()
	st.Now = func() time.Time { return goldenClock }
	p := screentest.Start(t, ui.New(ui.Options{Store: st, Config: cfg, Actor: "ana", Demo: true, Dir: t.TempDir(),
		Now: func() time.Time { return goldenClock }}), w, h)
	var screen string
	// wait for text to show, or with a leading "!" to be gone.
	wait := func(text string) {
		t.Helper()
		if gone, ok := strings.CutPrefix(text, "!"); ok {
			screen = p.WaitGone(gone)
			return
		}
		screen = p.WaitFor(text)
	}
	wait("New charge")
	steps(p.TM, wait)
	wait(want)
	// Let the frame settle: the last write may be a partial redraw.
	p.Settle()
	wait(want)
	p.Quit()
	return screen
}

func keys(tm *teatest.TestModel, s string) {
	for _, r := range s {
		switch r {
		case '\n':
			tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
		case '\t':
			tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
		case '↓':
			tm.Send(tea.KeyPressMsg{Code: tea.KeyDown})
		default:
			tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
}

// TestGoldenScreens keeps each screen of the till, at 80×24 and 120×40,
// in testdata/TestGoldenScreens/*.golden (`go test ./ui -update` rewrites
// them after a deliberate change).
func TestGoldenScreens(t *testing.T) {
	cases := []struct {
		name  string
		want  string
		steps func(tm *teatest.TestModel, wait func(string))
	}{
		{"charge", "optional note", func(tm *teatest.TestModel, wait func(string)) { keys(tm, "12.5") }},
		{"pay", "WAITING FOR PAYMENT", func(tm *teatest.TestModel, wait func(string)) { keys(tm, "42.00\tfare\n") }},
		{"customer", "!WAITING FOR PAYMENT", func(tm *teatest.TestModel, wait func(string)) {
			keys(tm, "42.00\n")
			wait("WAITING FOR PAYMENT")
			keys(tm, "f")
		}},
		{"orders", "shown", func(tm *teatest.TestModel, wait func(string)) { keys(tm, "o") }},
		{"order-detail", "History", func(tm *teatest.TestModel, wait func(string)) {
			keys(tm, "o")
			wait("shown")
			keys(tm, "↓\n") // the newest order is selected on arrival
		}},
		{"report", "Day close", func(tm *teatest.TestModel, wait func(string)) { keys(tm, "z") }},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s_%dx%d", c.name, size[0], size[1]), func(t *testing.T) {
				st, cfg := goldenStore(t)
				screen := goldenRun(t, st, cfg, size[0], size[1], c.want, c.steps)
				golden.RequireEqual(t, []byte(screen))
			})
		}
	}
}
