package reconcile

import (
	"strings"
	"testing"

	"github.com/till-pos/till/payment"
)

// Issue 11 at the matcher: direction and content count when an id
// repeats, reversals and corrections undo, other currencies are held.
func TestBooksDecisions(t *testing.T) {
	paid := order(t, 1000, payment.Event{Kind: payment.EventPayment, Amount: 1000})
	b := book{orders: map[payment.Reference]Order{paid.Ref: paid}, provider: map[string]payment.Reference{"E1": paid.Ref},
		unplaced: map[string]payment.Amount{"E9": {Minor: 500, Currency: brl}},
		prior: map[string]Prior{
			"ofx|1|F1": {Key: "ofx|1|F1", Amount: payment.Amount{Minor: 1000, Currency: brl}, Credit: true, Applied: true, Order: &paid},
		}}
	eur := payment.MustCurrency("EUR")
	money := func(minor int64, credit bool) Evidence {
		return Evidence{Key: "k", Amount: payment.Amount{Minor: minor, Currency: brl}, Credit: credit, At: t0}
	}
	tests := []struct {
		name    string
		e       func() Evidence
		outcome Outcome
		event   payment.EventKind // "" for none
		undo    bool
		says    string
	}{
		{"money out carrying the payment's id is a refund", func() Evidence { e := money(400, false); e.ProviderID = "E1"; return e },
			Refund, payment.EventRefund, false, ""},
		{"the same payment by another route is seen", func() Evidence { e := money(1000, true); e.ProviderID = "E1"; return e },
			Seen, "", false, ""},
		{"the same id with another amount is held", func() Evidence { e := money(1200, true); e.ProviderID = "E1"; return e },
			Unmatched, "", false, "came before for BRL 10.00"},
		{"seen even when the first record sits in an exception", func() Evidence { e := money(500, true); e.ProviderID = "E9"; return e },
			Seen, "", false, ""},
		{"another currency is held", func() Evidence {
			e := money(1000, true)
			e.Amount.Currency, e.Reference = eur, string(paid.Ref)
			return e
		}, Review, "", false, "EUR statement line on a BRL till"},
		{"a reversed credit takes the payment back", func() Evidence {
			e := money(1000, false)
			e.Reversal, e.Reference = true, string(paid.Ref)
			return e
		}, Reversed, payment.EventReversed, false, ""},
		{"a reversal of more than was received is held", func() Evidence {
			e := money(1001, false)
			e.Reversal, e.Reference = true, string(paid.Ref)
			return e
		}, Review, "", false, "more than it holds"},
		{"a reversed debit of no refund is held", func() Evidence {
			e := money(100, true)
			e.Reversal, e.Reference = true, string(paid.Ref)
			return e
		}, Review, "", false, "more than it holds"},
		{"a replacement is decided after the undo", func() Evidence {
			e := money(1000, true)
			e.Corrects, e.CorrectAction, e.Reference = "ofx|1|F1", "REPLACE", string(paid.Ref)
			return e
		}, Paid, payment.EventPayment, true, ""},
		{"a delete undoes", func() Evidence {
			e := money(1000, true)
			e.Corrects, e.CorrectAction = "ofx|1|F1", "DELETE"
			return e
		}, Corrected, "", true, ""},
		{"a correction of a line never imported is held", func() Evidence {
			e := money(1000, true)
			e.Corrects, e.CorrectAction = "ofx|1|F0", "DELETE"
			return e
		}, Review, "", false, "never imported"},
		{"a conflicting repeat is held", func() Evidence {
			e := money(1000, true)
			e.Conflict, e.Reference = "the id k came before with other content", string(paid.Ref)
			return e
		}, Unmatched, "", false, "other content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Match(tt.e(), b, Options{Currency: "BRL", Source: "statement:k"})
			if err != nil {
				t.Fatal(err)
			}
			var kind payment.EventKind
			if d.Event != nil {
				kind = d.Event.Kind
			}
			if d.Outcome != tt.outcome || kind != tt.event || (d.Undo != nil) != tt.undo || !strings.Contains(d.Exception, tt.says) {
				t.Fatalf("got %s, event %q, undo %v, %q; want %s, %q, %v, %q", d.Outcome, kind, d.Undo != nil, d.Exception,
					tt.outcome, tt.event, tt.undo, tt.says)
			}
			if tt.undo && d.Undo.Event != nil && d.Undo.Event.Kind != payment.EventReversed {
				t.Fatalf("undo event %s, want reversed", d.Undo.Event.Kind)
			}
		})
	}
}

// Found by the model test: a short payment to an order the cashier had
// claimed and partly refunded (its status then reads "refunded") was
// called paid, with no exception.
func TestShortPaymentAfterRefundIsPartial(t *testing.T) {
	o := order(t, 2000, payment.Event{Kind: payment.EventClaimed}, payment.Event{Kind: payment.EventRefund, Amount: 1000})
	b := book{orders: map[payment.Reference]Order{o.Ref: o}}
	e := Evidence{Key: "k", Reference: string(o.Ref), Amount: payment.Amount{Minor: 1000, Currency: brl}, Credit: true, At: t0}
	d, err := Match(e, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != Partial || !strings.Contains(d.Exception, "is short") {
		t.Fatalf("%s %q, want partial", d.Outcome, d.Exception)
	}
}

// Found by the model test: a reversal whose key came before with other
// content was held as an unmatched payment, which a person could then
// link to an order as a payment.
func TestConflictingReversalIsOnlyReviewed(t *testing.T) {
	e := Evidence{Key: "k", Amount: payment.Amount{Minor: 204, Currency: brl}, Credit: true, Reversal: true, At: t0,
		Conflict: "the id k came before with other content"}
	d, err := Match(e, book{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != Review {
		t.Fatalf("%s, want review: a reversal is not a payment to link", d.Outcome)
	}
}
