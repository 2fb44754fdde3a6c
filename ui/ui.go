// Package ui is till's terminal interface, a Bubble Tea v2 program. The
// root Model only routes: it owns the window, the header and help lines,
// the clock ticks that watch the database, and switches between screens;
// each screen lives in its own package.
package ui

import (
	"os"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/charge"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
	"github.com/till-pos/till/ui/orders"
	"github.com/till-pos/till/ui/pay"
	"github.com/till-pos/till/ui/reconcile"
	"github.com/till-pos/till/ui/report"
	"github.com/till-pos/till/ui/screen"
	"github.com/till-pos/till/ui/styles"
)

// Options is what the program needs from its caller.
type Options struct {
	Store   *store.Store
	Config  *config.Config
	Watcher *store.Watcher // notices changes by other processes; may be nil
	Actor   string         // the cashier, recorded on manual actions
	Demo    bool
	Dark    bool   // terminal background is dark (until the terminal says)
	NoColor bool   // NO_COLOR is set: styles without colour (the QR keeps its own)
	Dir     string // where the reconcile screen starts looking for statements
	Now     func() time.Time
	// Lang and ReceiptLang are the languages of the screens and of the
	// receipts (the zero Locale is English).
	Lang, ReceiptLang locale.Locale
	// Sync reads a joined till's background sync state for the header;
	// nil when the till is not joined to a fleet.
	Sync func() SyncState
}

// Names of the screens the root itself opens or reads.
const (
	chargeScreen    = "charge"
	payScreen       = "pay"
	ordersScreen    = "orders"
	reconcileScreen = "reconcile"
	reportScreen    = "report"
)

// screens is till's table of screens, by name: adding a screen is its
// package and one line here (the charge screen's keys, or another screen's
// common.ShowMsg, open it). The pay screen starts empty; each order shown
// replaces it.
func screens(c common.Common, o Options) map[string]screen.Screen {
	return map[string]screen.Screen{
		chargeScreen:    screen.Of(charge.New(c, o.Config.Merchant.Currency)),
		payScreen:       screen.Of(pay.Model{}),
		ordersScreen:    screen.Of(orders.New(c)),
		reconcileScreen: screen.Of(reconcile.New(c, o.Dir)),
		reportScreen:    screen.Of(report.New(c)),
	}
}

// Intervals of the background work. Watching is cheap (one PRAGMA), so it
// runs often enough that a payment shows within half a second.
const (
	watchEvery  = 250 * time.Millisecond
	expireEvery = 5 * time.Second
	chromeRows  = 2 // header and help line
)

// Model is the root of the program.
type Model struct {
	c         common.Common
	opts      Options
	keys      *keymap.KeyMap
	screens   map[string]screen.Screen
	shown     string // the name of the screen on display
	hasPay    bool
	backToPay bool // the orders screen was opened from a waiting code: esc returns to it
	help      help.Model
	status    status
	receipt   string // a receipt shown over the screen, until a key is pressed
	lastEvent int64  // order events up to this id have been looked at (-1: not yet known)
	width     int
	height    int
	showSeq   int
	chromeH   int        // rows of header and help the screens were sized for
	sync      *SyncState // the last sync state read; nil: none yet
}

// New builds the program's model.
func New(o Options) Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Dir == "" {
		o.Dir, _ = os.Getwd()
	}
	keys := keymap.Default()
	m := Model{opts: o, keys: &keys, lastEvent: -1, shown: chargeScreen}
	st := styles.New(o.Dark, o.NoColor)
	m.c = common.Common{
		Styles: st, Keys: &keys, Now: o.Now, ChromeHeight: chromeRows,
		Backend: &common.Backend{Store: o.Store, Config: o.Config, Actor: o.Actor, Demo: o.Demo, Lang: o.Lang, ReceiptLang: o.ReceiptLang},
	}
	m.screens = screens(m.c, o)
	m.help = help.New()
	m.help.Styles = st.Help
	return m
}

// Screen names the screen shown, for tests.
func (m Model) Screen() string { return m.shown }

// Pay returns the pay screen (tests read the order shown).
func (m Model) Pay() pay.Model { return m.pay() }

// pay is the pay screen's model (empty until an order is shown).
func (m Model) pay() pay.Model {
	p, _ := m.screens[payScreen].Model().(pay.Model)
	return p
}

type watchMsg struct{}
type expireTickMsg struct{}

// Init starts the background ticks and expires what is overdue.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.c.Backend.Changes(-1), m.c.Backend.Expire(), m.watch(), m.expireTick(), m.syncTick())
}

// Update routes the message, then sizes the screens again if the help
// (the full help grows and shrinks with the keys a screen offers) now
// takes a different number of rows.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := m.update(msg)
	if n, ok := next.(Model); ok && n.width > 0 && n.chrome() != n.chromeH {
		n.resize()
		return n, cmd
	}
	return next, cmd
}

// update routes messages. A screen's results come in an envelope naming
// it: the root takes what is its own (navigation, notices, receipts) and
// gives the rest to that screen, shown or not (an import finishes whatever
// the cashier looks at). The root's own commands' results are handled
// here; keys and anything else go to the screen shown.
func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	from := ""
	if e, ok := msg.(screen.Envelope); ok {
		from, msg = e.From, e.Msg
	}
	if next, cmd, ok := m.own(msg, from); ok {
		return next, cmd
	}
	if from != "" {
		return m.deliver(from, msg)
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return m.key(msg)
	case common.ErrMsg:
		// The till's own work failed (watching, expiring, reading the
		// shown order): the status line says so on any screen.
		return m.report(m.c.Text(msg.Error()), true, "")
	case common.OrderMsg:
		// The shown order, read again by the root.
		if m.hasPay {
			return m.deliver(payScreen, msg)
		}
		return m, nil
	}
	// The root's errors and anything else (bubbles' own messages) go to
	// the screen shown.
	return m.deliver(m.shown, msg)
}

// own handles the messages that are the root's, whoever sent them; ok is
// false for the rest. from is the screen that sent msg, "" for the root.
//
// It is better whole: it is the table of the root's own messages, one
// short case per type; the switch is what tells which messages the root
// handles itself and which go on to the screens.
func (m Model) own(msg tea.Msg, from string) (tea.Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		// Every screen holds the same *Styles: restyle them all at once.
		*m.c.Styles = *styles.New(msg.IsDark(), m.opts.NoColor)
		m.help.Styles = m.c.Styles.Help
		return m, nil, true
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return m, nil, true
	case watchMsg:
		return m, m.watch(), true
	case common.StoreChangedMsg:
		next, cmd := m.storeChanged()
		return next, cmd, true
	case common.ChangesMsg:
		next, cmd := m.changes(msg)
		return next, cmd, true
	case syncStateMsg:
		s := SyncState(msg)
		m.sync = &s
		return m, m.syncTick(), true
	case expireTickMsg:
		return m, tea.Batch(m.c.Backend.Expire(), m.expireTick()), true
	case common.ExpiredMsg:
		if len(msg.Refs) > 0 && m.opts.Watcher == nil && m.showsPay() {
			// Without a watcher, reload the shown order ourselves.
			return m, m.c.Backend.Reload(m.pay().Order().Ref), true
		}
		return m, nil, true
	case statusExpiredMsg:
		m.status = m.status.expire(msg)
		return m, nil, true
	case common.NoticeMsg:
		next, cmd := m.notify(msg.Text, from)
		return next, cmd, true
	case common.ReceiptMsg:
		m.receipt = msg.Text
		return m, nil, true
	case common.PrintFailedMsg:
		// Shown whole, over the screen, until a key is pressed: the
		// cashier has to read it to fix the printer.
		m.receipt = m.printFailure(msg)
		next, cmd := m.tell(from, msg)
		return next, cmd, true
	case common.PrintedMsg:
		m, cmd := m.notify(m.c.T("%s sent to %s", msg.What, msg.Printer), from)
		next, cmd2 := m.tell(from, msg) // the day close waits for its print to finish
		return next, tea.Batch(cmd, cmd2), true
	case common.GoChargeMsg, common.GoOrdersMsg, common.GoPayMsg, common.ShowMsg:
		next, cmd := m.navigate(msg)
		return next, cmd, true
	case common.OrderCreatedMsg:
		m, cmd := m.tell(from, msg) // the charge screen clears for the next sale
		next, cmd2 := m.showOrder(pay.New(m.c, msg.Order, msg.QR, m.nextSeq()))
		return next, tea.Batch(cmd, cmd2), true
	case common.OrderMsg:
		if msg.QR != nil { // loaded to be shown
			next, cmd := m.showOrder(pay.New(m.c, msg.Order, msg.QR, m.nextSeq()))
			return next, cmd, true
		}
	}
	return m, nil, false
}

// tell gives msg to the screen that sent it too, if a screen did.
func (m Model) tell(from string, msg tea.Msg) (Model, tea.Cmd) {
	if from == "" {
		return m, nil
	}
	next, cmd := m.deliver(from, msg)
	return next.(Model), cmd
}

// navigate opens the screen a screen asked for.
func (m Model) navigate(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.GoChargeMsg:
		if m.shown == ordersScreen && m.backToPay && m.hasPay {
			// Back to the code the customer is still scanning, as it is
			// now: it may have been paid meanwhile.
			m.backToPay = false
			m.shown = payScreen
			m.resize()
			return m, tea.Batch(screen.Wrap(payScreen, m.screens[payScreen].Init()), m.c.Backend.Reload(m.pay().Order().Ref))
		}
		m, cmd := m.tell(chargeScreen, msg) // a new sale: the screen clears
		next, cmd2 := m.show(chargeScreen)
		return next, tea.Batch(cmd, cmd2)
	case common.GoOrdersMsg:
		m.backToPay = m.shown == payScreen && m.pay().Payable()
		return m.show(ordersScreen)
	case common.GoPayMsg:
		return m, m.c.Backend.Show(msg.Ref)
	case common.ShowMsg:
		if _, ok := m.screens[msg.Screen]; ok {
			return m.show(msg.Screen)
		}
	}
	return m, nil
}

// key handles the program-wide keys, then gives the key to the screen.
func (m Model) key(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	if key.Matches(msg, k.Quit) {
		return m, tea.Quit
	}
	if key.Matches(msg, k.Suspend) {
		return m, tea.Suspend
	}
	if m.receipt != "" {
		m.receipt = "" // any key closes the receipt
		return m, nil
	}
	if key.Matches(msg, k.Help) && m.helpKey() {
		m.help.ShowAll = !m.help.ShowAll
		return m, nil
	}
	m.status = m.status.clear()
	// Only where the help offers it: never over a question, a text field
	// or the customer view.
	if key.Matches(msg, k.Receipt) {
		if ref, ok := m.receiptRef(); ok {
			if m.opts.Config.File.Till.Printer != "" {
				return m, m.c.Backend.PrintReceipt(ref, 0)
			}
			return m, m.c.Backend.Receipt(ref, m.receiptWidth())
		}
	}
	return m.deliver(m.shown, msg)
}

// helpKey reports whether ? toggles the full help: not while a text field
// has the keyboard (it is text then) nor while a question waits.
func (m Model) helpKey() bool {
	s := m.screen()
	return !s.Typing() && !s.Asking() && len(s.Help().Short) > 0
}

// receiptScreen is a screen that shows an order, whose receipt ctrl+p
// prints.
type receiptScreen interface {
	ReceiptRef() (payment.Reference, bool)
}

// receiptRef is the order the receipt key would print now: the one shown
// by the screen on display, when that screen offers its menu (not a
// question, a text field or the customer view).
func (m Model) receiptRef() (ref payment.Reference, ok bool) {
	s := m.screen()
	r, isReceipt := s.Model().(receiptScreen)
	if !isReceipt || !m.helpKey() || m.customerView() {
		return "", false
	}
	return r.ReceiptRef()
}

// deliver gives msg to the named screen, and its commands' results will
// come back to it.
func (m Model) deliver(name string, msg tea.Msg) (tea.Model, tea.Cmd) {
	s, ok := m.screens[name]
	if !ok || (name == payScreen && !m.hasPay) {
		return m, nil
	}
	wasCustomer := m.customerView()
	cmd := s.Update(msg)
	if m.customerView() != wasCustomer {
		m.resize()
	}
	return m, screen.Wrap(name, cmd)
}

// showsPay reports whether the pay screen is what the cashier sees.
func (m Model) showsPay() bool { return m.hasPay && m.shown == payScreen }

// customerView reports whether the screen shown is turned to the customer
// (the pay screen's QR-only view): it then has the whole window.
func (m Model) customerView() bool {
	c, ok := m.screen().Model().(interface{ Customer() bool })
	return ok && c.Customer()
}

func (m *Model) nextSeq() int { m.showSeq++; return m.showSeq }

// screen is the screen on display.
func (m Model) screen() screen.Screen { return m.screens[m.shown] }

func (m Model) show(name string) (tea.Model, tea.Cmd) {
	m.shown = name
	m.resize()
	return m, screen.Wrap(name, m.screens[name].Init())
}

func (m Model) showOrder(p pay.Model) (tea.Model, tea.Cmd) {
	m.screens[payScreen] = screen.Of(p)
	m.hasPay, m.backToPay = true, false
	return m.show(payScreen)
}

// resize gives every screen the area between the header and the help line
// (the whole window for the customer view).
func (m *Model) resize() {
	m.chromeH = m.chrome()
	w, h := m.width, max(m.height-m.chromeH, 1)
	m.help.SetWidth(w)
	for name, s := range m.screens {
		if name == m.shown && m.customerView() {
			s.SetSize(m.width, m.height)
			continue
		}
		s.SetSize(w, h)
	}
}

// View draws the header, the screen and the help line (or the full help,
// which takes the rows it needs from the screen).
func (m Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.WindowTitle = "till · " + safetext.Escape(m.opts.Config.Merchant.Name)
	if m.width == 0 {
		return v
	}
	if m.customerView() {
		v.SetContent(safetext.Styled(m.screen().View()))
		return v
	}
	body := m.screen().View()
	help := m.helpView()
	bodyH := max(m.height-1-lipgloss.Height(help), 1)
	if m.receipt != "" {
		body = m.receiptView(bodyH)
	}
	body = lipgloss.NewStyle().Width(m.width).Height(bodyH).MaxHeight(bodyH).Render(body)
	// Every field from outside was escaped where it was drawn; this is the
	// net under them, for whatever a component draws by itself.
	v.SetContent(safetext.Styled(lipgloss.JoinVertical(lipgloss.Left, m.header(), body, help)))
	return v
}

func (m Model) header() string {
	s := m.c.Styles
	left := s.Header.Render(safetext.Escape(m.opts.Config.Merchant.Name))
	if m.opts.Demo {
		left += " " + s.Demo.Render(m.c.T("DEMO · no real money"))
	}
	right := s.Muted.Render(m.c.Now().Format("15:04"))
	if sync := m.syncLabel(); sync != "" {
		right = sync + "  " + right
	}
	if line := m.statusLine(); line != "" {
		right = line + "  " + right
	}
	pad := m.width - lipgloss.Width(left) - lipgloss.Width(right)
	if pad < 1 {
		return lipgloss.NewStyle().MaxWidth(m.width).Render(left + " " + right)
	}
	return left + lipgloss.NewStyle().Width(pad).Render("") + right
}
