package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Refused deliveries (bad signature, stale timestamp, malformed body) are
// kept for audit within bounds, so that requests nobody signed cannot
// fill the disk: each keeps at most RejectedBodyPrefix bytes of its body
// and RejectedReasonMax of its reason, and the table keeps the newest
// MaxRejectedRows rows within MaxRejectedBytes; older ones are dropped,
// and counted.
const (
	RejectedBodyPrefix = 512
	RejectedReasonMax  = 200
	MaxRejectedRows    = 1000 // also in the migration *_rejected_bounds.sql
	MaxRejectedBytes   = 512 << 10
)

// RejectedStats says what is kept of refused deliveries and what was
// dropped to stay within the bounds.
type RejectedStats struct {
	Kept, KeptBytes       int64
	Dropped, DroppedBytes int64
}

// Reject keeps a refused notification for audit: the first
// RejectedBodyPrefix bytes of its body, within the table's bounds.
func (s *Store) Reject(ctx context.Context, remote, reason string, body []byte) error {
	if len(body) > RejectedBodyPrefix {
		body = body[:RejectedBodyPrefix]
	}
	if body == nil {
		body = []byte{}
	}
	if len(reason) > RejectedReasonMax {
		reason = reason[:RejectedReasonMax]
	}
	if len(remote) > 100 {
		remote = remote[:100]
	}
	size := int64(len(body) + len(reason) + len(remote))
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO rejected_notifications (received_at, remote, reason, body, size) VALUES (?, ?, ?, ?, ?)`,
			ms(s.now()), remote, reason, body, size); err != nil {
			return fmt.Errorf("keep a refused notification: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE rejected_stats SET kept = kept + 1, kept_bytes = kept_bytes + ?`, size); err != nil {
			return err
		}
		return dropOldestRejected(ctx, tx)
	})
}

// dropOldestRejected deletes the oldest refused deliveries until the
// table is within its bounds, and counts them as dropped.
func dropOldestRejected(ctx context.Context, tx *sql.Tx) error {
	var st RejectedStats
	if err := tx.QueryRowContext(ctx, `SELECT kept, kept_bytes FROM rejected_stats`).Scan(&st.Kept, &st.KeptBytes); err != nil {
		return err
	}
	for st.Kept > MaxRejectedRows || st.KeptBytes > MaxRejectedBytes {
		var id, size int64
		if err := tx.QueryRowContext(ctx, `SELECT id, size FROM rejected_notifications ORDER BY id LIMIT 1`).Scan(&id, &size); err != nil {
			return fmt.Errorf("drop the oldest refused notification: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM rejected_notifications WHERE id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE rejected_stats SET kept = kept - 1, kept_bytes = kept_bytes - ?1,
			dropped = dropped + 1, dropped_bytes = dropped_bytes + ?1`, size); err != nil {
			return err
		}
		st.Kept, st.KeptBytes = st.Kept-1, st.KeptBytes-size
	}
	return nil
}

// Rejected says what is kept of refused deliveries and what was dropped.
func (s *Store) Rejected(ctx context.Context) (RejectedStats, error) {
	var st RejectedStats
	err := s.db.QueryRowContext(ctx, `SELECT kept, kept_bytes, dropped, dropped_bytes FROM rejected_stats`).
		Scan(&st.Kept, &st.KeptBytes, &st.Dropped, &st.DroppedBytes)
	if err != nil {
		return st, fmt.Errorf("refused notifications: %w", err)
	}
	return st, nil
}
