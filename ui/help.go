package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"github.com/till-pos/till/ui/keymap"
)

// screenHelp is what the help line offers on the screen shown.
func (m Model) screenHelp() keymap.Help {
	lang := m.c.Lang()
	if m.receipt != "" {
		return translateHelp(keymap.Help{Short: []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("any key", "close"))}}, lang)
	}
	h := translateHelp(m.screen().Help(), lang)
	// The receipt key goes with the menu of a screen that shows an order.
	if _, ok := m.receiptRef(); ok {
		// A fresh slice: the screen's may share its backing array.
		short := append([]key.Binding(nil), h.Short[:len(h.Short)-1]...)
		h.Short = append(short, m.keys.Receipt, h.Short[len(h.Short)-1])
	}
	h = translateHelp(h, lang) // the receipt key, if added
	if m.help.ShowAll && len(h.Short) > 0 {
		h.Full = m.fullHelp(h, m.helpKey())
	}
	if m.helpKey() {
		h.Short = append(h.Short, m.keys.Help)
	}
	return translateHelp(h, lang)
}

// fullHelp arranges every key of h in columns that fit the window side by
// side (the help bubble drops the columns that do not fit), with the help
// key last when it works (not while a text field has the keyboard).
func (m Model) fullHelp(h keymap.Help, helpKey bool) [][]key.Binding {
	var extra []key.Binding
	if helpKey {
		extra = append(extra, key.NewBinding(key.WithKeys("?"), key.WithHelp("?", m.c.Text("fewer keys"))))
	}
	var groups [][]key.Binding
	if h.Full != nil {
		for _, g := range h.Full {
			groups = append(groups, append([]key.Binding(nil), g...))
		}
		if extra != nil {
			groups = append(groups, extra)
		}
	} else {
		groups = keymap.Columns(append(append([]key.Binding(nil), h.Short...), extra...), 4)
	}
	if m.helpFits(groups) {
		return groups
	}
	var flat []key.Binding
	for _, g := range groups {
		flat = append(flat, g...)
	}
	for rows := 4; rows < len(flat); rows++ {
		if g := keymap.Columns(flat, rows); m.helpFits(g) {
			return g
		}
	}
	return [][]key.Binding{flat}
}

func (m Model) helpFits(groups [][]key.Binding) bool {
	wide := m.help
	wide.SetWidth(0)
	return lipgloss.Width(wide.FullHelpView(groups)) <= m.width
}

// helpView is the help line, or the full help, never taller than the
// window less the header and one row of screen.
func (m Model) helpView() string {
	h := m.screenHelp()
	var help string
	if n := len(h.Short); !m.help.ShowAll && n > 1 && slices.Equal(h.Short[n-1].Keys(), m.keys.Help.Keys()) {
		help = m.shortHelpKeepingLast(h.Short)
	} else {
		help = m.help.View(h)
	}
	if lines := strings.Split(help, "\n"); len(lines) > max(m.height-2, 1) {
		help = strings.Join(lines[:max(m.height-2, 1)], "\n")
	}
	return help
}

// shortHelpKeepingLast is the help line cut before its last key (the help
// key, ?) rather than after it: whatever does not fit, the way to see it
// stays on screen.
func (m Model) shortHelpKeepingLast(keys []key.Binding) string {
	last := keys[len(keys)-1]
	tail := m.help.Styles.ShortSeparator.Inline(true).Render(m.help.ShortSeparator) +
		m.help.ShortHelpView([]key.Binding{last})
	room := m.width - lipgloss.Width(tail)
	// Cut by hand: the bubble's own cut adds an item that overflows when
	// its ellipsis does not fit either.
	free := m.help
	free.SetWidth(0)
	rest := keys[:len(keys)-1]
	if line := free.ShortHelpView(rest); lipgloss.Width(line) <= room {
		return line + tail
	}
	ellipsis := " " + m.help.Styles.Ellipsis.Inline(true).Render(m.help.Ellipsis)
	for n := len(rest) - 1; n > 0; n-- {
		if line := free.ShortHelpView(rest[:n]) + ellipsis; lipgloss.Width(line) <= room {
			return line + tail
		}
	}
	return free.ShortHelpView([]key.Binding{last})
}

// chrome is how many rows the header and the help take now.
func (m Model) chrome() int {
	if m.customerView() {
		return chromeRows
	}
	return 1 + lipgloss.Height(m.helpView())
}
