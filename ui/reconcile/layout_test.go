package reconcile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/styles"
)

// Every state fits its area, from a cramped terminal to a large one.
func TestEveryStateFits(t *testing.T) {
	e := newEnv(t)
	e.statementOrders()
	e.write("statement.csv", nil)
	e.write("malformed.csv", nil)
	d := e.open(80, 22)
	d.importFile("statement.csv")
	outcome := d.m
	d.keys("e")
	queue := d.m
	d.keys("xbecause")
	typing := d.m
	d.keys("{esc}i")
	d.importFile("malformed.csv")
	failed := d.m
	d.keys("{enter}")
	pick := d.m
	importing := pick
	importing.state, importing.job = stateImporting, &common.ImportJob{}
	importing.req.Files = []string{"statement.csv"}
	importing.prog = common.ImportProgress{Lines: 123456, Bytes: 1 << 20, Total: 3 << 20}

	states := map[string]Model{"pick": pick, "importing": importing, "outcome": outcome, "failed": failed, "queue": queue, "typing": typing}
	for name, m := range states {
		for _, size := range []struct{ w, h int }{{40, 10}, {80, 22}, {100, 30}, {120, 38}, {200, 60}} {
			t.Run(fmt.Sprintf("%s/%dx%d", name, size.w, size.h), func(t *testing.T) {
				m.SetSize(size.w, size.h)
				m.scroll()
				checkSize(t, ansi.Strip(m.View()), size.w, size.h)
			})
		}
	}
}

// Without colour the selected exception is still marked, and nothing is
// coloured.
func TestNoColor(t *testing.T) {
	_, d := imported(t, 80, 22)
	*d.m.Styles = *styles.New(true, true)
	d.selectKind("late")
	view := d.m.View()
	if strings.Contains(view, "38;2;") || strings.Contains(view, "48;2;") {
		t.Fatalf("colour with NO_COLOR: %q", view)
	}
	var marked []string
	for _, l := range strings.Split(ansi.Strip(view), "\n") {
		if strings.HasPrefix(l, "› ") {
			marked = append(marked, l)
		}
	}
	if len(marked) != 1 || !strings.Contains(marked[0], "late") {
		t.Fatalf("marked rows %q", marked)
	}
}
