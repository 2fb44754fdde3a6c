package screentest

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/ui/keymap"
)

// Keys is every key a cashier could press: letters both cases, digits,
// the named keys and the control letters.
func Keys() []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for _, r := range "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/[]?. " {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	for _, c := range []rune{tea.KeyEnter, tea.KeyEscape, tea.KeyTab, tea.KeyBackspace, tea.KeyUp, tea.KeyDown,
		tea.KeyLeft, tea.KeyRight, tea.KeyPgUp, tea.KeyPgDown, tea.KeyHome, tea.KeyEnd} {
		out = append(out, tea.KeyPressMsg{Code: c})
	}
	for r := 'a'; r <= 'z'; r++ {
		out = append(out, tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl})
	}
	return out
}

// Model is what Unoffered needs of a screen's model.
type Model[M any] interface {
	Update(tea.Msg) (M, tea.Cmd)
	View() string
	Help() keymap.Help
}

// Offered reports whether the help (its line or the full help) lists a
// binding for k.
func Offered(h keymap.Help, k tea.KeyPressMsg) bool {
	for _, g := range append([][]key.Binding{h.Short}, h.FullHelp()...) {
		if key.Matches(k, g...) {
			return true
		}
	}
	return false
}

// Unoffered presses, on m as it is, each of keys its help does not offer,
// and returns those that did something: changed what the screen shows,
// changed its help, or gave a command. Help and behaviour agree when it
// returns none.
func Unoffered[M Model[M]](m M, keys []tea.KeyPressMsg) []string {
	var acted []string
	view, help := m.View(), m.Help()
	for _, k := range keys {
		if Offered(help, k) {
			continue
		}
		next, cmd := m.Update(k)
		if cmd != nil || next.View() != view || !sameHelp(next.Help(), help) {
			acted = append(acted, k.String())
		}
	}
	return acted
}

func sameHelp(a, b keymap.Help) bool {
	if len(a.Short) != len(b.Short) {
		return false
	}
	for i := range a.Short {
		if a.Short[i].Help() != b.Short[i].Help() {
			return false
		}
	}
	return true
}
