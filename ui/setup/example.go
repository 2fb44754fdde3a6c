package setup

import (
	"strings"
	"unicode/utf8"

	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"
)

// withExample gives a field its help and its example ("e.g. 0812345678").
// The example is the field's placeholder, except where huh's text input
// (bubbles' textinput, v2) would garble it: it measures a placeholder in
// cells but slices it by runes, so a Chinese "例如 …" comes out with NUL
// characters and a Thai "เช่น …" cut short. Such an example goes at the
// end of the help instead. Until ui/common has a width-correct field
// (issue 17, helper i18nbooks), this is the one place to change.
// raw is the example itself: help that gives it already ("like GDDS")
// does not get it twice.
func (m *Model) withExample(in *huh.Input, help, raw string) *huh.Input {
	example := m.lang.T("e.g. %s", raw)
	if utf8.RuneCountInString(example) != ansi.StringWidth(example) {
		if strings.Contains(help, raw) {
			return in.Description(help)
		}
		if help != "" {
			help += " · "
		}
		return in.Description(help + example)
	}
	return in.Description(help).Placeholder(example)
}
