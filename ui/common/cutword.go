package common

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Cut fits a line, which may carry colours, into w terminal cells (CJK
// characters take two, Thai marks none). A line that fits is returned as
// it is. A longer one ends with "…" after the last whole word that fits,
// so that a long word (German has many) is never shown cut in the middle:
// "Verkäufe oder Zahl…" would read as another word. Where the text has
// no space to cut at in the second half of the line (Chinese and Thai
// write without spaces between words), it is cut between characters.
func Cut(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	head := ansi.Truncate(s, w-1, "")
	plain := ansi.Strip(head)
	rest := strings.TrimPrefix(ansi.Strip(s), plain)
	if wordEnds(plain, rest) {
		return strings.TrimRightFunc(head, unicode.IsSpace) + "…"
	}
	if i := strings.LastIndexAny(plain, " /"); i > 0 && ansi.StringWidth(plain[:i]) >= w/2 {
		keep := strings.TrimRight(plain[:i+1], " ")
		return ansi.Truncate(s, ansi.StringWidth(keep), "") + "…"
	}
	return head + "…"
}

// Sentences joins two sentences with a space, or without one after a
// full-width stop (。？！), as Chinese writes them.
func Sentences(a, b string) string {
	if strings.HasSuffix(a, "。") || strings.HasSuffix(a, "？") || strings.HasSuffix(a, "！") {
		return a + b
	}
	return a + " " + b
}

// wordEnds reports whether the cut between before and after falls between
// two words: at a space, or next to an ideograph, each of which is a word
// to cut at. A hyphen or a dot is not a word's end: "AB2CD-3EFGH" and
// "1.234,50" are one word each.
func wordEnds(before, after string) bool {
	last, _ := utf8.DecodeLastRuneInString(before)
	next, _ := utf8.DecodeRuneInString(after)
	return after == "" || unicode.IsSpace(last) || unicode.IsSpace(next) ||
		unicode.Is(unicode.Han, last) || unicode.Is(unicode.Han, next)
}
