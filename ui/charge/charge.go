// Package charge is the screen where a sale starts: the cashier types the
// amount (digits fill from the right, as on a card terminal, unless a
// decimal mark is typed), optionally a note, and presses Enter.
package charge

import (
	"errors"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

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
	// hint is the note's placeholder when the text input cannot draw it:
	// it cuts placeholders by runes, which is wrong for Thai's marks and
	// Chinese's wide characters, so those are drawn here while the field
	// is empty and blurred.
	hint   string
	noting bool           // the note field has the keyboard
	busy   bool           // the order is being saved
	large  payment.Amount // an amount above the configured threshold, asked about; zero when not asking
	err    string
}

// New makes an empty charge screen for the merchant's currency.
func New(c common.Common, cur payment.Currency) Model {
	ti := textinput.New()
	ti.Placeholder = c.T("optional note (table 4, fare to airport...)")
	ti.CharLimit = payment.MaxNote // as the CLI and the store allow
	ti.Prompt = ""
	var hint string
	if utf8.RuneCountInString(ti.Placeholder) != ansi.StringWidth(ti.Placeholder) {
		hint, ti.Placeholder = ti.Placeholder, ""
	}
	return Model{Common: c, currency: cur, note: ti, hint: hint, field: amount.New(cur).In(c.Lang())}
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
		if m.busy {
			return m, nil
		}
		k := m.Keys
		if m.asking() {
			switch {
			case key.Matches(msg, k.Yes):
				return m.create(m.large)
			case key.Matches(msg, k.No):
				m.large = payment.Amount{}
			}
			return m, nil
		}
		if m.noting {
			switch {
			case key.Matches(msg, k.Charge):
				return m.submit()
			case key.Matches(msg, k.Note), msg.String() == "esc":
				m.noting = false
				m.note.Blur()
				return m, nil
			}
			var cmd tea.Cmd
			m.note, cmd = m.note.Update(msg)
			return m, cmd
		}
		switch {
		case key.Matches(msg, k.Charge):
			return m.submit()
		case key.Matches(msg, k.Note):
			m.noting = true
			return m, m.note.Focus()
		case key.Matches(msg, k.Delete):
			m.field, m.err = m.field.Delete(), ""
		case key.Matches(msg, k.Clear):
			m = m.Reset()
		case len(msg.Text) == 1:
			m.field = m.field.Type(rune(msg.Text[0]))
			m.err = m.field.Refused()
		}
	}
	return m, nil
}

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
	note := noteStyle.Width(noteWidth).Render(m.note.View())
	if m.hint != "" && !m.noting && m.note.Value() == "" {
		note = noteStyle.Width(noteWidth).Render(s.Muted.Render(ansi.Truncate(m.hint, noteWidth-2, "…")))
	}
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
		status = s.Error.Render(m.err)
	case m.field.Invalid() != "":
		status = s.Error.Render(m.T("%s · ⌫ to correct", m.field.Invalid()))
	default:
		status = s.Muted.Render(m.T("type the amount, then enter"))
	}
	body := lipgloss.JoinVertical(lipgloss.Center,
		s.Title.Render(m.T("New charge")), "", shown, "", note, "", status)
	return lipgloss.Place(m.Width, m.Height, lipgloss.Center, lipgloss.Center, body)
}

// Help lists the keys that work now.
func (m Model) Help() keymap.Help {
	k := m.Keys
	if m.asking() {
		return keymap.Help{Short: []key.Binding{k.Yes, k.No}}
	}
	if m.noting {
		done := key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab/esc", "back to amount"))
		return keymap.Help{Short: []key.Binding{k.Charge, done, k.Quit}}
	}
	short := []key.Binding{k.Digits, k.Charge, k.Note}
	if !m.field.Empty() {
		short = append(short, k.Delete, k.Clear)
	}
	short = append(short, k.Orders, k.Report, k.Recon, k.Quit)
	return keymap.Help{Short: short, Full: [][]key.Binding{
		{k.Digits, k.Delete, k.Clear, k.Charge, k.Note},
		{k.Orders, k.Report, k.Recon, k.Quit},
	}}
}
