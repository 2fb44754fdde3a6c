package report

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
)

func plain(m Model) string { return ansi.Strip(m.View()) }

// masked is the screen with the random order references replaced by
// stable ones of the same width, in the order the orders were made.
func masked(t *testing.T, fx *fixture, m Model) []byte {
	t.Helper()
	list, err := fx.st.List(context.Background(), store.Filter{Oldest: true})
	if err != nil {
		t.Fatal(err)
	}
	s := plain(m)
	for i, o := range list {
		stable := payment.Reference(fmt.Sprintf("REF%02dXXXXX", i+1))
		s = strings.ReplaceAll(s, o.Ref.Grouped(), stable.Grouped())
		s = strings.ReplaceAll(s, string(o.Ref), string(stable))
	}
	return []byte(s)
}

// The screen as a cashier sees it at the end of the day, live and closed,
// on the smallest terminal and a comfortable one (the root keeps two rows
// for its header and help line).
func TestGolden(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 22}, {"120x40", 120, 38}} {
		t.Run(size.name, func(t *testing.T) {
			fx := newFixture(t, "")
			fx.sampleDay()
			m := fx.screen(size.w, size.h)
			golden.RequireEqual(t, masked(t, fx, m))
			t.Run("closed", func(t *testing.T) {
				m := typeText(first(press(m, "c")), "120.00")
				m, _ = press(m, "enter")
				m, cmd := press(m, "x", "y")
				m = fx.feed(m, cmd)
				golden.RequireEqual(t, masked(t, fx, m))
			})
		})
	}
}

func first(m Model, _ any) Model { return m }

func TestFitsTheArea(t *testing.T) {
	fx := newFixture(t, "lp")
	fx.sampleDay()
	for _, sz := range [][2]int{{80, 22}, {120, 38}, {60, 15}, {40, 10}, {200, 50}, {30, 3}, {80, 1}} {
		m := fx.screen(sz[0], sz[1])
		for _, state := range []struct {
			name string
			keys []string
		}{{"live", nil}, {"typing", []string{"c", "1"}}, {"asking", []string{"x"}}} {
			s, _ := press(m, state.keys...)
			lines := strings.Split(s.View(), "\n")
			if len(lines) > sz[1] {
				t.Errorf("%dx%d %s: %d lines", sz[0], sz[1], state.name, len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > sz[0] {
					t.Errorf("%dx%d %s: line %d is %d wide: %q", sz[0], sz[1], state.name, i, w, ansi.Strip(l))
				}
			}
		}
	}
}

// The figures on screen are the store's: the money lines of the sample
// day, worked out by hand.
func TestFigures(t *testing.T) {
	fx := newFixture(t, "")
	fx.sampleDay()
	m := fx.screen(120, 38)
	d, ok := m.Report()
	if !ok || d.Closed || !d.Live || d.Day != "2026-11-24" {
		t.Fatalf("loaded %+v %v", d, ok)
	}
	r := d.Report
	// paid 12.50+39.90+8.00, partial 30.00, late 15.00, refunded 25.90
	verified := int64(1250 + 3990 + 800 + 3000 + 1500 + 2590)
	if r.Verified != verified || r.Claimed != 2200 || r.Refunded != 2590 || r.Expected != verified+2200-2590 ||
		r.Unpaid != 1800+2000 || r.LateCount != 1 || len(r.Claims) != 1 || len(r.OpenExceptions) != 1 || r.Total.Count != 9 {
		t.Fatalf("report %+v", r)
	}
	view := plain(m)
	for _, s := range []string{"= Expected", payment.FormatMinor(r.Expected, 2), "+ Claimed, unverified", "22.00",
		"Unverified claims (1)", "by ana at 11:00", "Open exceptions (1)", "late", "not counted", "OPEN · live figures"} {
		if !strings.Contains(view, s) {
			t.Errorf("screen has no %q:\n%s", s, view)
		}
	}
}

func TestCashInput(t *testing.T) {
	fx := newFixture(t, "")
	fx.sampleDay()
	m := fx.screen(80, 22)
	expected := m.shown.Report.Expected

	m, _ = press(m, "c")
	if !m.Typing() {
		t.Fatal("c did not open the cash field")
	}
	// Letters are refused as they are typed, with a word; an empty field
	// is not an answer (0 is).
	if m = typeText(m, "abc"); !strings.Contains(plain(m), "cash counted: type digits") {
		t.Fatalf("letters not refused on screen:\n%s", plain(m))
	}
	m, _ = press(m, "enter")
	if !m.Typing() || m.cash != nil || !strings.Contains(plain(m), "cash counted: type an amount, 0 for none") {
		t.Fatalf("empty cash accepted or not explained:\n%s", plain(m))
	}
	m, _ = press(m, "esc")
	if m.Typing() || m.cash != nil {
		t.Fatal("esc kept the field open or set cash")
	}
	tests := []struct {
		typed string
		minor int64
		ok    bool
	}{{"20,5", 2050, true}, {"0", 0, true}, {"1.234", 0, false}, {"1.234,5", 0, false}, {"-3", 3, true}, {"1230", 1230, true}}
	for _, tt := range tests {
		m, _ = press(m, "c")
		for range 10 {
			m, _ = press(m, "backspace")
		}
		m, _ = press(typeText(m, tt.typed), "enter")
		if tt.ok != (m.cash != nil && *m.cash == tt.minor && !m.Typing()) {
			t.Errorf("%q: cash %v typing %v err %q", tt.typed, m.cash, m.Typing(), m.err)
		}
		if !tt.ok {
			m, _ = press(m, "esc")
		}
	}
	view := plain(m)
	if !strings.Contains(view, "Cash counted (to record)") || !strings.Contains(view, payment.FormatMinor(expected+1230, 2)) {
		t.Errorf("typed cash not in the takings:\n%s", view)
	}
	// Cash belongs to its day: another day starts without it.
	m, cmd := press(m, "left")
	m = fx.feed(m, cmd)
	if m.cash != nil || m.Day() != "2026-11-23" {
		t.Fatalf("day %s cash %v", m.Day(), m.cash)
	}
}

// Closing asks first, records the cashier and the cash, and from then on
// the screen shows the figures kept at closing even when money arrives;
// v shows the current figures.
func TestCloseAndReprint(t *testing.T) {
	fx := newFixture(t, "")
	fx.sampleDay()
	m := fx.screen(120, 38)
	m = typeText(first(press(m, "c")), "50.00")
	m, _ = press(m, "enter")

	m, cmd := press(m, "x")
	if cmd != nil || !strings.Contains(plain(m), "Close 2026-11-24 as tester, cash BRL 50.00? y/n") {
		t.Fatalf("x did not ask:\n%s", plain(m))
	}
	if h := m.Help(); len(h.Short) != 2 {
		t.Errorf("help while asking: %v", h.Short)
	}
	m, cmd = press(m, "n")
	if cmd != nil || m.confirming {
		t.Fatal("n closed the day or kept asking")
	}
	m, cmd = press(m, "x", "y")
	msg := fx.run(cmd)
	if _, ok := msg.(common.DayClosedMsg); !ok {
		t.Fatalf("close: %v", msg)
	}
	m, _ = m.Update(msg)
	if !strings.Contains(plain(m), "Closed by tester at 2026-11-24 18:00") {
		t.Fatalf("no word of the closing:\n%s", plain(m))
	}
	m, _ = press(m, "k") // any key clears the notice
	closedView := plain(m)
	if !strings.Contains(closedView, "CLOSED by tester at 2026-11-24 18:00") || !strings.Contains(closedView, "as at closing") {
		t.Fatalf("closed screen:\n%s", closedView)
	}
	d, err := fx.st.DayReport(context.Background(), "2026-11-24", fx.cfg.Merchant.Currency, false)
	if err != nil || d.ClosedBy != "tester" || !d.HasCash || d.Cash != 5000 {
		t.Fatalf("stored closing %+v %v", d, err)
	}
	if hasKey(m.Help(), "x") || hasKey(m.Help(), "c") {
		t.Error("a closed day still offers to close or count")
	}
	m, cmd = press(m, "x")
	if cmd != nil || m.confirming {
		t.Error("x on a closed day did something")
	}

	// Money for the open order arrives after closing.
	list, _ := fx.st.List(context.Background(), store.Filter{Status: []payment.Status{payment.StatusOpen}})
	fx.pay(list[0], list[0].Amount.Minor)
	m, cmd = m.Update(common.StoreChangedMsg{})
	m = fx.feed(m, cmd)
	// The figures stay as at closing; the status line says money moved.
	movedView := trimLines(strings.Replace(closedView, "Figures as at closing, unchanged by later payments.",
		"Sales or payments came in after the closing: v shows the current figures.", 1))
	if got := trimLines(plain(m)); got != movedView || movedView == trimLines(closedView) {
		t.Fatalf("the closed day changed after a payment:\n--- at closing\n%s\n--- now\n%s", closedView, got)
	}
	m, cmd = press(m, "v")
	m = fx.feed(m, cmd)
	live := plain(m)
	if live == closedView || !strings.Contains(live, "LIVE figures") || !m.shown.Live ||
		m.shown.Report.Verified != d.Verified+list[0].Amount.Minor || m.shown.Report.Cash != 5000 {
		t.Fatalf("live figures of the closed day:\n%s", live)
	}
	m, cmd = press(m, "v")
	if m = fx.feed(m, cmd); trimLines(plain(m)) != movedView {
		t.Fatal("v twice did not return to the closing's figures")
	}
}

// Another till closed the day first: closing here says who did, and the
// screen turns to their closing.
func TestClosedElsewhere(t *testing.T) {
	fx := newFixture(t, "")
	fx.sampleDay()
	m := fx.screen(80, 22)
	if _, err := fx.st.CloseDay(context.Background(), "2026-11-24", fx.cfg.Merchant.Currency, "bruno", nil, ""); err != nil {
		t.Fatal(err)
	}
	m, cmd := press(m, "x", "y")
	msg := fx.run(cmd)
	em, ok := msg.(common.ErrMsg)
	if !ok || !errors.Is(em.Err, store.ErrDayClosed) {
		t.Fatalf("second close: %v", msg)
	}
	m, cmd = m.Update(msg)
	if !strings.Contains(plain(m), "closed by bruno") {
		t.Errorf("error not shown:\n%s", plain(m))
	}
	m = fx.feed(m, cmd)
	if !m.shown.Closed || m.shown.Report.ClosedBy != "bruno" {
		t.Fatalf("screen did not turn to bruno's closing: %+v", m.shown)
	}
}

func TestSwitchDays(t *testing.T) {
	fx := newFixture(t, "")
	fx.sampleDay()
	m := fx.screen(80, 22)
	if hasKey(m.Help(), "→/l") {
		t.Error("today offers the next day")
	}
	m, cmd := press(m, "right")
	if cmd != nil || m.Day() != "2026-11-24" || !strings.Contains(plain(m), "not begun") {
		t.Fatalf("moved past today: %s", m.Day())
	}
	m, cmd = press(m, "left")
	stale := common.DayReportMsg{DayReport: app.DayReport{Day: "2026-11-24", Report: m.shown.Report}}
	m = fx.feed(m, cmd)
	if m.Day() != "2026-11-23" || m.shown.Report.Total.Count != 2 || m.shown.Report.Verified != 4500 {
		t.Fatalf("yesterday: %s %+v", m.Day(), m.shown.Report)
	}
	if m, _ = m.Update(stale); m.shown.Day != "2026-11-23" {
		t.Fatal("a late answer for another day replaced the one shown")
	}
	if !hasKey(m.Help(), "t") {
		t.Error("no way back to today in the help")
	}
	m, cmd = press(m, "t")
	if m = fx.feed(m, cmd); m.Day() != "2026-11-24" || m.shown.Report.Total.Count != 9 {
		t.Fatalf("t: %s", m.Day())
	}
	// The root sends esc back to a new charge.
	if _, cmd = press(m, "esc"); cmd == nil {
		t.Fatal("esc did nothing")
	} else if _, ok := cmd().(common.GoChargeMsg); !ok {
		t.Fatal("esc did not go back to the charge screen")
	}
}

func TestScrolls(t *testing.T) {
	fx := newFixture(t, "")
	fx.sampleDay()
	m := fx.screen(80, 22)
	if !strings.Contains(plain(m), "1–20 of") || !hasKey(m.Help(), "↓/j") {
		t.Fatalf("no sign that there is more:\n%s", plain(m))
	}
	m, _ = press(m, "pgdown")
	if m.vp.YOffset() == 0 || !strings.Contains(plain(m), "Open exceptions") {
		t.Fatalf("page down did not reach the end:\n%s", plain(m))
	}
	m, _ = press(m, "k")
	if !strings.Contains(plain(m), "of ") {
		t.Fatal("no position after scrolling up")
	}
}

func hasKey(h interface{ ShortHelp() []key.Binding }, k string) bool {
	for _, b := range h.ShortHelp() {
		if b.Help().Key == k {
			return true
		}
	}
	return false
}

// trimLines drops the padding at the end of every line.
func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
