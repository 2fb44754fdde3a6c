package ui_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// ctrl+p opens the receipt exactly when the help line offers it, key by
// key through the pay screen's states: the waiting code, its two y/n
// questions and the customer view (where no help is shown, and any key,
// ctrl+p too, turns the screen back to the cashier).
func TestReceiptKeyFollowsTheHelp(t *testing.T) {
	h := start(t, 140, 30) // wide enough for the whole help line
	h.waitFor("New charge")
	h.tm.Type("900")
	h.enter()
	h.waitFor("WAITING FOR PAYMENT")
	ctrlP := func() { h.tm.Send(tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl}) }

	// Offered while the code waits: it opens, and any key closes it.
	if help := lastLine(h.settle()); !strings.Contains(help, "ctrl+p receipt") {
		t.Fatalf("waiting code, help without the receipt: %q", help)
	}
	ctrlP()
	h.waitFor("any key")
	h.key('a')
	h.waitGone("any key")

	// Not offered during either question: the answer still goes to it.
	for _, ask := range []rune{'x', 'p'} {
		h.key(ask)
		screen := h.waitFor("y/n")
		if help := lastLine(screen); strings.Contains(help, "ctrl+p") || !strings.Contains(help, "y yes") {
			t.Fatalf("question %c, help: %q", ask, help)
		}
		ctrlP()
		h.key('n')
		if screen := h.waitGone("y/n"); strings.Contains(screen, "any key") || !strings.Contains(screen, "WAITING FOR PAYMENT") {
			t.Fatalf("after %c, ctrl+p, n:\n%s", ask, screen)
		}
		if screen := h.settle(); strings.Contains(screen, "any key") {
			t.Fatalf("a receipt opened during question %c:\n%s", ask, screen)
		}
	}

	// Not offered in the customer view: ctrl+p is any key there, and the
	// cashier's view comes back without a receipt over it.
	h.key('f')
	screen := h.waitGone("mark paid")
	if strings.Contains(screen, "ctrl+p") {
		t.Fatalf("customer view offers ctrl+p:\n%s", screen)
	}
	ctrlP()
	h.waitFor("mark paid") // the cashier's view is back
	if screen = h.settle(); strings.Contains(screen, "any key") || !strings.Contains(screen, "ctrl+p receipt") {
		t.Fatalf("ctrl+p in the customer view:\n%s", screen)
	}
	h.quit()
}
