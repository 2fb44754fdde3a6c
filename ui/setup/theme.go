package setup

import (
	"regexp"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// formTheme is huh's Charm theme, or with NO_COLOR its base theme made
// readable without colour: the base theme tells the chosen yes/no button
// from the other by colour alone.
func formTheme(noColor bool) huh.Theme {
	if !noColor {
		return huh.ThemeFunc(huh.ThemeCharm)
	}
	return huh.ThemeFunc(func(dark bool) *huh.Styles {
		t := huh.ThemeBase(dark)
		button := lipgloss.NewStyle().Padding(0, 2).MarginRight(1)
		for _, fs := range []*huh.FieldStyles{&t.Focused, &t.Blurred} {
			fs.FocusedButton = button.Reverse(true).Bold(true)
			fs.BlurredButton = button
			fs.Title = fs.Title.Bold(true)
			fs.TextInput.Placeholder = lipgloss.NewStyle().Faint(true)
			fs.ErrorIndicator = lipgloss.NewStyle().SetString(" *")
		}
		t.Blurred.Title = t.Blurred.Title.Bold(false)
		return t
	})
}

// withError shows a field's validation error right under the field, in
// words, instead of in a list at the bottom of the form: the person sees
// which field is wrong and why without looking elsewhere.
type withError struct {
	huh.Field
	style lipgloss.Style
	width int
}

func showError(f huh.Field, style lipgloss.Style) *withError {
	return &withError{Field: f, style: style}
}

// Update passes the message on; the huh fields update in place, so the
// wrapper stays the field the group holds.
func (w *withError) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	_, cmd := w.Field.Update(msg)
	return w, cmd
}

// WithWidth remembers the width to wrap the error to.
func (w *withError) WithWidth(width int) huh.Field {
	w.width = width
	w.Field.WithWidth(width)
	return w
}

// The other With* methods return the wrapper too, so that a caller that
// keeps their result still holds it.

func (w *withError) WithTheme(t huh.Theme) huh.Field            { w.Field.WithTheme(t); return w }
func (w *withError) WithKeyMap(k *huh.KeyMap) huh.Field         { w.Field.WithKeyMap(k); return w }
func (w *withError) WithHeight(h int) huh.Field                 { w.Field.WithHeight(h); return w }
func (w *withError) WithPosition(p huh.FieldPosition) huh.Field { w.Field.WithPosition(p); return w }

// View is the field, then "✗ the error" when there is one.
func (w *withError) View() string {
	v := w.Field.View()
	if err := w.Field.Error(); err != nil {
		st := w.style
		if w.width > 2 {
			st = st.Width(w.width - 2)
		}
		v += "\n" + st.Render("✗ "+err.Error())
	}
	return v
}

var sgr = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// withoutColour removes the colours from the SGR sequences of s and keeps
// bold, faint, underline and reverse. Under NO_COLOR the program keeps a
// colour profile (the test code is an image and needs its black and
// white), so the colours that huh's text inputs draw whatever the theme
// says are taken out here. s is rendered text whose only escapes are SGR
// sequences (what Lip Gloss writes); a stray ESC before a removed sequence
// would join what follows it into a new escape.
func withoutColour(s string) string {
	return sgr.ReplaceAllStringFunc(s, func(seq string) string {
		params := sgr.FindStringSubmatch(seq)[1]
		if params == "" {
			return seq // a reset
		}
		var kept []string
		parts := strings.Split(params, ";")
		for i := 0; i < len(parts); i++ {
			p := parts[i]
			n, err := strconv.Atoi(p)
			switch {
			case strings.Contains(p, ":"): // 38:2::r:g:b and the like
				continue
			case err != nil:
				kept = append(kept, p)
			case n == 38 || n == 48 || n == 58: // extended colour: skip its arguments
				if i+1 < len(parts) && parts[i+1] == "5" {
					i += 2
				} else if i+1 < len(parts) && parts[i+1] == "2" {
					i += 4
				}
			case n >= 30 && n <= 37, n == 39, n >= 40 && n <= 47, n == 49, n >= 90 && n <= 97, n >= 100 && n <= 107:
			default:
				kept = append(kept, p)
			}
		}
		if len(kept) == 0 {
			return ""
		}
		return "\x1b[" + strings.Join(kept, ";") + "m"
	})
}
