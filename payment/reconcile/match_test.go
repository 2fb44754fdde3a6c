package reconcile

import (
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
)

var brl = payment.MustCurrency("BRL")

// book is an in-memory Book over a handful of orders.
type book struct {
	orders         map[payment.Reference]Order
	provider       map[string]payment.Reference
	providerAmount map[string]payment.Amount // the first credit's amount; default the order's
	prior          map[string]Prior
	unplaced       map[string]payment.Amount // ids whose first credit sits in an exception
}

func (b book) ByReference(r payment.Reference) (Order, bool, error) {
	o, ok := b.orders[r]
	return o, ok, nil
}

func (b book) ByProviderID(id string) (Order, payment.Amount, bool, error) {
	r, ok := b.provider[id]
	if !ok {
		a, held := b.unplaced[id]
		return Order{}, a, held, nil
	}
	o := b.orders[r]
	amount := b.providerAmount[id]
	if amount == (payment.Amount{}) {
		amount = o.Amount
	}
	return o, amount, true, nil
}

func (b book) Prior(key string) (Prior, bool, error) {
	p, ok := b.prior[key]
	return p, ok, nil
}

func (b book) Candidates(cur string, minor int64, from, to time.Time, limit int) ([]Order, error) {
	var out []Order
	for _, o := range b.orders {
		st := o.State.Status
		if (st == payment.StatusOpen || st == payment.StatusClaimed) && o.Amount.Currency.Code == cur &&
			o.Amount.Minor == minor && !o.CreatedAt.Before(from) && !o.CreatedAt.After(to) {
			out = append(out, o)
		}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

var t0 = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func order(t *testing.T, minor int64, events ...payment.Event) Order {
	t.Helper()
	all := append([]payment.Event{{Kind: payment.EventCreated, Amount: minor}}, events...)
	st, err := payment.Fold(all)
	if err != nil {
		t.Fatal(err)
	}
	return Order{Ref: payment.NewReference(), Amount: payment.Amount{Minor: minor, Currency: brl}, State: st, CreatedAt: t0}
}

func TestMatch(t *testing.T) {
	open := order(t, 1250)
	claimed := order(t, 800, payment.Event{Kind: payment.EventClaimed})
	paid := order(t, 500, payment.Event{Kind: payment.EventPayment, Amount: 500})
	expired := order(t, 300, payment.Event{Kind: payment.EventExpired})
	cancelled := order(t, 200, payment.Event{Kind: payment.EventCancelled})
	unique := order(t, 4321)
	twinA, twinB := order(t, 999), order(t, 999)
	refunded := order(t, 700, payment.Event{Kind: payment.EventPayment, Amount: 700}, payment.Event{Kind: payment.EventRefund, Amount: 700, Source: "manual"})
	refunded.UnlinkedRefunds = 700
	b := book{orders: map[payment.Reference]Order{}, provider: map[string]payment.Reference{"E123": paid.Ref}}
	for _, o := range []Order{open, claimed, paid, expired, cancelled, unique, twinA, twinB, refunded} {
		b.orders[o.Ref] = o
	}
	credit := func(minor int64, ref, text string) Evidence {
		return Evidence{Key: "k", Reference: ref, Text: text, Amount: payment.Amount{Minor: minor, Currency: brl}, Credit: true, At: t0.Add(time.Hour)}
	}
	debit := func(minor int64, text string) Evidence {
		e := credit(minor, "", text)
		e.Credit = false
		return e
	}
	lower := strings.ToLower(string(open.Ref))
	spaced := string(open.Ref[:4]) + " " + string(open.Ref[4:])
	tests := []struct {
		name    string
		e       Evidence
		outcome Outcome
		rule    Rule
		ref     payment.Reference
		event   bool
	}{
		{"exact reference", credit(1250, string(open.Ref), ""), Paid, RuleReference, open.Ref, true},
		{"RF creditor reference", credit(1250, "RF18"+string(open.Ref), ""), Paid, RuleReference, open.Ref, true},
		{"reference in free text, lower case", credit(1250, "", "pagamento "+lower+" obrigado"), Paid, RuleFreeText, open.Ref, true},
		{"reference split by the bank", credit(1250, "", "SVWZ+"+spaced), Paid, RuleFreeText, open.Ref, true},
		{"short", credit(1000, string(open.Ref), ""), Partial, RuleReference, open.Ref, true},
		{"too much", credit(1300, string(open.Ref), ""), Overpaid, RuleReference, open.Ref, true},
		{"verifies a claim", credit(800, string(claimed.Ref), ""), Paid, RuleReference, claimed.Ref, true},
		{"paid twice", credit(500, string(paid.Ref), ""), Duplicate, RuleReference, paid.Ref, true},
		{"same payment by another route", Evidence{ProviderID: "E123", Amount: payment.Amount{Minor: 500, Currency: brl}, Credit: true}, Seen, RuleProviderID, paid.Ref, false},
		{"late after expiry", credit(300, string(expired.Ref), ""), Late, RuleReference, expired.Ref, true},
		{"late after cancel", credit(200, "", "ref "+string(cancelled.Ref)), Late, RuleFreeText, cancelled.Ref, true},
		{"no reference, one order fits", credit(4321, "", "PIX recebido"), Suggested, RuleAmountTime, unique.Ref, false},
		{"no reference, two orders fit", credit(999, "", ""), Unmatched, "", "", false},
		{"no reference, nothing fits", credit(777, "", "rent"), Unmatched, "", "", false},
		{"two references in one line", credit(1550, "", string(open.Ref)+" and "+string(cancelled.Ref)), Unmatched, "", "", false},
		{"unknown valid-looking reference", credit(1251, string(payment.NewReference()), ""), Unmatched, "", "", false},
		{"wrong currency", Evidence{Reference: string(open.Ref), Amount: payment.Amount{Minor: 1250, Currency: payment.MustCurrency("EUR")}, Credit: true}, Review, RuleReference, open.Ref, false},
		{"pending never settles", Evidence{Reference: string(open.Ref), Amount: payment.Amount{Minor: 1250, Currency: brl}, Credit: true, Pending: true}, Pending, "", "", false},
		{"refund seen on the statement", debit(200, "estorno "+string(paid.Ref)), Refund, RuleFreeText, paid.Ref, true},
		{"recorded refund linked, not doubled", debit(700, string(refunded.Ref)), Refund, RuleFreeText, refunded.Ref, false},
		{"debit too large for a refund", debit(600, string(paid.Ref)), Review, RuleFreeText, paid.Ref, false},
		{"unrelated debit", debit(5000, "rent November"), Ignored, "", "", false},
		{"debit for an unpaid order", debit(100, string(open.Ref)), Review, RuleFreeText, open.Ref, false},
	}
	// A date-only line (midnight) reaches the orders of its whole day.
	dayOnly := credit(4321, "", "PIX recebido")
	dayOnly.At = time.Date(t0.Year(), t0.Month(), t0.Day(), 0, 0, 0, 0, t0.Location())
	dayOnly.DateOnly = true
	atMidnight := dayOnly
	atMidnight.DateOnly = false
	tests = append(tests, []struct {
		name    string
		e       Evidence
		outcome Outcome
		rule    Rule
		ref     payment.Reference
		event   bool
	}{
		{"date-only line, order later that day", dayOnly, Suggested, RuleAmountTime, unique.Ref, false},
		{"line at midnight sharp with a time", atMidnight, Unmatched, "", "", false},
	}...)
	for _, tt := range tests {
		d, err := Match(tt.e, b, Options{Source: "statement:x", Actor: "test"})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if d.Outcome != tt.outcome || d.Rule != tt.rule || (d.Event != nil) != tt.event {
			t.Errorf("%s: outcome %s rule %q event %v; want %s %q %v (%s)", tt.name, d.Outcome, d.Rule, d.Event != nil, tt.outcome, tt.rule, tt.event, d.Exception)
			continue
		}
		if tt.ref != "" && (d.Order == nil || d.Order.Ref != tt.ref) {
			t.Errorf("%s: order %v, want %s", tt.name, d.Order, tt.ref)
		}
		needsHuman := map[Outcome]bool{Partial: true, Overpaid: true, Late: true, Duplicate: true, Suggested: true, Unmatched: true, Review: true}
		if needsHuman[d.Outcome] != (d.Exception != "") {
			t.Errorf("%s: outcome %s with exception %q", tt.name, d.Outcome, d.Exception)
		}
		if d.Event != nil && (d.Event.Source != "statement:x" || d.Event.Amount != tt.e.Amount.Minor) {
			t.Errorf("%s: event %+v", tt.name, d.Event)
		}
	}
}

// The exception says whether the payment carried a reference.
func TestUnplacedSaysWhatThePaymentCarried(t *testing.T) {
	b := book{orders: map[payment.Reference]Order{}}
	for _, tt := range []struct{ ref, want string }{
		{"", "no reference, and no order waits for BRL 7.77"},
		{"AB2CD3EFGH", `its reference "AB2CD3EFGH" names no order, and no order waits for BRL 7.77`},
	} {
		e := Evidence{Key: "k", Reference: tt.ref, Amount: payment.Amount{Minor: 777, Currency: brl}, Credit: true, At: t0}
		d, err := Match(e, b, Options{})
		if err != nil || d.Outcome != Unmatched || !strings.HasPrefix(d.Exception, tt.want) {
			t.Errorf("reference %q: %s %q %v, want %q", tt.ref, d.Outcome, d.Exception, err, tt.want)
		}
	}
}

// Money for an order that was paid and then refunded is a duplicate, but
// the exception must not say the order "was already paid": the customer
// has that money back.
func TestDuplicateOfARefundedOrderSaysRefunded(t *testing.T) {
	o := Order{Ref: "AB2CD3EFGU", Amount: payment.Amount{Minor: 2000, Currency: brl}}
	o.State, _ = payment.Fold([]payment.Event{{Kind: payment.EventCreated, Amount: 2000},
		{Kind: payment.EventPayment, Amount: 2000}, {Kind: payment.EventRefund, Amount: 2000}})
	b := book{orders: map[payment.Reference]Order{o.Ref: o}}
	d, err := Match(Evidence{Key: "k", Reference: string(o.Ref), Amount: payment.Amount{Minor: 2000, Currency: brl}, Credit: true}, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != Duplicate || strings.Contains(d.Exception, "already paid") || !strings.Contains(d.Exception, "refunded") {
		t.Fatalf("%s: %q", d.Outcome, d.Exception)
	}
}
