package prompt_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

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
