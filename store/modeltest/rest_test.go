package modeltest

import (
	"context"
	"fmt"
	"time"

	"github.com/till-pos/till/payment"
)

// rest charges the rest of an order with a code of its own, marks that
// code paid, or takes the rest in cash, as a cashier would; mostly for an
// order short of money.
func (w *world) rest(ctx context.Context) {
	ref := w.anyOrder()
	var short []string
	for _, r := range w.refs {
		if w.m.orders[r].status() == "partial" {
			short = append(short, r)
		}
	}
	if len(short) > 0 && w.rnd.IntN(4) != 0 {
		ref = short[w.rnd.IntN(len(short))]
	}
	w.m.expire(w.now)
	o := w.m.orders[ref]
	st, left := o.status(), o.outstanding()
	can := o.closed == "" && o.refunded == 0 && left > 0
	switch w.rnd.IntN(3) {
	case 0:
		ok := can && st == "partial"
		got, err := w.st.ChargeRest(ctx, payment.Reference(ref), 15*time.Minute, "model", nil)
		w.expect(fmt.Sprintf("rest-code %s %d", ref, left), ok, err)
		if ok && err == nil {
			if got.Rest == nil || got.Rest.Amount.Minor != left {
				w.t.Errorf("step %d: rest of %s: %+v, want %d", w.step, ref, got.Rest, left)
				return
			}
			alias := string(got.Rest.Ref)
			o.aliases = append(o.aliases, alias)
			w.m.aliases[alias] = ref
		}
	case 1:
		ok := can && st == "partial"
		_, err := w.st.ClaimRest(ctx, payment.Reference(w.payRef(ref)), "model", "")
		w.expect(fmt.Sprintf("rest-claimed %s %d", ref, left), ok, err)
		if ok && err == nil {
			o.restClaimed += left
		}
	default:
		ok := can && (st == "partial" || st == "open")
		_, err := w.st.PayRestInCash(ctx, payment.Reference(ref), "model", "")
		w.expect(fmt.Sprintf("cash %s %d", ref, left), ok, err)
		if ok && err == nil {
			o.cash += left
		}
	}
}

// payRef is the reference a payer gives for order ref: now and then the
// reference of a code for its rest, which names the same order.
func (w *world) payRef(ref string) string {
	if a := w.m.orders[ref].aliases; len(a) > 0 && w.rnd.IntN(2) == 0 {
		return a[w.rnd.IntN(len(a))]
	}
	return ref
}
