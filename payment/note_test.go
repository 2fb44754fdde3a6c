package payment

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckNote(t *testing.T) {
	for _, tt := range []struct {
		note string
		ok   bool
	}{
		{"", true},
		{"table 4 · pão de queijo ×2", true},
		{strings.Repeat("é", MaxNote), true},
		{strings.Repeat("a", MaxNote+1), false},
		{"line1\nline2", false},
		{"tab\there", false},
		{"\x1b]0;pwned\a\x1b[31mRED", false},
		{"bad \xff byte", false},
		{"sep\u2028arator", false},
		{"del\x7f", false},
		{"a\u202eb", false},         // right-to-left override
		{"\ufeffbom", false},        // byte-order mark
		{"soft\u00adhyphen", false}, // soft hyphen
		{"tag\U000E0041", false},    // tag character
		{"👨\u200d👩\u200d👧", true},   // a family: joiners stay
		{"می\u200cخواهم", true},     // Persian with a non-joiner
	} {
		err := CheckNote(tt.note)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrNote)) {
			t.Errorf("CheckNote(%q) = %v, want ok %v", tt.note, err, tt.ok)
		}
	}
}

func FuzzCheckNote(f *testing.F) {
	f.Add("table 4")
	f.Add("\x1b[31m")
	f.Fuzz(func(t *testing.T, s string) {
		if CheckNote(s) != nil {
			return
		}
		for _, r := range s {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Fatalf("%q accepted with control %U", s, r)
			}
		}
	})
}
