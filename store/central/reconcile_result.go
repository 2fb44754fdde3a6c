package central

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/reconcile"
)

// resume takes up an import a kill or a cancel stopped: its whole steps
// (lines of them, newLines new) are skipped, and its counts restored from
// the lines it recorded, also those of tills whose transactions committed
// in the step it stopped in. That step is made again: its lines this
// import recorded count once, as its own (seenThisRun), so the result is
// that of one whole run.
func (run *recRun) resume(ctx context.Context, tx pgx.Tx, lines, newLines int, res *app.ImportResult) error {
	rows, err := tx.Query(ctx, `SELECT outcome, till, exception <> '', count(*), max(id) FROM recon_lines
		WHERE merchant = $1 AND import_id = $2 GROUP BY 1, 2, 3`, run.r.Merchant, run.importID)
	if err != nil {
		return fmt.Errorf("resume fleet import %d: %w", run.importID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var outcome, till string
		var exception bool
		var n int
		var most int64
		if err := rows.Scan(&outcome, &till, &exception, &n, &most); err != nil {
			return fmt.Errorf("resume fleet import %d: %w", run.importID, err)
		}
		run.resumedAt = max(run.resumedAt, most)
		res.NewLines += n
		res.Counts[reconcile.Outcome(outcome)] += n
		if exception {
			res.ExceptionCount += n
			if till == "" {
				run.r.Fleet.Central += n
			}
		}
		if till != "" {
			run.r.Fleet.Sent[till] += n
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("resume fleet import %d: %w", run.importID, err)
	}
	run.skip, run.maxID = lines, run.resumedAt
	res.Lines, res.AlreadyImported = lines, lines-newLines
	return nil
}

// MaxListedExceptions bounds the exceptions a run lists (the count is
// always exact).
const MaxListedExceptions = 1000

// finish lists the run's exceptions (each with its till, "" when it
// stays central) and the fleet's claimed orders of the statement's
// period that no line paid.
func (run *recRun) finish(ctx context.Context, res *app.ImportResult) error {
	rows, err := run.q().Query(ctx, `SELECT l.id, l.outcome, l.ref, l.key, l.amount_minor, l.currency, coalesce(o.amount_minor, 0),
			l.exception, l.at, l.till
		FROM recon_lines l LEFT JOIN orders o ON o.merchant = l.merchant AND o.ref = l.ref
		WHERE l.merchant = $1 AND l.import_id = $2 AND l.exception <> '' ORDER BY l.id LIMIT $3`,
		run.r.Merchant, run.importID, MaxListedExceptions)
	if err != nil {
		return err
	}
	for rows.Next() {
		var x app.ExceptionItem
		var at int64
		var till string
		if err := rows.Scan(&x.ID, &x.Kind, &x.Ref, &x.Key, &x.Amount, &x.Currency, &x.Due, &x.Detail, &at, &till); err != nil {
			rows.Close()
			return err
		}
		x.At = time.UnixMilli(at)
		res.Exceptions = append(res.Exceptions, x)
		run.r.Fleet.ExceptionTills = append(run.r.Fleet.ExceptionTills, till)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	res.UnverifiedClaims, err = run.unverified(ctx, res.FirstAt, res.LastAt)
	return err
}

// unverified lists the fleet's claimed orders created in the statement's
// period (from the day before its first line; a period dated by day only
// covers its last day), as till reconcile does for one till.
func (run *recRun) unverified(ctx context.Context, first, last time.Time) ([]app.Order, error) {
	if first.IsZero() {
		return nil, nil
	}
	until := last
	if h, m, s := last.Clock(); h == 0 && m == 0 && s == 0 {
		until = last.AddDate(0, 0, 1)
	}
	rows, err := run.q().Query(ctx, `SELECT `+orderColumns+` FROM orders WHERE merchant = $1 AND status = 'claimed'
		AND created_at >= $2 AND created_at < $3 ORDER BY created_at LIMIT $4`,
		run.r.Merchant, first.AddDate(0, 0, -1).UnixMilli(), until.UnixMilli(), MaxListedExceptions)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, scanOrder)
	if err != nil {
		return nil, err
	}
	out := make([]app.Order, 0, len(list))
	for _, o := range list {
		c, _ := payment.LookupCurrency(o.Currency)
		out = append(out, app.Order{Ref: payment.Reference(o.Ref), Amount: payment.Amount{Minor: o.Amount, Currency: c},
			State: o.State(), Day: o.Day, CreatedAt: time.UnixMilli(o.CreatedAt)})
	}
	return out, nil
}
