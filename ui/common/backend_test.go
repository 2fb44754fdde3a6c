package common

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/app/apptest"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/pin"
)

// fakeBackend is a Backend on the in-memory book: what a screen test
// gets without a database.
func fakeBackend(t *testing.T, managerPIN, printer string) (*Backend, *apptest.Book) {
	t.Helper()
	f := config.Demo()
	f.Till.Printer = printer
	if managerPIN != "" {
		h, err := pin.Hash(managerPIN)
		if err != nil {
			t.Fatal(err)
		}
		f.Till.ManagerPIN = h
	}
	cfg, err := config.Resolve(f)
	if err != nil {
		t.Fatal(err)
	}
	book := apptest.New()
	book.Now = func() time.Time { return apptest.Start }
	return &Backend{Config: cfg, Actor: "tester", Book: book}, book
}

// The Backend turns each use case into one typed message, or an ErrMsg.
func TestBackendMessages(t *testing.T) {
	b, _ := fakeBackend(t, "2468", "cat >/dev/null")
	created, ok := b.CreateOrder(payment.Amount{Minor: 1500, Currency: b.Config.Merchant.Currency}, "")().(OrderCreatedMsg)
	if !ok || created.Order.Status() != payment.StatusOpen || len(created.QR) == 0 || created.QR[0].View == nil {
		t.Fatalf("create: %+v", created)
	}
	ref := created.Order.Ref
	tests := []struct {
		name  string
		cmd   tea.Cmd
		check func(tea.Msg) bool
	}{
		{"detail", b.Detail(ref), func(m tea.Msg) bool {
			o, ok := m.(OrderMsg)
			return ok && o.Detail && o.Outcome == app.Loaded && len(o.Events) == 1
		}},
		{"wrong PIN", b.Cancel(ref, "no", "1111"), func(m tea.Msg) bool {
			e, ok := m.(ErrMsg)
			return ok && errors.Is(e.Err, app.ErrWrongPIN)
		}},
		{"claim", b.Claim(ref), func(m tea.Msg) bool {
			o, ok := m.(OrderMsg)
			return ok && o.Outcome == app.Claimed && o.Order.Status() == payment.StatusClaimed && !o.Detail
		}},
		{"refund", b.Refund(ref, 500, "returned", "2468"), func(m tea.Msg) bool {
			o, ok := m.(OrderMsg)
			return ok && o.Outcome == app.Refunded && o.Order.State.Refunded == 500
		}},
		{"receipt", b.Receipt(ref, 40), func(m tea.Msg) bool {
			r, ok := m.(ReceiptMsg)
			return ok && r.Ref == ref && strings.Contains(r.Text, ref.Grouped())
		}},
		{"print", b.PrintReceipt(ref, 40), func(m tea.Msg) bool {
			p, ok := m.(PrintedMsg)
			return ok && p.What == "receipt "+ref.Grouped() && p.Printer == "cat >/dev/null"
		}},
		{"day", b.DayReport("2026-11-24", false), func(m tea.Msg) bool {
			d, ok := m.(DayReportMsg)
			return ok && d.Day == "2026-11-24" && d.Report.Total.Count == 1 && !d.Closed
		}},
		{"close", b.CloseDay("2026-11-24", nil, ""), func(m tea.Msg) bool {
			d, ok := m.(DayClosedMsg)
			return ok && d.Closed && d.Report.ClosedBy == "tester"
		}},
		{"unknown order", b.Show("AAAAAAAAAA"), func(m tea.Msg) bool {
			e, ok := m.(ErrMsg)
			return ok && errors.Is(e.Err, app.ErrNotFound)
		}},
	}
	// In order: each step sees what the ones before it did.
	for _, tt := range tests {
		if msg := tt.cmd(); !tt.check(msg) {
			t.Fatalf("%s: %#v", tt.name, msg)
		}
	}
}

// A printer that fails is a PrintFailedMsg with its whole complaint; no
// printer at all says how to configure one.
func TestBackendPrintFailures(t *testing.T) {
	for _, tt := range []struct {
		name, printer string
		want          func(error) bool
	}{
		{"failing command", "echo jammed >&2; exit 2", func(err error) bool { return strings.Contains(err.Error(), "jammed") }},
		{"no printer", "", func(err error) bool { return errors.Is(err, app.ErrNoPrinter) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := fakeBackend(t, "", tt.printer)
			o := b.CreateOrder(payment.Amount{Minor: 100, Currency: b.Config.Merchant.Currency}, "")().(OrderCreatedMsg).Order
			msg, ok := b.PrintReceipt(o.Ref, 40)().(PrintFailedMsg)
			if !ok || msg.What != "receipt "+o.Ref.Grouped() || !tt.want(msg.Err) {
				t.Fatalf("%#v", msg)
			}
			d := DayReportMsg{app.DayReport{Day: "2026-11-24"}}
			if msg, ok := b.PrintDay(d, 40)().(PrintFailedMsg); !ok || msg.What != "day close 2026-11-24" || !tt.want(msg.Err) {
				t.Fatalf("day: %#v", msg)
			}
		})
	}
}
