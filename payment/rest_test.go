package payment

import (
	"errors"
	"testing"
)

// The rest of an order: a code for it, a claim of that code, or cash,
// each for exactly what is still due, and only while some is due.
func TestRestRules(t *testing.T) {
	created := Event{Kind: EventCreated, Amount: 2000}
	short := Event{Kind: EventPayment, Amount: 1200}
	ev := func(k EventKind, minor int64) Event { return Event{Kind: k, Amount: minor} }
	for _, c := range []struct {
		name   string
		events []Event
		then   Event
		want   Status // "" when refused
		settle int64
	}{
		{"code for the rest of a short order", []Event{created, short}, ev(EventRestCode, 800), StatusPartial, 1200},
		{"code for another amount", []Event{created, short}, ev(EventRestCode, 700), "", 0},
		{"code for an open order", []Event{created}, ev(EventRestCode, 2000), "", 0},
		{"rest claimed", []Event{created, short}, ev(EventRestClaimed, 800), StatusClaimed, 2000},
		{"rest claimed twice", []Event{created, short, ev(EventRestClaimed, 800)}, ev(EventRestClaimed, 800), "", 0},
		{"rest in cash", []Event{created, short}, ev(EventCash, 800), StatusPaid, 2000},
		{"part of the rest in cash", []Event{created, short}, ev(EventCash, 300), StatusPartial, 1500},
		{"more than the rest in cash", []Event{created, short}, ev(EventCash, 801), "", 0},
		{"whole order in cash", []Event{created}, ev(EventCash, 2000), StatusPaid, 2000},
		{"cash for a claimed order", []Event{created, {Kind: EventClaimed}}, ev(EventCash, 2000), "", 0},
		{"cash for a paid order", []Event{created, ev(EventPayment, 2000)}, ev(EventCash, 1), "", 0},
		{"cash for an expired order", []Event{created, {Kind: EventExpired}}, ev(EventCash, 2000), "", 0},
		{"cash after a refund", []Event{created, short, ev(EventRefund, 100)}, ev(EventCash, 800), "", 0},
		{"cancel with cash in the drawer", []Event{created, ev(EventCash, 500)}, Event{Kind: EventCancelled}, "", 0},
		{"evidence for the claimed rest", []Event{created, short, ev(EventRestClaimed, 800)}, ev(EventPayment, 800), StatusPaid, 2000},
		{"refund of cash and evidence", []Event{created, short, ev(EventCash, 800)}, ev(EventRefund, 2000), StatusRefunded, 2000},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := Fold(c.events)
			if err != nil {
				t.Fatal(err)
			}
			after, err := s.Apply(c.then)
			if c.want == "" {
				if !errors.Is(err, ErrTransition) {
					t.Fatalf("accepted: %+v", after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if after.Status != c.want || after.Settled() != c.settle {
				t.Fatalf("status %s settled %d, want %s %d", after.Status, after.Settled(), c.want, c.settle)
			}
		})
	}
}

// Can offers the rest actions only while something is due.
func TestCanTakeTheRest(t *testing.T) {
	s, _ := Fold([]Event{{Kind: EventCreated, Amount: 2000}, {Kind: EventPayment, Amount: 1200}})
	if !s.Can(EventRestCode) || !s.Can(EventCash) || !s.Can(EventRestClaimed) || s.Outstanding() != 800 {
		t.Fatalf("short order: %+v", s)
	}
	paid, _ := s.Apply(Event{Kind: EventCash, Amount: 800})
	if paid.Can(EventRestCode) || paid.Can(EventCash) || paid.Outstanding() != 0 {
		t.Fatalf("paid order still offers the rest: %+v", paid)
	}
}
