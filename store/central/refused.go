package central

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Bounds of the refused notification requests kept for audit, as till
// serve keeps them (store.RejectedBodyPrefix and friends).
const (
	RefusedBodyPrefix = 512
	RefusedReasonMax  = 200
	MaxRefusedRows    = 1000
)

// Refuse keeps a refused notification request for audit: a prefix of its
// body, and only the newest MaxRefusedRows of merchant's. Concurrent
// refusals take turns on an advisory lock per merchant, so the bound
// holds however many servers refuse at once.
func (b *Book) Refuse(ctx context.Context, merchant, remote, reason string, body []byte) error {
	body = body[:min(len(body), RefusedBodyPrefix)]
	if body == nil {
		body = []byte{}
	}
	reason = reason[:min(len(reason), RefusedReasonMax)]
	remote = remote[:min(len(remote), 100)]
	err := pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('till refused ' || $1))`, merchant); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO refused_requests (merchant, remote, reason, body) VALUES ($1, $2, $3, $4)`,
			merchant, remote, reason, body); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM refused_requests WHERE merchant = $1 AND id <= (
			SELECT id FROM refused_requests WHERE merchant = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)`, merchant, MaxRefusedRows)
		return err
	})
	if err != nil {
		return fmt.Errorf("keep a refused notification: %w", err)
	}
	return nil
}

// Refused is how many refused requests of merchant are kept.
func (b *Book) Refused(ctx context.Context, merchant string) (int64, error) {
	var n int64
	err := b.pool.QueryRow(ctx, `SELECT count(*) FROM refused_requests WHERE merchant = $1`, merchant).Scan(&n)
	return n, err
}
