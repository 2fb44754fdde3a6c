package central

// The fleet protocol, central side.
//
// A till numbers every change of its books (each order event) in an
// outbox, from 1 without a gap, in the transaction that makes the change.
// It sends entries in order, in batches, from the one after the last the
// server acknowledged. For each till the book keeps next_seq, the seq it
// expects next, and every entry it took with the SHA-256 of its body.
// Push handles a batch in one transaction, under a row lock on the till's
// head, so that any number of servers and retries give one outcome:
//
//   - seq < next_seq: already here. The same body is a duplicate and
//     changes nothing (a resent batch, a reply that was lost); a different
//     body means the till's database has another history than the one it
//     sent before (restored from a backup, or copied to a second machine):
//     the batch is refused with ErrDiverged, the till's head is marked and
//     an exception is raised. Nothing of the other history is merged.
//   - seq == next_seq: taken, and next_seq moves on. An entry that cannot
//     be taken (unreadable, an order of another till, an event for an
//     order the book does not have) is quarantined: kept with its reason
//     and an exception for a person, acknowledged like any other, so it
//     never blocks the queue and never vanishes.
//   - seq > next_seq: a gap (entries lost on the way). The batch stops
//     there and the reply says next_seq; the till sends again from it.
//
// The reply always carries next_seq and the verdict of every quarantined
// entry of the batch (new or resent), so a lost reply costs one resend.
// A server that acknowledged more than the till holds tells the till its
// file is older than its history (see store.ErrBehindCentral).
//
// Orders are folded from all their events from every source, in a fixed
// order (fold.go); money is never refused, and an event the fold cannot
// apply is kept, marked refused, with an exception.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Entry is one outbox entry as a till sends it.
type Entry struct {
	Seq  int64  `json:"seq"`
	Body string `json:"body"`
}

// Quarantine is an entry the book kept aside, and why.
type Quarantine struct {
	Seq    int64  `json:"seq"`
	Reason string `json:"reason"`
}

// PushResult is the answer to a batch.
type PushResult struct {
	Next        int64        `json:"next"` // the seq the book expects next
	Accepted    int          `json:"accepted"`
	Duplicates  int          `json:"duplicates"`
	Gap         bool         `json:"gap,omitempty"` // the batch started after next: send from next
	Quarantined []Quarantine `json:"quarantined,omitempty"`
}

// ErrDiverged is returned when a till presents, for a seq the book has
// already taken, another entry than the one it sent then.
var ErrDiverged = errors.New("this till's database has another history than the one it already sent (it was restored from a backup or copied to another machine); central refuses to merge it: enroll the copy as a new till")

// ErrBadBatch is returned for a batch whose seqs do not run one by one.
var ErrBadBatch = errors.New("a batch must hold entries with consecutive seqs from 1 up")

// MaxBatch bounds the entries of one push.
const MaxBatch = 1000

// Push takes a batch of till t's outbox (see the protocol above).
func (b *Book) Push(ctx context.Context, t Till, batch []Entry) (PushResult, error) {
	var res PushResult
	if len(batch) > MaxBatch {
		return res, fmt.Errorf("%w (at most %d in one batch)", ErrBadBatch, MaxBatch)
	}
	for i, e := range batch {
		if e.Seq < 1 || (i > 0 && e.Seq != batch[i-1].Seq+1) {
			return res, ErrBadBatch
		}
	}
	var diverged error
	err := pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		res, diverged = PushResult{}, nil
		p := &pusher{ctx: ctx, tx: tx, till: t, owners: map[string]string{}, eventIDs: map[int64]bool{}}
		if err := p.lockHead(); err != nil {
			return err
		}
		stored, err := p.storedEntries(batch)
		if err != nil {
			return err
		}
		if err := p.prefetch(batch); err != nil {
			return err
		}
		for _, e := range batch {
			h := sha256.Sum256([]byte(e.Body))
			if e.Seq < p.next {
				old, ok := stored[e.Seq]
				if !ok || !bytes.Equal(old.hash, h[:]) {
					diverged = fmt.Errorf("%w (seq %d)", ErrDiverged, e.Seq)
					return p.markDiverged(e.Seq)
				}
				res.Duplicates++
				if old.quarantined != "" {
					res.Quarantined = append(res.Quarantined, Quarantine{e.Seq, old.quarantined})
				}
				continue
			}
			if e.Seq > p.next {
				res.Gap = true
				break
			}
			why, err := p.take(e, h[:])
			if err != nil {
				return err
			}
			if why != "" {
				res.Quarantined = append(res.Quarantined, Quarantine{e.Seq, why})
			}
			res.Accepted++
			p.next++
		}
		res.Next = p.next
		if err := p.flush(); err != nil {
			return err
		}
		if err := p.fold(); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE sync_heads SET next_seq = $3, last_push = now() WHERE merchant = $1 AND till = $2`,
			t.Merchant, t.Name, p.next)
		return err
	})
	if err != nil {
		return PushResult{}, err
	}
	return res, diverged
}

// Head returns the seq the book expects next from till t.
func (b *Book) Head(ctx context.Context, t Till) (int64, error) {
	var next int64
	err := b.pool.QueryRow(ctx, `SELECT next_seq FROM sync_heads WHERE merchant = $1 AND till = $2`, t.Merchant, t.Name).Scan(&next)
	if errors.Is(err, pgx.ErrNoRows) {
		return 1, nil
	}
	return next, err
}

// pusher is one Push inside its transaction.
type pusher struct {
	ctx      context.Context
	tx       pgx.Tx
	till     Till
	next     int64
	owners   map[string]string // ref → till that made it ("" when unknown), read once per batch
	eventIDs map[int64]bool    // the till's event ids the book has or the batch takes
	touched  []string          // refs whose events changed, to fold

	// What take planned, written by flush.
	entryRows, orderRows, eventRows [][]any
	quarantines                     []exceptionRow
}

type storedEntry struct {
	hash        []byte
	quarantined string
}

// lockHead reads the till's head under a row lock, making it if new.
func (p *pusher) lockHead() error {
	_, err := p.tx.Exec(p.ctx, `INSERT INTO sync_heads (merchant, till) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
		p.till.Merchant, p.till.Name)
	if err != nil {
		return err
	}
	return p.tx.QueryRow(p.ctx, `SELECT next_seq FROM sync_heads WHERE merchant = $1 AND till = $2 FOR UPDATE`,
		p.till.Merchant, p.till.Name).Scan(&p.next)
}

// storedEntries reads the hashes of the batch's seqs the book already has.
func (p *pusher) storedEntries(batch []Entry) (map[int64]storedEntry, error) {
	out := map[int64]storedEntry{}
	if len(batch) == 0 || batch[0].Seq >= p.next {
		return out, nil
	}
	rows, err := p.tx.Query(p.ctx, `SELECT seq, hash, quarantined FROM entries
		WHERE merchant = $1 AND till = $2 AND seq BETWEEN $3 AND $4`,
		p.till.Merchant, p.till.Name, batch[0].Seq, batch[len(batch)-1].Seq)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var e storedEntry
		if err := rows.Scan(&seq, &e.hash, &e.quarantined); err != nil {
			return nil, err
		}
		out[seq] = e
	}
	return out, rows.Err()
}

// markDiverged records that the till presented another history at seq.
func (p *pusher) markDiverged(seq int64) error {
	t := p.till
	if _, err := p.tx.Exec(p.ctx, `UPDATE sync_heads SET diverged_at = coalesce(diverged_at, now()),
		diverged_seq = coalesce(diverged_seq, $3) WHERE merchant = $1 AND till = $2`, t.Merchant, t.Name, seq); err != nil {
		return err
	}
	return p.exception(t.Name, seq, "", "diverged",
		fmt.Sprintf("till %q presented another history at outbox seq %d than it sent before: its database was restored or copied; the other history was refused", t.Name, seq))
}

// exception raises one for the entry seq of till (once however often).
func (p *pusher) exception(till string, seq int64, ref, kind, detail string) error {
	_, err := p.tx.Exec(p.ctx, `INSERT INTO exceptions (merchant, till, seq, ref, kind, detail) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (merchant, till, seq, kind) DO NOTHING`, p.till.Merchant, till, seq, ref, kind, detail)
	return err
}
