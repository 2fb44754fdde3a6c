package qrview

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The message about a window too small never wraps: from 16 columns up it
// takes one line, in the longest wording that fits.
func TestFitMessageNeverWraps(t *testing.T) {
	for room := 16; room <= 120; room++ {
		got := FitMessage(999, 999, room)
		if w := ansi.StringWidth(got); w > room {
			t.Fatalf("room %d: %q is %d cells", room, got, w)
		}
	}
	if got := FitMessage(66, 34, 80); got != "enlarge the window to 66×34 or zoom out to show the QR code" {
		t.Errorf("at 80 columns: %q", got)
	}
}
