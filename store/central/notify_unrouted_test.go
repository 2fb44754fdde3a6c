package central_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/store/central"
)

// A payment no till can take (a prefix no till has, no reference, or
// several) is an exception a person sees at once, in the book's open
// exceptions and in the fleet report of the day; a payment for a till's
// order not uploaded yet is not (its till's queue keeps it); a replay
// raises nothing more.
func TestUnroutedPaymentIsAnException(t *testing.T) {
	b, _ := migrated(t)
	ctx := context.Background()
	t1 := joined(t, b, "counter 1")
	mine, _ := payment.CompleteReference(t1.Prefix + "AAAAAAA")
	nobody, _ := payment.CompleteReference("ZZ" + "DDDDDDD")
	other, _ := payment.CompleteReference(t1.Prefix + "BBBBBBB")
	n := central.Notification{ID: "n-unrouted", Kind: "generic", Body: []byte(`{}`), ReceivedAt: time.Now(), Items: []reconcile.Evidence{
		evidence("early", string(mine), 100),
		evidence("stranger", string(nobody), 250),
		{Key: "vague", Text: "for " + string(mine) + " and " + string(other), Credit: true},
		{Key: "blank", Text: "thanks", Credit: true},
	}}
	tests := []struct{ key, detail string }{
		{"stranger", "no till of the fleet makes references starting ZZ"},
		{"vague", "several references"},
		{"blank", "names no reference"},
	}
	for range 2 { // the second time a replay
		if _, err := b.Notify(ctx, "shop", n); err != nil {
			t.Fatal(err)
		}
		xs, err := b.Exceptions(ctx, "shop")
		if err != nil {
			t.Fatal(err)
		}
		if len(xs) != len(tests) {
			t.Fatalf("%d exceptions, want %d: %+v", len(xs), len(tests), xs)
		}
		for i, tt := range tests {
			x := xs[i]
			if x.Kind != central.ExceptionUnrouted || !strings.Contains(x.Detail, "payment "+tt.key+" ") || !strings.Contains(x.Detail, tt.detail) {
				t.Errorf("exception %d: %+v, want the payment %s: %s", i, x, tt.key, tt.detail)
			}
		}
	}
	eur, _ := payment.LookupCurrency("EUR")
	fd, err := b.FleetReport(ctx, "shop", time.Now().Format(time.DateOnly), eur)
	if err != nil {
		t.Fatal(err)
	}
	if len(fd.Exceptions) != len(tests) || fd.Exceptions[0].Kind != central.ExceptionUnrouted {
		t.Fatalf("the fleet report lists %+v", fd.Exceptions)
	}
}
