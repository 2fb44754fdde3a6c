package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/till-pos/till/payment/reconcile"
)

// An import commits in steps so that it is never in a sale's way: each
// step reads its lines first (no lock held), then takes the write lock,
// decides and writes them, records the import's progress and commits.
// stepTarget is how long a step should hold the lock; the number of lines
// per step adapts to it, between minStep and maxStep. 50 ms, not 20: each
// commit writes every page the step touched to the WAL again (the key
// index's pages are random), so longer steps cost less per line, and a
// sale still waits at most one step.
const (
	stepTarget = 50 * time.Millisecond
	firstStep  = 200
	minStep    = 100 // below this, commits cost more than the lines
	maxStep    = 4000
)

// nextStepSize is the line count the next step gets, scaled by how long
// the last one held the lock, growing or shrinking at most twofold.
func nextStepSize(size int, took time.Duration) int {
	if took <= 0 {
		return min(size*2, maxStep)
	}
	n := int(float64(size) * float64(stepTarget) / float64(took))
	return max(minStep, min(n, size*2, maxStep))
}

// ErrImportBusy is returned when another till is importing the same file.
var ErrImportBusy = errors.New("another till is importing the same statement right now; try again when it has finished")

// stepper runs the steps of one import on a connection of its own: each
// in its own transaction, or, for a dry run, all in one that is rolled
// back at the end.
type stepper struct {
	ctx     context.Context
	s       *Store
	conn    *sql.Conn
	release func()
	dry     *sql.Tx // the dry run's one transaction
	dryR    bool
	// stmts are prepared once on conn and run inside each step's
	// transaction (the same connection): a million-line import would
	// otherwise parse its statements again in every step.
	stmts map[string]*sql.Stmt
}

// stmt gives the statement for query, prepared once on the connection.
func (sp *stepper) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := sp.stmts[query]; ok {
		return st, nil
	}
	st, err := sp.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	sp.stmts[query] = st
	return st, nil
}

// openSteps takes a connection with foreign key checks off and a larger
// page cache: the import writes rows whose references it has just read,
// so checking each one again costs time and proves nothing; Check()
// verifies the references afterwards.
func (s *Store) openSteps(ctx context.Context, dryRun bool) (*stepper, error) {
	conn, done, err := s.pollingConn(ctx)
	if err != nil {
		return nil, err
	}
	// Steps commit with synchronous=NORMAL: in WAL mode a commit is then
	// safe from a crash of the process, and a power loss can only undo
	// the latest steps, each whole and with its progress, so the import
	// resumes from an earlier step. The sales' own FULL commits flush
	// the steps before them, and the last step is FULL (see finish).
	for _, p := range []string{"PRAGMA foreign_keys = OFF", fmt.Sprintf("PRAGMA cache_size = %d", -bulkCacheKiB), "PRAGMA synchronous = NORMAL"} {
		if _, err := conn.ExecContext(ctx, p); err != nil {
			done()
			return nil, err
		}
	}
	return &stepper{ctx: ctx, s: s, conn: conn, release: done, dryR: dryRun, stmts: map[string]*sql.Stmt{}}, nil
}

// step runs fn in a transaction: committed at once, or, in a dry run,
// kept open for the next step.
func (sp *stepper) step(fn func(*sql.Tx) error) error {
	if !sp.dryR {
		return diskFull(runTx(sp.ctx, sp.begin, fn), filepath.Dir(sp.s.path))
	}
	if sp.dry == nil {
		tx, err := sp.begin(sp.ctx, nil)
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		sp.dry = tx
	}
	return fn(sp.dry)
}

// durable makes the following steps commit with synchronous=FULL, as
// every other write of till: the last step of an import, which marks it
// done, is on disk when the import returns.
func (sp *stepper) durable() error {
	if sp.dry != nil {
		return nil // in a transaction, which is rolled back anyway
	}
	_, err := sp.conn.ExecContext(sp.ctx, "PRAGMA synchronous = FULL")
	return err
}

// begin polls for the lock, pausing between tries so that a sale
// waiting for it goes first.
func (sp *stepper) begin(ctx context.Context, _ *sql.TxOptions) (*sql.Tx, error) {
	return beginPolled(ctx, sp.conn, importPause)
}

// close rolls a dry run back and gives the connection back as it was.
func (sp *stepper) close() {
	if sp.dry != nil {
		sp.dry.Rollback()
	}
	for _, st := range sp.stmts {
		st.Close()
	}
	ctx := context.WithoutCancel(sp.ctx)
	sp.conn.ExecContext(ctx, "PRAGMA synchronous = FULL")
	sp.conn.ExecContext(ctx, "PRAGMA foreign_keys = ON")
	sp.conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", -cacheKiB))
	sp.release()
}

// importGC raises the garbage collector's target for the length of an
// import, which allocates gigabytes of short-lived rows, while a memory
// limit keeps the heap well under the 256 MB an import may use. It
// returns what puts the previous settings back.
func importGC() func() {
	pct := debug.SetGCPercent(400)
	limit := debug.SetMemoryLimit(160 << 20)
	return func() {
		debug.SetGCPercent(pct)
		debug.SetMemoryLimit(limit)
	}
}

// importRow is the import's row: its id and how far it has got.
type importRow struct {
	id              int64
	lines, newLines int
}

// beginImport records a new import, or finds the unfinished one of the
// same file (a kill or a cancel stopped it) and restores its counts from
// what it wrote, so that resuming it gives the result of one whole run.
func beginImport(ctx context.Context, tx *sql.Tx, opt ImportOptions, now time.Time, res *ImportResult) (importRow, error) {
	var r importRow
	err := sql.ErrNoRows // evidence given without a file is never resumed
	if opt.SHA256 != "" {
		err = tx.QueryRowContext(ctx, `SELECT id, lines, new_lines FROM imports
		WHERE sha256 = ? AND done = 0 AND format = ? ORDER BY id DESC LIMIT 1`, opt.SHA256, opt.Format).
			Scan(&r.id, &r.lines, &r.newLines)
	}
	if errors.Is(err, sql.ErrNoRows) {
		res, err := tx.ExecContext(ctx, `INSERT INTO imports (file, sha256, format, imported_at, actor, done) VALUES (?, ?, ?, ?, ?, 0)`,
			opt.File, opt.SHA256, opt.Format, ms(now), opt.Actor)
		if err != nil {
			return r, err
		}
		r = importRow{}
		r.id, err = res.LastInsertId()
		return r, err
	}
	if err != nil {
		return r, err
	}
	res.Lines, res.NewLines, res.AlreadyImported = r.lines, r.newLines, r.lines-r.newLines
	rows, err := tx.QueryContext(ctx, `SELECT outcome, count(*) FROM evidence WHERE import_id = ? GROUP BY outcome`, r.id)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	for rows.Next() {
		var o string
		var n int
		if err := rows.Scan(&o, &n); err != nil {
			return r, err
		}
		res.Counts[reconcile.Outcome(o)] = n
	}
	if err := rows.Err(); err != nil {
		return r, err
	}
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM exceptions x JOIN evidence e ON e.id = x.evidence_id WHERE e.import_id = ?`,
		r.id).Scan(&res.ExceptionCount)
	return r, err
}

// recordProgress checks that no other till moved this import on since
// the last step, and records how far it has got.
func recordProgress(ctx context.Context, tx *sql.Tx, r importRow, before int, res *ImportResult, done bool) error {
	var lines int
	if err := tx.QueryRowContext(ctx, `SELECT lines FROM imports WHERE id = ?`, r.id).Scan(&lines); err != nil {
		return err
	}
	if lines != before {
		return ErrImportBusy
	}
	_, err := tx.ExecContext(ctx, `UPDATE imports SET lines = ?, new_lines = ?, first_at = ?, last_at = ?, done = ? WHERE id = ?`,
		res.Lines, res.NewLines, nullMS(res.FirstAt), nullMS(res.LastAt), done, r.id)
	return err
}
