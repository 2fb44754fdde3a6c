package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"time"

	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/reconcile"
)

// ImportOptions describe one statement import.
type ImportOptions struct {
	File   string // file name, for the record
	SHA256 string // of the raw file
	Format string
	Actor  string
	DryRun bool // decide everything, then roll back
	Match  reconcile.Options
	// Progress, if set, is called every ProgressEvery lines with the count.
	Progress func(lines int)
	// MaxExceptions bounds the exceptions listed in the result (the count
	// is always exact). Default 1000.
	MaxExceptions int
	// stepLines fixes the lines per step (tests: one step for the whole
	// file is the one-transaction import the stepped one must equal).
	stepLines int
}

// ProgressEvery is how often Import reports progress.
const ProgressEvery = 1000

// The import's and the exception list's types belong to the application
// layer (payment/app), which reads the statement files.
type (
	ExceptionItem = app.ExceptionItem
	ImportResult  = app.ImportResult
)

// Import reads evidence from next until io.EOF and applies it in steps,
// each one transaction that holds the write lock for a few tens of
// milliseconds (see stepTarget), so sales and notifications go on during
// a long import. The same lines imported again, or in an overlapping
// file, change nothing. Each step records the import's progress with its
// lines: an import a kill or a cancel stopped is resumed by importing the
// same file again (same SHA256 and format), and the result is then that
// of one whole run. If next fails, the steps before stay and the import
// stays unfinished: callers check a file whole before importing it (see
// ImportFiles). A dry run decides everything in one transaction and rolls
// it back.
func (s *Store) Import(ctx context.Context, next func() (reconcile.Evidence, error), opt ImportOptions) (ImportResult, error) {
	if opt.MaxExceptions == 0 {
		opt.MaxExceptions = 1000
	}
	res := ImportResult{Counts: map[reconcile.Outcome]int{}}
	now := s.now()
	defer importGC()()
	sp, err := s.openSteps(ctx, opt.DryRun)
	if err != nil {
		return res, err
	}
	defer sp.close()
	var imp importRow
	if err := sp.step(func(tx *sql.Tx) (err error) {
		imp, err = beginImport(ctx, tx, opt, now, &res)
		return err
	}); err != nil {
		return res, err
	}
	lines := newFeed(next)
	defer lines.close()
	// Resuming: the lines of the steps already made are read past (their
	// times give the period, in the zone the statement gives).
	res.FirstAt, res.LastAt = time.Time{}, time.Time{}
	for range imp.lines {
		e, err := lines.next()
		if err != nil {
			return res, fmt.Errorf("resuming the import after line %d: %w", imp.lines, err)
		}
		res.Widen(e.At)
	}
	size := firstStep
	if opt.stepLines > 0 {
		size = opt.stepLines
	}
	batch := make([]reconcile.Evidence, 0, maxStep)
	for eof := false; !eof; {
		batch = batch[:0]
		for len(batch) < size {
			e, err := lines.next()
			if errors.Is(err, io.EOF) {
				eof = true
				break
			}
			if err != nil {
				return res, err
			}
			batch = append(batch, e)
		}
		if eof {
			if err := sp.durable(); err != nil {
				return res, err
			}
		}
		start := time.Now()
		if err := sp.step(func(tx *sql.Tx) error { return sp.importStep(tx, now, imp, batch, eof, &res, opt) }); err != nil {
			return res, err
		}
		if opt.stepLines == 0 {
			size = nextStepSize(size, time.Since(start))
		}
		if !opt.DryRun && !eof {
			if err := sleepCtx(ctx, stepGap); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// importStep decides and writes one step's lines, records the import's
// progress, and at the end lists its exceptions and unverified claims.
// res changes only if the step's work is all done (it may still not
// commit, but then the import fails).
func (sp *stepper) importStep(tx *sql.Tx, now time.Time, imp importRow, batch []reconcile.Evidence, last bool,
	res *ImportResult, opt ImportOptions) error {
	ctx := sp.ctx
	// No expiry here: a statement is read after the fact and its lines
	// carry their own times; expiring the orders first would call every
	// payment of the shift late.
	b, err := prepareBook(ctx, tx, now, sp.stmt)
	if err != nil {
		return err
	}
	b.shared = true
	from := origin{source: "statement", importID: sql.NullInt64{Int64: imp.id, Valid: true}}
	bt, err := newBatcher(b, from, opt.Match, func(q string) (*sql.Stmt, error) { return sp.stmt(ctx, q) })
	if err != nil {
		return err
	}
	before := res.Lines
	step := *res
	step.Counts = maps.Clone(res.Counts)
	for start := 0; start < len(batch); start += importBatch {
		part := batch[start:min(start+importBatch, len(batch))]
		applied, err := bt.run(part)
		if err != nil {
			return fmt.Errorf("entries %d to %d: %w", step.Lines+1, step.Lines+len(part), err)
		}
		for i, a := range applied {
			step.Lines++
			step.Widen(part[i].At)
			if opt.Progress != nil && step.Lines%ProgressEvery == 0 {
				opt.Progress(step.Lines)
			}
			if !a.New {
				step.AlreadyImported++
				continue
			}
			step.NewLines++
			step.Counts[a.Decision.Outcome]++
			if a.Decision.Exception != "" {
				step.ExceptionCount++
			}
		}
	}
	if err := recordProgress(ctx, tx, imp, before, &step, last); err != nil {
		return err
	}
	if last {
		if step.Exceptions, err = exceptionsTx(ctx, tx, "e.import_id = ?", []any{imp.id}, opt.MaxExceptions); err != nil {
			return err
		}
		if step.UnverifiedClaims, err = unverifiedTx(ctx, tx, step.FirstAt, step.LastAt); err != nil {
			return err
		}
	}
	*res = step
	return nil
}

// sleepCtx sleeps for d, or less if ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

func nullMS(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: ms(t), Valid: true}
}

// unverifiedTx lists claimed orders created in the statement's period.
// A statement dated by day only (times at midnight) covers its last day.
func unverifiedTx(ctx context.Context, tx *sql.Tx, first, last time.Time) ([]Order, error) {
	if first.IsZero() {
		return nil, nil
	}
	until := last
	if h, m, s := last.Clock(); h == 0 && m == 0 && s == 0 {
		until = last.AddDate(0, 0, 1)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+orderColumns+` FROM orders
		WHERE status = 'claimed' AND created_at >= ? AND created_at < ? ORDER BY created_at`, ms(first.AddDate(0, 0, -1)), ms(until))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

const exceptionQuery = `SELECT x.id, x.kind, COALESCE(o.ref, ''), e.key, e.amount_minor, e.currency,
	COALESCE(o.amount_minor, 0), x.detail, e.at, x.created_at
	FROM exceptions x JOIN evidence e ON e.id = x.evidence_id LEFT JOIN orders o ON o.id = x.order_id`

func exceptionsTx(ctx context.Context, q querier, where string, args []any, limit int) ([]ExceptionItem, error) {
	query := exceptionQuery + " WHERE " + where + " ORDER BY x.id"
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ExceptionItem
	for rows.Next() {
		var x ExceptionItem
		var at, created int64
		if err := rows.Scan(&x.ID, &x.Kind, &x.Ref, &x.Key, &x.Amount, &x.Currency, &x.Due, &x.Detail, &at, &created); err != nil {
			return nil, err
		}
		x.At, x.CreatedAt = fromMS(at), fromMS(created)
		out = append(out, x)
	}
	return out, rows.Err()
}

// Notification is a payment notification accepted by `till serve`.
type Notification struct {
	ID         string // the sender's unique id: the dedupe key
	Kind       string // "generic" or "pix"
	Body       []byte // raw, for audit
	ReceivedAt time.Time
}

// NotifyResult says what a notification did.
type NotifyResult struct {
	Replayed bool      // the id was seen before: nothing changed
	Applied  []Applied // one per item (PIX bodies may carry several)
	Verdict  string    // stored with the notification
}

// Notify records a notification and applies its items in one transaction,
// deduplicated by the notification id: a second delivery of the same id,
// even concurrently, has no effect and returns the first verdict.
func (s *Store) Notify(ctx context.Context, n Notification, items []reconcile.Evidence, opt reconcile.Options) (NotifyResult, error) {
	var res NotifyResult
	now := s.now()
	if n.ReceivedAt.IsZero() {
		n.ReceivedAt = now
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `INSERT INTO notifications (id, kind, received_at, body) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO NOTHING`, n.ID, n.Kind, ms(n.ReceivedAt), n.Body)
		if err != nil {
			return err
		}
		b, err := newBook(ctx, tx, now)
		if err != nil {
			return err
		}
		defer b.close()
		if k, _ := r.RowsAffected(); k == 0 {
			// The same id again is a replay, unless what it says differs:
			// then its items are recorded, each one that differs held in an
			// exception that says how (see record).
			var body []byte
			if err := tx.QueryRowContext(ctx, `SELECT body FROM notifications WHERE id = ?`, n.ID).Scan(&body); err != nil {
				return err
			}
			same := bytes.Equal(body, n.Body)
			if !same {
				same, err = b.sameAsStored(items)
			}
			if err != nil || same {
				res.Replayed = true
				if err != nil {
					return err
				}
				return tx.QueryRowContext(ctx, `SELECT verdict FROM notifications WHERE id = ?`, n.ID).Scan(&res.Verdict)
			}
		}
		if _, err := expireDueTx(ctx, tx, now); err != nil {
			return err
		}
		from := origin{source: "notification", notification: sql.NullString{String: n.ID, Valid: true}}
		type verdict struct {
			Key     string `json:"key"`
			Outcome string `json:"outcome"`
			Ref     string `json:"ref,omitempty"`
			Detail  string `json:"detail,omitempty"`
		}
		var vs []verdict
		for _, e := range items {
			a, err := b.record(e, from, opt)
			if err != nil {
				return err
			}
			res.Applied = append(res.Applied, a)
			v := verdict{Key: e.Key, Outcome: string(a.Decision.Outcome), Detail: a.Decision.Exception}
			if !a.New {
				v.Outcome = "already-recorded"
			}
			if a.Decision.Order != nil {
				v.Ref = string(a.Decision.Order.Ref)
			}
			vs = append(vs, v)
		}
		js, _ := json.Marshal(vs)
		res.Verdict = string(js)
		_, err = tx.ExecContext(ctx, `UPDATE notifications SET verdict = ? WHERE id = ?`, res.Verdict, n.ID)
		return err
	})
	return res, err
}

// NotificationCount counts the notifications accepted (each id once).
func (s *Store) NotificationCount(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM notifications`).Scan(&n)
	return n, err
}
