package qrview_test

import (
	"bytes"
	"testing"

	"github.com/charmbracelet/colorprofile"

	"github.com/till-pos/till/ui/qrview"
)

func TestColorProfileIgnoresNoColor(t *testing.T) {
	var out bytes.Buffer
	// TTY_FORCE makes colorprofile treat the buffer as a terminal.
	env := []string{"TERM=xterm-256color", "TTY_FORCE=1", "NO_COLOR=1"}
	if got := colorprofile.Detect(&out, env); got != colorprofile.ASCII {
		t.Fatalf("precondition: with NO_COLOR, Detect = %v, want ASCII (no colours, so no QR)", got)
	}
	want := colorprofile.Detect(&out, env[:2])
	if got := qrview.ColorProfile(&out, env); got != want || got < colorprofile.ANSI256 {
		t.Fatalf("ColorProfile = %v, want %v as without NO_COLOR", got, want)
	}
	// A terminal without colour still gets none.
	if got := qrview.ColorProfile(&out, []string{"TERM=dumb", "NO_COLOR=1"}); got != colorprofile.NoTTY {
		t.Fatalf("TERM=dumb: ColorProfile = %v, want NoTTY", got)
	}
}
