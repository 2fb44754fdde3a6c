package pay

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
	"github.com/till-pos/till/ui/screentest"
)

// shortOrder pays 3.00 of the 7.00 order shown: PARTIAL, with a rest.
func shortOrder(t *testing.T, m Model, st *store.Store) Model {
	t.Helper()
	o, err := st.Apply(context.Background(), m.order.Ref, payment.Event{Kind: payment.EventPayment, Amount: 300, Source: "test", Actor: "bank"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ = m.Update(common.OrderMsg{Order: o})
	return m
}

// showRest shows the code for the rest of a short order.
func showRest(t *testing.T, m Model, st *store.Store) Model {
	t.Helper()
	m = shortOrder(t, m, st)
	o, err := st.ChargeRest(context.Background(), m.order.Ref, m.Backend.Config.Expiry, "t", common.RestCodes(m.Backend.Config.Schemes))
	if err != nil {
		t.Fatal(err)
	}
	r := New(m.Common, o, common.PrepareQR(o.Rest.Codes), 2)
	r.SetSize(100, 28)
	if r.rest == nil {
		t.Fatal("the rest's code is not shown as the rest")
	}
	return r
}

// In every state, a key the help does not offer does nothing: the screen
// stays as it was and asks for nothing. (The customer view offers no keys
// because any key turns it back; it is not among these states.)
func TestKeysNotOfferedDoNothing(t *testing.T) {
	for _, tt := range []struct {
		name  string
		setup func(*testing.T, Model, *store.Store, *time.Time) Model
	}{
		{"waiting", func(_ *testing.T, m Model, _ *store.Store, _ *time.Time) Model { return m }},
		{"cancel question", func(_ *testing.T, m Model, _ *store.Store, _ *time.Time) Model {
			m.confirming = cancelQuestion
			return m
		}},
		{"paid question", func(_ *testing.T, m Model, _ *store.Store, _ *time.Time) Model { m.confirming = paidQuestion; return m }},
		{"short order", func(t *testing.T, m Model, st *store.Store, _ *time.Time) Model { return shortOrder(t, m, st) }},
		{"rest in cash question", func(t *testing.T, m Model, st *store.Store, _ *time.Time) Model {
			m = shortOrder(t, m, st)
			m.confirming = cashQuestion
			return m
		}},
		{"rest shown", restShownState},
		{"rest shown, time up", func(t *testing.T, m Model, st *store.Store, now *time.Time) Model {
			m = restShownState(t, m, st, now)
			*now = now.Add(time.Hour)
			return m
		}},
		{"rest shown, paid question", func(t *testing.T, m Model, st *store.Store, now *time.Time) Model {
			m = restShownState(t, m, st, now)
			m.confirming = paidQuestion
			return m
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := time.Now()
			m, st := newPay(t, &now)
			if acted := screentest.Unoffered(tt.setup(t, m, st, &now), screentest.Keys()); len(acted) > 0 {
				t.Errorf("keys not offered that acted: %q", acted)
			}
		})
	}
}

func restShownState(t *testing.T, m Model, st *store.Store, _ *time.Time) Model {
	return showRest(t, m, st)
}

// The rest's keys are in the help exactly when they act: c and C on a
// short order; C, x (leave the rest) and, once its time is up, v (a new
// code for the rest) while the rest's code is shown.
func TestRestHelp(t *testing.T) {
	now := time.Now()
	m, st := newPay(t, &now)
	if got := helpText(m.Help()); containsAny(got, "charge the rest", "rest paid in cash") {
		t.Errorf("a waiting order offers the rest: %s", got)
	}
	m = shortOrder(t, m, st)
	if got := helpText(m.Help()); !containsAll(got, "c charge the rest", "C rest paid in cash") {
		t.Errorf("a short order: %s", got)
	}
	m = showRest(t, m, st)
	if got := helpText(m.Help()); !containsAll(got, "p mark paid • C rest paid in cash • x leave the rest • n next charge") ||
		containsAny(got, "cancel order", "show again", "charge the rest") {
		t.Errorf("the rest's code: %s", got)
	}
	now = now.Add(time.Hour)
	if got := helpText(m.Help()); !containsAll(got, "x leave the rest • v show again • n next charge") {
		t.Errorf("the rest's code, time up: %s", got)
	}
}

// helpText is the short help as the help line writes it.
func helpText(h keymap.Help) string {
	var parts []string
	for _, b := range h.Short {
		parts = append(parts, b.Help().Key+" "+b.Help().Desc)
	}
	return strings.Join(parts, " • ")
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
