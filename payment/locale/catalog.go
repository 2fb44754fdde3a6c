package locale

import (
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/message/catalog"
)

// Tr holds a message's translations in the order of Supported after
// English: pt-BR, es, de, th, zh-Hans, vi, ms, id.
type Tr [8]string

// Msg is one message of the catalog.
type Msg struct {
	// Key is the English text, with fmt verbs (%s, %d, %[2]s) for what is
	// filled in; it is also how code asks for the message.
	Key string
	// Note tells translators what the message is about and what must
	// stay as it is.
	Note string
	Tr   Tr
	// One, for a message that counts (its first argument), holds the
	// forms for a count of the CLDR category "one", English first, then
	// the order of Tr. Key and Tr are then the "other" forms. A language
	// whose rules have no "one" (Thai, Chinese, Vietnamese, Malay,
	// Indonesian) leaves its place empty; the tests check which languages
	// need one with golang.org/x/text/feature/plural.
	One *[9]string
}

// Text is the message in the language at index i of Supported, as it is
// shown (see forTerminals).
func (m Msg) Text(i int) string {
	if i == 0 {
		return m.Key
	}
	return forTerminals(m.Tr[i-1])
}

// saraAM is Thai SARA AM and its compatibility decomposition, NIKHAHIT
// and SARA AA, which looks the same.
const saraAM, nikhahitSaraAA = "\u0e33", "\u0e4d\u0e32"

// forTerminals writes Thai SARA AM decomposed. A terminal (wcwidth) gives
// SARA AM a cell of its own, while the layout (Lip Gloss and Bubble Tea,
// by grapheme cluster) counts it with its consonant: each "ำ" put a Thai
// line one cell off, and a full line lost its last character (seen in
// tmux at 80×24, "ปิดยอดประจำวัน" is 11 cells to one and 12 to the
// other). Decomposed, both count the same. Translators write it as usual.
func forTerminals(s string) string { return strings.ReplaceAll(s, saraAM, nikhahitSaraAA) }

// Keep are the names payment schemes give themselves. They are brands,
// printed on the customer's app and on the shop's sticker, and stay as
// they are in every language; the tests check that a message naming one
// keeps it.
var Keep = []string{"PIX", "PromptPay", "PayNow", "DuitNow", "QRIS", "VietQR", "UPI", "SEPA", "EMV", "QR"}

// Messages is every message of the catalog.
func Messages() []Msg {
	var all []Msg
	for _, group := range messageGroups {
		all = append(all, group...)
	}
	return all
}

// messageGroups are the catalog's parts, one a file (messages_*.go).
var messageGroups = [][]Msg{receiptMessages, loopMessages, booksMessages, reconcileMessages, setupMessages, schemeMessages, fleetMessages}

// Known reports whether the catalog has a message with this key.
func Known(key string) bool { return built().keys[key] }

// built is the catalog and its keys, made on first use rather than at
// start-up: building every message in every language takes about 20 ms
// and 3.5 MB, which every till command (till version, till charge) would
// otherwise pay before doing anything, most of them never translating.
var built = sync.OnceValue(func() struct {
	cat  catalog.Catalog
	keys map[string]bool
} {
	b := catalog.NewBuilder(catalog.Fallback(English))
	keys := map[string]bool{}
	for _, m := range Messages() {
		keys[m.Key] = true
		for i, t := range Supported {
			text := m.Text(i)
			if text == "" {
				continue
			}
			if m.One != nil && m.One[i] != "" {
				// Errors here are only for malformed arguments, which the
				// literal plural.One and plural.Other cannot be.
				_ = b.Set(t, m.Key, plural.Selectf(1, "", plural.One, forTerminals(m.One[i]), plural.Other, text))
				continue
			}
			_ = b.SetString(t, m.Key, text)
		}
	}
	return struct {
		cat  catalog.Catalog
		keys map[string]bool
	}{b, keys}
})
