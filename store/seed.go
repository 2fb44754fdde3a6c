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
