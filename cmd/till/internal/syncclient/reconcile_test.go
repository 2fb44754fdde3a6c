package syncclient

import (
	"context"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/statement"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/store/central"
	"github.com/till-pos/till/store/statementtest"
)

// fleetReconcile imports files into the fleet's central book as till
// central reconcile does.
func fleetReconcile(t *testing.T, b *central.Book, dry bool, files ...string) (app.ImportResult, central.FleetResult) {
	t.Helper()
	rec := &central.Reconciler{Book: b, Merchant: "main", StepLines: 2} // small steps: lines of one order fall in different steps
	uc := app.App{Importer: rec, Actor: "test"}
	res, err := uc.Import(context.Background(), app.ImportRequest{Files: files, Format: "csv", Options: statement.Options{Profile: "generic"}, DryRun: dry}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res, rec.Fleet
}

// downCount is how many messages central queued for all tills.
func downCount(t *testing.T, f *liveFleet) int {
	t.Helper()
	var n int
	for _, name := range []string{"a", "b", "c"} {
		msgs, err := f.book.Down(context.Background(), central.Till{Merchant: "main", Name: name}, 0)
		if err != nil {
			t.Fatal(err)
		}
		n += len(msgs)
	}
	return n
}

// A fleet statement pays orders of 3 tills: each till's own book shows its
// order paid once the down channel delivered the lines, through the real
// server and long-poll; a second payment of one order is a duplicate on
// its till; a line for an order not uploaded yet goes to the till whose
// prefix it carries, which pays it; an unknown reference stays central.
// Importing again counts nothing twice; a dry run writes nothing.
func TestFleetReconcile(t *testing.T) {
	f := newLiveFleet(t)
	srv := f.server(t)
	ctx := context.Background()
	var tills []*store.Store
	var orders []store.Order
	for _, name := range []string{"a", "b", "c"} {
		st := f.till(t, name, srv.srv.URL)
		tills = append(tills, st)
		orders = append(orders, order(t, st, 1200))
		if _, err := (&Syncer{Store: st}).Once(ctx); err != nil {
			t.Fatal(err)
		}
	}
	late := order(t, tills[2], 700) // not uploaded: central has not seen it
	day := time.Now()
	lines := []statementtest.Line{
		{ID: "L1", Minor: 1200, Cur: "EUR", Credit: true, Ref: string(orders[0].Ref), Day: day},
		{ID: "L2", Minor: 1200, Cur: "EUR", Credit: true, Ref: string(orders[1].Ref), Day: day},
		{ID: "L3", Minor: 1200, Cur: "EUR", Credit: true, Ref: string(orders[2].Ref), Day: day},
		{ID: "L4", Minor: 1200, Cur: "EUR", Credit: true, Ref: string(orders[0].Ref), Day: day}, // paid twice
		{ID: "L5", Minor: 700, Cur: "EUR", Credit: true, Ref: string(late.Ref), Day: day},
		{ID: "L6", Minor: 9999, Cur: "EUR", Credit: true, Ref: "NOBODY", Day: day},
	}
	file := statementtest.Write(t, t.TempDir(), "fleet.csv", statementtest.CSV(lines))

	dry, dryFleet := fleetReconcile(t, f.book, true, file)
	if dry.NewLines != 6 || dry.Counts[reconcile.Paid] != 3 || dryFleet.Sent["a"] != 2 {
		t.Fatalf("dry run: %+v %+v", dry, dryFleet)
	}
	if n := downCount(t, f); n != 0 {
		t.Fatalf("a dry run queued %d messages", n)
	}
	if xs, _ := f.book.Exceptions(ctx, "main"); len(xs) != 0 {
		t.Fatalf("a dry run raised exceptions: %+v", xs)
	}

	res, fleet := fleetReconcile(t, f.book, false, file)
	want := map[reconcile.Outcome]int{reconcile.Paid: 3, reconcile.Duplicate: 1, central.Forwarded: 1, reconcile.Unmatched: 1}
	for o, n := range want {
		if res.Counts[o] != n {
			t.Errorf("%s: %d, want %d (%+v)", o, res.Counts[o], n, res.Counts)
		}
	}
	if res.NewLines != 6 || fleet.Sent["a"] != 2 || fleet.Sent["b"] != 1 || fleet.Sent["c"] != 2 || fleet.Central != 1 {
		t.Fatalf("import: %+v %+v", res, fleet)
	}
	if res.Counts[reconcile.Paid] != dry.Counts[reconcile.Paid] || res.ExceptionCount != dry.ExceptionCount {
		t.Fatalf("the dry run said %+v, the import did %+v", dry, res)
	}
	xs, err := f.book.Exceptions(ctx, "main")
	if err != nil || len(xs) != 1 || xs[0].Till != "" || xs[0].Kind != "unmatched" {
		t.Fatalf("central exceptions: %+v %v", xs, err)
	}

	// Before the tills hear of it, a second statement pays b's order again:
	// central counts the first payment it sent down, so this one is a
	// duplicate, not a second "paid".
	second := statementtest.Write(t, t.TempDir(), "second.csv", statementtest.CSV([]statementtest.Line{
		{ID: "L7", Minor: 1200, Cur: "EUR", Credit: true, Ref: string(orders[1].Ref), Day: day}}))
	if res, _ := fleetReconcile(t, f.book, false, second); res.Counts[reconcile.Duplicate] != 1 {
		t.Fatalf("a second payment before the till applied the first: %+v", res.Counts)
	}
	for _, st := range tills {
		if _, err := (&Live{Store: st, Currency: "EUR"}).Once(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for i, o := range append(orders, late) {
		st := tills[min(i, 2)]
		got, err := st.Get(ctx, o.Ref)
		want := payment.StatusPaid
		if i < 2 {
			want = payment.StatusOverpaid // paid twice: the duplicate is recorded and flagged
		}
		if err != nil || got.State.Status != want {
			t.Errorf("order %s on its till: %v %v", o.Ref, got.State.Status, err)
		}
	}
	if n, err := tills[1].OpenExceptionCount(ctx); err != nil || n != 1 {
		t.Errorf("till b: %d open exceptions (the duplicate), %v", n, err)
	}
	if n, err := tills[0].OpenExceptionCount(ctx); err != nil || n != 1 {
		t.Errorf("till a: %d open exceptions (the duplicate), %v", n, err)
	}

	before := downCount(t, f)
	again, _ := fleetReconcile(t, f.book, false, file)
	if again.NewLines != 0 || again.AlreadyImported != 6 || downCount(t, f) != before {
		t.Fatalf("imported again: %+v, %d messages (was %d)", again, downCount(t, f), before)
	}
	// The tills' payments come up through their outboxes, once.
	for _, st := range tills {
		if _, err := (&Syncer{Store: st}).Once(ctx); err != nil {
			t.Fatal(err)
		}
	}
	all, err := f.book.Orders(ctx, "main", central.OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range all {
		wantStatus, wantReceived := "paid", o.Amount
		if o.Ref == string(orders[0].Ref) || o.Ref == string(orders[1].Ref) {
			wantStatus, wantReceived = "overpaid", 2*o.Amount // the duplicate is money received, flagged on its till
		}
		if o.Status != wantStatus || o.Received != wantReceived {
			t.Errorf("central order %s: %s, received %d", o.Ref, o.Status, o.Received)
		}
	}
	if problems, err := f.book.Check(ctx, "main"); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %q", err, problems)
	}
}
