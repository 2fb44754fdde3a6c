package payment

import (
	"errors"
	"math/rand/v2"
	"testing"
)

func ev(k EventKind, amount int64) Event { return Event{Kind: k, Amount: amount} }

func TestOrderStates(t *testing.T) {
	created := ev(EventCreated, 1000)
	tests := []struct {
		name   string
		events []Event
		want   Status
		late   bool
		fail   bool // the last event must be refused
	}{
		{"new order is open", []Event{created}, StatusOpen, false, false},
		{"cashier claims", []Event{created, ev(EventClaimed, 0)}, StatusClaimed, false, false},
		{"claim twice refused", []Event{created, ev(EventClaimed, 0), ev(EventClaimed, 0)}, "", false, true},
		{"exact payment", []Event{created, ev(EventPayment, 1000)}, StatusPaid, false, false},
		{"claimed then verified", []Event{created, ev(EventClaimed, 0), ev(EventPayment, 1000)}, StatusPaid, false, false},
		{"short payment", []Event{created, ev(EventPayment, 400)}, StatusPartial, false, false},
		{"short then rest", []Event{created, ev(EventPayment, 400), ev(EventPayment, 600)}, StatusPaid, false, false},
		{"too much", []Event{created, ev(EventPayment, 1500)}, StatusOverpaid, false, false},
		{"paid twice", []Event{created, ev(EventPayment, 1000), ev(EventPayment, 1000)}, StatusOverpaid, false, false},
		{"expires", []Event{created, ev(EventExpired, 0)}, StatusExpired, false, false},
		{"claimed does not expire", []Event{created, ev(EventClaimed, 0), ev(EventExpired, 0)}, "", false, true},
		{"late payment after expiry", []Event{created, ev(EventExpired, 0), ev(EventPayment, 1000)}, StatusPaid, true, false},
		{"cancel open", []Event{created, ev(EventCancelled, 0)}, StatusCancelled, false, false},
		{"cancel claimed", []Event{created, ev(EventClaimed, 0), ev(EventCancelled, 0)}, StatusCancelled, false, false},
		{"cancel paid refused", []Event{created, ev(EventPayment, 1000), ev(EventCancelled, 0)}, "", false, true},
		{"late payment after cancel", []Event{created, ev(EventCancelled, 0), ev(EventPayment, 500)}, StatusPartial, true, false},
		{"full refund", []Event{created, ev(EventPayment, 1000), ev(EventRefund, 1000)}, StatusRefunded, false, false},
		{"partial refund keeps paid", []Event{created, ev(EventPayment, 1000), ev(EventRefund, 300)}, StatusPaid, false, false},
		{"refund of a claim", []Event{created, ev(EventClaimed, 0), ev(EventRefund, 1000)}, StatusRefunded, false, false},
		{"refund more than received", []Event{created, ev(EventPayment, 1000), ev(EventRefund, 1001)}, "", false, true},
		{"refund of an open order", []Event{created, ev(EventRefund, 100)}, "", false, true},
		{"refund of a cancelled claim", []Event{created, ev(EventClaimed, 0), ev(EventCancelled, 0), ev(EventRefund, 100)}, "", false, true},
		{"overpaid refund of the excess", []Event{created, ev(EventPayment, 1500), ev(EventRefund, 500)}, StatusOverpaid, false, false},
		{"note changes nothing", []Event{created, ev(EventNote, 0)}, StatusOpen, false, false},
		{"nothing before created", []Event{ev(EventPayment, 100)}, "", false, true},
		{"created twice", []Event{created, created}, "", false, true},
		{"zero payment", []Event{created, ev(EventPayment, 0)}, "", false, true},
		{"expired cannot be claimed", []Event{created, ev(EventExpired, 0), ev(EventClaimed, 0)}, "", false, true},
	}
	for _, tt := range tests {
		s, err := Fold(tt.events)
		if tt.fail {
			if err == nil || !errors.Is(err, ErrTransition) {
				t.Errorf("%s: got %v, %v; want ErrTransition", tt.name, s.Status, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if s.Status != tt.want || s.Late != tt.late {
			t.Errorf("%s: status %s late %v; want %s late %v", tt.name, s.Status, s.Late, tt.want, tt.late)
		}
	}
}

// Whatever sequence of events is accepted, the folded state obeys the
// invariants the day close relies on.
func TestOrderInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := []EventKind{EventClaimed, EventPayment, EventExpired, EventCancelled, EventRefund, EventNote}
	for range 20000 {
		due := 1 + rng.Int64N(10000)
		s, _ := State{}.Apply(ev(EventCreated, due))
		var received, refunded int64
		for range rng.IntN(8) {
			e := ev(kinds[rng.IntN(len(kinds))], rng.Int64N(2*due))
			next, err := s.Apply(e)
			if err != nil {
				continue
			}
			s = next
			switch e.Kind {
			case EventPayment:
				received += e.Amount
			case EventRefund:
				refunded += e.Amount
			}
		}
		if s.Received != received || s.Refunded != refunded {
			t.Fatalf("totals drifted: %+v vs %d/%d", s, received, refunded)
		}
		// Evidence is never refused, so a claim refunded before its (short)
		// payment arrived can leave more refunded than received; the order
		// must then read as refunded, not as paid.
		if s.Refunded > 0 && s.Refunded >= s.Settled() && s.Status != StatusRefunded {
			t.Fatalf("fully refunded but %s: %+v", s.Status, s)
		}
		if s.Refundable() < 0 {
			t.Fatalf("negative refundable: %+v", s)
		}
		if s.Status.HasMoney() != (s.Received > 0 || s.Status == StatusRefunded) {
			t.Fatalf("status %s disagrees with money %+v", s.Status, s)
		}
		if s.Status == StatusOpen && (s.Claimed || s.Closed != "" || s.Received > 0) {
			t.Fatalf("open but %+v", s)
		}
	}
}

func TestCan(t *testing.T) {
	s, _ := Fold([]Event{ev(EventCreated, 100)})
	if !s.Can(EventClaimed) || !s.Can(EventCancelled) || s.Can(EventRefund) {
		t.Errorf("open order: can claim/cancel, cannot refund: %+v", s)
	}
	s, _ = s.Apply(ev(EventPayment, 100))
	if s.Can(EventClaimed) || s.Can(EventCancelled) || !s.Can(EventRefund) {
		t.Errorf("paid order: can only refund: %+v", s)
	}
}
