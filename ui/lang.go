package ui

import (
	"charm.land/bubbles/v2/key"

	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
)

// translateHelp puts the help's words in the screens' language: each
// key's description, and "any key". The keys' own names (enter, esc, tab,
// the letters) are what the keyboard says and stay. Text the catalog does
// not know, such as a word already translated, is kept, so translating
// twice is harmless.
func translateHelp(h keymap.Help, l locale.Locale) keymap.Help {
	if l.IsEnglish() {
		return h
	}
	out := keymap.Help{Short: translateKeys(h.Short, l)}
	for _, g := range h.Full {
		out.Full = append(out.Full, translateKeys(g, l))
	}
	return out
}

func translateKeys(keys []key.Binding, l locale.Locale) []key.Binding {
	if keys == nil {
		return nil
	}
	out := make([]key.Binding, len(keys))
	for i, b := range keys {
		help := b.Help()
		b.SetHelp(common.Cells(l.Text(help.Key)), common.Cells(l.Text(help.Desc)))
		out[i] = b
	}
	return out
}
