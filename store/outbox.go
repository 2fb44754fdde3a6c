package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// The outbox is this till's side of the fleet protocol (see package
// central for the whole of it): every order event, numbered from 1 with no
// gap, appended by a trigger in the transaction that writes the event.
// The till sends entries after the last acknowledged one, in order; the
// server's reply moves the acknowledgement and may quarantine entries.

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
	rows, err := s.db.QueryContext(ctx, `SELECT seq, body FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
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
			(SELECT coalesce(max(seq), 0) FROM outbox), (SELECT count(*) FROM outbox WHERE verdict <> '')
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
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM outbox`).Scan(&last); err != nil {
			return err
		}
		if behind = a.Next-1 > last; behind {
			_, err := tx.ExecContext(ctx, `UPDATE sync_state SET diverged = ?, last_error = ?, last_try = ? WHERE id = 1`,
				ErrBehindCentral.Error(), ErrBehindCentral.Error(), ms(s.now()))
			return err
		}
		for seq, why := range a.Quarantined {
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET verdict = ? WHERE seq = ?`, why, seq); err != nil {
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

// CheckOutbox verifies the outbox against the events: one entry per
// event, numbered without a gap. It returns the problems found.
func (s *Store) CheckOutbox(ctx context.Context) ([]string, error) {
	var events, entries, maxSeq, distinct int64
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM order_events), (SELECT count(*) FROM outbox),
		(SELECT coalesce(max(seq), 0) FROM outbox),
		(SELECT count(DISTINCT json_extract(body, '$.id')) FROM outbox)`).Scan(&events, &entries, &maxSeq, &distinct)
	if err != nil {
		return nil, fmt.Errorf("check the outbox: %w", err)
	}
	var out []string
	if entries != events {
		out = append(out, fmt.Sprintf("the outbox has %d entries for %d order events", entries, events))
	}
	if maxSeq != entries {
		out = append(out, fmt.Sprintf("the outbox is numbered up to %d but holds %d entries", maxSeq, entries))
	}
	if distinct != events {
		out = append(out, fmt.Sprintf("the outbox names %d distinct events of %d", distinct, events))
	}
	return out, nil
}
