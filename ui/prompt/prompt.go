// Package prompt asks the cashier for a few values in a row, one line
// each: a refund amount, a reason, the manager PIN. Screens embed it for
// their destructive actions, so every one of them asks the same way.
package prompt

import (
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/ui/amount"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/styles"
)

// CharCount says how much of a free-text field is used ("37/200
// characters"), counted as the store counts: in characters, not bytes.
func CharCount(v string) string { return CharCountIn(locale.Locale{}, v) }

// CharCountIn is CharCount in a language.
func CharCountIn(l locale.Locale, v string) string {
	return l.T("%d/%d characters", utf8.RuneCountInString(v), payment.MaxNote)
}

// Field is one value to ask for.
type Field struct {
	Label       string
	Placeholder string
	Value       string // pre-filled
	Secret      bool   // typed characters are hidden (a PIN)
	// Text marks free text (a reason, a remark): it takes up to
	// payment.MaxNote characters, as the CLI does, and shows how many are
	// used, so nothing is ever cut silently.
	Text bool
	// Money, when set, makes the field an amount in that currency, typed
	// as on the charge screen (ui/amount): the same keys, the same
	// refusals. Its value is the amount's decimal form ("7.50"), or ""
	// when nothing was typed.
	Money *payment.Currency
	// Validate refuses a value with a sentence; nil accepts anything.
	Validate func(string) error
}

// Result says where the prompt stands after a message.
type Result int

// Results of Update.
const (
	Pending   Result = iota // still asking
	Done                    // every field answered: read Values
	Cancelled               // esc
)

// Model is a running prompt.
type Model struct {
	Title  string
	fields []Field
	values []string
	i      int
	input  textinput.Model
	money  amount.Field // the field being typed when it is an amount
	err    string
	keys   keyMap
	lang   locale.Locale
}

// keyMap is the prompt's own keys: every other key is typed.
type keyMap struct{ Next, Cancel key.Binding }

func newKeys() keyMap {
	return keyMap{
		Next:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "never mind")),
	}
}

// In is the prompt speaking l (the zero Locale is English): the help
// under the field, the amount's reasons, a validation's sentence when the
// catalog has it. Titles and labels are the caller's, already in l.
func (m Model) In(l locale.Locale) Model {
	m.lang = l
	m.money = m.money.In(l)
	return m
}

// New starts a prompt for fields under a title ("Refund order AB2CD-3EFGH").
func New(title string, fields ...Field) (Model, tea.Cmd) {
	m := Model{Title: title, fields: fields, keys: newKeys()}
	cmd := m.start()
	return m, cmd
}

func (m *Model) start() tea.Cmd {
	f := m.fields[m.i]
	in := textinput.New()
	in.Prompt = f.Label + ": "
	in.Placeholder = f.Placeholder
	in.SetValue(f.Value)
	in.CharLimit = 140
	if f.Text {
		in.CharLimit = payment.MaxNote
	}
	if f.Secret {
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = '•'
	}
	m.input = in
	m.err = ""
	if f.Money != nil {
		m.money = amount.New(*f.Money).In(m.lang).Paste(f.Value)
		return nil
	}
	return m.input.Focus()
}

// value is the answer as it stands.
func (m Model) value() string {
	if m.fields[m.i].Money == nil {
		return strings.TrimSpace(m.input.Value())
	}
	if m.money.Empty() {
		return ""
	}
	if why := m.money.Invalid(); why != "" {
		typed, _ := m.money.Display()
		return typed
	}
	a, err := m.money.Amount()
	if err != nil {
		return "0"
	}
	return a.Decimal()
}

// Values are the answers, in field order (complete once Done).
func (m Model) Values() []string { return m.values }

// Update reads keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd, Result) {
	if p, ok := msg.(tea.PasteMsg); ok && m.fields[m.i].Money != nil {
		m.money = m.money.Paste(p.Content)
		m.err = m.money.Refused()
		return m, nil, Pending
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd, Pending
	}
	switch {
	case key.Matches(k, m.keys.Cancel):
		return m, nil, Cancelled
	case key.Matches(k, m.keys.Next):
		v := m.value()
		if m.fields[m.i].Money != nil {
			if why := m.money.Invalid(); why != "" {
				m.err = why
				return m, nil, Pending
			}
		}
		if f := m.fields[m.i]; f.Validate != nil {
			if err := f.Validate(v); err != nil {
				m.err = m.lang.Text(err.Error())
				return m, nil, Pending
			}
		}
		m.values = append(m.values, v)
		m.i++
		if m.i == len(m.fields) {
			return m, nil, Done
		}
		return m, m.start(), Pending
	}
	if m.fields[m.i].Money != nil {
		m.money = m.money.Key(k)
		m.err = m.money.Refused()
		return m, nil, Pending
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	m.err = ""
	return m, cmd, Pending
}

// View draws the prompt in a box of the given width.
func (m Model) View(s *styles.Styles, width int) string {
	m.input.SetWidth(max(width-lipgloss.Width(m.input.Prompt)-6, 8))
	field := common.InputView(m.input) // the placeholder in cells, not runes
	if f := m.fields[m.i]; f.Money != nil {
		typed, pending := m.money.Display()
		field = f.Label + ": " + s.Value.Render(f.Money.Code+" "+typed) + s.Muted.Render(pending)
		if why := m.money.Invalid(); why != "" {
			field += "  " + s.Error.Render(m.lang.T("%s · ⌫ to correct", why))
		}
	}
	lines := []string{s.Title.Render(m.Title), field}
	if m.fields[m.i].Text {
		lines = append(lines, s.Muted.Render(CharCountIn(m.lang, m.input.Value())))
	}
	if m.err != "" {
		lines = append(lines, s.Error.Render(m.err))
	}
	lines = append(lines, s.Muted.Render(m.lang.T("enter: next · esc: never mind")))
	for i := range lines {
		lines[i] = common.Cells(lines[i]) // as wide for the terminal as for the box
	}
	return s.Focused.Width(min(width, 72)).Render(lipgloss.JoinVertical(lipgloss.Left, lines...))
}

// Lines draws the prompt on two lines, for screens that keep a fixed
// place for what is being typed: the title and the field, then the
// field's error or what the keys do.
func (m Model) Lines(s *styles.Styles, width int) []string {
	title := s.Title.Render(m.Title) + "  "
	m.input.SetWidth(max(width-lipgloss.Width(title)-lipgloss.Width(m.input.Prompt)-2, 8))
	second := s.Muted.Render(m.lang.T("enter: next · esc: never mind"))
	if m.err != "" {
		second = s.Error.Render(m.err)
	}
	return []string{title + common.InputView(m.input), common.Cells(second)}
}
