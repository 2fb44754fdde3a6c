package central

// Fleet reconciliation (issue 15).
//
// One bank account takes the whole fleet's money, so one statement pays
// orders of many tills. Reconcile reads its lines (the same readers as
// till reconcile, through app.App.Import) and decides each with the same
// matcher (reconcile.Match) against every till's orders in the central
// book. It works in steps of a few thousand lines:
//
//   - the step's lines are recorded once per key (recon_lines): a line
//     imported again, or in an overlapping file, is "already imported"
//     and changes nothing, fleet-wide;
//   - a line that concerns a till's order (or carries the reference of an
//     order central has not seen yet, whose prefix is a till's) is queued
//     down to that till (down.go) in the transaction that records it; the till
//     applies it with its own matcher against its own orders, as a
//     statement it imported itself, deduplicated by the same key, so its
//     order turns paid and the payment comes back up through its outbox,
//     once, whichever way;
//   - a line that concerns no till and needs a person is a central
//     exception (the exceptions table, till ""), listed by till central
//     check.
//
// The step's reads come before its transactions, and each till's lines
// are written in a transaction of their own that takes the row of the
// till's down-queue head, which that till's notifications and long-poll
// lock too, last, just before its commit: uploads never wait on a
// reconciliation, and a notification waits at most for one till's
// queueing statement and commit, a millisecond or two.
//
// A run stopped part way (killed, cancelled) is resumed by the same file
// again as one run (resume). A dry run makes every step in one
// transaction that is rolled back, and queues nothing.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/reconcile"
)

// Outcomes of a fleet line beyond the matcher's.
const (
	// Forwarded: the line names an order central has not seen yet, with
	// the prefix of one till: it goes down to that till, which decides.
	Forwarded reconcile.Outcome = "forwarded"
)

// A step's lines adapt to how long its longest till transaction held a
// down-queue head: from firstStepLines, doubling while that stays under
// holdTarget, halving when it passes twice that, between minStepLines and
// maxStepLines. Every step writes one transaction and one message for
// each till it concerns, so small steps cost many of them; large ones put
// more lines in each till's message and hold its head a little longer.
const (
	holdTarget     = 5 * time.Millisecond
	firstStepLines = 2000
	minStepLines   = 1000
	maxStepLines   = 16000
)

// nextStepLines is the next step's size after one whose longest till
// transaction held its head for hold.
func nextStepLines(size int, hold time.Duration) int {
	switch {
	case hold > 2*holdTarget:
		return max(size/2, minStepLines)
	case hold < holdTarget:
		return min(size*2, maxStepLines)
	}
	return size
}

// Reconciler imports statements into a merchant's central book: it is an
// app.Importer, so app.App.Import checks the files and reads them.
type Reconciler struct {
	Book      *Book
	Merchant  string
	StepLines int // lines per step; 0: adapting (see holdTarget)
	// Fleet is what the last run did beyond app.ImportResult.
	Fleet FleetResult
	// HeadHeld, if set, is told how long each till transaction held the
	// till's down-queue head (the row its notifications also lock).
	HeadHeld func(time.Duration)
}

// FleetResult is what a fleet reconciliation did for each till.
type FleetResult struct {
	Import  int64          // the import's id (0 in a dry run)
	Sent    map[string]int // new lines queued (or, dry, to queue) per till
	Central int            // new lines with an exception that stays central
	// ExceptionTills names, for each of the result's Exceptions, the till
	// it went to ("" for a central one).
	ExceptionTills []string
}

var _ app.Importer = (*Reconciler)(nil)

// ImportStatement implements app.Importer.
func (r *Reconciler) ImportStatement(ctx context.Context, next func() (reconcile.Evidence, error), si app.StatementImport) (app.ImportResult, error) {
	res := app.ImportResult{Counts: map[reconcile.Outcome]int{}}
	r.Fleet = FleetResult{Sent: map[string]int{}}
	run := &recRun{r: r, si: si, opt: si.Match, own: map[string]bool{}}
	run.opt.Source = "statement"
	unlock, err := r.lockFile(ctx, si)
	if err != nil {
		return res, err
	}
	defer unlock()
	if si.DryRun {
		err := pgx.BeginFunc(ctx, r.Book.pool, func(tx pgx.Tx) error {
			run.dry = tx
			return run.all(ctx, next, &res)
		})
		if errors.Is(err, errDryRollback) {
			err = nil
		}
		return res, err
	}
	return res, run.all(ctx, next, &res)
}

// lockFile keeps one run of a file (its SHA256 and format) at a time for
// the merchant, dry or not: a second would take up the first's unfinished
// import as its own (resume) while the first still writes it. The lock
// is a PostgreSQL session's, so a run killed frees it with its
// connection.
func (r *Reconciler) lockFile(ctx context.Context, si app.StatementImport) (func(), error) {
	if si.SHA256 == "" {
		return func() {}, nil
	}
	conn, err := r.Book.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("lock the statement's import: %w", err)
	}
	key := r.Merchant + "\n" + si.SHA256 + "\n" + si.Format
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(hashtextextended($1, 0))`, key).Scan(&ok); err != nil {
		conn.Release()
		return nil, fmt.Errorf("lock the statement's import: %w", err)
	}
	if !ok {
		conn.Release()
		return nil, ErrReconcileBusy
	}
	return func() {
		// A connection whose unlock failed is closed: the lock goes with it.
		if _, err := conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtextextended($1, 0))`, key); err != nil {
			conn.Conn().Close(context.WithoutCancel(ctx))
		}
		conn.Release()
	}, nil
}

// errDryRollback ends a dry run's transaction.
var errDryRollback = errors.New("dry run: roll back")

// recRun is one run of a fleet reconciliation.
type recRun struct {
	r        *Reconciler
	si       app.StatementImport
	opt      reconcile.Options
	dry      pgx.Tx // the dry run's one transaction
	importID int64
	prefixes map[string]string // reference prefix → till
	skip     int               // lines of a resumed import's whole steps
	// Resuming: the import's highest line id at its last whole step, and
	// when it was resumed (see by). maxID is the highest it has recorded.
	throughID, resumedAt, maxID int64
	own                         map[string]bool // keys of the stopped step met again
}

func (run *recRun) all(ctx context.Context, next func() (reconcile.Evidence, error), res *app.ImportResult) error {
	if err := run.begin(ctx, res); err != nil {
		return err
	}
	// A resumed import's whole steps are behind it: their lines are read
	// again for the statement's period only.
	for ; run.skip > 0; run.skip-- {
		e, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		res.Widen(e.At)
	}
	size := run.r.StepLines
	if size <= 0 {
		size = firstStepLines
	}
	batch := make([]reconcile.Evidence, 0, size)
	for eof := false; !eof; {
		batch = batch[:0]
		for len(batch) < size {
			e, err := next()
			if errors.Is(err, io.EOF) {
				eof = true
				break
			}
			if err != nil {
				return err
			}
			batch = append(batch, e)
		}
		hold, err := run.step(ctx, batch, eof, res)
		if err != nil {
			return err
		}
		if run.r.StepLines <= 0 {
			size = nextStepLines(size, hold)
		}
	}
	if err := run.finish(ctx, res); err != nil {
		return err
	}
	if run.dry != nil {
		return errDryRollback
	}
	return nil
}

// q is where the run reads: the dry run's transaction, else the pool.
func (run *recRun) q() rowQueryer {
	if run.dry != nil {
		return run.dry
	}
	return run.r.Book.pool
}

// inTx runs fn in a step's transaction (the dry run's one).
func (run *recRun) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	if run.dry != nil {
		return fn(run.dry)
	}
	return pgx.BeginFunc(ctx, run.r.Book.pool, fn)
}

// begin records the import, or finds the unfinished one of the same
// file (a kill or a cancel stopped it) and resumes it (resume), and reads
// the tills' prefixes.
func (run *recRun) begin(ctx context.Context, res *app.ImportResult) error {
	m := run.r.Merchant
	err := run.inTx(ctx, func(tx pgx.Tx) error {
		if run.si.SHA256 != "" {
			var lines, newLines int
			err := tx.QueryRow(ctx, `SELECT id, lines, new_lines, through_id FROM recon_imports
				WHERE merchant = $1 AND sha256 = $2 AND format = $3 AND NOT done ORDER BY id DESC LIMIT 1`,
				m, run.si.SHA256, run.si.Format).Scan(&run.importID, &lines, &newLines, &run.throughID)
			if err == nil {
				return run.resume(ctx, tx, lines, newLines, res)
			}
			if !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
		}
		return tx.QueryRow(ctx, `INSERT INTO recon_imports (merchant, files, sha256, format, actor) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			m, run.si.File, run.si.SHA256, run.si.Format, run.si.Actor).Scan(&run.importID)
	})
	if err != nil {
		return fmt.Errorf("record the fleet import: %w", err)
	}
	if run.dry == nil {
		run.r.Fleet.Import = run.importID
	}
	rows, err := run.q().Query(ctx, `SELECT prefix, name FROM tills WHERE merchant = $1 AND revoked_at IS NULL`, m)
	if err != nil {
		return err
	}
	run.prefixes = map[string]string{}
	for rows.Next() {
		var p, n string
		if err := rows.Scan(&p, &n); err != nil {
			rows.Close()
			return err
		}
		run.prefixes[p] = n
	}
	rows.Close()
	return rows.Err()
}

// sameKey says who imported e before: an earlier import, this one (see
// by), or none. known is what sortOut found for the step; first holds the
// step's lines met so far. A key met earlier in the step is compared with
// that line as with one recorded: the same content is a duplicate,
// another is a conflict under its own key (reconcile.AltKey), which may
// itself have come before.
func (run *recRun) sameKey(ctx context.Context, e *reconcile.Evidence, known map[string]seenBy, first map[string]reconcile.Evidence) (seenBy, error) {
	earlier, again := first[e.Key]
	if !again {
		return known[e.Key], nil
	}
	if e.Conflict = reconcile.Differs(earlier, *e, true, time.Local); e.Conflict == "" {
		return seenBefore, nil
	}
	e.Key = reconcile.AltKey(*e, time.Local)
	if _, ok := first[e.Key]; ok {
		return seenBefore, nil
	}
	seen, err := run.knownKeys(ctx, []string{e.Key})
	if err != nil {
		return notSeen, err
	}
	if s, ok := seen[e.Key]; ok {
		return run.by(s), nil
	}
	return notSeen, nil
}

// step decides a step's lines and writes them; it returns the longest
// time one of its transactions held a till's down-queue head.
func (run *recRun) step(ctx context.Context, batch []reconcile.Evidence, last bool, res *app.ImportResult) (time.Duration, error) {
	b := &stepBook{ctx: ctx, q: run.q(), merchant: run.r.Merchant, importID: run.importID, orders: map[payment.Reference]*bookOrder{}, provider: map[string]providerHit{}}
	if err := b.prefetch(batch); err != nil {
		return 0, fmt.Errorf("read the orders of the statement's lines: %w", err)
	}
	known, err := run.sortOut(ctx, batch)
	if err != nil {
		return 0, err
	}
	lines := make([]recLine, 0, len(batch))
	first := map[string]reconcile.Evidence{} // the step's lines by key, as first met
	for _, e := range batch {
		by, err := run.sameKey(ctx, &e, known, first)
		if err != nil {
			return 0, err
		}
		first[e.Key] = e
		if by == seenThisRun {
			run.own[e.Key] = true
		}
		if by != notSeen {
			lines = append(lines, recLine{e: e, old: true, resumed: by == seenThisRun})
			continue
		}
		l, err := run.decide(b, e)
		if err != nil {
			return 0, fmt.Errorf("line %s: %w", e.Key, err)
		}
		lines = append(lines, l)
	}
	step := *res
	step.Counts = maps.Clone(res.Counts)
	sent := maps.Clone(run.r.Fleet.Sent)
	central := run.r.Fleet.Central
	for _, l := range lines {
		step.Lines++
		step.Widen(l.e.At)
		if l.resumed {
			continue // counted when the import restored its counts (resume)
		}
		if l.old {
			step.AlreadyImported++
			continue
		}
		step.NewLines++
		step.Counts[l.d.Outcome]++
		if l.d.Exception != "" {
			step.ExceptionCount++
			if l.till == "" {
				central++
			}
		}
		if l.till != "" {
			sent[l.till]++
		}
	}
	hold, err := run.write(ctx, lines, &step, last)
	if err != nil {
		return 0, err
	}
	*res = step
	run.r.Fleet.Sent, run.r.Fleet.Central = sent, central
	if run.si.Progress != nil {
		run.si.Progress(res.Lines)
	}
	return hold, nil
}
