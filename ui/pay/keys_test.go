package pay

import (
	"slices"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// keysToTry is every key a cashier could press on the pay screen.
var keysToTry = func() []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for r := 'a'; r <= 'z'; r++ {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	for _, c := range []rune{tea.KeyEnter, tea.KeyEscape, tea.KeyTab, tea.KeyBackspace, tea.KeyUp, tea.KeyDown} {
		out = append(out, tea.KeyPressMsg{Code: c})
	}
	return out
}()

// offered reports whether the help lists a binding for k.
func offered(m Model, k tea.KeyPressMsg) bool {
	return slices.ContainsFunc(m.Help().Short, func(b key.Binding) bool { return key.Matches(k, b) })
}

// In every state, a key the help does not offer does nothing: the screen
// stays as it was and asks for nothing. (The customer view offers no keys
// because any key turns it back; it is not among these states.)
func TestKeysNotOfferedDoNothing(t *testing.T) {
	for _, tt := range []struct {
		name  string
		setup func(Model) Model
	}{
		{"waiting", func(m Model) Model { return m }},
		{"cancel question", func(m Model) Model { m.confirming = cancelQuestion; return m }},
		{"paid question", func(m Model) Model { m.confirming = paidQuestion; return m }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := time.Now()
			m, _ := newPay(t, &now)
			m = tt.setup(m)
			for _, k := range keysToTry {
				if offered(m, k) {
					continue
				}
				next, cmd := m.Update(k)
				if cmd != nil || next.View() != m.View() || next.confirming != m.confirming || next.customer != m.customer {
					t.Errorf("%s: %q is not offered but acted", tt.name, k.String())
				}
			}
		})
	}
}
