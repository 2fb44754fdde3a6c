// Package pay is the screen the customer looks at: the payment QR, the
// amount in large digits, who is paid, the reference and how long the
// code stays valid. It turns to PAID by itself when evidence arrives, and
// offers the cashier to mark the order paid, cancel it, or move on.
package pay

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
	"github.com/till-pos/till/ui/prompt"
)

// Model is the pay screen for one order.
type Model struct {
	common.Common
	order      store.Order
	qr         []common.QR
	code       int           // which of the order's codes is shown
	customer   bool          // QR-only view turned to the customer
	confirming question      // the y/n question asked, if any
	ask        *prompt.Model // asking for the manager PIN
	notice     string
	err        string
	seq        int // identifies this showing, so old ticks die out
	km         keyMap
	rest       *restShown // set while the code for an order's rest is shown (rest.go)
}

// keyMap is the pay screen's keys. keys() enables them from the screen's
// state; Update matches only those and Help lists only those.
type keyMap struct {
	Paid, Cancel, ShowAgain, Next, SwitchCode, FullScreen, Orders, Quit key.Binding
	Yes, No                                                             key.Binding
	// The rest of a short order (rest.go): ChargeRest and CashRest on
	// the order; while the rest's code is shown, CashRest, LeaveRest
	// (the cancel key: off the screen, not void) and RestAgain (the
	// show-again key: a fresh code for the rest) instead of Cancel and
	// ShowAgain.
	ChargeRest, CashRest, LeaveRest, RestAgain key.Binding
}

func newKeys(k *keymap.KeyMap) keyMap {
	if k == nil {
		d := keymap.Default()
		k = &d
	}
	return keyMap{
		Paid: k.Paid, Cancel: k.Cancel, ShowAgain: k.ShowAgain, Next: k.Next,
		SwitchCode: k.SwitchCode, FullScreen: k.FullScreen, Orders: k.Orders, Quit: k.Quit,
		Yes: k.Yes, No: k.No,
		ChargeRest: k.ChargeRest, CashRest: k.CashRest,
		LeaveRest: key.NewBinding(key.WithKeys(k.Cancel.Keys()...), key.WithHelp(k.Cancel.Help().Key, "leave the rest")),
		RestAgain: k.ShowAgain,
	}
}

// keys is the key map as the screen's state enables it.
func (m Model) keys() keyMap {
	k := m.km
	menu := m.ask == nil && m.confirming == noQuestion && !m.customer
	asking := m.ask == nil && m.confirming != noQuestion
	st := m.order.State
	rest := m.rest != nil
	k.Paid.SetEnabled(menu && st.Can(payment.EventClaimed))
	k.Cancel.SetEnabled(menu && !rest && st.Can(payment.EventCancelled))
	k.ShowAgain.SetEnabled(menu && !rest && m.outOfTime())
	m.enableRest(&k, menu)
	k.Next.SetEnabled(menu)
	if m.order.Status() == payment.StatusOpen {
		// Enter also charges: a double Enter must not take a waiting
		// code off the screen (n and esc still do).
		k.Next.SetKeys("n", "esc")
	} else {
		k.Next.SetKeys("n", "esc", "enter")
	}
	k.SwitchCode.SetEnabled(menu && len(m.qr) > 1)
	for _, b := range []*key.Binding{&k.FullScreen, &k.Orders, &k.Quit} {
		b.SetEnabled(menu)
	}
	k.Yes.SetEnabled(asking)
	k.No.SetEnabled(asking)
	return k
}

// New shows an order.
func New(c common.Common, o store.Order, qr []common.QR, seq int) Model {
	return Model{Common: c, order: o, qr: qr, seq: seq, km: newKeys(c.Keys)}.withRest()
}

// Order is the order shown (while its rest's code is shown, the order
// that code settles).
func (m Model) Order() store.Order {
	if m.rest != nil {
		return m.rest.order
	}
	return m.order
}

// Typing reports whether a prompt has the keyboard.
func (m Model) Typing() bool { return m.ask != nil }

// Asking reports whether a y/n question waits for its answer.
func (m Model) Asking() bool { return m.confirming != noQuestion }

// ReceiptRef is the order a receipt is printed for: the one shown.
func (m Model) ReceiptRef() (payment.Reference, bool) { return m.order.Ref, m.order.Ref != "" }

// Customer reports whether the QR-only customer view is on; the root model
// then gives the screen the whole window.
func (m Model) Customer() bool { return m.customer }

// question is a y/n question of the pay screen.
type question int

const (
	noQuestion     question = iota
	cancelQuestion          // "Cancel order …?"
	paidQuestion            // "Mark order … paid?"
)

type tickMsg struct{ seq int }

// Init starts the countdown.
func (m Model) Init() tea.Cmd { return m.tick() }

func (m Model) tick() tea.Cmd {
	seq := m.seq
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{seq} })
}

func settled(s payment.Status) bool {
	return s == payment.StatusPaid || s == payment.StatusPartial || s == payment.StatusOverpaid
}

// Payable reports whether the customer may still pay the code shown: the
// order is open and its time has not run out. For any other order the
// screen shows the status instead of the code, so that nobody scans and
// pays an order that is void, expired, or already paid.
func (m Model) Payable() bool {
	return m.order.Status() == payment.StatusOpen && m.remaining() > 0
}

// Update handles the screen's messages and keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tickMsg:
		if msg.seq != m.seq {
			return m, nil
		}
		return m, m.tick()
	case common.OrderMsg:
		if m.rest != nil {
			return m.restOrder(msg)
		}
		if msg.Order.Ref != m.order.Ref {
			return m, nil
		}
		before := m.order.Status()
		m.order = msg.Order
		m.err = ""
		after := m.order.Status()
		// Money for this order: tell the whole counter.
		if settled(after) && after != before && m.Backend.Config.Bell {
			return m, tea.Raw("\a")
		}
		return m, nil
	case common.ErrMsg:
		m.err = m.Text(msg.Error())
		return m, nil
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return m, nil
}

func (m Model) key(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if m.ask != nil {
		return m.prompted(msg)
	}
	k := m.keys()
	switch {
	case key.Matches(msg, k.Yes):
		return m.yes()
	case key.Matches(msg, k.No):
		m.confirming = noQuestion
		return m, nil
	case m.customer:
		// Any key brings the cashier's view back; the customer sees no menus.
		m.customer = false
	case key.Matches(msg, k.ChargeRest, k.CashRest, k.LeaveRest, k.RestAgain):
		return m.restKey(msg, k)
	case key.Matches(msg, k.FullScreen):
		m.customer = true
	case key.Matches(msg, k.SwitchCode):
		m.code = (m.code + 1) % len(m.qr)
	case key.Matches(msg, k.Paid):
		// Asked first, as the other outcomes are: a stray p must not
		// record money nobody has seen.
		m.confirming = paidQuestion
	case key.Matches(msg, k.ShowAgain):
		return m, m.Backend.Reopen(m.order.Ref)
	case key.Matches(msg, k.Cancel):
		m.confirming = cancelQuestion
	case key.Matches(msg, k.Next):
		return m, func() tea.Msg { return common.GoChargeMsg{} }
	case key.Matches(msg, k.Orders):
		return m, func() tea.Msg { return common.GoOrdersMsg{} }
	}
	return m, nil
}

// prompted passes a key to the manager PIN prompt: for cancelling the
// order, or for the rest paid in cash.
func (m Model) prompted(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	a, cmd, res := m.ask.Update(msg)
	m.ask = &a
	switch {
	case res == prompt.Done && m.confirming == cashQuestion:
		m.ask, m.confirming = nil, noQuestion
		return m, m.Backend.PayRestInCash(m.Order().Ref, a.Values()[0])
	case res == prompt.Done:
		m.ask = nil
		return m, m.Backend.Cancel(m.order.Ref, "cancelled at the till", a.Values()[0])
	case res == prompt.Cancelled:
		m.ask, m.confirming = nil, noQuestion
	}
	return m, cmd
}

// yes is the answer to the question asked.
func (m Model) yes() (Model, tea.Cmd) {
	q := m.confirming
	if q == cashQuestion || (q == paidQuestion && m.rest != nil) {
		return m.restYes()
	}
	m.confirming = noQuestion
	switch {
	case q == paidQuestion && m.order.State.Can(payment.EventClaimed): // money may have come meanwhile
		return m, m.Backend.Claim(m.order.Ref)
	case q == cancelQuestion && m.Backend.NeedsPIN():
		a, cmd := prompt.New(m.T("Cancel order %s", m.order.Ref.Grouped()), prompt.Field{Label: m.T("Manager PIN"), Secret: true})
		a = a.In(m.Lang())
		m.ask = &a
		return m, cmd
	case q == cancelQuestion:
		return m, m.Backend.Cancel(m.order.Ref, "cancelled at the till", "")
	}
	return m, nil
}

// Help lists the keys that work now.
func (m Model) Help() keymap.Help {
	k := m.keys()
	if m.rest != nil {
		// The rest's code is a sale of its own: its keys lead.
		return keymap.Help{Short: keymap.Enabled(k.Yes, k.No, k.Paid, k.CashRest, k.LeaveRest, k.RestAgain,
			k.Next, k.SwitchCode, k.FullScreen, k.Orders, k.Quit)}
	}
	return keymap.Help{Short: keymap.Enabled(k.Yes, k.No, k.Paid, k.Cancel, k.ShowAgain, k.ChargeRest, k.CashRest,
		k.Next, k.SwitchCode, k.FullScreen, k.Orders, k.Quit)}
}

// outOfTime reports whether the order closed only because its time ran
// out (expired, or open with no time left): the customer may still be
// there, and v shows it again.
func (m Model) outOfTime() bool {
	st := m.order.Status()
	return st == payment.StatusExpired || (st == payment.StatusOpen && m.remaining() == 0)
}

// remaining is the time left to pay, never negative.
func (m Model) remaining() time.Duration {
	d := m.order.ExpiresAt.Sub(m.Now())
	if d < 0 {
		return 0
	}
	return d.Truncate(time.Second)
}

func (m Model) countdown() string {
	st := m.order.Status()
	if st != payment.StatusOpen {
		return ""
	}
	d := m.remaining()
	if d == 0 {
		return m.T("expiring…")
	}
	return m.T("expires in %d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}

// statusLine is the banner the cashier (and the customer) reads.
func (m Model) statusLine() string {
	s := m.Styles
	o := m.order
	st := o.Status()
	var text string
	switch st {
	case payment.StatusOpen:
		text = m.T("WAITING FOR PAYMENT")
		if m.remaining() == 0 {
			// The store marks it expired within seconds; the code is
			// already off the screen.
			text, st = m.T("TIME IS UP"), payment.StatusExpired
		}
	case payment.StatusClaimed:
		text = m.T("MARKED PAID · unverified")
	case payment.StatusPaid:
		text = m.T("PAID")
	case payment.StatusPartial:
		text = m.T("PARTIAL · %s of %s", m.Lang().Money(payment.Amount{Minor: o.State.Covered(), Currency: o.Amount.Currency}), m.Lang().Money(o.Amount))
	case payment.StatusOverpaid:
		text = m.T("OVERPAID · %s received", m.Lang().Money(payment.Amount{Minor: o.State.Covered(), Currency: o.Amount.Currency}))
	default:
		text = m.Text(strings.ToUpper(string(st)))
	}
	if o.State.Late && settled(st) {
		text += " · " + m.T("LATE")
	}
	return s.Banner[st].Render(text)
}

// current is the code shown now.
func (m Model) current() (common.QR, bool) {
	if m.code < len(m.qr) {
		return m.qr[m.code], true
	}
	return common.QR{}, false
}
