// Package report is the day close screen (Z-report): a business day's
// figures, live while the day is open; the cash the cashier counted; and
// closing the day, after which the screen shows the figures kept at
// closing, unchanged by anything that happens later.
package report

import (
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/receipt"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/amount"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
)

// keys is the screen's key map. enabled() enables the bindings from the
// screen's state; Update matches only those and Help lists only those.
type keys struct {
	Prev, Next, Today, Cash, Close, Live, Print, PageUp, PageDown, Enter key.Binding
	Up, Down, Back, Quit, Yes, No, CashCancel                            key.Binding
	// NotYet is Next on today: it does not move, it only says why (no
	// help text, so the help does not offer it).
	NotYet key.Binding
}

func newKeys(sk *keymap.KeyMap) keys {
	if sk == nil {
		d := keymap.Default()
		sk = &d
	}
	return keys{
		Up: sk.Up, Down: sk.Down, Back: sk.Back, Quit: sk.Quit, Yes: sk.Yes, No: sk.No,
		CashCancel: withHelp(sk.Back, "esc", "cancel"),
		NotYet:     key.NewBinding(key.WithKeys("right", "l")),
		Prev:       key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "previous day")),
		Next:       key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "next day")),
		Today:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "today")),
		Cash:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "cash counted")),
		Close:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "close day")),
		Live:       key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "live figures")),
		Print:      key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "print")),
		PageUp:     key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn", "page down")),
		Enter:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "ok")),
	}
}

// Model is the day close screen.
type Model struct {
	common.Common
	keys       keys
	day        time.Time // local midnight of the day shown
	shown      common.DayReportMsg
	loaded     bool
	live       bool         // a closed day: show current figures, not the closing's
	cash       *int64       // counted and typed, recorded when the day is closed
	cashIn     amount.Field // the cash being typed
	entering   bool         // the cash field has the keyboard
	confirming bool         // asking "close the day?"
	busy       bool         // closing or printing
	vp         viewport.Model
	err        string
	notice     string
}

// New makes the screen for today.
func New(c common.Common) Model {
	vp := viewport.New()
	vp.KeyMap = viewport.KeyMap{}
	m := Model{Common: c, keys: newKeys(c.Keys), vp: vp}
	m.day = midnight(m.Now())
	m.SetSize(c.Width, c.Height)
	return m
}

func midnight(t time.Time) time.Time {
	y, mo, d := t.Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, t.Location())
}

// Day is the business day shown, YYYY-MM-DD.
func (m Model) Day() string { return m.day.Format(time.DateOnly) }

// Report is the report shown, once loaded.
func (m Model) Report() (common.DayReportMsg, bool) { return m.shown, m.loaded }

// Typing reports whether the cash field has the keyboard.
func (m Model) Typing() bool { return m.entering }

// Asking reports whether the screen asks "close the day?".
func (m Model) Asking() bool { return m.confirming }

// Init loads the day.
func (m Model) Init() tea.Cmd { return m.Load() }

// Load asks for the day's report.
func (m Model) Load() tea.Cmd { return m.Backend.DayReport(m.Day(), m.live) }

// SetSize lays the screen out: a title line, the figures, a status line.
func (m *Model) SetSize(w, h int) {
	m.Common.SetSize(w, h)
	m.vp.SetWidth(max(w, 1))
	m.vp.SetHeight(max(h-2, 1))
	m.refresh()
}

func (m *Model) refresh() {
	m.vp.SetContentLines(m.body())
}

func (m Model) isToday() bool { return !m.day.Before(midnight(m.Now())) }

func (m Model) closed() bool { return m.loaded && m.shown.Closed }

// Update handles the screen's messages and keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.DayReportMsg:
		if msg.Day != m.Day() {
			return m, nil // an answer for a day no longer shown
		}
		m.shown, m.loaded = msg, true
		m.refresh()
		return m, nil
	case common.DayClosedMsg:
		m.busy = false
		if msg.Day != m.Day() {
			return m, nil
		}
		m.shown, m.loaded, m.live, m.cash = msg.DayReportMsg, true, false, nil
		m.notice = strings.TrimSuffix(m.closing(msg.Report), ".")
		m.refresh()
		return m, nil
	case common.PrintedMsg:
		m.busy = false
		m.notice = m.T("%s sent to the printer", msg.What)
		return m, nil
	case common.PrintFailedMsg:
		m.busy = false // the root shows the whole message
		m.err = m.T("printing failed")
		return m, nil
	case common.ErrMsg:
		m.busy = false
		m.err = m.Text(msg.Error())
		if errors.Is(msg.Err, store.ErrDayClosed) {
			return m, m.Load() // someone else closed it: show their closing
		}
		return m, nil
	case common.StoreChangedMsg:
		return m, m.Load()
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		if m.entering {
			m.cashIn = m.cashIn.Paste(msg.Content)
			return m, nil
		}
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return m, cmd
	}
	return m, nil
}

// enabled is the key map as the screen's state enables it.
func (m Model) enabled() keys {
	k := m.keys
	menu := !m.entering && !m.confirming
	k.Enter.SetEnabled(m.entering)
	k.CashCancel.SetEnabled(m.entering)
	k.Yes.SetEnabled(m.confirming)
	k.No.SetEnabled(m.confirming)
	k.Cash.SetEnabled(menu && m.canClose())
	k.Close.SetEnabled(menu && m.canClose())
	k.Live.SetEnabled(menu && m.closed())
	if m.live {
		k.Live.SetHelp("v", "closing figures")
	}
	k.Next.SetEnabled(menu && !m.isToday())
	k.NotYet.SetEnabled(menu && m.isToday())
	k.Today.SetEnabled(menu && !m.isToday())
	k.Print.SetEnabled(menu && m.canPrint())
	scrolls := m.vp.TotalLineCount() > m.vp.Height()
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown} {
		b.SetEnabled(menu && scrolls)
	}
	for _, b := range []*key.Binding{&k.Prev, &k.Back, &k.Quit} {
		b.SetEnabled(menu)
	}
	return k
}

func (m Model) key(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if m.entering {
		return m.typeCash(msg)
	}
	k := m.enabled()
	switch {
	case key.Matches(msg, k.Yes):
		m.confirming, m.busy, m.err = false, true, ""
		return m, m.Backend.CloseDay(m.Day(), m.cash, "")
	case key.Matches(msg, k.No):
		m.confirming = false
		return m, nil
	case m.confirming:
		return m, nil // only the answer's keys act
	}
	m.err, m.notice = "", ""
	switch {
	case key.Matches(msg, k.Back):
		return m, func() tea.Msg { return common.GoChargeMsg{} }
	case key.Matches(msg, k.Prev):
		return m.goTo(m.day.AddDate(0, 0, -1))
	case key.Matches(msg, k.Next):
		return m.goTo(m.day.AddDate(0, 0, 1))
	case key.Matches(msg, k.NotYet):
		m.notice = m.T("the next day has not begun yet")
		return m, nil
	case key.Matches(msg, k.Today):
		return m.goTo(midnight(m.Now()))
	case key.Matches(msg, k.Cash):
		m.entering = true
		m.cashIn = amount.New(m.currency()).In(m.Lang())
		if m.cash != nil {
			m.cashIn = m.cashIn.Set(*m.cash)
		}
		return m, nil
	case key.Matches(msg, k.Close):
		m.confirming = true
		return m, nil
	case key.Matches(msg, k.Live):
		m.live = !m.live
		return m, m.Load()
	case key.Matches(msg, k.Print):
		m.busy = true
		return m, m.Backend.PrintDay(m.current(), receipt.DefaultWidth)
	case key.Matches(msg, k.Up):
		m.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		m.vp.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		m.vp.PageUp()
	case key.Matches(msg, k.PageDown):
		m.vp.PageDown()
	}
	return m, nil
}

// typeCash edits the cash field: enter accepts a valid amount (zero is an
// empty drawer, which is an answer), esc leaves it as it was.
func (m Model) typeCash(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.enabled()
	switch {
	case key.Matches(msg, k.Enter):
		minor, err := m.cashIn.Minor()
		if err != nil {
			m.err = m.T("cash counted: %s", m.Text(err.Error()))
			return m, nil
		}
		m.cash, m.entering, m.err = &minor, false, ""
		m.refresh()
		return m, nil
	case key.Matches(msg, k.CashCancel):
		m.entering, m.err = false, ""
		return m, nil
	}
	m.cashIn = m.cashIn.Key(msg)
	m.err = ""
	if why := m.cashIn.Refused(); why != "" {
		m.err = m.T("cash counted: %s", why)
	}
	return m, nil
}

func (m Model) goTo(day time.Time) (Model, tea.Cmd) {
	if day.After(midnight(m.Now())) {
		day = midnight(m.Now())
	}
	if !day.Equal(m.day) {
		m.cash = nil // counted for the other day
	}
	m.day, m.loaded, m.live, m.shown = day, false, false, common.DayReportMsg{}
	m.vp.GotoTop()
	m.refresh()
	return m, m.Load()
}

func (m Model) currency() payment.Currency { return m.Backend.Config.Merchant.Currency }

func (m Model) canClose() bool { return m.loaded && !m.shown.Closed && !m.busy }

func (m Model) canPrint() bool {
	return m.loaded && !m.busy && strings.TrimSpace(m.Backend.Config.File.Till.Printer) != ""
}

// current is the report as the screen shows it: with the cash typed but
// not yet recorded counted in the takings.
func (m Model) current() common.DayReportMsg {
	s := m.shown
	if !s.Closed && m.cash != nil {
		s.Report.Cash, s.Report.HasCash = *m.cash, true
		s.Report.Takings = s.Report.Expected + *m.cash
	}
	return s
}

// Help lists the keys that work now; the page keys only in the full help.
func (m Model) Help() keymap.Help {
	k := m.enabled()
	short := keymap.Enabled(k.Enter, k.CashCancel, k.Yes, k.No, k.Cash, k.Close, k.Live, k.Prev, k.Next, k.Today, k.Print, k.Up, k.Down, k.Back, k.Quit)
	h := keymap.Help{Short: short}
	if pages := keymap.Enabled(k.PageUp, k.PageDown); len(pages) > 0 {
		h.Full = keymap.Columns(append(append([]key.Binding(nil), short...), pages...), 4)
	}
	return h
}

func withHelp(b key.Binding, k, desc string) key.Binding {
	b.SetHelp(k, desc)
	return b
}

// closeQuestion is the y/n question before closing: it says what will be
// recorded, so that a missing cash count is not a surprise afterwards.
func (m Model) closeQuestion() string {
	cash := m.T("no cash counted")
	if m.cash != nil {
		cash = m.T("cash %s", m.Lang().Money(payment.Amount{Minor: *m.cash, Currency: m.currency()}))
	}
	return m.T("Close %s as %s, %s? y/n", m.Lang().Date(m.day), safetext.Escape(m.Backend.Actor), cash)
}
