package scheme

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldReplacer spells out letters that decomposition does not reduce to
// ASCII, the way banks write them, and straightens typographic
// punctuation.
var foldReplacer = strings.NewReplacer(
	"ß", "ss", "ẞ", "SS", "Æ", "AE", "æ", "ae", "Ø", "O", "ø", "o", "Œ", "OE", "œ", "oe",
	"Đ", "D", "đ", "d", "Ð", "D", "ð", "d", "Ł", "L", "ł", "l", "Þ", "TH", "þ", "th",
	"ı", "i", "Ħ", "H", "ħ", "h", "Ŧ", "T", "ŧ", "t", "Ŋ", "N", "ŋ", "n",
	"’", "'", "‘", "'", "‚", "'", "“", "\"", "”", "\"", "„", "\"", "–", "-", "—", "-",
	"«", "\"", "»", "\"", "…", "...", "€", "EUR",
)

// FoldASCII turns text into printable ASCII, keeping its case: accents are
// removed ("São Paulo" → "Sao Paulo"), letters without an ASCII base are
// spelled out (ß → ss), anything else that is not printable ASCII (a Thai
// or Chinese name, an emoji) is dropped, and runs of white space collapse
// to one space.
func FoldASCII(s string) string {
	if !isPlainASCII(s) {
		// Decompose compatibility characters too (NFKD), so ligatures and
		// full-width letters become plain letters ("ﬁ" → "fi", "Ａ" → "A")
		// and accents become combining marks, which the loop drops.
		s = norm.NFKD.String(foldReplacer.Replace(s))
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r < 0x21 || r > 0x7E:
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isPlainASCII reports whether s needs no folding but white space.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] > 0x7E {
			return false
		}
	}
	return true
}

// Fold turns text into the upper-case printable ASCII that EMV root fields
// carry: "São Paulo" → "SAO PAULO", "Straße" → "STRASSE". See FoldASCII.
func Fold(s string) string { return strings.ToUpper(FoldASCII(s)) }

// FoldField folds a root field and cuts it to max characters. It refuses
// text that folds to nothing, naming the field, because dropping a whole
// name silently would put an empty merchant on the customer's screen.
func FoldField(field, s string, max int) (string, error) {
	f := Fold(s)
	if f == "" {
		if strings.TrimSpace(s) == "" {
			return "", fmt.Errorf("%s is empty", field)
		}
		return "", fmt.Errorf("%s %q has no letters a payment code can carry (only ASCII is allowed; put a local-script name in merchant.local_name)", field, s)
	}
	return cut(f, max), nil
}

// cut shortens ASCII text to max characters without leaving a space at the
// end.
func cut(s string, max int) string {
	if len(s) > max {
		s = strings.TrimRight(s[:max], " ")
	}
	return s
}

// truncateRunes cuts text to n characters (not bytes), for the S-format
// fields that may carry any script.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return strings.TrimSpace(string(r))
}
