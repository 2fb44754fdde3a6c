package reconcile

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/pin"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/screentest"
)

// program runs the screen in a real Bubble Tea program on an emulated
// terminal, with the statement imported and the queue shown.
type program struct {
	t  *testing.T
	e  *env
	tm *teatest.TestModel
	p  *screentest.Program
}

func startQueue(t *testing.T, managerPIN string) *program {
	t.Helper()
	e := newEnv(t)
	if managerPIN != "" {
		hash, err := pin.Hash(managerPIN)
		if err != nil {
			t.Fatal(err)
		}
		e.cfg.File.Till.ManagerPIN = hash
	}
	e.statementOrders()
	e.write("statement.csv", nil)
	// Import first, through the screen's own path, so the program opens
	// on the queue.
	if d := e.open(100, 30); true {
		d.importFile("statement.csv")
		if d.m.state != stateOutcome {
			t.Fatalf("import failed: %v", d.m.done.Err)
		}
	}
	p := &program{t: t, e: e}
	p.p = screentest.Start(t, harness{screen: New(e.common(100, 30-1), e.dir)}, 100, 30)
	p.p.Wait = 20 * time.Second
	p.tm = p.p.TM
	p.waitFor("Exceptions · 6 open")
	return p
}

func (p *program) waitFor(text string) string {
	p.t.Helper()
	return p.p.WaitFor(text)
}

func (p *program) key(code rune) { p.tm.Send(tea.KeyPressMsg{Code: code}) }

// typeKeys types s key by key; a newline is Enter.
func (p *program) typeKeys(s string) {
	for _, part := range strings.SplitAfter(s, "\n") {
		text := strings.TrimSuffix(part, "\n")
		if text != "" {
			p.tm.Type(text)
		}
		if text != part {
			p.key(tea.KeyEnter)
		}
	}
}

// goTo moves the cursor from the top of the queue to the first open
// exception of kind.
func (p *program) goTo(kind string) store.ExceptionItem {
	p.t.Helper()
	open, err := p.e.st.Exceptions(context.Background(), true, 0)
	if err != nil {
		p.t.Fatal(err)
	}
	for range len(open) {
		p.key(tea.KeyUp)
	}
	for _, x := range open {
		if x.Kind == kind {
			p.waitFor(fmt.Sprintf("#%d %s ·", x.ID, kind))
			return x
		}
		p.key(tea.KeyDown)
	}
	p.t.Fatalf("no open %s exception", kind)
	return store.ExceptionItem{}
}

// books is what a decision could change: every open exception, and every
// order's status and number of events.
func (p *program) books() string {
	p.t.Helper()
	ctx := context.Background()
	var b strings.Builder
	open, _ := p.e.st.Exceptions(ctx, true, 0)
	for _, x := range open {
		fmt.Fprintf(&b, "#%d %s; ", x.ID, x.Kind)
	}
	list, err := p.e.st.List(ctx, store.Filter{})
	if err != nil {
		p.t.Fatal(err)
	}
	for _, o := range list {
		evs, _ := p.e.st.Events(ctx, o.Ref)
		fmt.Fprintf(&b, "%s %s %d; ", o.Ref, o.Status(), len(evs))
	}
	return b.String()
}

func (p *program) quit() {
	p.key(tea.KeyEscape)
	p.p.Final()
}

// With a manager PIN set, dismiss, accept and link each ask it; a wrong
// PIN changes nothing in the books, the right one saves the decision.
func TestDecisionsNeedTheManagerPIN(t *testing.T) {
	p := startQueue(t, "4321")
	e := p.e
	target, err := e.st.CreateOrder(context.Background(), store.NewOrder{
		Amount: payment.Amount{Minor: 320, Currency: payment.MustCurrency("EUR")}, Expiry: 15 * time.Minute, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		kind, start, title, done string
	}{
		{"duplicate", "xbank returned it\n", "Dismiss #", "dismissed"},
		{"suggested", "a", "Accept #", "accepted: order " + e.refs["Suggested"].Grouped() + " is now paid"},
		{"unmatched", "l" + string(target.Ref) + "\n", "Link #", "linked: order " + target.Ref.Grouped() + " is now paid"},
	}
	for _, s := range steps {
		x := p.goTo(s.kind)
		before := p.books()
		p.typeKeys(s.start)
		p.waitFor(s.title + fmt.Sprint(x.ID))
		p.waitFor("Manager PIN:")
		p.typeKeys("0000\n")
		p.waitFor(fmt.Sprintf("#%d: wrong manager PIN; nothing was changed", x.ID))
		if after := p.books(); after != before {
			t.Fatalf("%s with a wrong PIN changed the books:\nbefore %s\nafter  %s", s.kind, before, after)
		}
		p.typeKeys(s.start)
		p.waitFor("Manager PIN:")
		p.typeKeys("4321\n")
		p.waitFor(fmt.Sprintf("#%d %s", x.ID, s.done))
		if p.books() == before {
			t.Fatalf("%s with the right PIN changed nothing", s.kind)
		}
	}
	p.waitFor("Exceptions · 3 open")
	// Esc at the PIN leaves everything as it was too.
	x := p.goTo("late")
	before := p.books()
	p.typeKeys("xchecked\n")
	p.waitFor("Manager PIN:")
	p.typeKeys("43")
	p.key(tea.KeyEscape)
	p.waitFor(fmt.Sprintf("#%d: nothing was changed", x.ID))
	if p.books() != before {
		t.Fatal("esc at the PIN changed the books")
	}
	p.quit()
}

// Linking a payment to an order it does not fit asks first, saying what
// differs; n writes nothing, y links. An order in another currency is
// refused before anything is asked.
func TestLinkAsksWhenTheAmountDiffers(t *testing.T) {
	p := startQueue(t, "")
	e := p.e
	ctx := context.Background()
	bigger, err := e.st.CreateOrder(ctx, store.NewOrder{
		Amount: payment.Amount{Minor: 500, Currency: payment.MustCurrency("EUR")}, Expiry: 15 * time.Minute, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	x := p.goTo("unmatched")

	// An order that waits for no money any more.
	before := p.books()
	paid, _ := e.st.Get(ctx, e.refs["Paid"])
	p.typeKeys("l" + string(paid.Ref) + "\n")
	p.waitFor(fmt.Sprintf("Order %s is %s; the payment is EUR 3.20. Link anyway?", paid.Ref.Grouped(), paid.Status()))
	p.typeKeys("n")
	p.waitFor(fmt.Sprintf("#%d: nothing was changed", x.ID))

	// A different amount: no, then yes.
	p.typeKeys("l" + string(bigger.Ref) + "\n")
	p.waitFor("The payment is EUR 3.20, the order EUR 5.00. Link anyway?")
	p.waitFor("y: yes · n or esc: no, nothing is written")
	p.key(tea.KeyEscape)
	p.waitFor(fmt.Sprintf("#%d: nothing was changed", x.ID))
	if p.books() != before {
		t.Fatal("answering no changed the books")
	}
	p.typeKeys("l" + string(bigger.Ref) + "\n")
	p.waitFor("Link anyway?")
	p.typeKeys("y")
	p.waitFor(fmt.Sprintf("#%d linked: order %s is now partial", x.ID, bigger.Ref.Grouped()))
	if o, _ := e.st.Get(ctx, bigger.Ref); o.State.Received != 320 {
		t.Fatalf("linked order received %d", o.State.Received)
	}
	p.quit()
}

// The exact amount links without a question.
func TestLinkExactAmountAsksNothing(t *testing.T) {
	p := startQueue(t, "")
	o, err := p.e.st.CreateOrder(context.Background(), store.NewOrder{
		Amount: payment.Amount{Minor: 320, Currency: payment.MustCurrency("EUR")}, Expiry: 15 * time.Minute, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	x := p.goTo("unmatched")
	p.typeKeys("l" + string(o.Ref) + "\n")
	if s := p.waitFor(fmt.Sprintf("#%d linked", x.ID)); strings.Contains(s, "anyway?") {
		t.Fatalf("asked about an exact payment:\n%s", s)
	}
	p.quit()
}

// What the question says for each way a payment can differ from its order.
func TestDecisionQuestions(t *testing.T) {
	eur := payment.MustCurrency("EUR")
	order := func(minor, received int64, st payment.Status) store.Order {
		return store.Order{Ref: "AB2CD3EFGH", Amount: payment.Amount{Minor: minor, Currency: eur},
			State: payment.State{Status: st, Due: minor, Received: received}}
	}
	pay := store.ExceptionItem{ID: 4, Amount: 1800, Currency: "EUR"}
	for _, tt := range []struct {
		o    store.Order
		want string
	}{
		{order(1800, 0, payment.StatusOpen), ""},
		{order(1800, 0, payment.StatusExpired), ""},
		{order(2000, 0, payment.StatusOpen), "The payment is EUR 18.00, the order EUR 20.00."},
		{order(2000, 0, payment.StatusClaimed), "The payment is EUR 18.00, the order EUR 20.00."},
		{order(2000, 200, payment.StatusPartial), ""},
		{order(2000, 500, payment.StatusPartial), "The payment is EUR 18.00, the order EUR 20.00 with EUR 15.00 still due."},
		{order(1800, 1800, payment.StatusPaid), "Order AB2CD-3EFGH is paid; the payment is EUR 18.00."},
		{order(1800, 0, payment.StatusCancelled), "Order AB2CD-3EFGH is cancelled; the payment is EUR 18.00."},
	} {
		if got := linkQuestion(locale.Locale{}, pay, tt.o); got != tt.want {
			t.Errorf("%s %d/%d: %q, want %q", tt.o.Status(), tt.o.State.Received, tt.o.Amount.Minor, got, tt.want)
		}
	}
	sugg := store.ExceptionItem{Amount: 1800, Due: 1800, Currency: "EUR"}
	if q := acceptQuestion(locale.Locale{}, sugg); q != "" {
		t.Errorf("exact suggestion asks %q", q)
	}
	sugg.Due = 2000
	if q := acceptQuestion(locale.Locale{}, sugg); q != "The payment is EUR 18.00, the order EUR 20.00. Accept anyway?" {
		t.Errorf("suggestion of another amount asks %q", q)
	}
}
