package common

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/scheme"
	"github.com/till-pos/till/store"
)

// RestCodes builds the codes for the rest of an order with the merchant's
// schemes, refusing (before anything is saved) a payload no QR can hold.
// The CLI's `till charge --rest` uses it too.
func RestCodes(set scheme.Set) store.RestCodes {
	return app.RestCodes(set, qrFits)
}

// ChargeRest shows a code for what is still due on an order, with its own
// reference linked to the order; the pay screen shows it as the rest.
func (b *Backend) ChargeRest(ref payment.Reference) tea.Cmd {
	st, set, expiry, actor := b.Store, b.Config.Schemes, b.Config.Expiry, b.Actor
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := st.ChargeRest(ctx, ref, expiry, actor, RestCodes(set))
		if err != nil {
			return nil, err
		}
		return OrderMsg{Order: o, QR: PrepareQR(o.Rest.Codes), Outcome: app.RestCharged}, nil
	})
}

// ClaimRest marks the rest of an order paid on the cashier's word.
func (b *Backend) ClaimRest(ref payment.Reference) tea.Cmd {
	st, actor := b.Store, b.Actor
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := st.ClaimRest(ctx, ref, actor, "")
		return OrderMsg{Order: o, Outcome: app.Claimed}, err
	})
}

// PayRestInCash records that the cashier took what is still due in cash
// (with the manager PIN, if set, as the other manual money actions).
func (b *Backend) PayRestInCash(ref payment.Reference, managerPIN string) tea.Cmd {
	st, actor, a := b.Store, b.Actor, b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		if err := a.CheckPIN(managerPIN); err != nil {
			return nil, err
		}
		o, err := st.PayRestInCash(ctx, ref, actor, "")
		return OrderMsg{Order: o, Outcome: app.PaidInCash}, err
	})
}

// RestShowing reports whether o's newest rest code is the one to show:
// the order is still short by exactly its amount and it has time left.
func RestShowing(o store.Order, now time.Time) bool {
	r := o.Rest
	return r != nil && o.Status() == payment.StatusPartial && o.State.Outstanding() == r.Amount.Minor &&
		now.Before(r.ExpiresAt) && len(r.Codes) > 0
}
