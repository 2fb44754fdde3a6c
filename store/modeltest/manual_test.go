package modeltest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/store"
)

// manual links, accepts or dismisses an open exception, as a person would.
func (w *world) manual(ctx context.Context) {
	open, err := w.st.Exceptions(ctx, true, 0)
	if err != nil {
		w.t.Fatal(err)
	}
	if len(open) == 0 {
		return
	}
	// Half the time a person works through the unplaced payments first.
	var unplaced []store.ExceptionItem
	for _, x := range open {
		if x.Kind == "suggested" || x.Kind == "unmatched" {
			unplaced = append(unplaced, x)
		}
	}
	if len(unplaced) > 0 && w.rnd.IntN(2) == 0 {
		open = unplaced
	}
	x := open[w.rnd.IntN(len(open))]
	mx := w.m.find(normKey(x.Key), x)
	if mx == nil {
		w.t.Errorf("step %d: the store's exception %+v is not in the ledger", w.step, x)
		return
	}
	w.m.expire(w.now)
	switch r := w.rnd.IntN(3); {
	case r <= 1 && x.Kind == "suggested":
		target := w.m.orders[x.Ref]
		st := target.status()
		ok := st == "open" || st == "claimed" || st == "expired"
		_, err := w.st.Accept(ctx, x.ID, "model")
		w.expect(fmt.Sprintf("accept #%d to %s", x.ID, x.Ref), ok, err)
		if ok && err == nil {
			w.m.link(mx, x.Ref)
		}
	case r <= 1:
		ref := w.anyOrder()
		ok := mx.holding && mx.credit && mx.kind == "unplaced" && mx.cur == "BRL"
		_, err := w.st.Link(ctx, x.ID, payment.Reference(ref), "model", "")
		w.expect(fmt.Sprintf("link #%d (%s) to %s", x.ID, x.Kind, ref), ok, err)
		if ok && err == nil {
			w.m.link(mx, ref)
		}
	default:
		err := w.st.Dismiss(ctx, x.ID, "model", "checked")
		w.expect(fmt.Sprintf("dismiss #%d (%s)", x.ID, x.Kind), true, err)
		if err == nil {
			delete(w.m.excs, mx.id)
		}
	}
}

// find is the ledger's exception that is the store's x.
func (m *ledger) find(key string, x store.ExceptionItem) *mExc {
	want := excKey(key, x.Kind, x.Amount, x.Currency, x.Ref)
	ids := make([]int, 0, len(m.excs))
	for id := range m.excs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		e := m.excs[id]
		if excKey(e.key, e.kind, e.amount, e.cur, e.ref) == want {
			return e
		}
	}
	return nil
}

// normKey is the key of an exception as the ledger writes it: a line
// whose key came before with other content has the store's "|v:hash".
func normKey(k string) string {
	if i := strings.Index(k, "|v:"); i >= 0 {
		return k[:i] + "|v"
	}
	return k
}
