package reconcile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// Terminal sizes of the goldens; the screen gets two rows less (the root
// draws a header and a help line).
var goldenSizes = []struct{ w, h int }{{80, 24}, {120, 40}}

// stable replaces the random order references by fixed ones of the same
// width, in the order the fixtures name them, so goldens do not change
// from run to run.
func (e *env) stable(view string) string {
	names := []string{"Paid", "Partial", "Overpaid", "Late", "Suggested", "Claimed"}
	for i, name := range names {
		ref, ok := e.refs[name]
		if !ok {
			continue
		}
		fixed := fmt.Sprintf("REF%07d", i+1)
		view = strings.ReplaceAll(view, ref.Grouped(), fixed[:5]+"-"+fixed[5:])
		view = strings.ReplaceAll(view, string(ref), fixed)
	}
	return view
}

func TestGoldenOutcome(t *testing.T) {
	for _, size := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			e := newEnv(t)
			e.statementOrders()
			e.write("statement.csv", nil)
			d := e.open(size.w, size.h-2)
			d.importFile("statement.csv")
			view := ansi.Strip(d.m.View())
			checkSize(t, view, size.w, size.h-2)
			golden.RequireEqual(t, []byte(e.stable(view)))
		})
	}
}

func TestGoldenQueue(t *testing.T) {
	for _, size := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			e := newEnv(t)
			e.statementOrders()
			e.write("statement.csv", nil)
			d := e.open(size.w, size.h-2)
			d.importFile("statement.csv")
			d.keys("e")
			d.selectKind("unmatched")
			d.keys("lab2c-d") // half a reference: not yet wrong
			view := ansi.Strip(d.m.View())
			checkSize(t, view, size.w, size.h-2)
			golden.RequireEqual(t, []byte(e.stable(view)))
		})
	}
}

// checkSize asserts the screen stays inside its area.
func checkSize(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("%d lines for a height of %d", len(lines), h)
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			t.Errorf("line %d is %d wide (max %d): %q", i, ansi.StringWidth(l), w, l)
		}
	}
}
