package reconcile

import (
	"fmt"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
)

// Prior is earlier evidence as a correction needs to know it.
type Prior struct {
	Key       string
	Amount    payment.Amount
	Credit    bool
	Outcome   Outcome
	Applied   bool   // an order event was recorded from it
	Order     *Order // the order it concerns, if any
	Corrected bool   // an earlier correction already undid it
}

// reverse decides a reversal (camt RvslInd, MT940 RC/RD storno): money
// that goes back the way an earlier payment or refund came. It finds the
// order the way any line does and takes the money back from it with an
// event of its own, so the history shows both the payment and its
// reversal; it is never a new payment nor a refund.
func reverse(e Evidence, b Book, opt Options) (Decision, error) {
	var o *Order
	rule := RuleProviderID
	if e.ProviderID != "" {
		got, _, ok, err := b.ByProviderID(e.ProviderID)
		if err != nil {
			return Decision{}, err
		}
		if ok && got.Ref != "" {
			o = &got
		}
	}
	if o == nil {
		var why string
		var err error
		if o, rule, why, err = find(e, b); err != nil {
			return Decision{}, err
		}
		if o == nil {
			if why == "" {
				why = "names no order"
			}
			return Decision{Outcome: Review, Exception: fmt.Sprintf("a reversal of %s (%s) that %s", what(e), e.Amount, why)}, nil
		}
	}
	d := Decision{Rule: rule, Order: o}
	if e.Amount.Currency.Code != o.Amount.Currency.Code {
		d.Outcome = Review
		d.Exception = fmt.Sprintf("reverses %s %s for order %s, which is in %s", e.Amount, what(e), o.Ref, o.Amount.Currency.Code)
		return d, nil
	}
	ev := reversalOf(!e.Credit, e.Amount.Minor, e.At, opt, "reversed by the bank")
	if _, err := o.State.Apply(ev); err != nil {
		d.Outcome = Review
		d.Exception = fmt.Sprintf("reverses %s %s of order %s, more than it holds (received %s, refunded %s)", e.Amount, what(e), o.Ref,
			payment.Amount{Minor: o.State.Received, Currency: o.Amount.Currency}, payment.Amount{Minor: o.State.Refunded, Currency: o.Amount.Currency})
		return d, nil
	}
	d.Outcome, d.Event = Reversed, &ev
	return d, nil
}

// what names what a reversal takes back: money out reverses a payment.
func what(e Evidence) string {
	if e.Credit {
		return "a refund"
	}
	return "a payment"
}

// reversalOf is the event that takes back a payment (credit) or a refund.
func reversalOf(credit bool, minor int64, at time.Time, opt Options, note string) payment.Event {
	kind := payment.EventRefundReversed
	if credit {
		kind = payment.EventReversed
	}
	return payment.Event{Kind: kind, Amount: minor, At: at, Source: opt.Source, Actor: opt.Actor, Note: note}
}

// correct decides an OFX correction: CORRECTACTION DELETE says the
// earlier line never happened, REPLACE that this line stands in its
// place. The earlier line's effect is taken back with an event of its own
// (or its open exception withdrawn); a replacement is then matched like
// any line, against the order as it is after the undo.
func correct(e Evidence, b Book, opt Options) (Decision, error) {
	action := strings.ToUpper(e.CorrectAction)
	if action != "DELETE" && action != "REPLACE" {
		return Decision{Outcome: Review, Exception: fmt.Sprintf("corrects line %s with the unknown action %q", e.Corrects, e.CorrectAction)}, nil
	}
	p, ok, err := b.Prior(e.Corrects)
	if err != nil {
		return Decision{}, err
	}
	switch {
	case !ok:
		return Decision{Outcome: Review, Exception: fmt.Sprintf("%ss line %s, which was never imported: import the statement that has it, then this one again", strings.ToLower(action), e.Corrects)}, nil
	case p.Corrected:
		return Decision{Outcome: Review, Exception: fmt.Sprintf("%ss line %s, which an earlier correction already undid", strings.ToLower(action), e.Corrects)}, nil
	}
	undo := &Undo{Key: p.Key}
	if p.Applied && p.Order != nil {
		ev := reversalOf(p.Credit, p.Amount.Minor, e.At, opt, fmt.Sprintf("line %s %sd by the bank's correction", p.Key, strings.ToLower(action)))
		if _, err := p.Order.State.Apply(ev); err != nil {
			return Decision{Outcome: Review, Order: p.Order, Exception: fmt.Sprintf("cannot undo line %s on order %s: %v", p.Key, p.Order.Ref, err)}, nil
		}
		undo.Order, undo.Event = p.Order, &ev
	}
	if action == "DELETE" {
		return Decision{Outcome: Corrected, Order: undo.Order, Undo: undo}, nil
	}
	e.Corrects, e.CorrectAction = "", ""
	d, err := Match(e, undone{Book: b, undo: undo}, opt)
	if err != nil {
		return Decision{}, err
	}
	d.Undo = undo
	return d, nil
}

// undone is a Book in which an undo has already happened: the replacing
// line is decided against the order as it is once the line it replaces
// is taken back.
type undone struct {
	Book
	undo *Undo
}

func (u undone) fix(o Order) Order {
	if u.undo.Order != nil && u.undo.Event != nil && o.Ref == u.undo.Order.Ref {
		if st, err := o.State.Apply(*u.undo.Event); err == nil {
			o.State = st
		}
	}
	return o
}

func (u undone) ByReference(ref payment.Reference) (Order, bool, error) {
	o, ok, err := u.Book.ByReference(ref)
	return u.fix(o), ok, err
}

func (u undone) ByProviderID(id string) (Order, payment.Amount, bool, error) {
	o, a, ok, err := u.Book.ByProviderID(id)
	return u.fix(o), a, ok, err
}
