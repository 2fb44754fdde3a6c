package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/till-pos/till/payment"
)

// SeedOrder is one order for Seed.
type SeedOrder struct {
	Ref       payment.Reference
	Amount    payment.Amount
	Note      string
	Schemes   string
	CreatedAt time.Time
	Expiry    time.Duration
}

// Seed inserts many open orders (with their "created" events) in one
// transaction, for benchmarks, load tests and the demo of a busy day. It
// is what CreateOrder does, without a durable commit per order.
func (s *Store) Seed(ctx context.Context, n int, gen func(i int) SeedOrder) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO orders (ref, amount_minor, currency, note, status, schemes, day, created_at, expires_at, updated_at)
			VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		ev, err := tx.PrepareContext(ctx, `INSERT INTO order_events (order_id, kind, amount_minor, at, recorded_at, source, actor, note)
			VALUES (?, 'created', ?, ?, ?, 'seed', 'seed', '')`)
		if err != nil {
			return err
		}
		defer ev.Close()
		for i := range n {
			o := gen(i)
			if o.Expiry == 0 {
				o.Expiry = 15 * time.Minute
			}
			at := ms(o.CreatedAt)
			res, err := ins.ExecContext(ctx, o.Ref, o.Amount.Minor, o.Amount.Currency.Code, o.Note, o.Schemes,
				o.CreatedAt.Format(time.DateOnly), at, ms(o.CreatedAt.Add(o.Expiry)), at)
			if err != nil {
				return fmt.Errorf("seed order %d: %w", i, err)
			}
			id, _ := res.LastInsertId()
			if _, err := ev.ExecContext(ctx, id, o.Amount.Minor, at, at); err != nil {
				return err
			}
		}
		return nil
	})
}

// SeedLine is one unplaced statement credit for SeedUnplaced.
type SeedLine struct {
	Key    string // unique line key
	Amount payment.Amount
	At     time.Time // when the money moved
	Detail string    // the exception's explanation
}

// SeedUnplaced records many statement credits that match no order, each
// with its open "unmatched" exception, in one transaction: the books of a
// day whose statement nobody could place, for benchmarks and load tests of
// the day close and the reconcile queue.
func (s *Store) SeedUnplaced(ctx context.Context, n int, gen func(i int) SeedLine) error {
	now := ms(s.now())
	return s.tx(ctx, func(tx *sql.Tx) error {
		ev, err := tx.PrepareContext(ctx, `INSERT INTO evidence (key, key_hash, source, at, amount_minor, currency, credit, outcome, created_at)
			VALUES (?, ?, 'statement', ?, ?, ?, 1, 'unmatched', ?)`)
		if err != nil {
			return err
		}
		defer ev.Close()
		exc, err := tx.PrepareContext(ctx, insertExceptionSQL)
		if err != nil {
			return err
		}
		defer exc.Close()
		for i := range n {
			l := gen(i)
			res, err := ev.ExecContext(ctx, l.Key, keyHash(l.Key), ms(l.At), l.Amount.Minor, l.Amount.Currency.Code, now)
			if err != nil {
				return fmt.Errorf("seed line %d: %w", i, err)
			}
			id, _ := res.LastInsertId()
			if _, err := exc.ExecContext(ctx, "unmatched", id, nil, l.Detail, now,
				exceptionDay(Order{}, false, l.At), l.Amount.Currency.Code); err != nil {
				return fmt.Errorf("seed line %d: %w", i, err)
			}
		}
		return nil
	})
}
