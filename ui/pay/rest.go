package pay

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/prompt"
)

// The rest of a short order: "charge the rest" (c) shows a code for what
// is still due with a reference of its own linked to the order, and "rest
// paid in cash" (C) records cash taken for it. While the rest's code is
// shown, the screen shows it as a sale of its own (its amount, its
// reference, its countdown) and follows the order it settles.

// cashQuestion asks before recording the rest as paid in cash.
const cashQuestion question = 100

// restShown is the order a rest's code settles, while that code is shown.
type restShown struct {
	order store.Order
}

// withRest turns the screen to the order's rest when the codes it was
// given are those of the rest (see common.Backend.ChargeRest and Show).
func (m Model) withRest() Model {
	o := m.order
	if !common.RestShowing(o, m.Now()) || len(m.qr) == 0 || m.qr[0].Code.Payload != o.Rest.Codes[0].Payload {
		return m
	}
	r := o.Rest
	m.rest = &restShown{order: o}
	m.order = store.Order{ID: o.ID, Ref: r.Ref, Amount: r.Amount, Note: m.T("rest of order %s", o.Ref.Grouped()),
		State: payment.State{Status: payment.StatusOpen, Due: r.Amount.Minor},
		Day:   o.Day, CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt, UpdatedAt: o.UpdatedAt, Codes: r.Codes}
	return m
}

// leaveRest shows the order itself again, as it now stands.
func (m Model) leaveRest(o store.Order) Model {
	m.rest, m.order, m.qr, m.code, m.confirming = nil, o, nil, 0, noQuestion
	return m
}

// restOrder follows the order while its rest's code is shown: once the
// rest is settled (paid, claimed, in cash) or changed, the order's own
// status replaces the code.
func (m Model) restOrder(msg common.OrderMsg) (Model, tea.Cmd) {
	if msg.Order.Ref != m.rest.order.Ref {
		return m, nil
	}
	before := m.rest.order.Status()
	m.rest.order, m.err = msg.Order, ""
	if msg.Order.State.Outstanding() == m.order.Amount.Minor && msg.Order.Status() == payment.StatusPartial {
		return m, nil
	}
	m = m.leaveRest(msg.Order)
	if after := msg.Order.Status(); after != before && (settled(after) || after == payment.StatusClaimed) && m.Backend.Config.Bell {
		return m, tea.Raw("\a")
	}
	return m, nil
}

// enableRest enables the rest's keys of k from the screen's state; menu
// is whether the cashier's keys are offered at all (see keys in pay.go).
func (m Model) enableRest(k *keyMap, menu bool) {
	rest := m.rest != nil
	k.ChargeRest.SetEnabled(menu && !rest && m.order.State.Can(payment.EventRestCode))
	k.CashRest.SetEnabled(menu && (rest || m.shortOfMoney()))
	k.LeaveRest.SetEnabled(menu && rest)
	k.RestAgain.SetEnabled(menu && rest && m.outOfTime())
}

// restKey acts on the rest's keys of the screen's key map k (see keys
// in pay.go for when each is enabled).
func (m Model) restKey(msg tea.KeyPressMsg, k keyMap) (Model, tea.Cmd) {
	ref := m.Order().Ref
	switch {
	case key.Matches(msg, k.LeaveRest):
		// Off the screen only: the reference stays linked, and money
		// that still comes for it settles the order.
		return m.leaveRest(m.rest.order), nil
	case key.Matches(msg, k.ChargeRest, k.RestAgain):
		return m, m.Backend.ChargeRest(ref)
	case key.Matches(msg, k.CashRest):
		m.confirming = cashQuestion
	}
	return m, nil
}

// restYes is the answer yes while the rest's code is shown (mark the rest
// paid) or to "rest paid in cash" (asked for the manager PIN first when
// one is set; the question stays until the PIN is given or left).
func (m Model) restYes() (Model, tea.Cmd) {
	ref := m.Order().Ref
	switch {
	case m.confirming == paidQuestion:
		m.confirming = noQuestion
		return m, m.Backend.ClaimRest(ref)
	case m.Backend.NeedsPIN():
		a, cmd := prompt.New(m.T("Rest of order %s paid in cash", ref.Grouped()), prompt.Field{Label: m.T("Manager PIN"), Secret: true})
		a = a.In(m.Lang())
		m.ask = &a
		return m, cmd
	}
	m.confirming = noQuestion
	return m, m.Backend.PayRestInCash(ref, "")
}

// shortOfMoney reports whether the order shown got some money and waits
// for the rest. A code still waiting whole is not offered for cash here:
// its help line stays that of the sale (the order details offer it).
func (m Model) shortOfMoney() bool {
	st := m.order.State
	return st.Status == payment.StatusPartial && st.Can(payment.EventCash)
}

// restQuestion is the y/n line of "rest paid in cash".
func (m Model) restQuestion() string {
	if m.confirming != cashQuestion || m.ask != nil {
		return ""
	}
	o := m.Order()
	left := payment.Amount{Minor: o.State.Outstanding(), Currency: o.Amount.Currency}
	return m.T("%s paid in cash for %s? y/n", m.Lang().Money(left), o.Ref.Grouped())
}

// restHint is the closed view's hint for a short order.
func (m Model) restHint() string {
	if m.rest == nil && m.order.State.Can(payment.EventRestCode) {
		return m.T("c: charge the rest · C: rest in cash") + " · "
	}
	return ""
}
