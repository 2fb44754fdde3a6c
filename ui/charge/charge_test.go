package charge

import (
	"testing"

	tea "charm.land/bubbletea/v2"

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
// switches to decimal reading; impossible keys are ignored.
func TestTyping(t *testing.T) {
	tests := []struct {
		cur, keys string
		minor     int64 // 0: not a valid amount yet
	}{
		{"EUR", "1250", 1250},
		{"EUR", "12.50", 1250},
		{"EUR", "12,5", 1250},
		{"EUR", "12.", 1200},
		{"EUR", ".5", 50},
		{"EUR", "12.555", 1255},                // a third decimal is ignored
		{"EUR", "1..2", 120},                   // a second mark is ignored
		{"EUR", "0005", 5},                     // leading zeros add nothing
		{"EUR", "125<", 12},                    // backspace
		{"EUR", "125!", 0},                     // escape clears
		{"EUR", "12a3", 123},                   // letters do nothing
		{"EUR", "9999999999999", 999999999999}, // at most 12 digits
		{"JPY", "500", 500},
		{"JPY", "5.5", 55}, // no decimal mark in yen
		{"KWD", "1.2345", 1234},
		{"KWD", "1234", 1234},
		{"EUR", "", 0},
		{"EUR", "0", 0},
	}
	for _, tt := range tests {
		m := typeKeys(newModel(tt.cur), tt.keys)
		a, err := m.Amount()
		if tt.minor == 0 {
			if err == nil {
				t.Errorf("%s %q: got %d, want no valid amount", tt.cur, tt.keys, a.Minor)
			}
			continue
		}
		if err != nil || a.Minor != tt.minor || a.Currency.Code != tt.cur {
			t.Errorf("%s %q: got %v, %v; want %d", tt.cur, tt.keys, a, err, tt.minor)
		}
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
