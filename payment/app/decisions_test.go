package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/app/apptest"
)

func fakeFixture(t *testing.T) (*apptest.Fixture, *apptest.Book) {
	t.Helper()
	var fake *apptest.Book
	f := apptest.NewFixture(t, func(t *testing.T, now func() time.Time) app.Book {
		fake = apptest.New()
		fake.Now = now
		return fake
	})
	return f, fake
}

// The reconcile queue's decisions ask for the manager PIN before the book
// is touched: a wrong PIN leaves the exception open and the order as it was.
func TestDecisions(t *testing.T) {
	tests := []struct {
		name     string
		kind     string
		pin      string
		decide   func(f *apptest.Fixture, id int64, ref payment.Reference, pin string) (app.Order, error)
		err      error
		status   payment.Status
		resolved string
	}{
		{name: "link", kind: "unmatched", pin: apptest.TestPIN, decide: link, status: payment.StatusPaid, resolved: "linked to "},
		{name: "link, wrong PIN", kind: "unmatched", pin: "0000", decide: link, err: app.ErrWrongPIN, status: payment.StatusOpen},
		{name: "accept", kind: "suggested", pin: apptest.TestPIN, decide: accept, status: payment.StatusPaid, resolved: "linked to "},
		{name: "accept, no PIN given", kind: "suggested", decide: accept, err: app.ErrWrongPIN, status: payment.StatusOpen},
		{name: "accept what is no suggestion", kind: "unmatched", pin: apptest.TestPIN, decide: accept, status: payment.StatusOpen},
		{name: "dismiss", kind: "suggested", pin: apptest.TestPIN, decide: dismiss, status: payment.StatusOpen, resolved: "dismissed"},
		{name: "dismiss, wrong PIN", kind: "suggested", pin: "1", decide: dismiss, err: app.ErrWrongPIN, status: payment.StatusOpen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, fake := fakeFixture(t)
			f.WithPIN()
			o := f.Charge(900, "")
			id := fake.AddException(apptest.Exception{Kind: tt.kind, Ref: o.Ref, Amount: 900,
				Currency: f.App.Merchant.Currency.Code, At: apptest.Start})
			_, err := tt.decide(f, id, o.Ref, tt.pin)
			switch {
			case tt.err != nil && !errors.Is(err, tt.err):
				t.Fatalf("error %v, want %v", err, tt.err)
			case tt.err == nil && tt.resolved != "" && err != nil:
				t.Fatal(err)
			case tt.err == nil && tt.resolved == "" && err == nil:
				t.Fatal("a refused decision was taken")
			}
			if st := f.Status(o.Ref); st != tt.status {
				t.Fatalf("order is %s, want %s", st, tt.status)
			}
			x, _ := fake.ExceptionByID(id)
			if !strings.HasPrefix(x.Resolved, tt.resolved) || (tt.resolved == "") != (x.Resolved == "") {
				t.Fatalf("exception resolved %q, want %q", x.Resolved, tt.resolved)
			}
		})
	}
}

func link(f *apptest.Fixture, id int64, ref payment.Reference, pin string) (app.Order, error) {
	return f.App.Link(f.Ctx, id, ref, "by hand", pin)
}

func accept(f *apptest.Fixture, id int64, _ payment.Reference, pin string) (app.Order, error) {
	return f.App.Accept(f.Ctx, id, pin)
}

func dismiss(f *apptest.Fixture, id int64, _ payment.Reference, pin string) (app.Order, error) {
	return app.Order{}, f.App.Dismiss(f.Ctx, id, "bank error", pin)
}

func TestOutcomeNames(t *testing.T) {
	for o, want := range map[app.Outcome]string{
		app.Loaded: "", app.Claimed: "claimed", app.Cancelled: "cancelled", app.Refunded: "refunded",
		app.Dismissed: "dismissed", app.Linked: "linked", app.Accepted: "accepted",
	} {
		if got := o.String(); got != want {
			t.Errorf("%d: %q, want %q", o, got, want)
		}
	}
}

// OrderCodes refuses a payload the front end cannot show before the book
// writes anything, and lets everything through without a judge.
func TestOrderCodes(t *testing.T) {
	f, _ := fakeFixture(t)
	build := app.OrderCodes(f.App.Schemes, f.Amount(1234), nil)
	codes, err := build("ABCDE12345", apptest.Start.Add(time.Hour))
	if err != nil || len(codes) == 0 || !strings.Contains(codes[0].Payload, "ABCDE12345") {
		t.Fatalf("codes: %+v %v", codes, err)
	}
	var seen []string
	fits := func(p string) error {
		seen = append(seen, p)
		if len(seen) == len(codes) {
			return errors.New("too long")
		}
		return nil
	}
	if _, err := app.OrderCodes(f.App.Schemes, f.Amount(1234), fits)("ABCDE12345", apptest.Start.Add(time.Hour)); err == nil ||
		!strings.HasSuffix(err.Error(), "code: too long") || len(seen) != len(codes) {
		t.Fatalf("the last code does not fit: %v (%d judged)", err, len(seen))
	}
}

func TestCommandPrinter(t *testing.T) {
	ctx := context.Background()
	if err := app.CommandPrinter("  ").Print(ctx, "x"); !errors.Is(err, app.ErrNoPrinter) {
		t.Fatalf("blank command: %v", err)
	}
	if err := app.CommandPrinter("cat >/dev/null").Print(ctx, "receipt"); err != nil {
		t.Fatal(err)
	}
	err := app.CommandPrinter("echo 'out of paper' >&2; exit 3").Print(ctx, "receipt")
	if err == nil || !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "out of paper") {
		t.Fatalf("failing command: %v", err)
	}
}

// The exception list is the open exceptions oldest first, cut at the
// limit, with the count of all open ones; a decided one leaves it.
func TestExceptionList(t *testing.T) {
	f, fake := fakeFixture(t)
	o := f.Charge(1250, "")
	first := fake.AddException(apptest.Exception{Kind: "unmatched", Amount: 700, Currency: "EUR"})
	fake.AddException(apptest.Exception{Kind: "suggested", Ref: o.Ref, Amount: 1250, Currency: "EUR"})
	third := fake.AddException(apptest.Exception{Kind: "unmatched", Amount: 300, Currency: "EUR"})
	items, n, err := f.App.Exceptions(f.Ctx, 2)
	if err != nil || n != 3 || len(items) != 2 || items[0].ID != first || items[1].Ref != string(o.Ref) || items[1].Due != 1250 {
		t.Fatalf("list: %+v, %d open, %v", items, n, err)
	}
	if err := f.App.Dismiss(f.Ctx, first, "a test payment", apptest.TestPIN); err != nil {
		t.Fatal(err)
	}
	items, n, err = f.App.Exceptions(f.Ctx, 0)
	if err != nil || n != 2 || len(items) != 2 || items[1].ID != third {
		t.Fatalf("after a dismissal: %+v, %d open, %v", items, n, err)
	}
}
