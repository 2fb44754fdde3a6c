package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/scheme"
)

func restCodes(ref payment.Reference, a payment.Amount, _ time.Time) ([]scheme.Code, error) {
	return []scheme.Code{{Label: "TEST", Format: "emv", Schemes: []string{"test"}, Payload: "rest-" + string(ref) + "-" + a.Decimal()}}, nil
}

func mustCheck(t *testing.T, s *Store) {
	t.Helper()
	if problems, err := s.Check(context.Background()); err != nil || len(problems) != 0 {
		t.Fatalf("till check: %v %v", problems, err)
	}
}

// shortPaid is an order of BRL 20.00 of which 12.00 arrived by a statement.
func shortPaid(t *testing.T, s *Store, key string) Order {
	t.Helper()
	o := newOrder(t, s, 2000)
	if _, err := s.Import(context.Background(), lines(credit(key, 1200, string(o.Ref), s.now())), ImportOptions{File: key, Actor: "t"}); err != nil {
		t.Fatal(err)
	}
	return o
}

// A code for the rest has its own reference linked to the order; money for
// it, by a notification or a statement line, settles the order; the books
// stay exact and the day close adds up.
func TestChargeTheRestSettlesTheOrder(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.Local)
	s.Now = func() time.Time { return now }

	fresh := newOrder(t, s, 2000)
	if _, err := s.ChargeRest(ctx, fresh.Ref, time.Minute, "ana", restCodes); !errors.Is(err, payment.ErrTransition) {
		t.Fatalf("rest of an order with no money yet: %v", err)
	}
	for i, via := range []string{"notification", "statement"} {
		o := shortPaid(t, s, "first-"+via)
		got, err := s.ChargeRest(ctx, o.Ref, 5*time.Minute, "ana", restCodes)
		if err != nil {
			t.Fatal(err)
		}
		r := got.Rest
		if r == nil || r.Ref == o.Ref || r.Amount.Minor != 800 || !r.ExpiresAt.Equal(now.Add(5*time.Minute)) ||
			len(r.Codes) != 1 || r.Codes[0].Payload != "rest-"+string(r.Ref)+"-8.00" || got.Status() != payment.StatusPartial {
			t.Fatalf("%s: rest %+v, order %s", via, r, got.Status())
		}
		if p, err := payment.ParseReference(string(r.Ref)); err != nil || p != r.Ref {
			t.Fatalf("%s: rest reference %s has no valid check character", via, r.Ref)
		}
		// The linked reference finds the order, with its rest.
		back, err := s.Get(ctx, r.Ref)
		if err != nil || back.Ref != o.Ref || back.Rest == nil || back.Rest.Ref != r.Ref || len(back.Rest.Codes) != 1 {
			t.Fatalf("%s: get by the rest's reference: %+v %v", via, back, err)
		}
		if links, _ := s.LinkedRefs(ctx, o.Ref); len(links) != 1 || links[0] != r.Ref {
			t.Fatalf("%s: linked %v", via, links)
		}
		pay := credit("rest-"+via, 800, string(r.Ref), now)
		if i == 0 {
			res, err := s.Notify(ctx, Notification{ID: "n-" + via, Kind: "generic", Body: []byte("{}")}, []reconcile.Evidence{pay}, reconcile.Options{Actor: "till serve"})
			if err != nil || len(res.Applied) != 1 || res.Applied[0].Decision.Outcome != reconcile.Paid {
				t.Fatalf("notification for the rest: %+v %v", res, err)
			}
		} else {
			// In one statement after a line for the order's own reference:
			// both lines must land on one copy of the order (the second
			// sees the first's 1.00: 21.00 of 20.00).
			other := credit("extra-"+via, 100, string(o.Ref), now)
			res, err := s.Import(ctx, lines(other, pay), ImportOptions{File: "rest", Actor: "t"})
			if err != nil || res.Counts[reconcile.Partial] != 1 || res.Counts[reconcile.Overpaid] != 1 {
				t.Fatalf("statement for the rest: %+v %v", res.Counts, err)
			}
		}
		after, _ := s.Get(ctx, o.Ref)
		want := payment.StatusPaid
		if i == 1 {
			want = payment.StatusOverpaid
		}
		if after.Status() != want {
			t.Fatalf("%s: order is %s after the rest was paid, want %s", via, after.Status(), want)
		}
		// No second rest once nothing is due.
		if _, err := s.ChargeRest(ctx, o.Ref, time.Minute, "ana", restCodes); !errors.Is(err, payment.ErrTransition) {
			t.Fatalf("%s: rest of a paid order: %v", via, err)
		}
	}
	mustCheck(t, s)
	if _, err := s.DayReport(ctx, now.Format(time.DateOnly), brl, true); err != nil {
		t.Fatal(err)
	}
}

// The cashier may mark the rest's code paid (a claim of the rest) or take
// the rest in cash; both with the amount still due, read in the same
// transaction. The day close shows the cash as a line of its own, not as
// verified money, and adds up.
func TestRestClaimedAndRestPaidInCash(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.Local)
	s.Now = func() time.Time { return now }

	claimed := shortPaid(t, s, "a")
	got, err := s.ChargeRest(ctx, claimed.Ref, time.Minute, "ana", restCodes)
	if err != nil {
		t.Fatal(err)
	}
	if o, err := s.ClaimRest(ctx, got.Rest.Ref, "ana", ""); err != nil || o.Status() != payment.StatusClaimed || o.State.RestClaimed != 800 {
		t.Fatalf("rest claimed: %+v %v", o.State, err)
	}
	if _, err := s.PayRestInCash(ctx, claimed.Ref, "ana", ""); !errors.Is(err, payment.ErrTransition) {
		t.Fatalf("cash after the rest was claimed: %v", err)
	}

	cash := shortPaid(t, s, "b")
	o, err := s.PayRestInCash(ctx, cash.Ref, "ana", "paid the rest in notes")
	if err != nil || o.Status() != payment.StatusPaid || o.State.Cash != 800 || o.State.Received != 1200 {
		t.Fatalf("rest in cash: %+v %v", o.State, err)
	}
	if _, err := s.PayRestInCash(ctx, cash.Ref, "ana", ""); !errors.Is(err, payment.ErrTransition) {
		t.Fatalf("cash twice: %v", err)
	}
	if _, err := s.Cancel(ctx, cash.Ref, "ana", "oops"); !errors.Is(err, payment.ErrTransition) {
		t.Fatalf("an order with cash in the drawer cancelled: %v", err)
	}
	// Whole in cash: an open order too.
	whole := newOrder(t, s, 500)
	if o, err := s.PayRestInCash(ctx, whole.Ref, "ana", ""); err != nil || o.Status() != payment.StatusPaid {
		t.Fatalf("whole order in cash: %+v %v", o.State, err)
	}
	mustCheck(t, s)

	d, err := s.DayReport(ctx, now.Format(time.DateOnly), brl, true)
	if err != nil {
		t.Fatal(err)
	}
	// Verified: the two statement lines; claimed: the claimed rest; cash:
	// the rest of one order and a whole one.
	if d.Verified != 2400 || d.Claimed != 800 || d.CashPaid != 1300 || d.Expected != 4500 || d.Refunded != 0 {
		t.Fatalf("day close: verified %d claimed %d cash %d expected %d", d.Verified, d.Claimed, d.CashPaid, d.Expected)
	}
	if len(d.Claims) != 1 || d.Claims[0].Ref != string(claimed.Ref) || d.Claims[0].Due != 800 {
		t.Fatalf("unverified claims %+v", d.Claims)
	}
	// A refund of the order paid partly in cash can give all of it back.
	if o, err := s.Refund(ctx, cash.Ref, 2000, "ana", "returned"); err != nil || o.Status() != payment.StatusRefunded {
		t.Fatalf("refund: %+v %v", o.State, err)
	}
	if d, err = s.DayReport(ctx, now.Format(time.DateOnly), brl, true); err != nil || d.Expected != 2500 {
		t.Fatalf("after the refund: expected %d, %v", d.Expected, err)
	}
	mustCheck(t, s)
}
