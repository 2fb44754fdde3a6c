package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
)

func lines(es ...reconcile.Evidence) func() (reconcile.Evidence, error) {
	i := 0
	return func() (reconcile.Evidence, error) {
		if i == len(es) {
			return reconcile.Evidence{}, io.EOF
		}
		i++
		return es[i-1], nil
	}
}

func credit(key string, minor int64, ref string, at time.Time) reconcile.Evidence {
	return reconcile.Evidence{Key: key, Reference: ref, Amount: payment.Amount{Minor: minor, Currency: brl}, Credit: true, At: at}
}

func TestImportOutcomesAndIdempotence(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	paid := newOrder(t, s, 1000)
	short := newOrder(t, s, 1000)
	late := newOrder(t, s, 700)
	claimed := newOrder(t, s, 400)
	unverified := newOrder(t, s, 450)
	suggestion := newOrder(t, s, 3333)
	s.Cancel(ctx, late.Ref, "ana", "left")
	s.Claim(ctx, claimed.Ref, "ana", "")
	s.Claim(ctx, unverified.Ref, "ana", "")

	at := now.Add(time.Hour)
	file := []reconcile.Evidence{
		credit("l1", 1000, string(paid.Ref), at),
		credit("l2", 600, string(short.Ref), at),
		{Key: "l3", Text: "pagamento " + string(late.Ref), Amount: payment.Amount{Minor: 700, Currency: brl}, Credit: true, At: at},
		credit("l4", 400, string(claimed.Ref), at),
		credit("l5", 1000, string(paid.Ref), at), // paid twice
		credit("l6", 3333, "", at),               // suggestion
		credit("l7", 12345, "", at),              // unmatched
		{Key: "l8", Amount: payment.Amount{Minor: 5000, Currency: brl}, At: at, Text: "rent"}, // debit, ignored
		{Key: "l9", Reference: string(paid.Ref), Amount: payment.Amount{Minor: 1000, Currency: brl}, Credit: true, Pending: true, At: at},
	}
	res, err := s.Import(ctx, lines(file...), ImportOptions{File: "x.csv", Actor: "till reconcile"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[reconcile.Outcome]int{reconcile.Paid: 2, reconcile.Partial: 1, reconcile.Late: 1, reconcile.Duplicate: 1,
		reconcile.Suggested: 1, reconcile.Unmatched: 1, reconcile.Ignored: 1, reconcile.Pending: 1}
	if fmt.Sprint(res.Counts) != fmt.Sprint(want) || res.Lines != 9 || res.NewLines != 9 {
		t.Fatalf("counts %v (lines %d new %d), want %v", res.Counts, res.Lines, res.NewLines, want)
	}
	if res.ExceptionCount != 5 || len(res.Exceptions) != 5 {
		t.Fatalf("exceptions %d %+v", res.ExceptionCount, res.Exceptions)
	}
	if len(res.UnverifiedClaims) != 1 || res.UnverifiedClaims[0].Ref != unverified.Ref {
		t.Fatalf("unverified %+v", res.UnverifiedClaims)
	}
	for ref, st := range map[payment.Reference]payment.Status{paid.Ref: payment.StatusOverpaid, short.Ref: payment.StatusPartial,
		late.Ref: payment.StatusPaid, claimed.Ref: payment.StatusPaid, suggestion.Ref: payment.StatusOpen} {
		o, _ := s.Get(ctx, ref)
		if o.Status() != st {
			t.Errorf("%s: %s, want %s", ref, o.Status(), st)
		}
	}
	if o, _ := s.Get(ctx, late.Ref); !o.State.Late {
		t.Error("late payment not flagged")
	}
	evs, _ := s.Events(ctx, short.Ref)
	if last := evs[len(evs)-1]; last.Source != "statement:l2" || last.Amount != 600 {
		t.Errorf("event source %+v", last)
	}

	// The same file again, and an overlapping one: nothing changes.
	again, err := s.Import(ctx, lines(file...), ImportOptions{})
	if err != nil || again.NewLines != 0 || again.AlreadyImported != 9 {
		t.Fatalf("re-import: %+v %v", again, err)
	}
	overlap, err := s.Import(ctx, lines(file[6], credit("l10", 250, string(short.Ref), at)), ImportOptions{})
	if err != nil || overlap.NewLines != 1 || overlap.AlreadyImported != 1 {
		t.Fatalf("overlap: %+v %v", overlap, err)
	}
	if o, _ := s.Get(ctx, short.Ref); o.State.Received != 850 {
		t.Fatalf("short received %d", o.State.Received)
	}

	// A person accepts the suggestion and dismisses the duplicate.
	open, _ := s.Exceptions(ctx, true, 0)
	for _, x := range open {
		switch x.Kind {
		case "suggested":
			o, err := s.Accept(ctx, x.ID, "ana")
			if err != nil || o.Status() != payment.StatusPaid || o.Ref != suggestion.Ref {
				t.Fatalf("accept: %+v %v", o, err)
			}
			if _, err := s.Accept(ctx, x.ID, "ana"); !errors.Is(err, ErrResolved) {
				t.Fatalf("accept twice: %v", err)
			}
		case "duplicate":
			if err := s.Dismiss(ctx, x.ID, "ana", "returned by PIX"); err != nil {
				t.Fatal(err)
			}
		case "unmatched":
			o, err := s.Link(ctx, x.ID, short.Ref, "ana", "customer paid the rest with the wrong note")
			if err != nil || o.State.Received != 850+12345 {
				t.Fatalf("link: %+v %v", o.State, err)
			}
		}
	}
	if n, _ := s.OpenExceptionCount(ctx); n != 3 {
		t.Fatalf("open exceptions %d, want 3 (two partial, one late)", n)
	}
	evs, _ = s.Events(ctx, paid.Ref)
	if last := evs[len(evs)-1]; last.Kind != payment.EventNote || last.Actor != "ana" {
		t.Fatalf("dismissal note %+v", last)
	}
}

func TestImportErrorWritesNothing(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	o := newOrder(t, s, 1000)
	i := 0
	next := func() (reconcile.Evidence, error) {
		i++
		if i == 1 {
			return credit("a", 1000, string(o.Ref), time.Now()), nil
		}
		return reconcile.Evidence{}, errors.New("line 2: amount \"x\": bad")
	}
	if _, err := s.Import(ctx, next, ImportOptions{}); err == nil {
		t.Fatal("want error")
	}
	got, _ := s.Get(ctx, o.Ref)
	if got.Status() != payment.StatusOpen {
		t.Fatalf("a failed import changed the order: %s", got.Status())
	}
	res, err := s.Import(ctx, lines(credit("a", 1000, string(o.Ref), time.Now())), ImportOptions{DryRun: true})
	if err != nil || res.Counts[reconcile.Paid] != 1 {
		t.Fatalf("dry run %+v %v", res, err)
	}
	if got, _ := s.Get(ctx, o.Ref); got.Status() != payment.StatusOpen {
		t.Fatalf("a dry run changed the order")
	}
}

func TestNotifyDedupesConcurrently(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	o := newOrder(t, s, 1000)
	var wg sync.WaitGroup
	results := make([]NotifyResult, 8)
	errs := make([]error, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = s.Notify(ctx, Notification{ID: "evt_1", Kind: "generic", Body: []byte("{}")},
				[]reconcile.Evidence{{Key: "notify:evt_1", ProviderID: "pay_1", Reference: string(o.Ref),
					Amount: payment.Amount{Minor: 1000, Currency: brl}, Credit: true, At: time.Now()}}, reconcile.Options{Actor: "till serve"})
		}()
	}
	wg.Wait()
	fresh := 0
	for i, r := range results {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !r.Replayed {
			fresh++
		}
	}
	if fresh != 1 {
		t.Fatalf("%d deliveries had an effect, want exactly 1", fresh)
	}
	got, _ := s.Get(ctx, o.Ref)
	if got.Status() != payment.StatusPaid || got.State.Payments != 1 {
		t.Fatalf("order %+v", got.State)
	}
	// The statement line for the same payment links by provider id.
	res, err := s.Import(ctx, lines(reconcile.Evidence{Key: "camt:1", ProviderID: "pay_1", Reference: string(o.Ref),
		Amount: payment.Amount{Minor: 1000, Currency: brl}, Credit: true, At: time.Now()}), ImportOptions{})
	if err != nil || res.Counts[reconcile.Seen] != 1 {
		t.Fatalf("statement after notification: %+v %v", res.Counts, err)
	}
	if got, _ := s.Get(ctx, o.Ref); got.State.Payments != 1 {
		t.Fatal("the same payment was counted twice")
	}
}

// A suggestion goes stale when other evidence pays its order first:
// accepting it then is refused and writes nothing, instead of overpaying.
func TestAcceptStaleSuggestionRefused(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	o := newOrder(t, s, 500)
	res, err := s.Import(ctx, lines(credit("s1", 500, "", now.Add(time.Minute))), ImportOptions{})
	if err != nil || res.Counts[reconcile.Suggested] != 1 {
		t.Fatalf("import: %+v %v", res.Counts, err)
	}
	if _, err := s.Import(ctx, lines(credit("s2", 500, string(o.Ref), now.Add(2*time.Minute))), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	open, _ := s.Exceptions(ctx, true, 0)
	var id int64
	for _, x := range open {
		if x.Kind == "suggested" {
			id = x.ID
		}
	}
	before, _ := s.Events(ctx, o.Ref)
	_, err = s.Accept(ctx, id, "ana")
	if err == nil || !strings.Contains(err.Error(), "is paid now") {
		t.Fatalf("accepting a stale suggestion: %v", err)
	}
	after, _ := s.Events(ctx, o.Ref)
	if got, _ := s.Get(ctx, o.Ref); got.Status() != payment.StatusPaid || len(after) != len(before) {
		t.Fatalf("the refused accept wrote: %s, %d events (was %d)", got.Status(), len(after), len(before))
	}
	// A person can still choose the order on purpose.
	if got, err := s.Link(ctx, id, o.Ref, "ana", "paid twice, will refund"); err != nil || got.Status() != payment.StatusOverpaid {
		t.Fatalf("link on purpose: %s %v", got.Status(), err)
	}
}
