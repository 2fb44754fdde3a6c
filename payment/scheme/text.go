package scheme

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// foldReplacer spells out letters that decomposition does not reduce to
// ASCII, the way banks write them.
var foldReplacer = strings.NewReplacer(
	"ß", "SS", "Æ", "AE", "æ", "AE", "Ø", "O", "ø", "O", "Œ", "OE", "œ", "OE",
	"Đ", "D", "đ", "D", "Ł", "L", "ł", "L", "Þ", "TH", "þ", "TH", "ı", "I",
	"’", "'", "‘", "'", "“", "\"", "”", "\"", "–", "-", "—", "-",
)

// Fold turns text into the printable ASCII that EMV root fields allow,
// in upper case: accents are removed ("São Paulo" → "SAO PAULO"), letters
// without an ASCII base are spelled out (ß → SS), and anything else that is
// not printable ASCII (a Thai or Chinese name) is dropped. Runs of spaces
// collapse to one.
func Fold(s string) string {
	s = foldReplacer.Replace(s)
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, _ = transform.String(t, s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == ' ' || unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r < 0x21 || r > 0x7E:
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

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
	if len(f) > max {
		f = strings.TrimRight(f[:max], " ")
	}
	return f, nil
}
