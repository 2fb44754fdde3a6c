package apptest

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/pin"
)

// Opener opens a new, empty book for one test, reading the clock now.
type Opener func(t *testing.T, now func() time.Time) app.Book

// Clock is a test clock that moves only when told.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Start is where every check's clock starts: mid-morning of a business day.
var Start = time.Date(2026, 11, 24, 10, 0, 0, 0, time.Local)

// Now reads the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestPIN is the manager PIN of the checks that set one.
const TestPIN = "2468"

var pinHash = sync.OnceValues(func() (string, error) { return pin.Hash(TestPIN) })

// Fixture is one check's use cases on a fresh book.
type Fixture struct {
	T     *testing.T
	Ctx   context.Context
	Clock *Clock
	Book  app.Book
	App   *app.App
	Pages *Paper // what the App's printer printed
}

// NewFixture opens a book with open and puts the demo configuration's
// use cases on it, with a printer that keeps what it prints.
func NewFixture(t *testing.T, open Opener) *Fixture {
	t.Helper()
	cfg, err := config.Resolve(config.Demo())
	if err != nil {
		t.Fatal(err)
	}
	clock := &Clock{t: Start}
	book := open(t, clock.Now)
	paper := &Paper{}
	return &Fixture{T: t, Ctx: context.Background(), Clock: clock, Book: book, Pages: paper,
		App: &app.App{Book: book, Merchant: cfg.Merchant, Schemes: cfg.Schemes, Expiry: cfg.Expiry,
			Actor: "tester", Printer: paper}}
}

// WithPIN makes the fixture's use cases ask for TestPIN.
func (f *Fixture) WithPIN() *Fixture {
	f.T.Helper()
	h, err := pinHash()
	if err != nil {
		f.T.Fatal(err)
	}
	f.App.ManagerPIN = h
	return f
}

// Charge creates an order for minor units of the merchant's currency.
func (f *Fixture) Charge(minor int64, note string) app.Order {
	f.T.Helper()
	o, err := f.App.CreateOrder(f.Ctx, f.Amount(minor), note)
	if err != nil {
		f.T.Fatalf("charge %d: %v", minor, err)
	}
	return o
}

// Amount is minor units of the merchant's currency.
func (f *Fixture) Amount(minor int64) payment.Amount {
	return payment.Amount{Minor: minor, Currency: f.App.Merchant.Currency}
}

// Kinds lists the kinds of order ref's events, oldest first.
func (f *Fixture) Kinds(ref payment.Reference) []payment.EventKind {
	f.T.Helper()
	evs, err := f.Book.Events(f.Ctx, ref)
	if err != nil {
		f.T.Fatal(err)
	}
	var out []payment.EventKind
	for _, e := range evs {
		out = append(out, e.Kind)
	}
	return out
}

// Status is order ref's status as the book now has it.
func (f *Fixture) Status(ref payment.Reference) payment.Status {
	f.T.Helper()
	o, err := f.App.Order(f.Ctx, ref)
	if err != nil {
		f.T.Fatal(err)
	}
	return o.Status()
}

// Paper is a printer that keeps what it is given, or fails with Err.
type Paper struct {
	mu    sync.Mutex
	Err   error
	Pages []string
}

// Print implements app.Printer.
func (p *Paper) Print(_ context.Context, text string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Err != nil {
		return p.Err
	}
	p.Pages = append(p.Pages, text)
	return nil
}

func (p *Paper) String() string { return "test paper" }

// Run checks the use cases on books that open makes: the in-memory Book
// and store.Store both pass it, so the fake behaves as the real thing.
func Run(t *testing.T, open Opener) {
	t.Run("orders", func(t *testing.T) { runOrders(t, open) })
	t.Run("manual actions", func(t *testing.T) { runActions(t, open) })
	t.Run("expiry and reopening", func(t *testing.T) { runExpiry(t, open) })
	t.Run("history", func(t *testing.T) { runHistory(t, open) })
	t.Run("day report", func(t *testing.T) { runDay(t, open) })
	t.Run("receipts and printing", func(t *testing.T) { runReceipts(t, open) })
}

// runOrders is one scenario of the suite: making, claiming, cancelling and
// refunding orders.
//
// It is better whole: it is a test script whose steps build on each other;
// its branches are the checks (t.Fatalf), not logic.
func runOrders(t *testing.T, open Opener) {
	f := NewFixture(t, open)
	o := f.Charge(1250, "table 4")
	if o.Status() != payment.StatusOpen || o.Amount != f.Amount(1250) || o.Note != "table 4" || o.Day != "2026-11-24" {
		t.Fatalf("new order: %+v", o)
	}
	if len(o.Codes) == 0 || len(o.Schemes) == 0 || !o.ExpiresAt.Equal(Start.Add(f.App.Expiry)) {
		t.Fatalf("new order's codes and expiry: %+v", o)
	}
	got, err := f.App.Order(f.Ctx, o.Ref)
	if err != nil || got.Ref != o.Ref || len(got.Codes) != len(o.Codes) || got.Codes[0].Payload != o.Codes[0].Payload {
		t.Fatalf("read back: %+v, %v", got, err)
	}
	if k := f.Kinds(o.Ref); len(k) != 1 || k[0] != payment.EventCreated {
		t.Fatalf("events of a new order: %v", k)
	}
	if _, err := f.App.Order(f.Ctx, "AAAAAAAAAA"); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("unknown order: %v", err)
	}

	// Refused orders write nothing: a code no QR can hold, a zero amount.
	last, _ := f.Book.LastEventID(f.Ctx)
	tooBig := errors.New("too long for a QR code")
	f.App.Fits = func(string) error { return tooBig }
	if _, err := f.App.CreateOrder(f.Ctx, f.Amount(500), ""); !errors.Is(err, tooBig) || !strings.Contains(err.Error(), " code: ") {
		t.Fatalf("a code that does not fit: %v", err)
	}
	f.App.Fits = nil
	if _, err := f.App.CreateOrder(f.Ctx, f.Amount(0), ""); !errors.Is(err, payment.ErrAmountZero) {
		t.Fatalf("zero amount: %v", err)
	}
	list, err := f.App.List(f.Ctx, app.Filter{})
	now, _ := f.Book.LastEventID(f.Ctx)
	if err != nil || len(list) != 1 || now != last {
		t.Fatalf("refused orders were written: %d orders, events %d -> %d, %v", len(list), last, now, err)
	}
}

func runActions(t *testing.T, open Opener) {
	tests := []struct {
		name   string
		pin    bool
		claim  bool // claim the order first
		do     func(f *Fixture, ref payment.Reference) (app.Order, error)
		want   payment.Status
		err    error // errors.Is
		events int   // the order's events afterwards
	}{
		{name: "claim", do: func(f *Fixture, ref payment.Reference) (app.Order, error) { return f.App.Claim(f.Ctx, ref, "") },
			want: payment.StatusClaimed, events: 2},
		{name: "cancel without a PIN set", do: func(f *Fixture, ref payment.Reference) (app.Order, error) {
			return f.App.Cancel(f.Ctx, ref, "customer left", "")
		}, want: payment.StatusCancelled, events: 2},
		{name: "cancel with the PIN", pin: true, do: func(f *Fixture, ref payment.Reference) (app.Order, error) {
			return f.App.Cancel(f.Ctx, ref, "customer left", TestPIN)
		}, want: payment.StatusCancelled, events: 2},
		{name: "cancel with a wrong PIN changes nothing", pin: true, do: func(f *Fixture, ref payment.Reference) (app.Order, error) {
			return f.App.Cancel(f.Ctx, ref, "customer left", "1111")
		}, want: payment.StatusOpen, err: app.ErrWrongPIN, events: 1},
		{name: "refund with the PIN", pin: true, claim: true, do: func(f *Fixture, ref payment.Reference) (app.Order, error) {
			return f.App.Refund(f.Ctx, ref, 1000, "returned", TestPIN)
		}, want: payment.StatusRefunded, events: 3},
		{name: "refund with a wrong PIN changes nothing", pin: true, claim: true, do: func(f *Fixture, ref payment.Reference) (app.Order, error) {
			return f.App.Refund(f.Ctx, ref, 1000, "returned", "")
		}, want: payment.StatusClaimed, err: app.ErrWrongPIN, events: 2},
		{name: "refund beyond what was paid", claim: true, do: func(f *Fixture, ref payment.Reference) (app.Order, error) {
			return f.App.Refund(f.Ctx, ref, 1001, "returned", "")
		}, want: payment.StatusClaimed, err: payment.ErrTransition, events: 2},
		{name: "claim twice", claim: true, do: func(f *Fixture, ref payment.Reference) (app.Order, error) { return f.App.Claim(f.Ctx, ref, "") },
			want: payment.StatusClaimed, err: payment.ErrTransition, events: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewFixture(t, open)
			if tt.pin {
				f.WithPIN()
			}
			o := f.Charge(1000, "")
			if tt.claim {
				if _, err := f.App.Claim(f.Ctx, o.Ref, ""); err != nil {
					t.Fatal(err)
				}
			}
			got, err := tt.do(f, o.Ref)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("error %v, want %v", err, tt.err)
				}
			} else if err != nil || got.Status() != tt.want {
				t.Fatalf("got %s, %v; want %s", got.Status(), err, tt.want)
			}
			if st := f.Status(o.Ref); st != tt.want {
				t.Fatalf("stored status %s, want %s", st, tt.want)
			}
			if k := f.Kinds(o.Ref); len(k) != tt.events {
				t.Fatalf("events %v, want %d", k, tt.events)
			}
		})
	}
}

func runExpiry(t *testing.T, open Opener) {
	f := NewFixture(t, open)
	o := f.Charge(700, "")
	if _, err := f.App.Reopen(f.Ctx, o.Ref); !errors.Is(err, payment.ErrTransition) {
		t.Fatalf("reopening an open order: %v", err)
	}
	if refs, err := f.App.Expire(f.Ctx); err != nil || len(refs) != 0 {
		t.Fatalf("expired early: %v %v", refs, err)
	}
	f.Clock.Advance(f.App.Expiry)
	refs, err := f.App.Expire(f.Ctx)
	if err != nil || len(refs) != 1 || refs[0] != o.Ref || f.Status(o.Ref) != payment.StatusExpired {
		t.Fatalf("expiry: %v %v %s", refs, err, f.Status(o.Ref))
	}
	f.Clock.Advance(time.Minute)
	r, err := f.App.Reopen(f.Ctx, o.Ref)
	if err != nil || r.Status() != payment.StatusOpen || r.Ref != o.Ref || len(r.Codes) != len(o.Codes) {
		t.Fatalf("reopen: %+v %v", r, err)
	}
	if want := f.Clock.Now().Add(f.App.Expiry); !r.ExpiresAt.Equal(want) {
		t.Fatalf("reopened until %v, want %v", r.ExpiresAt, want)
	}
	k := f.Kinds(o.Ref)
	if len(k) != 3 || k[1] != payment.EventExpired || k[2] != payment.EventReopened {
		t.Fatalf("events %v", k)
	}
	if refs, err := f.App.Expire(f.Ctx); err != nil || len(refs) != 0 {
		t.Fatalf("a reopened order expired at once: %v %v", refs, err)
	}
}

// runHistory is one scenario of the suite: the changes feed and an
// order's detail.
//
// It is better whole: it is a test script whose steps build on each other;
// its branches are the checks (t.Fatalf), not logic.
func runHistory(t *testing.T, open Opener) {
	f := NewFixture(t, open)
	orders, last, err := f.App.Changes(f.Ctx, -1)
	if err != nil || len(orders) != 0 || last != 0 {
		t.Fatalf("changes of an empty book: %v %d %v", orders, last, err)
	}
	a := f.Charge(100, "first")
	f.Clock.Advance(time.Second)
	b := f.Charge(200, "second")
	f.Clock.Advance(time.Second)
	c := f.Charge(300, "third")
	_, last, err = f.App.Changes(f.Ctx, -1)
	if err != nil || last == 0 {
		t.Fatalf("where now is: %d %v", last, err)
	}
	if _, err := f.App.Claim(f.Ctx, b.Ref, ""); err != nil {
		t.Fatal(err)
	}
	changed, next, err := f.App.Changes(f.Ctx, last)
	if err != nil || len(changed) != 1 || changed[0].Ref != b.Ref || changed[0].Status() != payment.StatusClaimed || next <= last {
		t.Fatalf("changes after a claim: %+v %d %v", changed, next, err)
	}
	if changed, _, _ := f.App.Changes(f.Ctx, next); len(changed) != 0 {
		t.Fatalf("changes seen twice: %+v", changed)
	}
	o, evs, err := f.App.Detail(f.Ctx, b.Ref)
	if err != nil || o.Ref != b.Ref || len(evs) != 2 || evs[1].Kind != payment.EventClaimed || evs[1].Actor != "tester" || evs[0].ID >= evs[1].ID {
		t.Fatalf("detail: %+v %+v %v", o, evs, err)
	}
	notes := func(t *testing.T, flt app.Filter) string {
		t.Helper()
		list, err := f.App.List(f.Ctx, flt)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, o := range list {
			s = append(s, o.Note)
		}
		return strings.Join(s, ",")
	}
	for _, tt := range []struct {
		name string
		f    app.Filter
		want string
	}{
		{"all, newest first", app.Filter{}, "third,second,first"},
		{"oldest first", app.Filter{Oldest: true}, "first,second,third"},
		{"limit", app.Filter{Limit: 2}, "third,second"},
		{"status", app.Filter{Status: []payment.Status{payment.StatusClaimed}}, "second"},
		{"statuses", app.Filter{Status: []payment.Status{payment.StatusOpen}, Oldest: true}, "first,third"},
		{"day", app.Filter{Day: "2026-11-24", Limit: 1}, "third"},
		{"another day", app.Filter{Day: "2026-11-23"}, ""},
		{"since", app.Filter{Since: c.CreatedAt}, "third"},
		{"until", app.Filter{Until: b.CreatedAt}, "first"},
		{"search a note", app.Filter{Search: "SEC"}, "second"},
		{"search a reference", app.Filter{Search: string(a.Ref)}, "first"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := notes(t, tt.f); got != tt.want {
				t.Fatalf("%+v: %q, want %q", tt.f, got, tt.want)
			}
		})
	}
}
