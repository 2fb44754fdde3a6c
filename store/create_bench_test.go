package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/scheme"
)

// BenchmarkCreateOrder is one durable sale: the order, its code and its
// "created" event in one transaction (WAL, synchronous=FULL), as till
// charge and the TUI's Enter make it. cmd/till-bench compares the same
// transaction with the sqlite3 CLI.
func BenchmarkCreateOrder(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "till.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	cfg, err := config.Resolve(config.Demo())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		amount := payment.Amount{Minor: int64(100 + i), Currency: cfg.Merchant.Currency}
		_, err := s.CreateOrder(ctx, NewOrder{Amount: amount, Expiry: time.Hour, Actor: "bench",
			Codes: func(ref payment.Reference, exp time.Time) ([]scheme.Code, error) {
				return cfg.Schemes.Codes(scheme.Charge{Amount: amount, Ref: ref, Expires: exp})
			}})
		if err != nil {
			b.Fatal(err)
		}
	}
}
