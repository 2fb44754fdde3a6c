// Package ui is till's terminal interface, a Bubble Tea v2 program. The
// root Model only routes: it owns the window, the header and help lines,
// the clock ticks that watch the database, and switches between screens;
// each screen lives in its own package.
package ui

import (
	"context"
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
}

type screen int

const (
	chargeScreen screen = iota
	payScreen
	ordersScreen
	reconcileScreen
	reportScreen
)

var screenNames = [...]string{"charge", "pay", "orders", "reconcile", "report"}

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
	screen    screen
	charge    charge.Model
	pay       pay.Model
	hasPay    bool
	backToPay bool // the orders screen was opened from a waiting code: esc returns to it
	orders    orders.Model
	reconcile reconcile.Model
	report    report.Model
	help      help.Model
	notice    string
	receipt   string // a receipt shown over the screen, until a key is pressed
	lastEvent int64  // order events up to this id have been looked at (-1: not yet known)
	width     int
	height    int
	showSeq   int
	chromeH   int // rows of header and help the screens were sized for
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
	m := Model{opts: o, keys: &keys, lastEvent: -1}
	st := styles.New(o.Dark, o.NoColor)
	m.c = common.Common{
		Styles: st, Keys: &keys, Now: o.Now, ChromeHeight: chromeRows,
		Backend: &common.Backend{Store: o.Store, Config: o.Config, Actor: o.Actor, Demo: o.Demo, Lang: o.Lang, ReceiptLang: o.ReceiptLang},
	}
	m.charge = charge.New(m.c, o.Config.Merchant.Currency)
	m.orders = orders.New(m.c)
	m.reconcile = reconcile.New(m.c, o.Dir)
	m.report = report.New(m.c)
	m.help = help.New()
	m.help.Styles = st.Help
	return m
}

// Screen names the screen shown, for tests.
func (m Model) Screen() string { return screenNames[m.screen] }

// Pay returns the pay screen (tests read the order shown).
func (m Model) Pay() pay.Model { return m.pay }

type watchMsg struct{}
type expireTickMsg struct{}

// Init starts the background ticks and expires what is overdue.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.c.Backend.Changes(-1), m.c.Backend.Expire(), m.watch(), m.expireTick())
}

func (m Model) watch() tea.Cmd {
	w := m.opts.Watcher
	if w == nil {
		return nil
	}
	return tea.Tick(watchEvery, func(time.Time) tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		changed, err := w.Changed(ctx)
		if err != nil {
			return common.ErrMsg{Err: err}
		}
		if changed {
			return common.StoreChangedMsg{}
		}
		return watchMsg{}
	})
}

func (m Model) expireTick() tea.Cmd {
	return tea.Tick(expireEvery, func(time.Time) tea.Msg { return expireTickMsg{} })
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

// update routes messages: the program's own first, then the results of a
// screen's commands to that screen (even when it is not shown: an import
// finishes whatever the cashier looks at), then keys to the screen shown.
func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		// Every screen holds the same *Styles: restyle them all at once.
		*m.c.Styles = *styles.New(msg.IsDark(), m.opts.NoColor)
		m.help.Styles = m.c.Styles.Help
		return m, nil
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return m, nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case watchMsg:
		return m, m.watch()
	case common.StoreChangedMsg:
		cmds := []tea.Cmd{m.watch()}
		if m.lastEvent >= 0 {
			cmds = append(cmds, m.c.Backend.Changes(m.lastEvent))
		}
		if m.showsPay() {
			// Also read the shown order itself, to be sure it is current.
			cmds = append(cmds, m.c.Backend.Reload(m.pay.Order().Ref))
		}
		if m.screen != payScreen && m.screen != chargeScreen {
			next, cmd := m.toScreen(msg)
			return next, tea.Batch(append(cmds, cmd)...)
		}
		return m, tea.Batch(cmds...)
	case common.ChangesMsg:
		return m.changes(msg)
	case expireTickMsg:
		return m, tea.Batch(m.c.Backend.Expire(), m.expireTick())
	case common.ExpiredMsg:
		if len(msg.Refs) > 0 && m.opts.Watcher == nil && m.showsPay() {
			// Without a watcher, reload the shown order ourselves.
			return m, m.c.Backend.Reload(m.pay.Order().Ref)
		}
		return m, nil
	case common.NoticeMsg:
		m.notice = msg.Text
		return m, nil
	case common.ReceiptMsg:
		m.receipt = msg.Text
		return m, nil
	case common.PrintFailedMsg:
		// Shown whole, over the screen, until a key is pressed: the
		// cashier has to read it to fix the printer.
		m.receipt = m.printFailure(msg)
		if m.screen == reportScreen {
			return m.toScreen(msg)
		}
		return m, nil
	case common.PrintedMsg:
		m.notice = m.c.T("%s sent to %s", msg.What, msg.Printer)
		if m.screen == reportScreen {
			return m.toScreen(msg) // the day close waits for its print to finish
		}
		return m, nil

	case common.GoChargeMsg:
		if m.screen == ordersScreen && m.backToPay && m.hasPay {
			// Back to the code the customer is still scanning, as it is
			// now: it may have been paid meanwhile.
			m.backToPay = false
			m.screen = payScreen
			m.resize()
			return m, tea.Batch(m.pay.Init(), m.c.Backend.Reload(m.pay.Order().Ref))
		}
		m.charge = m.charge.Reset()
		return m.show(chargeScreen)
	case common.GoOrdersMsg:
		m.backToPay = m.screen == payScreen && m.pay.Payable()
		return m.show(ordersScreen)
	case common.GoPayMsg:
		return m, m.c.Backend.Show(msg.Ref)

	case common.OrderCreatedMsg:
		m.charge = m.charge.Reset()
		return m.showOrder(pay.New(m.c, msg.Order, msg.QR, m.nextSeq()))
	case common.OrderMsg:
		return m.orderMsg(msg)
	case common.OrdersMsg:
		var cmd tea.Cmd
		m.orders, cmd = m.orders.Update(msg)
		return m, cmd
	case common.ImportProgressMsg, common.ImportDoneMsg, common.ExceptionsMsg, common.ExceptionResolvedMsg:
		var cmd tea.Cmd
		m.reconcile, cmd = m.reconcile.Update(msg)
		return m, cmd
	case common.DayReportMsg, common.DayClosedMsg:
		var cmd tea.Cmd
		m.report, cmd = m.report.Update(msg)
		return m, cmd
	}
	// Errors and anything else (text field blinks, bubbles' own messages)
	// go to the screen shown.
	return m.toScreen(msg)
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
	typing := m.typing()
	if key.Matches(msg, k.Help) && !typing {
		m.help.ShowAll = !m.help.ShowAll
		return m, nil
	}
	m.notice = ""
	if m.screen == chargeScreen && !typing && !m.charge.Busy() {
		switch {
		case key.Matches(msg, k.Orders):
			return m.show(ordersScreen)
		case key.Matches(msg, k.Report):
			return m.show(reportScreen)
		case key.Matches(msg, k.Recon):
			return m.show(reconcileScreen)
		}
	}
	// Not while a screen asks y/n: the receipt would cover the question
	// and the answer would go to the receipt.
	if key.Matches(msg, k.Receipt) && !typing && !asks(m.shown().Help(), k) {
		if ref, ok := m.receiptRef(); ok {
			if m.opts.Config.File.Till.Printer != "" {
				return m, m.c.Backend.PrintReceipt(ref, 0)
			}
			return m, m.c.Backend.Receipt(ref, m.receiptWidth())
		}
	}
	return m.toScreen(msg)
}

// receiptRef is the order a receipt key would print: the one on the pay
// screen, or the one selected in the history.
func (m Model) receiptRef() (ref payment.Reference, ok bool) {
	switch m.screen {
	case payScreen:
		return m.pay.Order().Ref, m.hasPay
	case ordersScreen:
		if o, ok := m.orders.Current(); ok {
			return o.Ref, true
		}
	}
	return "", false
}

// toScreen gives msg to the screen shown.
func (m Model) toScreen(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m.screen {
	case chargeScreen:
		m.charge, cmd = m.charge.Update(msg)
	case payScreen:
		wasCustomer := m.pay.Customer()
		m.pay, cmd = m.pay.Update(msg)
		if m.pay.Customer() != wasCustomer {
			m.resize()
		}
	case ordersScreen:
		m.orders, cmd = m.orders.Update(msg)
	case reconcileScreen:
		m.reconcile, cmd = m.reconcile.Update(msg)
	case reportScreen:
		m.report, cmd = m.report.Update(msg)
	}
	return m, cmd
}

// orderMsg delivers an order to the pay screen or the history.
func (m Model) orderMsg(msg common.OrderMsg) (tea.Model, tea.Cmd) {
	if msg.QR != nil {
		return m.showOrder(pay.New(m.c, msg.Order, msg.QR, m.nextSeq()))
	}
	if m.screen == ordersScreen {
		var cmd tea.Cmd
		m.orders, cmd = m.orders.Update(msg)
		return m, cmd
	}
	if !m.hasPay {
		return m, nil
	}
	var cmd tea.Cmd
	m.pay, cmd = m.pay.Update(msg)
	// A claim shows CLAIMED on the pay screen, like every other outcome;
	// n or enter goes on to the next sale.
	return m, cmd
}

// changes redraws the order on the pay screen if it changed, and
// announces money that arrived for any other order, which must never look
// like the current customer paying.
func (m Model) changes(msg common.ChangesMsg) (tea.Model, tea.Cmd) {
	m.lastEvent = max(m.lastEvent, msg.Last)
	var cmds []tea.Cmd
	for _, o := range msg.Orders {
		// By what is on screen: the order the cashier just left is
		// "another order" now and its money is announced.
		if m.showsPay() && o.Ref == m.pay.Order().Ref {
			var cmd tea.Cmd
			m.pay, cmd = m.pay.Update(common.OrderMsg{Order: o})
			cmds = append(cmds, cmd)
			continue
		}
		if o.Status().HasMoney() && o.State.Received > 0 {
			m.notice = m.c.T("%s for order %s (%s)", m.c.Text(string(o.Status())), o.Ref.Grouped(), m.c.Lang().Money(o.Amount))
		}
	}
	return m, tea.Batch(cmds...)
}

// showsPay reports whether the pay screen is what the cashier sees.
func (m Model) showsPay() bool { return m.hasPay && m.screen == payScreen }

func (m *Model) nextSeq() int { m.showSeq++; return m.showSeq }

// typing reports whether the screen has a text field focused: letters are
// then text, not shortcuts.
func (m Model) typing() bool { return m.shown().Typing() }

// screenModel is what the root reads of the screen on display; updates
// go to each screen's own type (see toScreen), which returns itself.
type screenModel interface {
	View() string
	Help() keymap.Help
	Typing() bool
}

// shown is the model of the screen on display.
func (m Model) shown() screenModel {
	switch m.screen {
	case payScreen:
		return m.pay
	case ordersScreen:
		return m.orders
	case reconcileScreen:
		return m.reconcile
	case reportScreen:
		return m.report
	}
	return m.charge
}

func (m Model) show(s screen) (tea.Model, tea.Cmd) {
	m.screen = s
	m.resize()
	switch s {
	case ordersScreen:
		return m, m.orders.Init()
	case reconcileScreen:
		return m, m.reconcile.Init()
	case reportScreen:
		return m, m.report.Init()
	}
	return m, nil
}

func (m Model) showOrder(p pay.Model) (tea.Model, tea.Cmd) {
	m.pay, m.hasPay, m.backToPay = p, true, false
	m.screen = payScreen
	m.resize()
	return m, m.pay.Init()
}

// resize gives every screen the area between the header and the help line
// (the whole window for the customer view).
func (m *Model) resize() {
	m.chromeH = m.chrome()
	w, h := m.width, max(m.height-m.chromeH, 1)
	m.help.SetWidth(w)
	m.charge.SetSize(w, h)
	m.orders.SetSize(w, h)
	m.reconcile.SetSize(w, h)
	m.report.SetSize(w, h)
	if m.hasPay {
		if m.pay.Customer() {
			m.pay.SetSize(m.width, m.height)
		} else {
			m.pay.SetSize(w, h)
		}
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
	if m.screen == payScreen && m.pay.Customer() {
		v.SetContent(safetext.Styled(m.pay.View()))
		return v
	}
	body := m.shown().View()
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
	if m.notice != "" {
		right = s.Notice.Render(safetext.Escape(m.notice)) + "  " + right
	}
	pad := m.width - lipgloss.Width(left) - lipgloss.Width(right)
	if pad < 1 {
		return lipgloss.NewStyle().MaxWidth(m.width).Render(left + " " + right)
	}
	return left + lipgloss.NewStyle().Width(pad).Render("") + right
}
