package charge

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
	"github.com/till-pos/till/ui/styles"
)

func newModel(cur string) Model {
	k := keymap.Default()
	c := common.Common{Styles: styles.New(true, false), Keys: &k, Width: 80, Height: 20}
	return New(c, payment.MustCurrency(cur))
}

func typeKeys(m Model, keys string) Model {
	for _, r := range keys {
		var msg tea.KeyPressMsg
		switch r {
		case '<':
			msg = tea.KeyPressMsg{Code: tea.KeyBackspace}
		case '!':
			msg = tea.KeyPressMsg{Code: tea.KeyEscape}
		default:
			msg = tea.KeyPressMsg{Code: r, Text: string(r)}
		}
		m, _ = m.Update(msg)
	}
	return m
}

// Digits fill from the right as on a card terminal; a typed decimal mark
// switches to decimal reading. What cannot be an amount is never read as
// another one: it stays on screen with the reason, and Enter refuses it.
func TestTyping(t *testing.T) {
	tests := []struct {
		cur, keys string
		minor     int64  // 0: not a valid amount yet
		why       string // the reason shown under the amount, if any
	}{
		{"EUR", "1250", 1250, ""},
		{"EUR", "12.50", 1250, ""},
		{"EUR", "12,5", 1250, ""},
		{"EUR", "12.", 1200, ""},
		{"EUR", ".5", 50, ""},
		{"EUR", "0005", 5, ""},  // leading zeros add nothing
		{"EUR", "125<", 12, ""}, // backspace
		{"EUR", "125!", 0, ""},  // escape clears
		{"EUR", "12a3", 123, ""},
		{"EUR", "12.555", 0, "EUR takes at most 2 decimals"},
		{"EUR", "12.555<", 1255, ""}, // corrected
		{"EUR", "1..2", 0, "one decimal mark only"},
		{"BRL", "1.234,56", 0, "one decimal mark only"},
		{"BRL", "1234,56", 123456, ""},
		{"EUR", "9999999999999", 0, "at most 12 digits"},
		{"EUR", "999999999999", 999999999999, ""},
		{"JPY", "500", 500, ""},
		{"JPY", "5.5", 0, "JPY has no decimals"},
		{"JPY", "1250.5", 0, "JPY has no decimals"},
		{"JPY", "1250.5<<", 1250, ""},
		{"KWD", "1.2345", 0, "KWD takes at most 3 decimals"},
		{"KWD", "1.234", 1234, ""},
		{"KWD", "1234", 1234, ""},
		{"EUR", "", 0, ""},
		{"EUR", "0", 0, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %q", tt.cur, tt.keys), func(t *testing.T) {
			t.Parallel()
			m := typeKeys(newModel(tt.cur), tt.keys)
			a, err := m.Amount()
			view := ansi.Strip(m.View())
			if tt.why != "" {
				if err == nil || !strings.Contains(err.Error(), tt.why) || !strings.Contains(view, tt.why) {
					t.Errorf("%s %q: got %d, %v; want refused with %q on screen:\n%s", tt.cur, tt.keys, a.Minor, err, tt.why, view)
				}
				if m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); m.Busy() {
					t.Errorf("%s %q: enter charged an invalid amount", tt.cur, tt.keys)
				}
				return
			}
			if tt.minor == 0 {
				if err == nil {
					t.Errorf("%s %q: got %d, want no valid amount", tt.cur, tt.keys, a.Minor)
				}
				return
			}
			if err != nil || a.Minor != tt.minor || a.Currency.Code != tt.cur {
				t.Errorf("%s %q: got %v, %v; want %d", tt.cur, tt.keys, a, err, tt.minor)
			}
		})
	}
}

// A key the amount cannot take says so on screen.
func TestRefusedKeyIsShown(t *testing.T) {
	m := typeKeys(newModel("EUR"), "12a")
	if view := ansi.Strip(m.View()); !strings.Contains(view, "type digits") {
		t.Fatalf("a letter was dropped without a word:\n%s", view)
	}
	// Yen have no decimals: the hint does not offer them.
	m = typeKeys(newModel("JPY"), "12a")
	if view := ansi.Strip(m.View()); !strings.Contains(view, "JPY has no decimals") || strings.Contains(view, "for decimals") {
		t.Fatalf("JPY hint:\n%s", view)
	}
}

// Pasting works in the amount and in the note.
func TestPaste(t *testing.T) {
	m, _ := newModel("BRL").Update(tea.PasteMsg{Content: " 12,50\n"})
	if a, err := m.Amount(); err != nil || a.Minor != 1250 {
		t.Fatalf("pasted amount: %v %v", a, err)
	}
	if bad, _ := newModel("BRL").Update(tea.PasteMsg{Content: "1.234,56"}); func() bool { _, err := bad.Amount(); return err == nil }() {
		t.Fatal("a pasted thousands separator was read as an amount")
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	m, _ = m.Update(tea.PasteMsg{Content: "table 4"})
	if got := m.note.Value(); got != "table 4" {
		t.Fatalf("pasted note = %q", got)
	}
}

func TestNoteTakesLetters(t *testing.T) {
	m := typeKeys(newModel("EUR"), "5")
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	if !m.Typing() {
		t.Fatal("tab did not focus the note")
	}
	m = typeKeys(m, "table 4")
	if got := m.note.Value(); got != "table 4" {
		t.Fatalf("note = %q", got)
	}
	if a, _ := m.Amount(); a.Minor != 5 {
		t.Fatalf("typing the note changed the amount: %v", a)
	}
}
