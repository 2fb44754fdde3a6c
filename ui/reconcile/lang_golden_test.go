package reconcile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/ui/screentest"
)

// The reconcile screen at 80×24 (22 rows under the root's header and help
// line) in every language: the file picker, and a decision asked over the
// queue (linking an unmatched payment to an order whose amount differs).
// Golden files to read; no line wider than the window, no word cut.
func TestGoldenLanguages(t *testing.T) {
	const w, h = 80, 22
	for _, tag := range locale.Supported {
		t.Run(tag.String(), func(t *testing.T) {
			e := newEnv(t)
			e.lang = locale.New(tag)
			e.statementOrders()
			e.write("statement.csv", nil)
			d := e.open(w, h)
			picker := ansi.Strip(d.m.View())

			d.importFile("statement.csv")
			outcome := ansi.Strip(d.m.View())
			d.keys("e")
			d.selectKind("unmatched")
			d.keys("l" + string(e.refs["Claimed"]) + "{enter}")
			if !d.m.deciding() {
				t.Fatalf("no decision asked:\n%s", ansi.Strip(d.m.View()))
			}
			decision := ansi.Strip(d.m.View())

			var data []string
			for _, x := range d.m.items {
				data = append(data, x.Detail)
			}
			words := screentest.WordsOf(e.lang, data...)
			for name, screen := range map[string]string{"picker": picker, "outcome": outcome, "decision": decision} {
				checkSize(t, screen, w, h)
				screentest.CheckLines(t, name, screen, w, words)
			}
			for _, english := range []string{"choose a statement", "open exceptions", "lines read", "Link anyway?", "nothing is written"} {
				if !e.lang.IsEnglish() && strings.Contains(picker+outcome+decision, english) {
					t.Errorf("English %q on the %v screens", english, tag)
				}
			}
			all := fmt.Sprintf("%s\n---\n%s\n---\n%s", picker, outcome, decision)
			golden.RequireEqual(t, []byte(e.stable(strings.ReplaceAll(all, e.dir, "/home/ana/statements"))))
		})
	}
}
