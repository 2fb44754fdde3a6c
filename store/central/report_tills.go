package central

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// TillClose is a till's own day close as its syncer reports it: the day
// and currency, when it closed (Unix ms, the till's clock) and the last
// outbox seq it held then. The fleet day waits for each till's upload to
// reach that seq.
type TillClose struct {
	Day      string `json:"day"`
	Currency string `json:"currency"`
	Seq      int64  `json:"seq"`
	ClosedAt int64  `json:"closed_at"`
	// Facts of the till's close the central book does not hold: the
	// cash counted (nil: not counted) and the till's open exceptions.
	Cash           *int64 `json:"cash,omitempty"`
	OpenExceptions int    `json:"open_exceptions"`
}

// RecordCloses keeps till t's day closes (a close reported again changes
// nothing: a till closes a day once).
func (b *Book) RecordCloses(ctx context.Context, t Till, closes []TillClose) error {
	if len(closes) == 0 {
		return nil
	}
	batch := &pgx.Batch{}
	for _, c := range closes {
		if c.Day == "" || c.Currency == "" || c.Seq < 0 {
			return fmt.Errorf("a till's close needs its day, currency and seq")
		}
		batch.Queue(`INSERT INTO till_closes (merchant, till, day, currency, seq, closed_at, cash_minor, open_exceptions)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (merchant, till, day, currency) DO NOTHING`, t.Merchant, t.Name, c.Day, c.Currency, c.Seq, c.ClosedAt, c.Cash, c.OpenExceptions)
	}
	if err := b.pool.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("record the closes of till %q: %w", t.Name, err)
	}
	return nil
}

// tillCloseFacts reads, per till, the cash counted and the exceptions
// open at its own close of day in cur.
func tillCloseFacts(ctx context.Context, q queryer, merchant, day, cur string) (map[string]TillClose, error) {
	rows, err := q.Query(ctx, `SELECT till, seq, closed_at, cash_minor, open_exceptions FROM till_closes
		WHERE merchant = $1 AND day = $2 AND currency = $3`, merchant, day, cur)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]TillClose{}
	for rows.Next() {
		var till string
		c := TillClose{Day: day, Currency: cur}
		if err := rows.Scan(&till, &c.Seq, &c.ClosedAt, &c.Cash, &c.OpenExceptions); err != nil {
			return nil, err
		}
		out[till] = c
	}
	return out, rows.Err()
}
