package report

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/ui/screentest"
)

// The day close at 80×24 (22 rows under the root's header and help line)
// in every language: open with its live figures, asking to close with the
// cash counted, and closed. Golden files to read; no line wider than the
// window, no word cut, no English left.
func TestGoldenLanguages(t *testing.T) {
	const w, h = 80, 22
	// What the fixture wrote itself stays as written.
	data := []string{"yesterday", "table 4", "fare to airport", "still open", "customer left", "wrong size", "tester", "ana", "pix"}
	for _, tag := range locale.Supported {
		t.Run(tag.String(), func(t *testing.T) {
			l := locale.New(tag)
			fx := newFixture(t, "")
			fx.c.Backend.Lang = l
			fx.sampleDay()
			open := fx.screen(w, h)
			asking := typeText(first(press(open, "c")), "120,5")
			asking, _ = press(asking, "enter")
			asking, _ = press(asking, "x")
			closed, cmd := press(asking, "y")
			closed = fx.feed(closed, cmd)
			words := screentest.WordsOf(l, data...)
			for name, m := range map[string]Model{"open": open, "asking": asking, "closed": closed} {
				screentest.CheckLines(t, name, m.View(), w, words)
				screentest.NoEnglish(t, name, m.View(), l, data...)
			}
			golden.RequireEqual(t, []byte(fmt.Sprintf("%s\n---\n%s\n---\n%s",
				masked(t, fx, open), masked(t, fx, asking), masked(t, fx, closed))))
		})
	}
}
