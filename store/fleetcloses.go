package store

import (
	"context"
	"database/sql"
	"fmt"
)

// DayCloseMark is one of the till's day closes as the fleet needs it:
// the day and currency, when it was closed (Unix ms) and Seq, the last
// outbox entry the till held then. Central waits for the till's upload
// to reach Seq before it closes the fleet's day.
type DayCloseMark struct {
	Day      string
	Currency string
	ClosedAt int64
	Seq      int64
	// Cash is the cash counted at closing (nil: not counted), and
	// OpenExceptions the reconciliation exceptions open then: facts of
	// the till's close that the central book does not hold.
	Cash           *int64
	OpenExceptions int
}

// DayClosesStamp changes whenever a day is closed; it is cheap enough to
// read at every sync round, so the marks are read only when it moved.
func (s *Store) DayClosesStamp(ctx context.Context) (string, error) {
	var n, last int64
	err := s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(max(closed_at), 0) FROM day_closes`).Scan(&n, &last)
	if err != nil {
		return "", fmt.Errorf("read the day closes: %w", err)
	}
	return fmt.Sprintf("%d:%d", n, last), nil
}

// DayCloseMarks returns the newest limit day closes. An entry's seq is
// its event's id, which grows with the recording time; the seq of a close
// is that of the newest event recorded by then (read from the newest end,
// so a recent close costs the events since it).
func (s *Store) DayCloseMarks(ctx context.Context, limit int) ([]DayCloseMark, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT day, currency, closed_at, cash_minor,
		coalesce(json_extract(snapshot, '$.open_exception_count'), 0) FROM day_closes ORDER BY closed_at DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("read the day closes: %w", err)
	}
	var out []DayCloseMark
	for rows.Next() {
		var m DayCloseMark
		var cash sql.NullInt64
		if err := rows.Scan(&m.Day, &m.Currency, &m.ClosedAt, &cash, &m.OpenExceptions); err != nil {
			rows.Close()
			return nil, err
		}
		if cash.Valid {
			m.Cash = &cash.Int64
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		err := s.db.QueryRowContext(ctx, `SELECT coalesce((SELECT id FROM order_events WHERE recorded_at <= ? ORDER BY id DESC LIMIT 1), 0)`,
			out[i].ClosedAt).Scan(&out[i].Seq)
		if err != nil {
			return nil, fmt.Errorf("read the day closes: %w", err)
		}
	}
	return out, nil
}
