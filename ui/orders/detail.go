package orders

import (
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
	"github.com/till-pos/till/ui/prompt"
)

type closeDetailMsg struct{}

// Detail is one order: its facts, its history, and what can be done now.
type Detail struct {
	common.Common
	order   store.Order
	events  []store.Event
	ask     *prompt.Model
	action  string   // what the prompt is for: "cancel" or "refund"
	answers []string // the prompt's values, while confirming
	confirm string   // a y/n question, when set
	err     string
	notice  string
	km      detailKeys
}

// detailKeys is the open order's keys. keys() enables them from the
// order's state; key matches only those and Help lists only those.
type detailKeys struct {
	Paid, Cancel, Refund, ShowCode, ShowAgain, Back, Quit, Yes, No key.Binding
	ChargeRest, CashRest                                           key.Binding // the rest of a short order (rest.go)
}

func newDetailKeys(k *keymap.KeyMap) detailKeys {
	if k == nil {
		d := keymap.Default()
		k = &d
	}
	return detailKeys{
		Paid: k.Paid, Cancel: k.Cancel, Refund: k.Refund,
		ShowCode:  key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "show code")),
		ShowAgain: key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "show again")),
		Back:      k.Back, Quit: k.Quit, Yes: k.Yes, No: k.No,
		ChargeRest: k.ChargeRest, CashRest: k.CashRest,
	}
}

// keys is the key map as the order's state enables it.
func (d Detail) keys() detailKeys {
	k := d.km
	menu := d.ask == nil && d.confirm == ""
	st := d.order.State
	k.Paid.SetEnabled(menu && st.Can(payment.EventClaimed))
	k.Cancel.SetEnabled(menu && st.Can(payment.EventCancelled))
	k.Refund.SetEnabled(menu && st.Refundable() > 0)
	k.ChargeRest.SetEnabled(menu && st.Can(payment.EventRestCode))
	k.CashRest.SetEnabled(menu && st.Can(payment.EventCash))
	k.ShowCode.SetEnabled(menu && d.order.Status() == payment.StatusOpen)
	k.ShowAgain.SetEnabled(menu && d.order.Status() == payment.StatusExpired)
	k.Back.SetEnabled(menu)
	k.Quit.SetEnabled(menu)
	k.Yes.SetEnabled(d.ask == nil && d.confirm != "")
	k.No.SetEnabled(d.ask == nil && d.confirm != "")
	return k
}

// NewDetail shows an order with its events.
func NewDetail(c common.Common, o store.Order, events []store.Event) Detail {
	return Detail{Common: c, order: o, events: events, km: newDetailKeys(c.Keys)}
}

// Typing reports whether a prompt has the keyboard.
func (d Detail) Typing() bool { return d.ask != nil }

// Update handles the detail's messages and keys.
func (d Detail) Update(msg tea.Msg) (Detail, tea.Cmd) {
	switch msg := msg.(type) {
	case common.OrderMsg:
		d.order = msg.Order
		if msg.Events != nil {
			d.events = msg.Events
		}
		d.err = ""
		if msg.Outcome != app.Loaded {
			d.notice = d.T("order %s %s", msg.Order.Ref.Grouped(), d.Text(msg.Outcome.String()))
			return d, d.Backend.Detail(d.order.Ref) // the new event, too
		}
		return d, nil
	case common.ErrMsg:
		d.err = msg.Error()
		return d, nil
	case tea.KeyPressMsg:
		return d.key(msg)
	}
	if d.ask != nil {
		a, cmd, _ := d.ask.Update(msg)
		d.ask = &a
		return d, cmd
	}
	return d, nil
}

func (d Detail) key(msg tea.KeyPressMsg) (Detail, tea.Cmd) {
	k := d.keys()
	if d.ask != nil {
		a, cmd, res := d.ask.Update(msg)
		d.ask = &a
		switch res {
		case prompt.Cancelled:
			d.ask = nil
		case prompt.Done:
			d.ask = nil
			d.answers = a.Values()
			if d.Backend.NeedsPIN() {
				return d, d.run() // entering the PIN was the confirmation
			}
			d.confirm = d.question()
		}
		return d, cmd
	}
	switch {
	case key.Matches(msg, k.Yes):
		d.confirm = ""
		return d, d.run()
	case key.Matches(msg, k.No):
		d.confirm = ""
		return d, nil
	case d.confirm != "":
		return d, nil // only the answer's keys act
	}
	d.err, d.notice = "", ""
	switch {
	case key.Matches(msg, k.ChargeRest, k.CashRest):
		return d.restKey(msg, k)
	case key.Matches(msg, k.Back):
		return d, func() tea.Msg { return closeDetailMsg{} }
	case key.Matches(msg, k.Paid):
		return d, d.Backend.Claim(d.order.Ref)
	case key.Matches(msg, k.Cancel):
		return d.start("cancel", prompt.Field{Label: d.T("Reason"), Placeholder: d.T("why the sale is void"), Text: true, Validate: required})
	case key.Matches(msg, k.Refund):
		cur := d.order.Amount.Currency
		left := d.order.State.Refundable()
		return d.start("refund",
			prompt.Field{Label: d.T("Amount"), Money: &cur, Value: payment.FormatMinor(refundDefault(d.order.State), cur.Exponent), Validate: func(s string) error {
				a, err := payment.ParseAmount(s, cur)
				if err != nil {
					return err
				}
				if a.Minor > left {
					return errors.New(d.T("at most %s can still be refunded", d.Lang().Money(payment.Amount{Minor: left, Currency: cur})))
				}
				return nil
			}},
			prompt.Field{Label: d.T("Reason"), Placeholder: d.T("why the money goes back"), Text: true, Validate: required})
	case key.Matches(msg, k.ShowAgain):
		// Shown again with a fresh expiry, on the pay screen.
		return d, d.Backend.Reopen(d.order.Ref)
	case key.Matches(msg, k.ShowCode):
		ref := d.order.Ref
		return d, func() tea.Msg { return common.GoPayMsg{Ref: ref} }
	}
	return d, nil
}

func required(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("a reason is required: it stays in the order's history")
	}
	return nil
}

// start asks for the action's values, and the manager PIN when one is set.
func (d Detail) start(action string, fields ...prompt.Field) (Detail, tea.Cmd) {
	if d.Backend.NeedsPIN() {
		fields = append(fields, prompt.Field{Label: d.T("Manager PIN"), Secret: true})
	}
	title := map[string]string{"cancel": "Cancel order %s", "refund": "Record a refund for order %s", "cash": "Rest paid in cash for order %s"}[action]
	a, cmd := prompt.New(d.T(title, d.order.Ref.Grouped()), fields...)
	a = a.In(d.Lang()) // its help, the amount's reasons, "a reason is required"
	d.ask, d.action = &a, action
	return d, cmd
}

func (d Detail) question() string {
	if d.action == "cash" {
		return d.cashQuestion()
	}
	if d.action == "refund" {
		amount := d.order.Amount.Currency.Code + " " + d.answers[0]
		if a, err := payment.ParseAmount(d.answers[0], d.order.Amount.Currency); err == nil {
			amount = d.Lang().Money(a)
		}
		return d.T("Record a refund of %s for order %s? y/n", amount, d.order.Ref.Grouped())
	}
	return d.T("Cancel order %s? y/n", d.order.Ref.Grouped())
}

// run performs the confirmed action through the backend.
func (d Detail) run() tea.Cmd {
	pinGiven := ""
	if d.Backend.NeedsPIN() {
		pinGiven = d.answers[len(d.answers)-1]
	}
	switch d.action {
	case "cash":
		return d.runCash(pinGiven)
	case "cancel":
		return d.Backend.Cancel(d.order.Ref, d.answers[0], pinGiven)
	case "refund":
		a, err := payment.ParseAmount(d.answers[0], d.order.Amount.Currency)
		if err != nil {
			return func() tea.Msg { return common.ErrMsg{Err: err} }
		}
		return d.Backend.Refund(d.order.Ref, a.Minor, d.answers[1], pinGiven)
	}
	return nil
}

// View draws the order and its history.
func (d Detail) View() string {
	s := d.Styles
	o := d.order
	st := o.State
	l := d.Lang()
	money := func(minor int64) string { return l.Money(payment.Amount{Minor: minor, Currency: o.Amount.Currency}) }
	label := d.labeller()
	facts := []string{
		s.Title.Render(d.T("Order %s", o.Ref.Grouped())) + "  " + s.Status[o.Status()].Render(d.T(string(o.Status()))),
		label("amount", s.Value.Render(l.Money(o.Amount))),
		label("created", l.Date(o.CreatedAt)+" "+o.CreatedAt.Format("15:04:05")+"  "+s.Muted.Render(d.T("expires %s", o.ExpiresAt.Format("15:04:05")))),
	}
	if st.Received > 0 || st.Refunded > 0 {
		facts = append(facts, label("received", money(st.Received)+" "+s.Muted.Render(d.T("in %d payments", st.Payments)))+
			"  "+s.Label.Render(d.T("refunded"))+" "+money(st.Refunded))
	}
	facts = append(facts, d.restFacts(label)...)
	if o.Note != "" {
		facts = append(facts, label("note", safetext.Escape(o.Note)))
	}
	if len(o.Schemes) > 0 {
		facts = append(facts, label("schemes", safetext.Escape(strings.Join(o.Schemes, ", "))))
	}
	if st.Late {
		facts = append(facts, s.Error.Render(d.T("paid after it was %s: review it", d.T(string(st.Closed)))))
	}
	var tail []string
	if d.ask != nil {
		tail = append(tail, d.ask.View(s, d.Width))
	}
	// Questions and messages wrap at words rather than run off the window.
	if d.confirm != "" {
		tail = append(tail, s.Error.Render(common.Wrap(d.confirm, d.Width)))
	}
	if d.err != "" {
		tail = append(tail, s.Error.Render(common.Wrap(safetext.Escape(d.Text(d.err)), d.Width)))
	}
	if d.notice != "" {
		tail = append(tail, s.Notice.Render(common.Wrap(safetext.Escape(d.notice), d.Width)))
	}
	head := lipgloss.JoinVertical(lipgloss.Left, facts...)
	foot := lipgloss.JoinVertical(lipgloss.Left, tail...)
	room := d.Height - lipgloss.Height(head) - lipgloss.Height(foot) - 2
	return lipgloss.JoinVertical(lipgloss.Left, head, "", d.timeline(room), foot)
}

// labels are the keys of the words in front of an order's facts.
var labels = []string{"amount", "created", "received", "note", "schemes", "cash", "claimed", "rest code", "still due"}

// labeller returns how a fact is drawn: its label, translated and padded
// in cells to the widest label of the language, then its value.
func (d Detail) labeller() func(key, value string) string {
	w := 0
	for _, k := range labels {
		w = max(w, ansi.StringWidth(d.T(k)))
	}
	return func(key, value string) string {
		return d.Styles.Label.Render(common.Pad(d.T(key), max(w+1, 10))) + value
	}
}

// eventWords name the kinds of events in the history, as the cashier
// reads them (the books keep payment.EventKind, which stays English).
var eventWords = map[payment.EventKind]string{
	payment.EventCreated: "Created", payment.EventClaimed: "Claimed", payment.EventPayment: "Payment",
	payment.EventExpired: "Expired", payment.EventCancelled: "Cancelled", payment.EventRefund: "Refund",
	payment.EventNote: "Note", payment.EventReopened: "Reopened", payment.EventReversed: "Reversed",
	payment.EventRefundReversed: "Refund reversed", payment.EventCash: "Cash", payment.EventRestCode: "Rest code",
	payment.EventRestClaimed: "Rest claimed",
}

// eventWord is an event's kind in the screens' language; a kind the
// screen does not know is shown as the books write it.
func (d Detail) eventWord(k payment.EventKind) string {
	if w, ok := eventWords[k]; ok {
		return d.T(w)
	}
	return safetext.Escape(string(k))
}

// timeline lists the events, newest last; when they do not fit, the
// oldest are summarised in one line. Its columns are measured in cells.
func (d Detail) timeline(room int) string {
	s := d.Styles
	exp := d.order.Amount.Currency.Exponent
	lines := []string{s.Label.Render(d.T("History"))}
	evs := d.events
	skip := 0
	if room > 2 && len(evs) > room-1 {
		skip = len(evs) - (room - 2)
		lines = append(lines, s.Muted.Render("  "+d.T("… %d earlier events", skip)))
	}
	kindW, amountW := 0, 0
	for _, e := range evs[skip:] {
		kindW = max(kindW, ansi.StringWidth(d.eventWord(e.Kind)))
		amountW = max(amountW, ansi.StringWidth(d.eventAmount(e, exp)))
	}
	for _, e := range evs[skip:] {
		who := safetext.Escape(e.Actor)
		if e.Source != "" && e.Source != "manual" {
			who += " · " + safetext.Escape(e.Source)
		}
		amount := d.eventAmount(e, exp)
		line := "  " + d.eventTime(e) + "  " + common.Pad(d.eventWord(e.Kind), kindW) + "  " +
			strings.Repeat(" ", amountW-ansi.StringWidth(amount)) + amount + "  " + who
		if e.Note != "" {
			line += s.Muted.Render("  " + safetext.Escape(e.Note))
		}
		lines = append(lines, lipgloss.NewStyle().MaxWidth(d.Width).Render(line))
	}
	return lipgloss.JoinVertical(lipgloss.Left, lines...)
}

// eventAmount is an event's money as the language writes numbers, blank
// for the order's creation (its amount is above).
func (d Detail) eventAmount(e store.Event, exp int) string {
	if e.Amount == 0 || e.Kind == payment.EventCreated {
		return ""
	}
	return d.Lang().Number(e.Amount, exp)
}

// Help lists the actions the order's state allows.
func (d Detail) Help() keymap.Help {
	k := d.keys()
	return keymap.Help{Short: keymap.Enabled(k.Yes, k.No, k.Paid, k.Cancel, k.Refund, k.ChargeRest, k.CashRest,
		k.ShowCode, k.ShowAgain, k.Back, k.Quit)}
}

// refundDefault is the amount the refund prompt offers: for an overpaid
// order the excess, the money the payer is owed, not everything received
// (which would refund the sale too); else all that can still be refunded.
func refundDefault(st payment.State) int64 {
	left := st.Refundable()
	if excess := st.Received - st.Due - st.Refunded; st.Status == payment.StatusOverpaid && excess > 0 && excess < left {
		return excess
	}
	return left
}

// eventTime is when an event happened, as far as anyone knows, in the
// language's date order: a statement line dated by day only (read as
// midnight) shows the day alone, padded to the width of a time, never a
// time that did not happen.
func (d Detail) eventTime(e store.Event) string {
	day := d.Lang().Date(e.At)
	h, m, sec := e.At.Clock()
	if strings.HasPrefix(e.Source, "statement:") && h == 0 && m == 0 && sec == 0 && e.At.Nanosecond() == 0 {
		return common.Pad(day, ansi.StringWidth(day)+len(" 15:04:05"))
	}
	return day + " " + e.At.Format(time.TimeOnly)
}
