package screentest_test

import (
	"strings"
	"testing"

	"github.com/till-pos/till/ui/screentest"
)

// Absurd counts in a capture (an erase or a repeat of ten billion) are
// bounded before the emulator sees them, so reading one takes no time,
// and ordinary sequences are read as they are.
func TestFromANSIBoundsHugeCounts(t *testing.T) {
	for _, in := range []string{"\x1b[9997009970X", "a\x1b[9997009970b", "\x1b[999700999700@", "\u009b99999999999X"} {
		screentest.FromANSI([]byte(in), 18, 9) // must return at once; the test's timeout says otherwise
	}
	emu := screentest.FromANSI([]byte("ab\x1b[3bc\x1b[2;5Hx"), 18, 9)
	if got := screentest.Text(emu); !strings.HasPrefix(got, "abbbbc\n    x") {
		t.Fatalf("ordinary sequences read differently: %q", got)
	}
}
