package orders

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
	"github.com/till-pos/till/ui/styles"
)

// fixture is the orders screen on a real database.
type fixture struct {
	t   *testing.T
	st  *store.Store
	cfg *config.Config
	m   Model
}

func newFixture(t *testing.T, w, h int) *fixture {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg, err := config.Resolve(config.Demo())
	if err != nil {
		t.Fatal(err)
	}
	k := keymap.Default()
	c := common.Common{Styles: styles.New(true, false), Keys: &k, Now: time.Now,
		Backend: &common.Backend{Store: st, Config: cfg, Actor: "tester"}}
	m := New(c)
	m.SetSize(w, h)
	return &fixture{t: t, st: st, cfg: cfg, m: m}
}

func (f *fixture) charge(minor int64, note string) store.Order {
	f.t.Helper()
	a := payment.Amount{Minor: minor, Currency: f.cfg.Merchant.Currency}
	o, err := f.st.CreateOrder(context.Background(), store.NewOrder{Amount: a, Note: note, Expiry: f.cfg.Expiry,
		Actor: "tester", Codes: common.OrderCodes(f.cfg.Schemes, a)})
	if err != nil {
		f.t.Fatal(err)
	}
	return o
}

// run gives msg to the screen, then the results of the commands it
// returns (one level of batches), as the program would.
func (f *fixture) run(msg tea.Msg) {
	f.t.Helper()
	var cmd tea.Cmd
	f.m, cmd = f.m.Update(msg)
	f.runCmd(cmd)
}

func (f *fixture) runCmd(cmd tea.Cmd) {
	f.t.Helper()
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			f.runCmd(c)
		}
	case common.OrdersMsg, common.OrderMsg, common.ErrMsg:
		var next tea.Cmd
		f.m, next = f.m.Update(msg)
		f.runCmd(next)
	}
}

func (f *fixture) load() { f.t.Helper(); f.runCmd(f.m.Init()) }

func press(s string) tea.KeyPressMsg {
	switch s {
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	}
	return tea.KeyPressMsg{Code: rune(s[0]), Text: s}
}

// Rows always have one cell per column: loaded wide, then narrowed (and
// widened again) to every width, nothing panics and the table fits.
func TestEveryWidth(t *testing.T) {
	f := newFixture(t, 100, 30)
	f.charge(1250, "table 4")
	f.charge(300, "")
	f.load()
	for _, h := range []int{15, 30} {
		for w := 130; w >= 30; w-- {
			f.m.SetSize(w, h)
			view := f.m.View()
			if w >= 35 && !strings.Contains(view, "12.50") {
				t.Fatalf("%dx%d: the order is not shown:\n%s", w, h, view)
			}
			// No line wraps, and every row keeps its whole status.
			for _, line := range strings.Split(view, "\n") {
				if n := ansi.StringWidth(line); n > w {
					t.Fatalf("%dx%d: line %d cells wide: %q", w, h, n, line)
				}
			}
			if !strings.Contains(view, "open") {
				t.Fatalf("%dx%d: the status is cut:\n%s", w, h, view)
			}
		}
		for w := 30; w <= 130; w++ {
			f.m.SetSize(w, h)
			_ = f.m.View()
		}
	}
	// Loaded while narrow, then widened.
	g := newFixture(t, 40, 15)
	g.charge(500, "a note")
	g.load()
	for w := 30; w <= 130; w++ {
		g.m.SetSize(w, 15)
		{
			for _, line := range strings.Split(g.m.View(), "\n") {
				if n := ansi.StringWidth(line); n > w {
					t.Fatalf("width %d: line %d cells wide: %q", w, n, line)
				}
			}
		}
	}
}

// A list loaded while empty leaves the table cursor at -1; once orders
// arrive the first one must be selected so Enter opens it.
func TestFirstRowSelectedAfterEmpty(t *testing.T) {
	f := newFixture(t, 100, 30)
	f.load() // empty database
	if !strings.Contains(f.m.View(), "No orders yet") {
		t.Fatalf("empty history:\n%s", f.m.View())
	}
	o := f.charge(700, "first")
	f.run(common.StoreChangedMsg{})
	got, ok := f.m.Selected()
	if !ok || got.Ref != o.Ref {
		t.Fatalf("selected after the first order arrived: %v %v", got.Ref, ok)
	}

	// A search that matches nothing, then esc: the row is selected again.
	f.run(press("/"))
	for _, r := range "ZZZZ" {
		f.run(press(string(r)))
	}
	f.run(press("enter"))
	if !strings.Contains(f.m.View(), "No orders match.") {
		t.Fatalf("search for nothing:\n%s", f.m.View())
	}
	f.run(press("esc"))
	if got, ok := f.m.Selected(); !ok || got.Ref != o.Ref {
		t.Fatalf("selected after clearing the search: %v %v", got.Ref, ok)
	}
	f.run(press("enter"))
	if f.m.detail == nil || f.m.detail.order.Ref != o.Ref {
		t.Fatal("enter did not open the selected order")
	}
}

// When orders change, the cursor stays on the same order, not on the same
// row number.
func TestSelectionFollowsTheOrder(t *testing.T) {
	f := newFixture(t, 100, 30)
	for i := range 3 {
		f.charge(int64(100*(i+1)), fmt.Sprint("order ", i))
	}
	f.load()
	f.run(press("down"))
	before, _ := f.m.Selected()
	f.charge(999, "new on top")
	f.run(common.StoreChangedMsg{})
	after, ok := f.m.Selected()
	if !ok || after.Ref != before.Ref {
		t.Fatalf("selected %v before the reload, %v after", before.Ref, after.Ref)
	}
}

// An order's details reloaded after an action, arriving once the cashier
// has closed them, do not open them again (under load the reload came
// after esc, and the details stayed on the screen).
func TestLateDetailsDoNotReopen(t *testing.T) {
	f := newFixture(t, 100, 30)
	o := f.charge(700, "late")
	f.load()
	f.run(press("enter"))
	if f.m.detail == nil {
		t.Fatal("enter did not open the order")
	}
	f.m, _ = f.m.Update(closeDetailMsg{})
	f.m, _ = f.m.Update(common.OrderMsg{Order: o, Detail: true})
	if f.m.detail != nil {
		t.Fatal("a late reload opened the closed details again")
	}
}
