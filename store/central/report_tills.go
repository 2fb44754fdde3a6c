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
		batch.Queue(`INSERT INTO till_closes (merchant, till, day, currency, seq, closed_at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (merchant, till, day, currency) DO NOTHING`, t.Merchant, t.Name, c.Day, c.Currency, c.Seq, c.ClosedAt)
	}
	if err := b.pool.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("record the closes of till %q: %w", t.Name, err)
	}
	return nil
}
