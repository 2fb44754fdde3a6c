// Package reconcile decides what a piece of payment evidence (a statement
// line, a payment notification) means for the orders: which order it pays,
// whether fully, short, over, late or twice, whether it refunds one, or
// whether a person must look at it. It is pure: the orders are reached
// through a Book the caller implements (store does, inside its import
// transaction), and the decision is returned, not applied.
package reconcile

import (
	"fmt"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/statement"
)

// Evidence is one piece of news about money, normalised from whatever
// brought it.
type Evidence struct {
	Key        string // unique across all evidence: dedupe key
	ProviderID string // the payment's id at the rail (PIX endToEndId, ...)
	Reference  string // structured reference field, if the format has one
	Text       string // free text a reference may hide in
	Amount     payment.Amount
	Credit     bool // money in (false: money out)
	Reversal   bool
	Pending    bool // provisional: never settles anything
	At         time.Time
	// DateOnly says At is a day, not a moment: the format (MT940, many
	// CSV exports) gives a booking date only, read as midnight. The
	// payment may have been made at any time of that day.
	DateOnly     bool
	Counterparty string
	// Corrects is the Key of an earlier line this one corrects (OFX
	// CORRECTFITID), with CorrectAction "DELETE" (the earlier line never
	// happened) or "REPLACE" (this line stands in its place).
	Corrects, CorrectAction string
	// Conflict is set by the store when the Key was seen before with
	// other content: what differs, in words. Such evidence is never taken
	// as "already imported" nor applied by itself: a person decides.
	Conflict string
}

// Order is what the matcher needs to know of an order.
type Order struct {
	Ref       payment.Reference
	Amount    payment.Amount
	State     payment.State
	CreatedAt time.Time
	// UnlinkedRefunds is the total of refunds the cashier recorded that no
	// statement has shown yet: a debit up to this much links to them
	// instead of counting as a second refund.
	UnlinkedRefunds int64
}

// Book gives the matcher read access to the orders.
type Book interface {
	// ByReference finds an order by reference.
	ByReference(ref payment.Reference) (Order, bool, error)
	// ByProviderID finds the first credit with this provider id: its
	// amount, and the order it was placed on (Ref "" when it was not: it
	// sits in an exception).
	ByProviderID(id string) (Order, payment.Amount, bool, error)
	// Prior finds earlier evidence by its Key, for corrections.
	Prior(key string) (Prior, bool, error)
	// Candidates lists orders still waiting for money (open or claimed) in
	// currency for exactly minor units, created in [from, to]. At most
	// limit are returned; the matcher needs to know only 0, 1 or "more".
	Candidates(currency string, minor int64, from, to time.Time, limit int) ([]Order, error)
}

// Outcome classifies evidence.
type Outcome string

// Outcomes. Paid, Partial, Overpaid, Late, Duplicate and Refund change an
// order; the others do not.
const (
	Paid      Outcome = "paid"      // exactly the amount due
	Partial   Outcome = "partial"   // less than due
	Overpaid  Outcome = "overpaid"  // more than due
	Late      Outcome = "late"      // for an expired or cancelled order: moved, flagged
	Duplicate Outcome = "duplicate" // for an order already paid: flagged, money to return
	Refund    Outcome = "refund"    // money out for an order
	Seen      Outcome = "seen"      // the same payment already came by another route
	Suggested Outcome = "suggested" // one open order fits by amount and time: a person decides
	Unmatched Outcome = "unmatched" // a credit nobody can place
	Pending   Outcome = "pending"   // provisional line: recorded, settles nothing
	Ignored   Outcome = "ignored"   // a debit that is not a refund of ours (fees, rent...)
	Review    Outcome = "review"    // found an order but cannot apply (wrong currency, reversal...)
	Reversed  Outcome = "reversed"  // takes back an earlier payment or refund (reversal, storno)
	Corrected Outcome = "corrected" // the bank corrected an earlier line: its effect is undone
)

// Rule names how a match was found, for the audit trail.
type Rule string

// Rules, in the order they are tried.
const (
	RuleProviderID Rule = "provider-id"
	RuleReference  Rule = "reference"
	RuleFreeText   Rule = "free-text"
	RuleAmountTime Rule = "amount-time"
)

// Decision is what the evidence means.
type Decision struct {
	Outcome Outcome
	Rule    Rule
	Order   *Order         // the order concerned, if any
	Event   *payment.Event // the event to record on Order, if any
	// Exception is set when a person should look: why, in one sentence.
	Exception string
	// Undo is set when the evidence takes back an earlier line's effect
	// (an OFX correction); the store applies it before Event.
	Undo *Undo
}

// Undo takes back what an earlier piece of evidence did.
type Undo struct {
	Key   string         // the evidence undone
	Order *Order         // the order its event is taken back from, if any
	Event *payment.Event // the reversing event on Order, if any
}

// Options tune the fuzzy pass.
type Options struct {
	// Window is how long before the evidence an order may have been created
	// to be suggested by amount alone (default 3 days: SEPA takes 1–3
	// business days); Slack how long after (clock differences, default 1h).
	Window, Slack time.Duration
	// Source and Actor are written on the events ("statement:KEY",
	// "till reconcile").
	Source, Actor string
	// Currency is the till's currency code: evidence in any other is an
	// exception of its own. Empty accepts every currency.
	Currency string
}

func (o Options) withDefaults() Options {
	if o.Window == 0 {
		o.Window = 72 * time.Hour
	}
	if o.Slack == 0 {
		o.Slack = time.Hour
	}
	return o
}

// Match decides what e means. Passes run in order and the first confident
// hit wins: the provider's payment id already seen, the structured
// reference, a reference found in the free text, and only then amount and
// time, which never settles anything by itself.
func Match(e Evidence, b Book, opt Options) (Decision, error) {
	opt = opt.withDefaults()
	if e.Pending {
		return Decision{Outcome: Pending}, nil
	}
	if e.Amount.Minor <= 0 {
		return Decision{Outcome: Ignored}, nil
	}
	if d, ok, err := seen(e, b); ok || err != nil {
		return d, err
	}
	if d, ok := screen(e, opt); ok {
		return d, nil
	}
	if e.Corrects != "" {
		return correct(e, b, opt)
	}
	if e.Reversal {
		return reverse(e, b, opt)
	}
	return match(e, b, opt)
}

// seen recognises a payment already recorded through another route (a
// notification before the statement, a camt.054 before the camt.053): the
// same money, counted once, where the first record put it (on an order or
// in an exception). The same id with another amount is an exception.
func seen(e Evidence, b Book) (Decision, bool, error) {
	if e.ProviderID == "" || !e.Credit || e.Reversal || e.Corrects != "" || e.Conflict != "" {
		return Decision{}, false, nil
	}
	o, first, ok, err := b.ByProviderID(e.ProviderID)
	if err != nil || !ok {
		return Decision{}, false, err
	}
	var order *Order
	placed := "an exception"
	if o.Ref != "" {
		order, placed = &o, "order "+string(o.Ref)
	}
	if first == e.Amount {
		return Decision{Outcome: Seen, Rule: RuleProviderID, Order: order}, true, nil
	}
	return Decision{Outcome: Unmatched, Rule: RuleProviderID, Exception: fmt.Sprintf(
		"payment id %s came before for %s (%s); this one says %s: a second payment, or an error",
		e.ProviderID, first, placed, e.Amount)}, true, nil
}

// screen turns away what must not reach an order whatever it names: a
// line whose key came before with other content, and money in another
// currency than the till's.
func screen(e Evidence, opt Options) (Decision, bool) {
	if e.Conflict != "" {
		return Decision{Outcome: unplacedOrReview(e), Exception: e.Conflict}, true
	}
	if opt.Currency != "" && e.Amount.Currency.Code != opt.Currency {
		what := "statement line"
		if strings.HasPrefix(opt.Source, "notification") {
			what = "notification"
		}
		return Decision{Outcome: Review, Exception: fmt.Sprintf("%s %s on a %s till: %s %s",
			e.Amount.Currency.Code, what, opt.Currency, direction(e), e.Amount)}, true
	}
	return Decision{}, false
}

func direction(e Evidence) string {
	if e.Credit {
		return "money in"
	}
	return "money out"
}

// unplacedOrReview is how money a person must place is filed: a payment
// can be linked to an order (unmatched); money out, and a reversal (whose
// money is not a payment), only reviewed.
func unplacedOrReview(e Evidence) Outcome {
	if e.Credit && !e.Reversal {
		return Unmatched
	}
	return Review
}

// match is Match for an ordinary payment or refund.
func match(e Evidence, b Book, opt Options) (Decision, error) {
	// 1. Money out that carries a payment's id (a PIX devolução, a refund
	// notification) refunds that payment's order; it is never "seen" (a
	// credit seen before was recognised by seen).
	if e.ProviderID != "" && !e.Credit {
		o, _, ok, err := b.ByProviderID(e.ProviderID)
		if err != nil {
			return Decision{}, err
		}
		if ok && o.Ref != "" {
			return apply(e, o, RuleProviderID, opt), nil
		}
	}
	// 2. The structured reference, then 3. references in the free text.
	o, rule, why, err := find(e, b)
	if err != nil {
		return Decision{}, err
	}
	if o == nil && why != "" {
		return Decision{Outcome: unplaced(e), Exception: why}, nil
	}
	if o != nil {
		return apply(e, *o, rule, opt), nil
	}
	if !e.Credit {
		return Decision{Outcome: Ignored}, nil
	}
	// 4. Amount and time: a suggestion only, and only when exactly one
	// order waiting for money fits.
	latest := e.At.Add(opt.Slack)
	if e.DateOnly {
		latest = e.At.AddDate(0, 0, 1).Add(opt.Slack) // any time of that day
	}
	cands, err := b.Candidates(e.Amount.Currency.Code, e.Amount.Minor, e.At.Add(-opt.Window), latest, 2)
	if err != nil {
		return Decision{}, err
	}
	// Say what the payment carried: no reference at all, or one that
	// names no order here (mistyped, or another till's).
	carried := "no reference"
	if said := strings.TrimSpace(e.Reference); said != "" {
		carried = fmt.Sprintf("its reference %q names no order", said)
	}
	if len(cands) == 1 {
		c := cands[0]
		return Decision{Outcome: Suggested, Rule: RuleAmountTime, Order: &c,
			Exception: fmt.Sprintf("%s; order %s is the only one waiting for %s at that time", carried, c.Ref, e.Amount)}, nil
	}
	why = fmt.Sprintf("%s, and no order waits for %s at that time", carried, e.Amount)
	if len(cands) > 1 {
		why = fmt.Sprintf("%s; several orders wait for %s at that time", carried, e.Amount)
	}
	return Decision{Outcome: Unmatched, Exception: why}, nil
}

func unplaced(e Evidence) Outcome {
	if e.Credit {
		return Unmatched
	}
	return Ignored
}

// find looks for the order by reference: the structured field first, then
// the free text. why explains a reference-like hit that cannot be used.
func find(e Evidence, b Book) (o *Order, rule Rule, why string, err error) {
	if r := strings.TrimSpace(e.Reference); r != "" {
		if ref, perr := payment.ParseReference(stripRF(r)); perr == nil {
			got, ok, err := b.ByReference(ref)
			if err != nil {
				return nil, "", "", err
			}
			if ok {
				return &got, RuleReference, "", nil
			}
		}
	}
	var found []Order
	for _, ref := range payment.FindReferences(e.Reference + " " + e.Text) {
		got, ok, err := b.ByReference(ref)
		if err != nil {
			return nil, "", "", err
		}
		if ok {
			found = append(found, got)
		}
	}
	switch len(found) {
	case 0:
		return nil, "", "", nil
	case 1:
		return &found[0], RuleFreeText, "", nil
	}
	refs := make([]string, len(found))
	for i, f := range found {
		refs[i] = string(f.Ref)
	}
	return nil, "", fmt.Sprintf("mentions several orders (%s); split it by hand", strings.Join(refs, ", ")), nil
}

// stripRF turns an ISO 11649 creditor reference (RF + 2 check digits +
// our reference), as EPC codes carry it back, into our reference.
func stripRF(s string) string {
	u := strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if len(u) > 4 && strings.HasPrefix(u, "RF") && u[2] >= '0' && u[2] <= '9' && u[3] >= '0' && u[3] <= '9' {
		return u[4:]
	}
	return s
}

// apply decides the effect of evidence on the order it names.
func apply(e Evidence, o Order, rule Rule, opt Options) Decision {
	d := Decision{Rule: rule, Order: &o}
	if e.Amount.Currency.Code != o.Amount.Currency.Code {
		d.Outcome = Review
		d.Exception = fmt.Sprintf("pays order %s in %s, but the order is in %s", o.Ref, e.Amount.Currency.Code, o.Amount.Currency.Code)
		return d
	}
	if !e.Credit {
		return refund(e, o, d, opt)
	}
	ev := payment.Event{Kind: payment.EventPayment, Amount: e.Amount.Minor, At: e.At, Source: opt.Source, Actor: opt.Actor}
	before := o.State
	after, err := before.Apply(ev)
	if err != nil { // evidence is never refused by the rules; be safe anyway
		d.Outcome, d.Exception = Review, err.Error()
		return d
	}
	d.Event = &ev
	switch {
	case before.Received > 0 && before.Covered() >= before.Due:
		d.Outcome = Duplicate
		was := "was already paid"
		if before.Refunded > 0 {
			// Paid and then given back: "already paid" would send the
			// cashier looking for money the customer no longer has.
			was = "was paid and then refunded"
		}
		d.Exception = fmt.Sprintf("order %s %s; %s more arrived and should be returned", o.Ref, was, e.Amount)
	case before.Closed != "":
		d.Outcome = Late
		d.Exception = fmt.Sprintf("order %s was %s when %s arrived", o.Ref, before.Closed, e.Amount)
	// By the money, not the status: an order partly refunded before its
	// payment arrived shows "refunded", and a short payment is still short.
	case after.Covered() < after.Due:
		d.Outcome = Partial
		d.Exception = fmt.Sprintf("order %s is short: %s of %s received", o.Ref,
			payment.Amount{Minor: after.Covered(), Currency: o.Amount.Currency}, o.Amount)
	case after.Covered() > after.Due:
		d.Outcome = Overpaid
		d.Exception = fmt.Sprintf("order %s got %s for %s due", o.Ref,
			payment.Amount{Minor: after.Covered(), Currency: o.Amount.Currency}, o.Amount)
	default:
		d.Outcome = Paid
	}
	return d
}

// refund handles money out that names an order: the merchant gave money
// back (till only records it; the statement proves it).
func refund(e Evidence, o Order, d Decision, opt Options) Decision {
	if e.Amount.Minor <= o.UnlinkedRefunds {
		d.Outcome = Refund // the bank shows the refund the cashier recorded
		return d
	}
	ev := payment.Event{Kind: payment.EventRefund, Amount: e.Amount.Minor, At: e.At, Source: opt.Source, Actor: opt.Actor}
	if _, err := o.State.Apply(ev); err != nil {
		d.Outcome = Review
		d.Exception = fmt.Sprintf("money out for order %s that cannot be a refund: %v", o.Ref, err)
		return d
	}
	d.Outcome, d.Event = Refund, &ev
	return d
}

// FromLine turns a statement line into evidence.
func FromLine(l statement.Line) Evidence {
	at := l.BookedAt
	if at.IsZero() {
		at = l.ValueAt
	}
	// Readers give a date-only line midnight; a line booked at exactly
	// midnight to the nanosecond is read the same way, which only widens
	// its suggestion window to the whole day.
	h, m, sec := at.Clock()
	dateOnly := !at.IsZero() && h == 0 && m == 0 && sec == 0 && at.Nanosecond() == 0
	return Evidence{
		Key: l.Key, ProviderID: l.ProviderID, Reference: l.Reference, Text: l.Text,
		Amount: l.Amount, Credit: l.Credit, Reversal: l.Reversal, Pending: l.Pending,
		At: at, DateOnly: dateOnly, Counterparty: l.Counterparty,
		Corrects: l.Corrects, CorrectAction: l.CorrectAction,
	}
}
