package common

import (
	"strings"

	"github.com/till-pos/till/payment/locale"
)

// Lang is the language the screens speak (English when there is no
// backend, as in some tests).
func (c Common) Lang() locale.Locale {
	if c.Backend == nil {
		return locale.Locale{}
	}
	return c.Backend.Lang
}

// T translates a message of the catalog into the screens' language,
// written for the terminal (Cells).
func (c Common) T(key string, args ...any) string { return Cells(c.Lang().T(key, args...)) }

// Text translates a sentence that may come from elsewhere (an error, a
// key's help): one the catalog does not know is shown as it is.
func (c Common) Text(s string) string { return Cells(c.Lang().Text(s)) }

// amVowels are Thai's and Lao's SARA AM and, for each, the two
// characters it is made of (its Unicode compatibility decomposition).
var amVowels = strings.NewReplacer("\u0e33", "\u0e4d\u0e32", "\u0eb3", "\u0ecd\u0eb2")

// Cells writes text so that the layout and the terminal agree on its
// width. Thai's SARA AM (ำ, in ทำ, ชำระ, จำนวน) joins the letter before
// it in one grapheme, which Lip Gloss (x/ansi) counts as one cell; but
// terminals without grapheme support (tmux, xterm, and so Bubble Tea's
// renderer, which measures as they do) give it a cell of its own. Each
// one made every Thai line a cell wider than laid out, and the renderer
// cut the end of full lines: the pay screen's "y/n". Written as its two
// parts, NIKHAHIT (a mark, no cell) and SARA AA (one cell), it looks the
// same and is as wide for both.
func Cells(s string) string {
	if !strings.ContainsAny(s, "\u0e33\u0eb3") {
		return s
	}
	return amVowels.Replace(s)
}
