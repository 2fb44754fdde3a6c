package ui

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/screen"
)

// onPay is the root with a waiting code on the pay screen, 100×30.
func onPay(t *testing.T) tea.Model {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg, err := config.Resolve(config.Demo())
	if err != nil {
		t.Fatal(err)
	}
	root := New(Options{Store: st, Config: cfg, Actor: "tester", Demo: true})
	var m tea.Model = root
	m, _ = m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	created := root.c.Backend.CreateOrder(payment.Amount{Minor: 900, Currency: cfg.Merchant.Currency}, "")()
	if _, ok := created.(common.OrderCreatedMsg); !ok {
		t.Fatalf("creating the order: %v", created)
	}
	m, _ = m.Update(screen.Envelope{From: chargeScreen, Msg: created})
	if got := m.(Model).Screen(); got != payScreen {
		t.Fatalf("after the order was created: on %s", got)
	}
	return m
}

func text(m tea.Model) string { return ansi.Strip(m.View().Content) }

// A result goes to the screen whose command it answers, and a remark
// shows only on its screen: what a hidden screen reports never appears on
// the code the customer looks at, and shows on its own screen.
func TestResultsStayWithTheirScreen(t *testing.T) {
	for _, tt := range []struct {
		name string
		from string
		msg  tea.Msg
		text string
	}{
		{"reconcile's error", reconcileScreen, common.ErrMsg{Err: errors.New("statement.csv line 3 is broken")}, "line 3 is broken"},
		{"reconcile's notice", reconcileScreen, common.NoticeMsg{Text: "three lines imported"}, "three lines imported"},
		{"report's error", reportScreen, common.ErrMsg{Err: errors.New("day report unreadable")}, "day report unreadable"},
		{"orders' notice", ordersScreen, common.NoticeMsg{Text: "refund recorded"}, "refund recorded"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := onPay(t)
			m, _ = m.Update(screen.Envelope{From: tt.from, Msg: tt.msg})
			if got := text(m); strings.Contains(got, tt.text) || !strings.Contains(got, "WAITING FOR PAYMENT") {
				t.Fatalf("pay screen after %s:\n%s", tt.name, got)
			}
			m, _ = m.Update(common.ShowMsg{Screen: tt.from})
			if got := text(m); !strings.Contains(got, tt.text) {
				t.Fatalf("%s screen does not show its own %q:\n%s", tt.from, tt.text, got)
			}
		})
	}
}

// The till's own failures (the watcher, expiring) show on any screen, and
// a remark ends with its lifetime, not an earlier one's.
func TestStatusLineLifetime(t *testing.T) {
	m := onPay(t)
	m, life := m.Update(common.ErrMsg{Err: errors.New("database is locked")})
	if got := text(m); !strings.Contains(got, "database is locked") || life == nil {
		t.Fatalf("the till's error is not shown, or has no lifetime:\n%s", got)
	}
	first := m.(Model).status.seq
	m, _ = m.Update(common.NoticeMsg{Text: "PAID for order 1234"})
	m, _ = m.Update(statusExpiredMsg{seq: first}) // the error's lifetime ends: the newer notice stays
	if got := text(m); !strings.Contains(got, "PAID for order 1234") {
		t.Fatalf("an older lifetime ended the newer notice:\n%s", got)
	}
	m, _ = m.Update(statusExpiredMsg{seq: m.(Model).status.seq})
	if got := text(m); strings.Contains(got, "PAID for order 1234") {
		t.Fatalf("the notice outlived its lifetime:\n%s", got)
	}
}
