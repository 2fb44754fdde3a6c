package prompt_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/ui/prompt"
	"github.com/till-pos/till/ui/styles"
)

// A prompt in German: the keys' help, the character count and an
// amount's reason in German; what the caller gave (title, label) as given.
func TestPromptInTheLanguage(t *testing.T) {
	de := locale.New(locale.German)
	s := styles.New(true, false)
	eur := payment.MustCurrency("EUR")
	m, _ := prompt.New("Erstattung", prompt.Field{Label: "Betrag", Money: &eur}, prompt.Field{Label: "Grund", Text: true})
	m = m.In(de)
	for _, r := range "1,2.3" {
		m, _, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	view := ansi.Strip(m.View(s, 72))
	for _, want := range []string{"enter: weiter · esc: doch nicht", "nur ein Dezimalzeichen, keine Tausendertrennzeichen · ⌫ zum Korrigieren"} {
		if !strings.Contains(strings.Join(strings.Fields(strings.ReplaceAll(view, "│", "")), " "), want) {
			t.Errorf("no %q in\n%s", want, view)
		}
	}
	if got := prompt.CharCountIn(de, "abc"); got != "3/200 Zeichen" {
		t.Errorf("CharCountIn = %q", got)
	}
	if got := prompt.CharCount("abc"); got != "3/200 characters" {
		t.Errorf("CharCount = %q", got)
	}
}
