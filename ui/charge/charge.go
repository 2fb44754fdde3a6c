// Package charge is the screen where a sale starts: the cashier types the
// amount (digits fill from the right, as on a card terminal, unless a
// decimal mark is typed), optionally a note, and presses Enter.
package charge

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/ui/amount"
	"github.com/till-pos/till/ui/bigtext"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
	"github.com/till-pos/till/ui/prompt"
)

// Model is the charge screen.
type Model struct {
	common.Common
	currency payment.Currency
	field    amount.Field // the amount as typed, even when it is not a valid amount
	note     textinput.Model
	noting   bool           // the note field has the keyboard
	busy     bool           // the order is being saved
	large    payment.Amount // an amount above the configured threshold, asked about; zero when not asking
	err      string
	km       keyMap
}

// keyMap is the charge screen's keys. keys() enables them from the
// screen's state; Update matches only those and Help lists only those.
type keyMap struct {
	Digits, Delete, Clear, Charge, Note, NoteDone key.Binding
	Orders, Report, Recon, Quit, Yes, No          key.Binding
}

func newKeys(k *keymap.KeyMap) keyMap {
	if k == nil {
		d := keymap.Default()
		k = &d
	}
	return keyMap{
		Digits: k.Digits, Delete: k.Delete, Clear: k.Clear, Charge: k.Charge, Note: k.Note,
		NoteDone: key.NewBinding(key.WithKeys("tab", "esc"), key.WithHelp("tab/esc", "back to amount")),
		Orders:   k.Orders, Report: k.Report, Recon: k.Recon, Quit: k.Quit, Yes: k.Yes, No: k.No,
	}
}

// keys is the key map as the screen's state enables it.
func (m Model) keys() keyMap {
	k := m.km
	amount := !m.busy && !m.asking() && !m.noting
	for _, b := range []*key.Binding{&k.Digits, &k.Delete, &k.Clear, &k.Note, &k.Orders, &k.Report, &k.Recon} {
		b.SetEnabled(amount)
	}
	k.Charge.SetEnabled(!m.busy && !m.asking())
	k.NoteDone.SetEnabled(!m.busy && m.noting)
	k.Quit.SetEnabled(!m.asking())
	k.Yes.SetEnabled(!m.busy && m.asking())
	k.No.SetEnabled(!m.busy && m.asking())
	return k
}

// New makes an empty charge screen for the merchant's currency.
func New(c common.Common, cur payment.Currency) Model {
	ti := textinput.New()
	ti.Placeholder = c.T("optional note (table 4, fare to airport...)")
	ti.CharLimit = payment.MaxNote // as the CLI and the store allow
	ti.Prompt = ""
	return Model{Common: c, currency: cur, note: ti, field: amount.New(cur).In(c.Lang()), km: newKeys(c.Keys)}
}

// Reset clears the screen for the next sale.
func (m Model) Reset() Model {
	m.field, m.err, m.busy, m.noting = m.field.Clear(), "", false, false
	m.large = payment.Amount{}
	m.note.Reset()
	m.note.Blur()
	return m
}

// Typing reports whether the note field has the keyboard, so that the
// root model does not take letters for shortcuts.
func (m Model) Typing() bool { return m.noting || m.asking() }

// Asking reports whether the screen asks to confirm a large amount.
func (m Model) Asking() bool { return m.asking() }

// Init has nothing to start: the screen waits for keys.
func (m Model) Init() tea.Cmd { return nil }

// asking reports whether the screen asks to confirm a large amount.
func (m Model) asking() bool { return m.large.Minor > 0 }

// Busy reports whether an order is being saved.
func (m Model) Busy() bool { return m.busy }

// Amount is what the cashier has typed so far, and whether it is a valid
// amount to charge.
func (m Model) Amount() (payment.Amount, error) { return m.field.Amount() }

// Update handles keys while the screen is shown.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.GoChargeMsg, common.OrderCreatedMsg:
		// A new sale, or this one's order is saved: the screen starts
		// empty for the next.
		return m.Reset(), nil
	case common.ErrMsg:
		m.busy = false
		m.err = m.Text(msg.Error())
		return m, nil
	case tea.PasteMsg:
		if m.busy {
			return m, nil
		}
		if m.noting {
			var cmd tea.Cmd
			m.note, cmd = m.note.Update(msg)
			return m, cmd
		}
		m.field = m.field.Paste(msg.Content)
		m.err = m.field.Refused()
		return m, nil
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return m, nil
}

func (m Model) key(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys()
	switch {
	case key.Matches(msg, k.Yes):
		return m.create(m.large)
	case key.Matches(msg, k.No):
		m.large = payment.Amount{}
	case key.Matches(msg, k.Charge):
		return m.submit()
	case key.Matches(msg, k.NoteDone):
		m.noting = false
		m.note.Blur()
	case m.noting && !m.busy:
		var cmd tea.Cmd
		m.note, cmd = m.note.Update(msg)
		return m, cmd
	case key.Matches(msg, k.Note):
		m.noting = true
		return m, m.note.Focus()
	case key.Matches(msg, k.Delete):
		m.field, m.err = m.field.Delete(), ""
	case key.Matches(msg, k.Clear):
		m = m.Reset()
	case key.Matches(msg, k.Orders):
		return m, show(common.GoOrdersMsg{})
	case key.Matches(msg, k.Report):
		return m, show(common.ShowMsg{Screen: "report"})
	case key.Matches(msg, k.Recon):
		return m, show(common.ShowMsg{Screen: "reconcile"})
	case k.Digits.Enabled() && len(msg.Text) == 1:
		// Any character: the field says why one is refused.
		m.field = m.field.Type(rune(msg.Text[0]))
		m.err = m.field.Refused()
	}
	return m, nil
}

func show(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

func (m Model) submit() (Model, tea.Cmd) {
	a, err := m.Amount()
	if err != nil {
		if errors.Is(err, payment.ErrAmountEmpty) || errors.Is(err, payment.ErrAmountZero) {
			m.err = m.T("type an amount first")
		} else {
			m.err = err.Error()
		}
		return m, nil
	}
	if limit := m.Backend.Config.ConfirmAbove; limit.Minor > 0 && a.Minor > limit.Minor {
		// Asked once: an extra zero or a missed decimal mark is caught
		// before the customer sees the code.
		m.large, m.err = a, ""
		return m, nil
	}
	return m.create(a)
}

func (m Model) create(a payment.Amount) (Model, tea.Cmd) {
	m.busy, m.large = true, payment.Amount{}
	m.err = ""
	return m, m.Backend.CreateOrder(a, strings.TrimSpace(m.note.Value()))
}

// View draws the screen in its area.
func (m Model) View() string {
	s := m.Styles
	typed, pending := m.field.Display()
	text := typed + pending
	var shown string
	h := 5
	if m.Height < 16 {
		h = 3
	}
	if w := bigtext.Width(m.currency.Code+" "+text, h); w <= m.Width && m.Height >= 12 {
		shown = lipgloss.JoinVertical(lipgloss.Left,
			s.Amount.Render(bigtext.Render(m.currency.Code+" "+text, h)))
	} else {
		shown = s.Amount.Render(m.currency.Code+" "+typed) + s.AmountDim.Render(pending)
	}
	noteStyle := s.Blurred
	if m.noting {
		noteStyle = s.Focused
	}
	noteWidth := min(m.Width-4, 60)
	m.note.SetWidth(max(noteWidth-2, 10))
	// The placeholder in cells, not runes (common.InputView).
	note := noteStyle.Width(noteWidth).Render(common.InputView(m.note))
	if m.noting {
		note = lipgloss.JoinVertical(lipgloss.Right, note, s.Muted.Render(prompt.CharCountIn(m.Lang(), m.note.Value())))
	}

	var status string
	switch {
	case m.busy:
		status = s.Muted.Render(m.T("saving the order…"))
	case m.asking():
		limit := m.Backend.Config.ConfirmAbove
		status = s.Error.Render(m.T("Charge %s? That is more than %s. y/n", m.Lang().Money(m.large), m.Lang().Money(limit)))
	case m.err != "":
		status = s.Error.Render(common.Cells(m.err)) // amount's reasons come from the locale itself
	case m.field.Invalid() != "":
		status = s.Error.Render(m.T("%s · ⌫ to correct", m.field.Invalid()))
	default:
		status = s.Muted.Render(m.T("type the amount, then enter"))
	}
	body := lipgloss.JoinVertical(lipgloss.Center,
		s.Title.Render(m.T("New charge")), "", shown, "", note, "", status)
	return lipgloss.Place(m.Width, m.Height, lipgloss.Center, lipgloss.Center, body)
}

// Help lists the keys that work now: all of them in the full help; the
// help line leaves out ⌫ and esc while there is nothing to delete.
func (m Model) Help() keymap.Help {
	k := m.keys()
	if !k.Digits.Enabled() {
		return keymap.Help{Short: keymap.Enabled(k.Yes, k.No, k.Charge, k.NoteDone, k.Quit)}
	}
	short := keymap.Enabled(k.Digits, k.Charge, k.Note)
	if !m.field.Empty() {
		short = append(short, keymap.Enabled(k.Delete, k.Clear)...)
	}
	return keymap.Help{
		Short: append(short, keymap.Enabled(k.Orders, k.Report, k.Recon, k.Quit)...),
		Full: [][]key.Binding{
			keymap.Enabled(k.Digits, k.Delete, k.Clear, k.Charge, k.Note),
			keymap.Enabled(k.Orders, k.Report, k.Recon, k.Quit),
		},
	}
}
