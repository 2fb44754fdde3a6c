// Package charge is the screen where a sale starts: the cashier types the
// amount (digits fill from the right, as on a card terminal, unless a
// decimal mark is typed), optionally a note, and presses Enter.
package charge

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/ui/bigtext"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
	"github.com/till-pos/till/ui/prompt"
)

// Model is the charge screen.
type Model struct {
	common.Common
	currency payment.Currency
	typed    string // the digits and decimal marks as typed, even when they are not a valid amount
	note     textinput.Model
	noting   bool           // the note field has the keyboard
	busy     bool           // the order is being saved
	large    payment.Amount // an amount above the configured threshold, asked about; zero when not asking
	err      string
}

// New makes an empty charge screen for the merchant's currency.
func New(c common.Common, cur payment.Currency) Model {
	ti := textinput.New()
	ti.Placeholder = "optional note (table 4, fare to airport...)"
	ti.CharLimit = payment.MaxNote // as the CLI and the store allow
	ti.Prompt = ""
	return Model{Common: c, currency: cur, note: ti}
}

// Reset clears the screen for the next sale.
func (m Model) Reset() Model {
	m.typed, m.err, m.busy, m.noting = "", "", false, false
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
func (m Model) Amount() (payment.Amount, error) {
	if m.typed == "" {
		return payment.Amount{}, payment.ErrAmountEmpty
	}
	if why := m.invalid(); why != "" {
		return payment.Amount{}, errors.New(why)
	}
	if i := strings.IndexAny(m.typed, ".,"); i >= 0 {
		return payment.ParseAmount(m.typed[:i]+"."+m.typed[i+1:], m.currency)
	}
	// No decimal mark: the digits are minor units, as on a card terminal
	// (1 2 5 0 → 12.50).
	a, err := payment.ParseAmount(m.typed, payment.Currency{Code: m.currency.Code, Numeric: m.currency.Numeric})
	if err != nil {
		return a, err
	}
	a.Currency = m.currency
	return a, nil
}

// Update handles keys while the screen is shown.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.ErrMsg:
		m.busy = false
		m.err = msg.Error()
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
		refused := ""
		for _, r := range strings.TrimSpace(msg.Content) {
			if m = m.typeRune(r); m.err != "" {
				refused = m.err
			}
		}
		m.err = refused
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
			if m.typed != "" {
				m.typed = m.typed[:len(m.typed)-1]
			}
			m.err = ""
		case key.Matches(msg, k.Clear):
			m = m.Reset()
		case len(msg.Text) == 1:
			m = m.typeRune(rune(msg.Text[0]))
		}
	}
	return m, nil
}

// maxTyped bounds what the amount field keeps, valid or not.
const maxTyped = payment.MaxDigits + 4

// typeRune adds one typed character to the amount. Digits and decimal
// marks are kept as typed even when they make the amount invalid (a
// thousands separator, decimals the currency does not have): the screen
// says why and Enter refuses, rather than dropping the key and reading the
// rest differently (1.234,56 must never become 1.23). Other characters are
// refused, with a word on screen.
func (m Model) typeRune(r rune) Model {
	m.err = ""
	switch {
	case r == '.' || r == ',' || r >= '0' && r <= '9':
		if len(m.typed) >= maxTyped {
			m.err = fmt.Sprintf("at most %d digits", payment.MaxDigits)
			return m
		}
		if r == '0' && (m.typed == "" || m.typed == "0") {
			return m // leading zeros add nothing
		}
		if m.typed == "0" && r >= '1' && r <= '9' {
			m.typed = ""
		}
		if (r == '.' || r == ',') && m.typed == "" {
			m.typed = "0"
		}
		m.typed += string(r)
	default:
		m.err = "type digits, and . or , for decimals"
		if m.currency.Exponent == 0 {
			m.err = "type digits: " + m.currency.Code + " has no decimals"
		}
	}
	return m
}

// invalid says why the typed amount cannot be charged as it stands, or ""
// when it can (or is simply not finished).
func (m Model) invalid() string {
	marks := strings.Count(m.typed, ".") + strings.Count(m.typed, ",")
	cur := m.currency
	switch {
	case marks > 0 && cur.Exponent == 0:
		return cur.Code + " has no decimals"
	case marks > 1:
		return "one decimal mark only, no thousands separators"
	}
	digits := len(m.typed) - marks
	if i := strings.IndexAny(m.typed, ".,"); i >= 0 && len(m.typed)-i-1 > cur.Exponent {
		return fmt.Sprintf("%s takes at most %d decimals", cur.Code, cur.Exponent)
	}
	if digits > payment.MaxDigits {
		return fmt.Sprintf("at most %d digits", payment.MaxDigits)
	}
	return ""
}

func (m Model) submit() (Model, tea.Cmd) {
	a, err := m.Amount()
	if err != nil {
		if errors.Is(err, payment.ErrAmountEmpty) || errors.Is(err, payment.ErrAmountZero) {
			m.err = "type an amount first"
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

// display is the amount as it stands, with the decimals not yet typed
// shown dim: typing "12." shows 12.__ until the cents arrive.
func (m Model) display() (typed, pending string) {
	exp := m.currency.Exponent
	if m.invalid() != "" {
		return m.typed, "" // exactly what was typed, with the reason below
	}
	if i := strings.IndexAny(m.typed, ".,"); i >= 0 {
		missing := exp - (len(m.typed) - i - 1)
		return m.typed[:i] + "." + m.typed[i+1:], strings.Repeat("0", max(missing, 0))
	}
	a, err := m.Amount()
	if err != nil {
		return "", payment.FormatMinor(0, exp)
	}
	return a.Decimal(), ""
}

// View draws the screen in its area.
func (m Model) View() string {
	s := m.Styles
	typed, pending := m.display()
	text := typed + pending
	var amount string
	h := 5
	if m.Height < 16 {
		h = 3
	}
	if w := bigtext.Width(m.currency.Code+" "+text, h); w <= m.Width && m.Height >= 12 {
		amount = lipgloss.JoinVertical(lipgloss.Left,
			s.Amount.Render(bigtext.Render(m.currency.Code+" "+text, h)))
	} else {
		amount = s.Amount.Render(m.currency.Code+" "+typed) + s.AmountDim.Render(pending)
	}
	noteStyle := s.Blurred
	if m.noting {
		noteStyle = s.Focused
	}
	noteWidth := min(m.Width-4, 60)
	m.note.SetWidth(max(noteWidth-2, 10))
	note := noteStyle.Width(noteWidth).Render(m.note.View())
	if m.noting {
		note = lipgloss.JoinVertical(lipgloss.Right, note, s.Muted.Render(prompt.CharCount(m.note.Value())))
	}

	var status string
	switch {
	case m.busy:
		status = s.Muted.Render("saving the order…")
	case m.asking():
		limit := m.Backend.Config.ConfirmAbove
		status = s.Error.Render(fmt.Sprintf("Charge %s %s? That is more than %s %s. y/n",
			m.large.Currency.Code, m.large.Grouped(), limit.Currency.Code, limit.Grouped()))
	case m.err != "":
		status = s.Error.Render(m.err)
	case m.invalid() != "":
		status = s.Error.Render(m.invalid() + " · ⌫ to correct")
	default:
		status = s.Muted.Render("type the amount, then enter")
	}
	body := lipgloss.JoinVertical(lipgloss.Center,
		s.Title.Render("New charge"), "", amount, "", note, "", status)
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
	if m.typed != "" {
		short = append(short, k.Delete, k.Clear)
	}
	short = append(short, k.Orders, k.Report, k.Recon, k.Quit)
	return keymap.Help{Short: short, Full: [][]key.Binding{
		{k.Digits, k.Delete, k.Clear, k.Charge, k.Note},
		{k.Orders, k.Report, k.Recon, k.Quit},
	}}
}
