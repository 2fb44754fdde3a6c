package receipt

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment/safetext"
)

// Line widths the layouts are designed for. Any width between MinWidth and
// MaxWidth works; narrower ones are widened, wider ones narrowed.
const (
	MinWidth     = 24
	MaxWidth     = 200
	DefaultWidth = 42 // a common 80 mm thermal printer in its normal font
)

func clampWidth(w int) int {
	switch {
	case w == 0:
		return DefaultWidth
	case w < MinWidth:
		return MinWidth
	case w > MaxWidth:
		return MaxWidth
	}
	return w
}

// TextWidth is how many columns s takes on a terminal or a printer with a
// monospaced font, counted as the terminal libraries count cells
// (charmbracelet/x/ansi, which Lip Gloss uses): by grapheme, so Thai
// vowel and tone marks take none and stay with their letter, and East
// Asian wide and full-width characters take two. Layouts count columns,
// not bytes or runes, so a receipt in Thai or Chinese still lines up, on
// paper and on the screen.
func TextWidth(s string) int { return ansi.StringWidth(s) }

// clean turns free text (a note, a merchant name) into one printable line:
// runs of white space become one space, and what could still drive a
// printer or a terminal (control characters, escape sequences, bidi
// controls, bytes that are not UTF-8) passes safetext, which shows it as
// a visible escape such as \x1b.
func clean(s string, ascii bool) string {
	s = safetext.Escape(strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " "))
	if ascii {
		return foldASCII(s)
	}
	return s
}

// cut shortens s to at most w columns, never inside a grapheme.
func cut(s string, w int) string { return ansi.Truncate(s, w, "") }

// wrap breaks s into lines of at most w columns, at spaces where it can
// and inside a word only when the word alone is too long (between
// graphemes, so a mark stays with its letter). It runs in one pass, so a
// pathological note cannot stall a receipt.
func wrap(s string, w int) []string {
	var lines []string
	var line strings.Builder
	lw := 0 // columns in line
	flush := func() {
		if line.Len() > 0 {
			lines = append(lines, line.String())
			line.Reset()
			lw = 0
		}
	}
	for _, word := range strings.Fields(s) {
		ww := TextWidth(word)
		switch {
		case ww > w:
			flush()
			for word != "" {
				piece := cut(word, w-lw)
				if piece == "" {
					if lw == 0 { // one grapheme wider than the line
						piece = word
					} else {
						flush()
						continue
					}
				}
				pw := TextWidth(piece)
				line.WriteString(piece)
				lw += pw
				word = word[len(piece):]
				if word != "" {
					flush()
				}
			}
		case lw == 0:
			line.WriteString(word)
			lw = ww
		case lw+1+ww <= w:
			line.WriteByte(' ')
			line.WriteString(word)
			lw += 1 + ww
		default:
			flush()
			line.WriteString(word)
			lw = ww
		}
	}
	flush()
	return lines
}

// center pads s on the left so that it sits in the middle of w columns.
func center(s string, w int) string {
	pad := (w - TextWidth(s)) / 2
	if pad <= 0 {
		return s
	}
	return strings.Repeat(" ", pad) + s
}

// pair puts label on the left and value on the right of a w-column line;
// when both do not fit, the value goes right-aligned on lines of its own.
func pair(label, value string, w int) []string {
	lw, vw := TextWidth(label), TextWidth(value)
	if lw+1+vw <= w {
		return []string{label + strings.Repeat(" ", w-lw-vw) + value}
	}
	out := wrap(label, w)
	for _, v := range wrap(value, w) {
		out = append(out, strings.Repeat(" ", w-TextWidth(v))+v)
	}
	return out
}

// indent wraps s to w columns with every line indented by n spaces.
func indent(s string, n, w int) []string {
	var out []string
	for _, l := range wrap(s, w-n) {
		out = append(out, strings.Repeat(" ", n)+l)
	}
	return out
}

func rule(ch string, w int) string { return strings.Repeat(ch, w) }

// padLeft right-aligns s in w columns.
func padLeft(s string, w int) string {
	if n := w - TextWidth(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// padRight left-aligns s in w columns, cutting it if it is longer.
func padRight(s string, w int) string {
	s = cut(s, w)
	return s + strings.Repeat(" ", w-TextWidth(s))
}
