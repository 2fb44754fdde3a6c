package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/scheme"
)

// An expired order is shown again with a new expiry and new codes; it can
// then be paid and expires again in time. Other orders cannot be reopened.
func TestReopenAnExpiredOrder(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	clock := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return clock }
	brl := payment.MustCurrency("BRL")
	o, err := s.CreateOrder(ctx, NewOrder{Amount: payment.Amount{Minor: 900, Currency: brl}, Expiry: time.Minute, Codes: codesFor})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reopen(ctx, o.Ref, time.Minute, "ana", codesFor); !errors.Is(err, payment.ErrTransition) {
		t.Fatalf("an open order reopened: %v", err)
	}
	clock = clock.Add(2 * time.Minute) // out of time, not yet marked expired
	var built time.Time
	again, err := s.Reopen(ctx, o.Ref, 5*time.Minute, "ana", func(r payment.Reference, exp time.Time) ([]scheme.Code, error) {
		built = exp
		return []scheme.Code{{Label: "again", Format: "emv", Schemes: []string{"demo"}, Payload: "AGAIN-" + string(r)}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if again.Status() != payment.StatusOpen || !again.ExpiresAt.Equal(clock.Add(5*time.Minute)) || !built.Equal(again.ExpiresAt) {
		t.Fatalf("reopened: %s, expires %v (codes built for %v)", again.Status(), again.ExpiresAt, built)
	}
	got, _ := s.Get(ctx, o.Ref)
	if len(got.Codes) != 1 || got.Codes[0].Payload != "AGAIN-"+string(o.Ref) || got.Status() != payment.StatusOpen {
		t.Fatalf("stored: %+v", got)
	}
	evs, _ := s.Events(ctx, o.Ref)
	var kinds []payment.EventKind
	for _, e := range evs {
		kinds = append(kinds, e.Kind)
	}
	if len(kinds) != 3 || kinds[1] != payment.EventExpired || kinds[2] != payment.EventReopened {
		t.Fatalf("history %v", kinds)
	}
	// It expires again when its new time is up, and a claim works meanwhile.
	if _, err := s.Claim(ctx, o.Ref, "ana", ""); err != nil {
		t.Fatal(err)
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}
