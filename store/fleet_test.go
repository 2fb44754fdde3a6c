package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
)

// A till that joined a fleet makes references with its prefix, also after
// it is opened again; it cannot join a second fleet.
func TestJoinFleetPrefixesReferences(t *testing.T) {
	path := filepath.Join(t.TempDir(), "till.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, ok, err := s.Fleet(ctx); ok || err != nil {
		t.Fatalf("a new till is in a fleet: %v %v", ok, err)
	}
	f := Fleet{URL: "http://127.0.0.1:8788", Merchant: "main", Name: "counter 1", Prefix: "3M", Token: "secret"}
	if err := s.JoinFleet(ctx, f); err != nil {
		t.Fatal(err)
	}
	if err := s.JoinFleet(ctx, f); !errors.Is(err, ErrAlreadyJoined) {
		t.Fatalf("joined twice: %v", err)
	}
	brl := payment.MustCurrency("BRL")
	order := func(s *Store) payment.Reference {
		o, err := s.CreateOrder(ctx, NewOrder{Amount: payment.Amount{Minor: 100, Currency: brl}, Expiry: time.Minute, Codes: codesFor})
		if err != nil {
			t.Fatal(err)
		}
		return o.Ref
	}
	if r := order(s); !strings.HasPrefix(string(r), "3M") {
		t.Fatalf("reference %s", r)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if r := order(s); !strings.HasPrefix(string(r), "3M") {
		t.Fatalf("reference after reopening %s", r)
	}
	if got, ok, _ := s.Fleet(ctx); !ok || got.Name != "counter 1" || got.Token != "secret" {
		t.Fatalf("fleet %+v", got)
	}
	if err := s.JoinFleet(ctx, Fleet{Prefix: "0O"}); err == nil {
		t.Fatal("a bad prefix was taken")
	}
}
