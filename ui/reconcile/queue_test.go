package reconcile

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
)

// imported is a store after the test statement was imported, and a
// screen opened afresh on it.
func imported(t *testing.T, w, h int) (*env, *driver) {
	t.Helper()
	e := newEnv(t)
	e.statementOrders()
	e.write("statement.csv", nil)
	d := e.open(w, h)
	d.importFile("statement.csv")
	if d.m.state != stateOutcome {
		t.Fatalf("import failed: %v", d.m.done.Err)
	}
	return e, e.open(w, h)
}

// Opening the screen with open exceptions shows the queue: every open
// exception, oldest first, the same the store lists.
func TestQueueListsOpenExceptions(t *testing.T) {
	e, d := imported(t, 100, 38)
	if d.m.state != stateQueue {
		t.Fatalf("opened in state %d with open exceptions, want the queue", d.m.state)
	}
	want, err := e.st.Exceptions(context.Background(), true, 0)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for i, x := range d.m.items {
		if x.ID != want[i].ID {
			t.Errorf("item %d is #%d, store says #%d", i, x.ID, want[i].ID)
		}
		kinds = append(kinds, x.Kind)
	}
	sort.Strings(kinds)
	if strings.Join(kinds, " ") != "duplicate late overpaid partial suggested unmatched" || d.m.open != 6 {
		t.Fatalf("queue kinds %v, %d open", kinds, d.m.open)
	}
	view := ansi.Strip(d.m.View())
	for _, s := range []string{"Exceptions · 6 open", "unmatched", "EUR 3.20", e.refs["Late"].Grouped(),
		"was cancelled when EUR 9.00 arrived"} {
		if !strings.Contains(view, s) {
			t.Errorf("queue does not show %q:\n%s", s, view)
		}
	}
	// The keys offered follow the selection.
	d.selectKind("partial")
	if hasKey(d.m.Help(), "l") || hasKey(d.m.Help(), "a") || !hasKey(d.m.Help(), "x") {
		t.Errorf("partial offers %v", helpKeys(d.m.Help()))
	}
	d.selectKind("suggested")
	if !hasKey(d.m.Help(), "l") || !hasKey(d.m.Help(), "a") {
		t.Errorf("suggestion offers %v", helpKeys(d.m.Help()))
	}
	// Keys that do not apply do nothing.
	d.selectKind("late")
	d.keys("al")
	if d.m.busy || d.m.Typing() {
		t.Fatal("accept or link started on a late payment")
	}
}

// Accepting the suggestion pays the suggested order with the statement
// line, as the cashier, and closes the exception.
func TestAcceptSuggestion(t *testing.T) {
	e, d := imported(t, 80, 22)
	x := d.selectKind("suggested")
	d.keys("a")
	o, err := e.st.Get(context.Background(), e.refs["Suggested"])
	if err != nil || o.Status() != payment.StatusPaid {
		t.Fatalf("suggested order after accept: %s, %v", o.Status(), err)
	}
	evs, _ := e.st.Events(context.Background(), o.Ref)
	last := evs[len(evs)-1]
	if last.Kind != payment.EventPayment || last.Actor != "tester" || last.Amount != 777 || !strings.Contains(last.Source, "TX-1008") {
		t.Fatalf("payment event %+v", last)
	}
	if d.m.open != 5 || containsID(d.m.items, x.ID) {
		t.Fatalf("queue after accept: %d open, items %v", d.m.open, d.m.items)
	}
	if !strings.Contains(d.m.notice, "order "+o.Ref.Grouped()+" is now paid") {
		t.Errorf("notice %q", d.m.notice)
	}
}

// Linking the unmatched payment: the reference is checked as it is typed,
// a wrong one cannot be submitted, the right one pays the order.
func TestLinkUnmatched(t *testing.T) {
	e, d := imported(t, 80, 22)
	target := e.order("Kiosk", 320)
	x := d.selectKind("unmatched")
	d.keys("l")
	if !d.m.Typing() {
		t.Fatal("l did not open the reference field")
	}
	// A mistyped check character, then Enter: refused on the spot.
	wrong := []byte(target)
	wrong[9] = nextSymbol(wrong[9])
	d.keys(strings.ToLower(string(wrong[:5])) + "-" + string(wrong[5:]))
	if v := ansi.Strip(d.m.View()); !strings.Contains(v, "check character does not match") {
		t.Fatalf("a wrong check character is not flagged while typing:\n%s", v)
	}
	d.keys("{enter}")
	if !d.m.Typing() || d.m.busy {
		t.Fatal("a wrong reference was submitted")
	}
	d.keys("{backspace}" + string(target[9]))
	if v := ansi.Strip(d.m.View()); !strings.Contains(v, "✓ "+target.Grouped()) {
		t.Fatalf("a right reference is not confirmed while typing:\n%s", v)
	}
	d.keys("{enter}")
	if d.m.Typing() {
		t.Fatalf("still typing after a valid reference: %q", d.m.err)
	}
	o, _ := e.st.Get(context.Background(), target)
	if o.Status() != payment.StatusPaid {
		t.Fatalf("linked order is %s", o.Status())
	}
	evs, _ := e.st.Events(context.Background(), target)
	if last := evs[len(evs)-1]; last.Actor != "tester" || last.Note != linkNote || !strings.Contains(last.Source, "TX-1007") {
		t.Fatalf("link event %+v", last)
	}
	if containsID(d.m.items, x.ID) || d.m.open != 5 {
		t.Fatalf("unmatched still open: %d", d.m.open)
	}
}

// A link the store refuses (another currency) is explained and the
// exception stays open.
func TestLinkRefusedIsExplained(t *testing.T) {
	e, d := imported(t, 80, 22)
	o, err := e.st.CreateOrder(context.Background(), store.NewOrder{
		Amount: payment.Amount{Minor: 320, Currency: payment.MustCurrency("USD")}, Expiry: 15 * time.Minute, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	d.selectKind("unmatched")
	d.keys("l" + string(o.Ref) + "{enter}")
	if !strings.Contains(d.m.err, "USD") || d.m.open != 6 || d.m.busy {
		t.Fatalf("err %q, %d open, busy %v", d.m.err, d.m.open, d.m.busy)
	}
	if !strings.Contains(ansi.Strip(d.m.View()), "in USD but the payment is in EUR") {
		t.Fatalf("refusal not shown:\n%s", ansi.Strip(d.m.View()))
	}
}

// Dismissing needs a reason; the reason lands on the order's history.
func TestDismissNeedsReason(t *testing.T) {
	e, d := imported(t, 80, 22)
	x := d.selectKind("duplicate")
	d.keys("x{enter}")
	if !d.m.Typing() || !strings.Contains(d.m.err, "reason is required") {
		t.Fatalf("empty reason: typing %v, err %q", d.m.Typing(), d.m.err)
	}
	d.keys("{esc}")
	if d.m.Typing() || len(d.root) != 0 {
		t.Fatal("esc in the field should only close the field")
	}
	d.keys("xreturned by bank transfer{enter}")
	if d.m.Typing() || d.m.open != 5 || containsID(d.m.items, x.ID) {
		t.Fatalf("after dismiss: typing %v, %d open, err %q", d.m.Typing(), d.m.open, d.m.err)
	}
	all, _ := e.st.Exceptions(context.Background(), false, 0)
	for _, a := range all {
		if a.ID == x.ID && !strings.Contains(a.Detail, "already paid") {
			t.Fatalf("wrong exception dismissed: %+v", a)
		}
	}
	evs, _ := e.st.Events(context.Background(), e.refs["Paid"])
	last := evs[len(evs)-1]
	if last.Kind != payment.EventNote || last.Actor != "tester" || !strings.Contains(last.Note, "returned by bank transfer") {
		t.Fatalf("note event %+v", last)
	}
	// Dismissed twice (another till did it first): the store's answer shows.
	d.send(common.ExceptionResolvedMsg{ID: x.ID, Outcome: app.Dismissed, Err: store.ErrResolved})
	if !strings.Contains(d.m.err, "already resolved") {
		t.Fatalf("err %q", d.m.err)
	}
}

// A change by another process reloads the queue; the cursor stays on
// the exception it was on.
func TestQueueReloadsOnStoreChange(t *testing.T) {
	e, d := imported(t, 80, 22)
	x := d.selectKind("late")
	first := d.m.items[0]
	if first.ID == x.ID {
		t.Fatal("test needs the late exception not to be first")
	}
	if err := e.st.Dismiss(context.Background(), first.ID, "someone", "checked by phone"); err != nil {
		t.Fatal(err)
	}
	d.send(common.StoreChangedMsg{})
	if got, _ := d.m.selected(); got.ID != x.ID || d.m.open != 5 {
		t.Fatalf("after reload: cursor on #%d (want #%d), %d open", got.ID, x.ID, d.m.open)
	}
}

func nextSymbol(c byte) byte {
	i := strings.IndexByte(payment.ReferenceAlphabet, c)
	return payment.ReferenceAlphabet[(i+1)%len(payment.ReferenceAlphabet)]
}

func containsID(items []store.ExceptionItem, id int64) bool {
	for _, x := range items {
		if x.ID == id {
			return true
		}
	}
	return false
}

func helpKeys(h keymap.Help) []string {
	var out []string
	for _, b := range h.Short {
		out = append(out, b.Help().Key)
	}
	return out
}

func hasKey(h keymap.Help, k string) bool { return slices.Contains(helpKeys(h), k) }

// Issue 11, class 6 on the screen: a statement in another currency than
// the till's says so once, and each of its lines is an exception.
func TestOtherCurrencyWarnsOnce(t *testing.T) {
	e := newEnv(t)
	e.cfg.Merchant.Currency = payment.MustCurrency("BRL")
	e.statementOrders()
	e.write("statement.csv", nil)
	d := e.open(100, 38)
	d.importFile("statement.csv")
	r := d.m.done.Result
	if r.ExceptionCount != 8 {
		t.Fatalf("EUR statement on a BRL till: %d exceptions; want each of the 8 lines held", r.ExceptionCount)
	}
	view := ansi.Strip(d.m.View())
	if n := strings.Count(view, "warning: statement.csv: 8 lines are in EUR on a BRL till"); n != 1 {
		t.Fatalf("%d warnings for the file, want 1:\n%s", n, view)
	}
}
