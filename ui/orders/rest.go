package orders

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
)

// restKey handles "charge the rest" (c: a code for what is still due, on
// the pay screen, with its own reference) and "rest paid in cash" (C:
// asked y/n, or with the manager PIN when one is set, as refunds are);
// k is the detail's key map as keys() enables it.
func (d Detail) restKey(msg tea.KeyPressMsg, k detailKeys) (Detail, tea.Cmd) {
	switch {
	case key.Matches(msg, k.ChargeRest):
		return d, d.Backend.ChargeRest(d.order.Ref)
	case key.Matches(msg, k.CashRest):
		if d.Backend.NeedsPIN() {
			return d.start("cash")
		}
		d.action, d.answers = "cash", nil
		d.confirm = d.question()
	}
	return d, nil
}

// cashQuestion asks before recording the rest as paid in cash.
func (d Detail) cashQuestion() string {
	left := payment.Amount{Minor: d.order.State.Outstanding(), Currency: d.order.Amount.Currency}
	return d.T("%s paid in cash for order %s? y/n", d.Lang().Money(left), d.order.Ref.Grouped())
}

// runCash records the rest paid in cash with the PIN given, if any.
func (d Detail) runCash(pinGiven string) tea.Cmd {
	return d.Backend.PayRestInCash(d.order.Ref, pinGiven)
}

// restFacts are the lines about the rest: cash taken, the rest claimed,
// and the newest code for the rest. label draws a fact (see labeller);
// its first argument is the catalog's key.
func (d Detail) restFacts(label func(key, value string) string) []string {
	o := d.order
	money := func(minor int64) string {
		return d.Lang().Money(payment.Amount{Minor: minor, Currency: o.Amount.Currency})
	}
	muted := d.Styles.Muted.Render
	var out []string
	if o.State.Cash > 0 {
		out = append(out, label("cash", money(o.State.Cash)+" "+muted(d.T("taken by the cashier"))))
	}
	if o.State.RestClaimed > 0 {
		out = append(out, label("claimed", money(o.State.RestClaimed)+" "+muted(d.T("of the rest, unverified"))))
	}
	if r := o.Rest; r != nil {
		out = append(out, label("rest code", d.Styles.Reference.Render(r.Ref.Grouped())+" "+
			muted(d.T("for %s, expires %s", d.Lang().Money(r.Amount), r.ExpiresAt.Format("15:04:05")))))
	}
	if left := o.State.Outstanding(); left > 0 && o.Status() == payment.StatusPartial {
		out = append(out, label("still due", d.Styles.Value.Render(money(left))))
	}
	return out
}
