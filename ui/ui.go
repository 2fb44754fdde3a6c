// Package ui is till's terminal interface, a Bubble Tea v2 program. The
// root Model only routes: it owns the window, the header and help lines,
// the clock ticks that watch the database, and switches between screens;
// each screen lives in its own package.
package ui

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/charge"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
	"github.com/till-pos/till/ui/orders"
	"github.com/till-pos/till/ui/pay"
	"github.com/till-pos/till/ui/styles"
)

// Options is what the program needs from its caller.
type Options struct {
	Store   *store.Store
	Config  *config.Config
	Watcher *store.Watcher // notices changes by other processes; may be nil
	Actor   string         // the cashier, recorded on manual actions
	Demo    bool
	Dark    bool // terminal background is dark
	NoColor bool // NO_COLOR is set: styles without colour (the QR keeps its own)
	Now     func() time.Time
}

type screen int

const (
	chargeScreen screen = iota
	payScreen
	ordersScreen
)

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
	keys      keymap.KeyMap
	screen    screen
	charge    charge.Model
	pay       pay.Model
	hasPay    bool
	orders    orders.Model
	help      help.Model
	notice    string
	lastEvent int64 // order events up to this id have been looked at (-1: not yet known)
	width     int
	height    int
	showSeq   int
}

// New builds the program's model.
func New(o Options) Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	keys := keymap.Default()
	m := Model{opts: o, keys: keys, lastEvent: -1}
	st := styles.New(o.Dark, o.NoColor)
	m.c = common.Common{
		Styles: st, Keys: &keys, Now: o.Now, ChromeHeight: chromeRows,
		Backend: &common.Backend{Store: o.Store, Config: o.Config, Actor: o.Actor, Demo: o.Demo},
	}
	m.charge = charge.New(m.c, o.Config.Merchant.Currency)
	m.orders = orders.New(m.c)
	m.help = help.New()
	m.help.Styles = st.Help
	return m
}

// Screen names the screen shown, for tests.
func (m Model) Screen() string {
	return [...]string{"charge", "pay", "orders"}[m.screen]
}

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

// Update routes messages.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
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
		if key.Matches(msg, m.keys.Quit) {
			return m, tea.Quit
		}
		if key.Matches(msg, m.keys.Help) && !m.typing() {
			m.help.ShowAll = !m.help.ShowAll
			return m, nil
		}
		m.notice = ""
		if m.screen == chargeScreen && !m.typing() && !m.charge.Busy() && key.Matches(msg, m.keys.Orders) {
			return m.show(ordersScreen)
		}
	case watchMsg:
		return m, m.watch()
	case common.StoreChangedMsg:
		cmds := []tea.Cmd{m.watch()}
		if m.lastEvent >= 0 {
			cmds = append(cmds, m.c.Backend.Changes(m.lastEvent))
		}
		if m.hasPay && m.screen == payScreen {
			// Also read the shown order itself: a change committed late with
			// an earlier timestamp must still reach the customer's screen.
			cmds = append(cmds, m.c.Backend.Reload(m.pay.Order().Ref))
		}
		if m.screen == ordersScreen {
			cmds = append(cmds, m.orders.Load())
		}
		return m, tea.Batch(cmds...)
	case common.ChangesMsg:
		return m.changes(msg)
	case expireTickMsg:
		return m, tea.Batch(m.c.Backend.Expire(), m.expireTick())
	case common.ExpiredMsg:
		if len(msg.Refs) > 0 && m.opts.Watcher == nil && m.hasPay {
			// Without a watcher, reload the shown order ourselves.
			return m, m.c.Backend.Reload(m.pay.Order().Ref)
		}
		return m, nil
	case common.NoticeMsg:
		m.notice = msg.Text
		return m, nil
	case common.GoChargeMsg:
		m.charge = m.charge.Reset()
		return m.show(chargeScreen)
	case common.GoOrdersMsg:
		return m.show(ordersScreen)
	case common.GoPayMsg:
		return m, m.c.Backend.Show(msg.Ref)
	case common.OrderCreatedMsg:
		m.charge = m.charge.Reset()
		return m.showOrder(pay.New(m.c, msg.Order, msg.QR, m.nextSeq()))
	case common.OrderMsg:
		if msg.QR != nil {
			return m.showOrder(pay.New(m.c, msg.Order, msg.QR, m.nextSeq()))
		}
		if m.screen == ordersScreen {
			var cmd tea.Cmd
			m.orders, cmd = m.orders.Update(msg)
			return m, cmd
		}
		if m.hasPay {
			var cmd tea.Cmd
			m.pay, cmd = m.pay.Update(msg)
			if msg.Action == "claimed" {
				// The cashier has seen the money: straight on to the next sale.
				m.charge = m.charge.Reset()
				m.notice = "order " + msg.Order.Ref.Grouped() + " marked paid"
				next, c2 := m.show(chargeScreen)
				return next, tea.Batch(cmd, c2)
			}
			return m, cmd
		}
		return m, nil
	case common.ErrMsg:
		switch m.screen {
		case chargeScreen:
			var cmd tea.Cmd
			m.charge, cmd = m.charge.Update(msg)
			return m, cmd
		case payScreen:
			var cmd tea.Cmd
			m.pay, cmd = m.pay.Update(msg)
			return m, cmd
		case ordersScreen:
			var cmd tea.Cmd
			m.orders, cmd = m.orders.Update(msg)
			return m, cmd
		default:
			m.notice = msg.Error()
			return m, nil
		}
	}
	return m.updateScreen(msg)
}

// changes redraws the order on the pay screen if it changed, and
// announces money that arrived for any other order, which must never look
// like the current customer paying.
func (m Model) changes(msg common.ChangesMsg) (tea.Model, tea.Cmd) {
	m.lastEvent = max(m.lastEvent, msg.Last)
	var cmds []tea.Cmd
	for _, o := range msg.Orders {
		if m.hasPay && o.Ref == m.pay.Order().Ref {
			var cmd tea.Cmd
			m.pay, cmd = m.pay.Update(common.OrderMsg{Order: o})
			cmds = append(cmds, cmd)
			continue
		}
		if o.Status().HasMoney() && o.State.Received > 0 {
			m.notice = fmt.Sprintf("%s for order %s (%s)", o.Status(), o.Ref.Grouped(), o.Amount)
		}
	}
	return m, tea.Batch(cmds...)
}

func (m *Model) nextSeq() int { m.showSeq++; return m.showSeq }

// typing reports whether the screen has a text field focused: letters are
// then text, not shortcuts.
func (m Model) typing() bool {
	switch m.screen {
	case chargeScreen:
		return m.charge.Typing()
	case payScreen:
		return m.pay.Typing()
	case ordersScreen:
		return m.orders.Typing()
	}
	return false
}

func (m Model) updateScreen(msg tea.Msg) (tea.Model, tea.Cmd) {
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
	}
	return m, cmd
}

func (m Model) show(s screen) (tea.Model, tea.Cmd) {
	m.screen = s
	m.resize()
	if s == ordersScreen {
		return m, m.orders.Init()
	}
	return m, nil
}

func (m Model) showOrder(p pay.Model) (tea.Model, tea.Cmd) {
	m.pay, m.hasPay = p, true
	m.screen = payScreen
	m.resize()
	return m, m.pay.Init()
}

// resize gives every screen the area between the header and the help line
// (the whole window for the customer view).
func (m *Model) resize() {
	w, h := m.width, max(m.height-chromeRows, 1)
	m.help.SetWidth(w)
	m.charge.SetSize(w, h)
	m.orders.SetSize(w, h)
	if m.hasPay {
		if m.pay.Customer() {
			m.pay.SetSize(m.width, m.height)
		} else {
			m.pay.SetSize(w, h)
		}
	}
}

// View draws the header, the screen and the help line.
func (m Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.WindowTitle = "till · " + m.opts.Config.Merchant.Name
	if m.width == 0 {
		return v
	}
	if m.screen == payScreen && m.pay.Customer() {
		v.SetContent(m.pay.View())
		return v
	}
	var body string
	var h keymap.Help
	switch m.screen {
	case chargeScreen:
		body, h = m.charge.View(), m.charge.Help()
	case payScreen:
		body, h = m.pay.View(), m.pay.Help()
	case ordersScreen:
		body, h = m.orders.View(), m.orders.Help()
	}
	if len(h.Short) > 0 && !m.typing() {
		h.Short = append(h.Short, m.keys.Help)
	}
	bodyH := max(m.height-chromeRows, 1)
	body = lipgloss.NewStyle().Width(m.width).Height(bodyH).MaxHeight(bodyH).Render(body)
	v.SetContent(lipgloss.JoinVertical(lipgloss.Left, m.header(), body, m.help.View(h)))
	return v
}

func (m Model) header() string {
	s := m.c.Styles
	left := s.Header.Render(m.opts.Config.Merchant.Name)
	if m.opts.Demo {
		left += " " + s.Demo.Render("DEMO · no real money")
	}
	right := s.Muted.Render(m.c.Now().Format("15:04"))
	if m.notice != "" {
		right = s.Notice.Render(m.notice) + "  " + right
	}
	pad := m.width - lipgloss.Width(left) - lipgloss.Width(right)
	if pad < 1 {
		return lipgloss.NewStyle().MaxWidth(m.width).Render(left + " " + right)
	}
	return left + lipgloss.NewStyle().Width(pad).Render("") + right
}
