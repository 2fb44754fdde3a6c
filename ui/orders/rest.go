package orders

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
)

// restKey handles "charge the rest" (c: a code for what is still due, on
// the pay screen, with its own reference) and "rest paid in cash" (C:
// asked y/n, or with the manager PIN when one is set, as refunds are).
func (d Detail) restKey(msg tea.KeyPressMsg) (Detail, tea.Cmd, bool) {
	k, st := d.Keys, d.order.State
	switch {
	case key.Matches(msg, k.ChargeRest) && st.Can(payment.EventRestCode):
		return d, d.Backend.ChargeRest(d.order.Ref), true
	case key.Matches(msg, k.CashRest) && st.Can(payment.EventCash):
		if d.Backend.NeedsPIN() {
			d, cmd := d.start("cash")
			return d, cmd, true
		}
		d.action, d.answers = "cash", nil
		d.confirm = d.question()
		return d, nil, true
	}
	return d, nil, false
}

// cashQuestion asks before recording the rest as paid in cash.
func (d Detail) cashQuestion() string {
	left := payment.Amount{Minor: d.order.State.Outstanding(), Currency: d.order.Amount.Currency}
	return fmt.Sprintf("%s paid in cash for order %s? y/n", left, d.order.Ref.Grouped())
}

// runCash records the rest paid in cash with the PIN given, if any.
func (d Detail) runCash(pinGiven string) tea.Cmd {
	return d.Backend.PayRestInCash(d.order.Ref, pinGiven)
}

// restHelp lists the rest's keys the order allows now.
func (d Detail) restHelp() []key.Binding {
	var out []key.Binding
	if d.order.State.Can(payment.EventRestCode) {
		out = append(out, d.Keys.ChargeRest)
	}
	if d.order.State.Can(payment.EventCash) {
		out = append(out, d.Keys.CashRest)
	}
	return out
}

// restFacts are the lines about the rest: cash taken, the rest claimed,
// and the newest code for the rest.
func (d Detail) restFacts(label func(l, v string) string) []string {
	o := d.order
	money := func(minor int64) string { return payment.Amount{Minor: minor, Currency: o.Amount.Currency}.String() }
	var out []string
	if o.State.Cash > 0 {
		out = append(out, label("cash", money(o.State.Cash)+d.Styles.Muted.Render(" taken by the cashier")))
	}
	if o.State.RestClaimed > 0 {
		out = append(out, label("claimed", money(o.State.RestClaimed)+d.Styles.Muted.Render(" of the rest, unverified")))
	}
	if r := o.Rest; r != nil {
		out = append(out, label("rest code", d.Styles.Reference.Render(r.Ref.Grouped())+
			d.Styles.Muted.Render(fmt.Sprintf(" for %s, expires %s", r.Amount, r.ExpiresAt.Format("15:04:05")))))
	}
	if left := o.State.Outstanding(); left > 0 && o.Status() == payment.StatusPartial {
		out = append(out, label("still due", d.Styles.Value.Render(payment.Amount{Minor: left, Currency: o.Amount.Currency}.String())))
	}
	return out
}
