package reconcile

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// The entry's placeholder ("order reference, e.g. AB2CD-3EFGH") in the
// screens' language. bubbles' textinput (v2) measures a placeholder in
// cells but slices it by runes: a Chinese one comes out with NUL
// characters after it, a Thai one cut short. Until ui/common has a
// width-correct field (issue 17, helper i18nbooks), such a placeholder is
// drawn here, after the cursor, by inputView. These two functions are the
// only place to change when that lands.

// setPlaceholder gives the entry its example text.
func (m *Model) setPlaceholder(text string) {
	m.input.Placeholder, m.hint = text, ""
	if utf8.RuneCountInString(text) != ansi.StringWidth(text) {
		m.input.Placeholder, m.hint = "", text
	}
}

// inputView is the entry as shown: textinput's own drawing, or, while it
// is empty and its placeholder is one textinput would garble, the cursor
// and the placeholder drawn here.
func (m Model) inputView() string {
	if m.hint == "" || m.input.Value() != "" {
		return m.input.View()
	}
	return ansi.Truncate(m.input.View(), 1, "") + m.Styles.Muted.Render(m.hint)
}
