package prompt_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/ui/prompt"
	"github.com/till-pos/till/ui/styles"
)

// A free-text field takes 200 characters with a count on screen; other
// fields show no count.
func TestTextFieldTakes200Characters(t *testing.T) {
	m, _ := prompt.New("Refund", prompt.Field{Label: "Reason", Text: true}, prompt.Field{Label: "Manager PIN", Secret: true})
	reason := strings.Repeat("ü", 120) + strings.Repeat("x", 80)
	for _, r := range reason + "more" {
		m, _, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	s := styles.New(true, false)
	if v := m.View(s, 72); !strings.Contains(v, "200/200 characters") {
		t.Fatalf("no count on screen:\n%s", v)
	}
	var res prompt.Result
	m, _, res = m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if res != prompt.Pending {
		t.Fatalf("result %v after the first field", res)
	}
	if v := m.View(s, 72); strings.Contains(v, "characters") {
		t.Fatalf("a PIN field shows a count:\n%s", v)
	}
	m, _, _ = m.Update(tea.KeyPressMsg{Code: '1', Text: "1"})
	if m, _, res = m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); res != prompt.Done {
		t.Fatalf("result %v", res)
	}
	if got := m.Values()[0]; got != reason || utf8.RuneCountInString(got) != 200 {
		t.Fatalf("reason kept: %d characters", utf8.RuneCountInString(got))
	}
}

// A money field types as the charge screen does: the pre-filled amount,
// the same refusals, Enter refused until the amount is valid.
func TestMoneyFieldTypesAsTheChargeScreen(t *testing.T) {
	brl := payment.MustCurrency("BRL")
	m, _ := prompt.New("Refund", prompt.Field{Label: "Amount", Money: &brl, Value: "7.50"})
	s := styles.New(true, false)
	if v := m.View(s, 72); !strings.Contains(v, "BRL 7.50") {
		t.Fatalf("pre-filled amount not shown:\n%s", v)
	}
	for range 4 {
		m, _, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	for _, r := range "1.234,5" {
		m, _, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	var res prompt.Result
	if m, _, res = m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); res != prompt.Pending ||
		!strings.Contains(m.View(s, 72), "one decimal mark only") {
		t.Fatalf("1.234,5 accepted (%v):\n%s", res, m.View(s, 72))
	}
	m, _, _ = m.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	for _, r := range "1250" {
		m, _, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if m, _, res = m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); res != prompt.Done || m.Values()[0] != "12.50" {
		t.Fatalf("1250: %v %q", res, m.Values())
	}
}
