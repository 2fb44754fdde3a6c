package payment

import (
	"errors"
	"fmt"
	"time"
)

// Status is where an order stands. It is never set directly: it is derived
// from the order's events (see State), so the history always explains it.
type Status string

// The order statuses, in the words the cashier sees.
const (
	StatusOpen      Status = "open"      // QR shown, nothing known yet
	StatusClaimed   Status = "claimed"   // the cashier says it was paid; unverified
	StatusPaid      Status = "paid"      // evidence for exactly the amount due
	StatusPartial   Status = "partial"   // evidence for less than the amount due
	StatusOverpaid  Status = "overpaid"  // evidence for more than the amount due
	StatusExpired   Status = "expired"   // nobody paid in time
	StatusCancelled Status = "cancelled" // voided by the cashier
	StatusRefunded  Status = "refunded"  // all money received was given back
)

// Statuses lists every status in display order.
var Statuses = []Status{StatusOpen, StatusClaimed, StatusPaid, StatusPartial,
	StatusOverpaid, StatusExpired, StatusCancelled, StatusRefunded}

// ParseStatus reads a status name as typed on the command line.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown status %q: use one of open, claimed, paid, partial, overpaid, expired, cancelled, refunded", s)
}

// HasMoney reports whether some payment evidence stands behind the status.
func (s Status) HasMoney() bool {
	return s == StatusPaid || s == StatusPartial || s == StatusOverpaid || s == StatusRefunded
}

// EventKind names what happened to an order.
type EventKind string

// The kinds of order events.
const (
	EventCreated   EventKind = "created"   // the order exists, its QR may be shown
	EventClaimed   EventKind = "claimed"   // the cashier marked it paid
	EventPayment   EventKind = "payment"   // evidence of money received (notification, statement)
	EventExpired   EventKind = "expired"   // its time ran out while open
	EventCancelled EventKind = "cancelled" // voided, with a reason
	EventRefund    EventKind = "refund"    // money given back (recorded, or seen on a statement)
	EventNote      EventKind = "note"      // a remark that changes nothing, e.g. an exception dismissed
	EventReopened  EventKind = "reopened"  // an expired order shown again, with a new expiry
	// EventReversed takes back money an earlier payment event counted: the
	// bank reversed the credit (camt RvslInd, MT940 RC storno) or corrected
	// the line away (OFX CORRECTACTION DELETE or REPLACE). The payment stays
	// in the history; this event says it no longer holds.
	EventReversed EventKind = "reversed"
	// EventRefundReversed takes back an earlier refund: the money given
	// back returned (camt RvslInd on a debit, MT940 RD storno), or the
	// bank corrected the refund's line away.
	EventRefundReversed EventKind = "refund-reversed"
	// EventCash records cash the cashier took for what was still due
	// ("rest paid in cash"): money in the drawer, on the cashier's word,
	// never evidence. It counts towards settling the order.
	EventCash EventKind = "cash"
	// EventRestCode records that a code for the amount still due was
	// shown with a reference of its own (in Note), linked to the order:
	// money for that reference settles this order. It changes no money.
	EventRestCode EventKind = "rest-code"
	// EventRestClaimed records that the cashier saw the customer pay the
	// code for the rest (Amount): unverified, as a claim of the order is.
	EventRestClaimed EventKind = "rest-claimed"
)

// Event is one append-only fact in an order's history.
type Event struct {
	Kind   EventKind
	Amount int64     // minor units, for created, payment and refund
	At     time.Time // when it happened (for evidence: when the money moved)
	Source string    // "manual", "notification:ID", "statement:KEY", "expiry", ...
	Actor  string    // who: a cashier name, "till serve", "till reconcile", ...
	Note   string    // reason or remark
}

// State is what an order's events add up to. Stores keep it on the order
// row, next to the events, and change both in one transaction.
type State struct {
	Status   Status
	Due      int64  // the order's amount, minor units
	Received int64  // total of payment evidence
	Refunded int64  // total of refunds
	Payments int    // number of payment events
	Claimed  bool   // the cashier said it was paid
	Closed   Status // StatusExpired or StatusCancelled once closed without money, else ""
	Late     bool   // money arrived after the order was expired or cancelled
	// Cash is what the cashier took in cash for the order (EventCash).
	Cash int64
	// RestClaimed is the rest of the order the cashier marked paid by its
	// own code (EventRestClaimed): unverified.
	RestClaimed int64
}

// ErrTransition is wrapped by every refused change.
var ErrTransition = errors.New("not allowed")

// Fold replays events from the first (which must be EventCreated).
func Fold(events []Event) (State, error) {
	var s State
	for i, e := range events {
		var err error
		if s, err = s.Apply(e); err != nil {
			return s, fmt.Errorf("event %d (%s): %w", i+1, e.Kind, err)
		}
	}
	return s, nil
}

// Apply returns the state after e, or an error wrapping ErrTransition that
// says why e cannot happen now. Evidence of money is never refused: a late
// payment moves an expired or cancelled order and is marked Late, because
// money that arrived must show up somewhere.
//
// It is better whole: it is the order state machine's transition table,
// one case per event kind saying which statuses it may follow and what it
// changes. Kept in one switch, the table can be read and reviewed as one,
// and a new event kind is one more case beside the others.
func (s State) Apply(e Event) (State, error) {
	if s.Status == "" && e.Kind != EventCreated {
		return s, fmt.Errorf("%w: the first event must be %q", ErrTransition, EventCreated)
	}
	switch e.Kind {
	case EventCreated:
		if s.Status != "" {
			return s, fmt.Errorf("%w: the order already exists", ErrTransition)
		}
		if e.Amount <= 0 {
			return s, fmt.Errorf("%w: an order needs an amount greater than zero", ErrTransition)
		}
		s.Due = e.Amount
	case EventClaimed:
		if s.Status != StatusOpen {
			return s, fmt.Errorf("%w: the order is %s, only an open order can be marked paid", ErrTransition, s.Status)
		}
		s.Claimed = true
	case EventPayment:
		if e.Amount <= 0 {
			return s, fmt.Errorf("%w: a payment needs an amount greater than zero", ErrTransition)
		}
		if s.Closed != "" {
			s.Late = true
		}
		s.Received += e.Amount
		s.Payments++
	case EventExpired:
		if s.Status != StatusOpen {
			return s, fmt.Errorf("%w: the order is %s, only an open order expires", ErrTransition, s.Status)
		}
		s.Closed = StatusExpired
	case EventCancelled:
		if s.Received > 0 || s.Cash > 0 || (s.Status != StatusOpen && s.Status != StatusClaimed) {
			if s.Received > 0 || s.Cash > 0 {
				return s, fmt.Errorf("%w: the order is %s; money was received, record a refund instead", ErrTransition, s.Status)
			}
			return s, fmt.Errorf("%w: the order is already %s", ErrTransition, s.Status)
		}
		if s.Refunded > 0 {
			return s, fmt.Errorf("%w: part of the order was refunded; it cannot be cancelled", ErrTransition)
		}
		s.Closed = StatusCancelled
	case EventRefund:
		if e.Amount <= 0 {
			return s, fmt.Errorf("%w: a refund needs an amount greater than zero", ErrTransition)
		}
		left := s.Refundable()
		if left == 0 {
			return s, fmt.Errorf("%w: the order is %s; there is nothing to refund", ErrTransition, s.Status)
		}
		if e.Amount > left {
			return s, RefundLimitError{Left: left}
		}
		s.Refunded += e.Amount
	case EventReopened:
		// The customer is still there when the code ran out: the same
		// order, shown again. Only time closed it; a void or money stays.
		if s.Status != StatusExpired {
			return s, fmt.Errorf("%w: the order is %s, only an expired order can be shown again", ErrTransition, s.Status)
		}
		s.Closed = ""
	case EventReversed:
		if e.Amount <= 0 || e.Amount > s.Received {
			return s, fmt.Errorf("%w: a reversal takes back between 1 and the %d (minor units) received", ErrTransition, s.Received)
		}
		s.Received -= e.Amount
	case EventRefundReversed:
		if e.Amount <= 0 || e.Amount > s.Refunded {
			return s, fmt.Errorf("%w: a refund reversal takes back between 1 and the %d (minor units) refunded", ErrTransition, s.Refunded)
		}
		s.Refunded -= e.Amount
	case EventCash:
		if e.Amount <= 0 {
			return s, fmt.Errorf("%w: cash needs an amount greater than zero", ErrTransition)
		}
		if err := s.restAllowed(e.Amount, e.Amount > s.Outstanding(), StatusOpen); err != nil {
			return s, err
		}
		s.Cash += e.Amount
	case EventRestCode, EventRestClaimed:
		if err := s.restAllowed(e.Amount, e.Amount != s.Outstanding()); err != nil {
			return s, err
		}
		if e.Kind == EventRestClaimed {
			s.RestClaimed += e.Amount
		}
	case EventNote:
	default:
		return s, fmt.Errorf("%w: unknown event kind %q", ErrTransition, e.Kind)
	}
	s.Status = s.derive()
	return s, nil
}

// restAllowed says whether the rest of the order may be charged, claimed
// or taken in cash now: the order is partly paid (or in one of also),
// still going, nothing refunded, and the amount fits what is due.
func (s State) restAllowed(amount int64, wrong bool, also ...Status) error {
	ok := s.Status == StatusPartial
	for _, st := range also {
		ok = ok || s.Status == st
	}
	switch {
	case !ok || s.Closed != "" || s.Refunded > 0:
		return fmt.Errorf("%w: the order is %s; only an order with money still due can take the rest", ErrTransition, s.Status)
	case s.Outstanding() <= 0:
		return fmt.Errorf("%w: nothing is still due on the order", ErrTransition)
	case amount <= 0 || wrong:
		return RestLimitError{Left: s.Outstanding()}
	}
	return nil
}

// Covered is the money that settles the order for sure: evidence received
// and cash taken (claims are the cashier's word and are not in it).
func (s State) Covered() int64 { return s.Received + s.Cash }

// Outstanding is the amount still due: what the rest's code asks for and
// what "rest paid in cash" takes. Zero once the order is covered, claimed
// whole, closed or refunded.
func (s State) Outstanding() int64 {
	if s.Closed != "" || s.Refunded > 0 || s.RestClaimed > 0 || (s.Claimed && s.Covered() == 0) {
		return 0
	}
	return max(s.Due-s.Covered(), 0)
}

// Settled is the money the merchant holds for the order: the evidence
// received and cash taken (with the rest the cashier claimed, up to the
// amount due), or the amount due when the cashier claimed it without
// evidence.
func (s State) Settled() int64 {
	if c := s.Covered(); c > 0 {
		return c + min(s.RestClaimed, max(s.Due-c, 0))
	}
	if s.Claimed && s.Closed == "" {
		return s.Due
	}
	return 0
}

// Refundable is how much can still be recorded as refunded.
func (s State) Refundable() int64 {
	left := s.Settled() - s.Refunded
	if left < 0 {
		return 0
	}
	return left
}

func (s State) derive() Status {
	if settled := s.Settled(); s.Refunded > 0 && s.Refunded >= settled {
		return StatusRefunded
	}
	if c := s.Covered(); c > 0 {
		switch {
		case c < s.Due && s.RestClaimed > 0 && c+s.RestClaimed >= s.Due:
			return StatusClaimed // the rest is on the cashier's word
		case c < s.Due:
			return StatusPartial
		case c > s.Due:
			return StatusOverpaid
		default:
			return StatusPaid
		}
	}
	if s.Closed != "" {
		return s.Closed
	}
	if s.Claimed {
		return StatusClaimed
	}
	return StatusOpen
}

// Can reports whether an event of kind k (with a positive amount where one
// is needed) would be accepted now. The UI uses it to offer only the actions
// that work.
func (s State) Can(k EventKind) bool {
	amount := int64(1)
	switch k {
	case EventRefund:
		amount = s.Refundable()
	case EventCash, EventRestCode, EventRestClaimed:
		amount = s.Outstanding()
	}
	_, err := s.Apply(Event{Kind: k, Amount: amount})
	return err == nil
}

// RefundLimitError says a refund was larger than what can still be
// refunded. It carries the limit in minor units, so that whoever knows the
// order's currency can say it in money.
type RefundLimitError struct{ Left int64 }

func (e RefundLimitError) Error() string {
	return fmt.Sprintf("%v: at most %d (minor units) can still be refunded", ErrTransition, e.Left)
}

func (e RefundLimitError) Unwrap() error { return ErrTransition }

// RestLimitError says the rest was charged, claimed or taken in cash for
// another amount than what is still due (minor units, for whoever knows
// the currency).
type RestLimitError struct{ Left int64 }

func (e RestLimitError) Error() string {
	return fmt.Sprintf("%v: %d (minor units) is still due", ErrTransition, e.Left)
}

func (e RestLimitError) Unwrap() error { return ErrTransition }
