package ui_test

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/pin"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/screentest"
)

// payShort pays part of the order on the pay screen from another process.
func payShort(t *testing.T, h *harness, minor int64) store.Order {
	t.Helper()
	list, _ := h.st.List(context.Background(), store.Filter{})
	other, err := store.Open(h.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	o, err := other.Apply(context.Background(), list[0].Ref, payment.Event{Kind: payment.EventPayment, Amount: minor, Source: "test", Actor: "bank"})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// A short payment on the pay screen: c shows a code for the rest with its
// own reference (scanned off the screen), and a notification for that
// reference turns the screen PAID; the order is paid.
func TestChargeTheRestOnThePayScreen(t *testing.T) {
	h := start(t, 100, 30, "SHARTPAYS", "RESTCXDES")
	h.waitFor("New charge")
	h.tm.Type("20.00")
	h.enter()
	h.waitFor("WAITING FOR PAYMENT")
	o := payShort(t, h, 1200)
	screen := h.waitFor("PARTIAL")
	if !strings.Contains(screen, "still due BRL 8.00") || !strings.Contains(lastLine(screen), "c charge the rest") ||
		!strings.Contains(lastLine(screen), "C rest paid in cash") {
		t.Fatalf("a short order offers no rest:\n%s", screen)
	}
	h.key('c')
	screen = h.waitFor("rest of order " + o.Ref.Grouped())
	got, _ := h.st.Get(context.Background(), o.Ref)
	r := got.Rest
	if r == nil || !strings.Contains(screen, r.Ref.Grouped()) || !strings.Contains(screen, "WAITING FOR PAYMENT") {
		t.Fatalf("the rest's code (%+v) is not on screen:\n%s", r, screen)
	}
	payload, err := screentest.DecodeScreen(screentest.Screen(h.out.Bytes, h.w, h.h), screentest.Dark, 0)
	if err != nil || payload != r.Codes[0].Payload || !strings.Contains(payload, "54048.00") || !strings.Contains(payload, string(r.Ref)) {
		t.Fatalf("screen QR %q (%v), want the rest's %q", payload, err, r.Codes[0].Payload)
	}
	// x leaves the rest's code without writing anything; v... c brings a
	// code for the rest back (a new one: the old reference still counts).
	h.key('x')
	h.waitFor("PARTIAL")
	h.key('c')
	h.waitFor("rest of order")
	got, _ = h.st.Get(context.Background(), o.Ref)
	r = got.Rest
	body := `{"id":"n1","ref":"` + string(r.Ref) + `","amount":"8.00","currency":"BRL"}`
	ev := reconcile.Evidence{Key: "notify:n1", Reference: string(r.Ref), Amount: payment.Amount{Minor: 800, Currency: payment.MustCurrency("BRL")}, Credit: true}
	if _, err := h.st.Notify(context.Background(), store.Notification{ID: "n1", Kind: "generic", Body: []byte(body)}, []reconcile.Evidence{ev}, reconcile.Options{Actor: "till serve"}); err != nil {
		t.Fatal(err)
	}
	screen = h.waitFor("PAID")
	if strings.Contains(screen, "PARTIAL") || strings.Contains(screen, "WAITING") {
		t.Fatalf("after the rest was paid:\n%s", screen)
	}
	if got, _ := h.st.Get(context.Background(), o.Ref); got.Status() != payment.StatusPaid {
		t.Fatalf("order %s", got.Status())
	}
	h.quit()
}

// "Rest paid in cash" asks y/n and the manager PIN when one is set; a
// wrong PIN writes nothing. The rest's code can be marked paid with p.
func TestRestPaidInCashAsksThePIN(t *testing.T) {
	f := config.Demo()
	hash, err := pin.Hash("2468")
	if err != nil {
		t.Fatal(err)
	}
	f.Till.ManagerPIN = hash
	h := startWith(t, f, true, 100, 30)
	h.waitFor("New charge")
	h.tm.Type("20.00")
	h.enter()
	h.waitFor("WAITING FOR PAYMENT")
	o := payShort(t, h, 1500)
	h.waitFor("PARTIAL")
	h.key('C')
	h.waitFor("BRL 5.00 paid in cash for " + o.Ref.Grouped() + "? y/n")
	h.key('n')
	h.waitGone("y/n")
	h.key('C')
	h.waitFor("y/n")
	h.key('y')
	h.waitFor("Manager PIN")
	h.tm.Type("1111")
	h.enter()
	h.waitFor("wrong manager PIN")
	if got, _ := h.st.Get(context.Background(), o.Ref); got.State.Cash != 0 {
		t.Fatalf("a wrong PIN recorded cash: %+v", got.State)
	}
	h.key('C')
	h.waitFor("y/n")
	h.key('y')
	h.waitFor("Manager PIN")
	h.tm.Type("2468")
	h.enter()
	h.waitGone("PARTIAL")
	h.waitFor("PAID")
	if got, _ := h.st.Get(context.Background(), o.Ref); got.Status() != payment.StatusPaid || got.State.Cash != 500 {
		t.Fatalf("after cash: %s %+v", got.Status(), got.State)
	}
	h.quit()
}

// p on the rest's code asks y/n and marks the rest paid: MARKED PAID.
func TestRestCodeMarkedPaid(t *testing.T) {
	h := start(t, 100, 30)
	h.waitFor("New charge")
	h.tm.Type("20.00")
	h.enter()
	h.waitFor("WAITING FOR PAYMENT")
	o := payShort(t, h, 1000)
	h.waitFor("PARTIAL")
	h.key('c')
	h.waitFor("rest of order")
	h.key('p')
	h.waitFor("y/n")
	h.key('y')
	h.waitFor("MARKED PAID")
	if got, _ := h.st.Get(context.Background(), o.Ref); got.Status() != payment.StatusClaimed || got.State.RestClaimed != 1000 {
		t.Fatalf("after p: %s %+v", got.Status(), got.State)
	}
	h.quit()
}

// From the order details: C records the rest paid in cash (y/n), and c on
// another short order shows the rest's code on the pay screen.
func TestRestFromTheOrderDetails(t *testing.T) {
	h := start(t, 100, 30)
	h.waitFor("New charge")
	brl := h.cfg.Merchant.Currency
	var refs []payment.Reference
	for range 2 {
		o, err := h.st.CreateOrder(context.Background(), store.NewOrder{Amount: payment.Amount{Minor: 2000, Currency: brl},
			Expiry: h.cfg.Expiry, Actor: "t"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.st.Apply(context.Background(), o.Ref, payment.Event{Kind: payment.EventPayment, Amount: 1200, Source: "test", Actor: "bank"}); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, o.Ref)
	}
	h.key('o')
	h.waitFor(refs[0].Grouped())
	h.enter() // the newest first
	screen := h.waitFor("still due")
	if !strings.Contains(screen, "still due BRL 8.00") || !strings.Contains(lastLine(screen), "C rest paid in cash") {
		t.Fatalf("details of a short order:\n%s", screen)
	}
	h.key('C')
	h.waitFor("BRL 8.00 paid in cash for order")
	h.key('y')
	h.waitFor("paid in cash")
	h.waitFor("taken by the cashier")
	var cash, short payment.Reference
	for _, r := range refs {
		if o, _ := h.st.Get(context.Background(), r); o.State.Cash == 800 && o.Status() == payment.StatusPaid {
			cash = r
		} else {
			short = r
		}
	}
	if cash == "" || short == "" {
		t.Fatalf("cash taken for %q, still short %q", cash, short)
	}
	// The other order: back to the list, down, details, c.
	h.tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	h.waitGone("taken by the cashier")
	h.tm.Send(tea.KeyPressMsg{Code: tea.KeyDown})
	h.enter()
	h.waitFor("still due BRL 8.00")
	h.key('c')
	screen = h.waitFor("rest of order " + short.Grouped())
	if !strings.Contains(screen, "WAITING FOR PAYMENT") {
		t.Fatalf("the rest's code from the details:\n%s", screen)
	}
	h.quit()
}
