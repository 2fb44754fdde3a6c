package ui

import (
	"testing"

	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/locale/localetest"
)

// Every message the root asks for (the header, the status line, the
// receipt overlay, the help line) is in the catalog.
func TestRootWordsInTheCatalog(t *testing.T) {
	if n := localetest.CheckCalls(t, ".", "T", "Text"); n < 8 {
		t.Errorf("only %d translated messages found: is the root still translated?", n)
	}
}

// A receipt cut to the window says how many lines it left out, in the
// screens' language and with the language's plural.
func TestCutReceiptSpeaksTheLanguage(t *testing.T) {
	lines := []string{"a", "b", "c", "d", "e"}
	for _, tt := range []struct {
		l      locale.Locale
		height int
		want   string
	}{
		{locale.Locale{}, 4, "… 2 more lines"},
		{locale.Locale{}, 3, "… 3 more lines"},
		{locale.New(locale.German), 4, "… 2 weitere Zeilen"},
		{locale.New(locale.German), 5, "e"},
		{locale.New(locale.Thai), 4, "… อีก 2 บรรทัด"},
	} {
		got := cutReceipt(tt.l, lines, tt.height)
		if last := got[len(got)-1]; last != tt.want || len(got) > tt.height {
			t.Errorf("%v, height %d: %q", tt.l.Tag(), tt.height, got)
		}
	}
}
