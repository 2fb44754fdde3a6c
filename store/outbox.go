package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// The outbox is this till's side of the fleet protocol (see package
// central for the whole of it): every order event, numbered from 1 with no
// gap by its id, given in the transaction that writes the event (see
// migration 0011). The till sends entries after the last acknowledged
// one, in order; the server's reply moves the acknowledgement and may
// quarantine entries.

// outboxBody is an entry's JSON, built from the event and its order's
// fields that never change (not its expiry, which a reopen moves), so the
// same entry reads the same every time it is sent.
const outboxBody = `json_object('ref', o.ref, 'id', e.id, 'kind', e.kind, 'amount', e.amount_minor,
	'at', e.at, 'recorded_at', e.recorded_at, 'source', e.source, 'actor', e.actor, 'note', e.note,
	'order', CASE WHEN e.kind = 'created' THEN json_object('amount', o.amount_minor, 'currency', o.currency,
		'note', o.note, 'day', o.day, 'created_at', o.created_at, 'schemes', o.schemes) END)`

// OutboxEntry is one numbered change of the books, as sent to the
// central server. Body is JSON that never changes once written.
type OutboxEntry struct {
	Seq  int64  `json:"seq"`
	Body string `json:"body"`
}

// SyncState is where the upload stands.
type SyncState struct {
	Acked       int64     // the highest seq the central server acknowledged
	Last        int64     // the highest seq in the outbox
	LastOK      time.Time // zero if never
	LastTry     time.Time
	LastError   string
	Diverged    string // why central refuses this database's history, if it does
	Quarantined int    // entries central could not take (kept there for a person)
}

// Waiting is how many entries the central server has not acknowledged.
func (s SyncState) Waiting() int64 { return max(s.Last-s.Acked, 0) }

// Outbox returns up to limit entries after seq, oldest first.
func (s *Store) Outbox(ctx context.Context, after int64, limit int) ([]OutboxEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, `+outboxBody+` FROM order_events e LEFT JOIN orders o ON o.id = e.order_id
		WHERE e.id > ? ORDER BY e.id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("read the outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxEntry
	for rows.Next() {
		var e OutboxEntry
		if err := rows.Scan(&e.Seq, &e.Body); err != nil {
			return nil, fmt.Errorf("read the outbox: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SyncState reads where the upload stands.
func (s *Store) SyncState(ctx context.Context) (SyncState, error) {
	var st SyncState
	var ok, try sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT acked, last_ok, last_try, last_error, diverged,
			(SELECT coalesce(max(id), 0) FROM order_events), (SELECT count(*) FROM outbox_verdicts)
		FROM sync_state WHERE id = 1`).Scan(&st.Acked, &ok, &try, &st.LastError, &st.Diverged, &st.Last, &st.Quarantined)
	if err != nil {
		return st, fmt.Errorf("read the sync state: %w", err)
	}
	if ok.Valid {
		st.LastOK = fromMS(ok.Int64)
	}
	if try.Valid {
		st.LastTry = fromMS(try.Int64)
	}
	return st, nil
}

// Ack is the central server's answer to an upload, applied on the till.
type Ack struct {
	// Next is the seq the server expects next: everything before it is in
	// the central book.
	Next int64
	// Quarantined maps the seqs the server kept aside to its reason.
	Quarantined map[int64]string
}

// ErrBehindCentral is returned when the server has acknowledged more
// than this database holds: the file was restored from a backup or copied
// from another till.
var ErrBehindCentral = fmt.Errorf("central has more of this till's history than this database holds: it was restored from a backup or copied; enroll it as a new till")

// ApplyAck records an acknowledgement in one transaction: the new
// acknowledged seq, quarantine verdicts, and a successful exchange. The
// acknowledgement is what central says it has: should central have lost
// entries (its database restored), it moves back and they are sent again.
func (s *Store) ApplyAck(ctx context.Context, a Ack) error {
	behind := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM order_events`).Scan(&last); err != nil {
			return err
		}
		if behind = a.Next-1 > last; behind {
			_, err := tx.ExecContext(ctx, `UPDATE sync_state SET diverged = ?, last_error = ?, last_try = ? WHERE id = 1`,
				ErrBehindCentral.Error(), ErrBehindCentral.Error(), ms(s.now()))
			return err
		}
		for seq, why := range a.Quarantined {
			if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_verdicts (seq, verdict) VALUES (?, ?)
				ON CONFLICT (seq) DO UPDATE SET verdict = excluded.verdict`, seq, why); err != nil {
				return err
			}
		}
		now := ms(s.now())
		_, err := tx.ExecContext(ctx, `UPDATE sync_state SET acked = ?, last_ok = ?, last_try = ?,
			last_error = '', diverged = '' WHERE id = 1`, a.Next-1, now, now)
		return err
	})
	if err == nil && behind {
		err = ErrBehindCentral
	}
	return err
}

// SyncFailed records a failed exchange; diverged is set when the server
// refused this database's history.
func (s *Store) SyncFailed(ctx context.Context, msg string, diverged bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		q := `UPDATE sync_state SET last_error = ?, last_try = ? WHERE id = 1`
		if diverged {
			q = `UPDATE sync_state SET last_error = ?1, last_try = ?2, diverged = ?1 WHERE id = 1`
		}
		_, err := tx.ExecContext(ctx, q, msg, ms(s.now()))
		return err
	})
}

// CheckOutbox verifies that the event ids, which number the outbox, run
// from 1 without a gap. It returns the problems found.
func (s *Store) CheckOutbox(ctx context.Context) ([]string, error) {
	var events, maxID int64
	err := s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(max(id), 0) FROM order_events`).Scan(&events, &maxID)
	if err != nil {
		return nil, fmt.Errorf("check the outbox: %w", err)
	}
	if events != maxID {
		return []string{fmt.Sprintf("the outbox (the order events) is numbered up to %d but holds %d entries: a gap would stop the fleet sync", maxID, events)}, nil
	}
	return nil, nil
}
