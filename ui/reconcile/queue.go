package reconcile

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
)

// linkNote is written on the payment event of a link made by hand.
const linkNote = "linked by hand on the reconcile screen"

// linkable says whether the exception is money nobody placed, which a
// person may assign to an order (the store checks it is a credit).
func linkable(x store.ExceptionItem) bool {
	return x.Kind == kindUnmatched || x.Kind == kindSuggested
}

// selected is the exception under the cursor.
func (m Model) selected() (store.ExceptionItem, bool) {
	if m.cursor < 0 || m.cursor >= len(m.items) {
		return store.ExceptionItem{}, false
	}
	return m.items[m.cursor], true
}

func (m Model) updateQueue(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.enabled()
	switch {
	case key.Matches(msg, k.Back):
		return m, goCharge
	case key.Matches(msg, k.Another):
		m.state = statePick
		return m, m.picker.Init()
	case key.Matches(msg, k.Up):
		m.cursor = max(m.cursor-1, 0)
		m.err = ""
		m.scroll()
		return m, nil
	case key.Matches(msg, k.Down):
		m.cursor = max(min(m.cursor+1, len(m.items)-1), 0)
		m.err = ""
		m.scroll()
		return m, nil
	}
	x, ok := m.selected()
	if !ok || m.busy {
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Link):
		return m.beginEntry(entryLink, x, m.T("order reference, e.g. AB2CD-3EFGH"))
	case key.Matches(msg, k.Accept):
		return m.decide(decision{kind: "accept", id: x.ID, ref: payment.Reference(x.Ref)}, acceptQuestion(m.Lang(), x))
	case key.Matches(msg, k.Dismiss):
		return m.beginEntry(entryDismiss, x, m.T("why (required): refunded by bank transfer, bank fee…"))
	}
	return m, nil
}

func (m Model) beginEntry(kind entryKind, x store.ExceptionItem, placeholder string) (Model, tea.Cmd) {
	m.entry, m.entryOf, m.err = kind, x.ID, ""
	m.input.Reset()
	m.input.Err = nil
	m.input.Placeholder = placeholder
	m.input.Validate = nil
	m.input.CharLimit = 200
	if kind == entryLink {
		// Checked as it is typed, so a mistyped character shows at once.
		m.input.CharLimit = payment.MaxReferenceLen + 4 // room for a hyphen and spaces
		m.input.Validate = func(s string) error {
			_, err := payment.ParseReference(s)
			return err
		}
	}
	return m, m.input.Focus()
}

func (m Model) endEntry() Model {
	m.entry = entryNone
	m.input.Blur()
	m.input.Reset()
	return m
}

// updateEntry handles keys while a reference or a reason is typed.
func (m Model) updateEntry(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.enabled()
	switch {
	case key.Matches(msg, k.CancelEntry):
		return m.endEntry(), nil
	case key.Matches(msg, k.Confirm):
		return m.submitEntry()
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	m.err = ""
	return m, cmd
}

func (m Model) submitEntry() (Model, tea.Cmd) {
	value := strings.TrimSpace(m.input.Value())
	id := m.entryOf
	switch m.entry {
	case entryLink:
		ref, err := payment.ParseReference(value)
		if err != nil {
			m.err = m.Text(err.Error())
			return m, nil
		}
		// The order is read first, to say what differs before anything
		// is written.
		m = m.endEntry()
		m.busy = true
		return m, m.Backend.LinkTarget(id, ref)
	case entryDismiss:
		if value == "" {
			m.err = m.T("a reason is required to dismiss an exception")
			return m, nil
		}
		m = m.endEntry()
		return m.decide(decision{kind: "dismiss", id: id, reason: value}, "")
	}
	return m, nil
}

// resolved reports a decision and reloads the queue.
func (m Model) resolved(msg common.ExceptionResolvedMsg) (Model, tea.Cmd) {
	m.busy = false
	if msg.Err != nil {
		m.err = m.T("#%d: %s", msg.ID, m.Text(msg.Err.Error()))
		return m, m.Load()
	}
	switch msg.Outcome {
	case app.Dismissed:
		m.notice = m.T("#%d dismissed", msg.ID)
	default:
		m.notice = m.T("#%d %s: order %s is now %s", msg.ID, m.Text(msg.Outcome.String()), msg.Order.Ref.Grouped(), m.Text(string(msg.Order.Status())))
	}
	return m, m.Load()
}

// queueRows is how many exceptions fit in the list.
func (m Model) queueRows() int { return max(m.Height-queueChrome, 1) }

// scroll keeps the cursor in view.
func (m *Model) scroll() {
	rows := m.queueRows()
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if m.cursor >= m.top+rows {
		m.top = m.cursor - rows + 1
	}
	m.top = max(min(m.top, len(m.items)-rows), 0)
}
