package reconcile

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/prompt"
)

// A decision moves money in the books: linking a payment to an order,
// accepting a suggestion, dismissing an exception. Before it is saved the
// screen says what differs between the payment and the order and asks
// y/n, then asks the manager PIN when one is set. The backend checks the
// PIN before it writes, so a wrong one changes nothing.

// decision is what a person chose for one exception.
type decision struct {
	kind   string // "link", "accept" or "dismiss"
	id     int64
	ref    payment.Reference // the order, for link and accept
	reason string            // for dismiss
}

func (d decision) title(l locale.Locale) string {
	switch d.kind {
	case "link":
		return l.T("Link #%d to order %s", d.id, d.ref.Grouped())
	case "accept":
		return l.T("Accept #%d for order %s", d.id, d.ref.Grouped())
	}
	return l.T("Dismiss #%d", d.id)
}

// deciding reports whether a decision waits for a yes or the PIN.
func (m Model) deciding() bool { return m.ask != nil || m.confirm != "" }

// decide goes on with d: a question when something differs, else the PIN
// when one is set, else the decision is saved.
func (m Model) decide(d decision, question string) (Model, tea.Cmd) {
	m.act, m.err = &d, ""
	if question != "" {
		m.confirm = question
		return m, nil
	}
	return m.askPIN()
}

func (m Model) askPIN() (Model, tea.Cmd) {
	d := *m.act
	if !m.Backend.NeedsPIN() {
		return m.save(d, "")
	}
	a, cmd := prompt.New(d.title(m.Lang()), prompt.Field{Label: m.T("Manager PIN"), Secret: true})
	a = a.In(m.Lang())
	m.ask = &a
	return m, cmd
}

// save hands the decision to the backend.
func (m Model) save(d decision, managerPIN string) (Model, tea.Cmd) {
	m.act, m.ask, m.confirm, m.busy = nil, nil, "", true
	switch d.kind {
	case "link":
		return m, m.Backend.Link(d.id, d.ref, linkNote, managerPIN)
	case "accept":
		return m, m.Backend.Accept(d.id, managerPIN)
	}
	return m, m.Backend.Dismiss(d.id, d.reason, managerPIN)
}

// dropDecision forgets the decision: nothing was written.
func (m Model) dropDecision() Model {
	m.notice = m.T("#%d: nothing was changed", m.act.id)
	m.act, m.ask, m.confirm = nil, nil, ""
	return m
}

// updateDecision reads the y/n answer or the PIN.
func (m Model) updateDecision(msg tea.Msg) (Model, tea.Cmd) {
	if m.ask != nil {
		a, cmd, res := m.ask.Update(msg)
		m.ask = &a
		switch res {
		case prompt.Cancelled:
			return m.dropDecision(), nil
		case prompt.Done:
			return m.save(*m.act, a.Values()[0])
		}
		return m, cmd
	}
	k, ok := msg.(tea.KeyPressMsg)
	switch {
	case !ok:
	case key.Matches(k, m.enabled().Yes):
		m.confirm = ""
		return m.askPIN()
	case key.Matches(k, m.enabled().No):
		return m.dropDecision(), nil
	}
	return m, nil
}

// linkTargetRead goes on with a link once the order is read: refused when
// the currencies differ (the store would refuse it too), asked when the
// amount or the order's state does not fit the payment.
func (m Model) linkTargetRead(msg common.LinkTargetMsg) (Model, tea.Cmd) {
	m.busy = false
	x, ok := m.item(msg.ID)
	switch {
	case msg.Err != nil:
		m.err = m.T("#%d: %s", msg.ID, m.Text(msg.Err.Error()))
		return m, nil
	case !ok:
		m.err = m.T("#%d is no longer open", msg.ID)
		return m, nil
	case msg.Order.Amount.Currency.Code != x.Currency:
		m.err = m.T("#%d: order %s is in %s but the payment is in %s: it cannot be linked",
			msg.ID, msg.Ref.Grouped(), msg.Order.Amount.Currency.Code, x.Currency)
		return m, nil
	}
	q := linkQuestion(m.Lang(), x, msg.Order)
	if q != "" {
		q = common.Sentences(q, m.T("Link anyway?"))
	}
	return m.decide(decision{kind: "link", id: msg.ID, ref: msg.Ref}, q)
}

// linkQuestion says what differs between a payment and the order it is
// about to pay, or "" when the payment is exactly what the order waits for.
func linkQuestion(l locale.Locale, x store.ExceptionItem, o store.Order) string {
	pay := amountText(l, x.Amount, x.Currency)
	switch st := o.Status(); st {
	case payment.StatusOpen, payment.StatusClaimed, payment.StatusExpired:
		if x.Amount != o.Amount.Minor {
			return l.T("The payment is %s, the order %s.", pay, l.Money(o.Amount))
		}
	case payment.StatusPartial:
		left := payment.Amount{Minor: o.Amount.Minor - o.State.Received, Currency: o.Amount.Currency}
		if x.Amount != left.Minor {
			return l.T("The payment is %s, the order %s with %s still due.", pay, l.Money(o.Amount), l.Money(left))
		}
	default:
		return l.T("Order %s is %s; the payment is %s.", o.Ref.Grouped(), l.Text(string(st)), pay)
	}
	return ""
}

// acceptQuestion says what differs between a suggested payment and its
// order's amount, or "".
func acceptQuestion(l locale.Locale, x store.ExceptionItem) string {
	if x.Due == 0 || x.Due == x.Amount {
		return ""
	}
	return l.T("The payment is %s, the order %s. Accept anyway?",
		amountText(l, x.Amount, x.Currency), amountText(l, x.Due, x.Currency))
}

// item is the loaded exception with that id.
func (m Model) item(id int64) (store.ExceptionItem, bool) {
	for _, x := range m.items {
		if x.ID == id {
			return x, true
		}
	}
	return store.ExceptionItem{}, false
}

// decisionLines take the place of the entry line while a decision waits.
func (m Model) decisionLines() []string {
	s := m.Styles
	if m.ask != nil {
		return m.ask.Lines(s, m.Width)
	}
	return []string{s.Error.Render(m.confirm), s.Muted.Render(m.T("y: yes · n or esc: no, nothing is written"))}
}
