package store

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
)

// A generated day of thousands of orders in every status, with refunds
// and late payments: the report's figures equal the sums computed order by
// order, and its parts add up to its totals.
func TestDayReportAddsUp(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 11))
	day := time.Date(2026, 11, 24, 8, 0, 0, 0, time.Local)
	clock := day
	s.Now = func() time.Time { return clock }
	const n = 2000
	var evidence []reconcile.Evidence
	type refund struct {
		ref   payment.Reference
		minor int64
	}
	var refunds []refund
	for i := range n {
		clock = day.Add(time.Duration(i) * 20 * time.Second)
		o := newOrder(t, s, 100+rng.Int64N(50000))
		pay := func(minor int64) {
			evidence = append(evidence, reconcile.Evidence{Key: "e" + string(o.Ref) + string(rune('a'+len(evidence)%26)) + string(rune(len(evidence))),
				Reference: string(o.Ref), Amount: payment.Amount{Minor: minor, Currency: brl}, Credit: true, At: clock})
		}
		switch rng.IntN(9) {
		case 0: // stays open
		case 1:
			s.Claim(ctx, o.Ref, "ana", "")
		case 2:
			pay(o.Amount.Minor)
		case 3:
			pay(o.Amount.Minor / 2)
		case 4:
			pay(o.Amount.Minor + 100)
		case 5:
			s.Cancel(ctx, o.Ref, "ana", "")
			if rng.IntN(2) == 0 {
				pay(o.Amount.Minor) // late
			}
		case 6:
			pay(o.Amount.Minor)
			pay(o.Amount.Minor) // twice
		case 7:
			s.Claim(ctx, o.Ref, "ana", "")
			part := []int64{o.Amount.Minor, 1 + rng.Int64N(o.Amount.Minor)}[rng.IntN(2)]
			s.Refund(ctx, o.Ref, part, "ana", "customer returned it")
		case 8:
			pay(o.Amount.Minor)
			// refunded in full or in part once the money is in
			refunds = append(refunds, refund{o.Ref, []int64{o.Amount.Minor, 1 + rng.Int64N(o.Amount.Minor)}[rng.IntN(2)]})
		}
	}
	// Orders of the first six hours that nobody paid expire.
	clock = day.Add(6 * time.Hour)
	if _, err := s.ExpireDue(ctx); err != nil {
		t.Fatal(err)
	}
	// And some orders of the next day, which must not count.
	clock = day.AddDate(0, 0, 1)
	newOrder(t, s, 999)
	// The statement and the refunds come in at the end of the day's
	// trade, while its last orders are still open: anything that changes
	// orders expires those whose time is up, so doing this on the next day
	// would leave the day with no open order to cover.
	clock = day.Add(n*20*time.Second + time.Minute)
	if _, err := s.Import(ctx, lines(evidence...), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, r := range refunds {
		if _, err := s.Refund(ctx, r.ref, r.minor, "ana", ""); err != nil {
			t.Fatal(err)
		}
	}

	rep, err := s.DayReport(ctx, day.Format(time.DateOnly), brl, false)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := s.List(ctx, Filter{Day: day.Format(time.DateOnly)})
	var due, settled, received, refunded, claimedNoEvidence, unpaid int64
	count := map[payment.Status]int{}
	late := 0
	for _, o := range all {
		st := o.State
		due += o.Amount.Minor
		settled += st.Settled()
		received += st.Received
		refunded += st.Refunded
		if st.Received == 0 {
			claimedNoEvidence += st.Settled()
		}
		if st.Status == payment.StatusOpen {
			unpaid += st.Due
		}
		if st.Status == payment.StatusPartial {
			unpaid += st.Due - st.Received
		}
		if st.Late {
			late++
		}
		count[st.Status]++
	}
	if len(all) != n || rep.Total.Count != n {
		t.Fatalf("orders: %d listed, %d in report, want %d", len(all), rep.Total.Count, n)
	}
	if rep.Total.Due != due || rep.Verified != received || rep.Claimed != claimedNoEvidence ||
		rep.Refunded != refunded || rep.Expected != settled-refunded || rep.Unpaid != unpaid || rep.LateCount != late {
		t.Fatalf("report %+v\nwant due %d received %d claimed %d refunded %d expected %d unpaid %d late %d",
			rep, due, received, claimedNoEvidence, refunded, settled-refunded, unpaid, late)
	}
	sumStatus, sumScheme := 0, 0
	for _, r := range rep.ByStatus {
		if r.Count != count[payment.Status(r.Key)] {
			t.Errorf("status %s: %d, want %d", r.Key, r.Count, count[payment.Status(r.Key)])
		}
		sumStatus += r.Count
	}
	for _, r := range rep.ByScheme {
		sumScheme += r.Count
	}
	if sumStatus != n || sumScheme != n {
		t.Fatalf("parts %d/%d, whole %d", sumStatus, sumScheme, n)
	}
	for _, st := range payment.Statuses {
		if count[st] == 0 {
			t.Errorf("generated day has no %s order; the test would not cover it", st)
		}
	}

	// Closing keeps the figures; a late payment afterwards does not change
	// the printed report, and a second close is refused.
	cash := int64(12345)
	closed, err := s.CloseDay(ctx, day.Format(time.DateOnly), brl, "ana", &cash, "")
	if err != nil || closed.ClosedBy != "ana" || closed.Takings != closed.Expected+cash {
		t.Fatalf("close: %+v %v", closed, err)
	}
	var open payment.Reference
	for _, o := range all {
		if o.Status() == payment.StatusOpen {
			open = o.Ref
			break
		}
	}
	if _, err := s.Import(ctx, lines(reconcile.Evidence{Key: "after-close", Reference: string(open),
		Amount: payment.Amount{Minor: 100, Currency: brl}, Credit: true, At: clock}), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	again, err := s.DayReport(ctx, day.Format(time.DateOnly), brl, false)
	if err != nil || again.Verified != closed.Verified || again.ClosedBy != "ana" {
		t.Fatalf("reprint changed: %+v vs %+v (%v)", again.Verified, closed.Verified, err)
	}
	live, _ := s.DayReport(ctx, day.Format(time.DateOnly), brl, true)
	if live.Verified != closed.Verified+100 {
		t.Fatalf("live report %d, want %d", live.Verified, closed.Verified+100)
	}
	if _, err := s.CloseDay(ctx, day.Format(time.DateOnly), brl, "bob", nil, ""); !errors.Is(err, ErrDayClosed) {
		t.Fatalf("second close: %v", err)
	}
}
