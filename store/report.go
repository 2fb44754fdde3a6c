package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/report"
)

// ErrDayClosed is returned when closing a day that is already closed.
var ErrDayClosed = app.ErrDayClosed

// settledSQL is, per order, the money held before refunds: the evidence
// received, or the amount due when the cashier claimed it (and did not
// cancel), with cash taken and the rest claimed. It mirrors
// payment.State.Settled.
const settledSQL = `CASE WHEN received_minor + cash_minor > 0 THEN received_minor + cash_minor +
		MIN(rest_claimed_minor, MAX(amount_minor - received_minor - cash_minor, 0))
	WHEN claimed = 1 AND closed = '' THEN amount_minor ELSE 0 END`

// DayReport returns a business day's report in a currency. A closed day
// gives the report as it was at closing; live ignores that and computes it
// from the orders as they are now.
func (s *Store) DayReport(ctx context.Context, day string, cur payment.Currency, live bool) (report.Day, error) {
	if !live {
		d, ok, err := closedDay(ctx, s.db, day, cur)
		if err != nil || ok {
			return d, err
		}
	}
	s.expireIfDue(ctx)
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return report.Day{}, err
	}
	defer tx.Rollback()
	return dayReportTx(ctx, tx, day, cur, nil)
}

func closedDay(ctx context.Context, q querier, day string, cur payment.Currency) (report.Day, bool, error) {
	var snap string
	err := q.QueryRowContext(ctx, `SELECT snapshot FROM day_closes WHERE day = ? AND currency = ?`, day, cur.Code).Scan(&snap)
	if errors.Is(err, sql.ErrNoRows) {
		return report.Day{}, false, nil
	}
	if err != nil {
		return report.Day{}, false, err
	}
	var d report.Day
	if err := json.Unmarshal([]byte(snap), &d); err != nil {
		return d, false, fmt.Errorf("closed day %s: %w", day, err)
	}
	// Days closed before the count was kept listed every exception.
	d.OpenExceptionCount = max(d.OpenExceptionCount, len(d.OpenExceptions))
	return d, true, nil
}

func dayReportTx(ctx context.Context, q querier, day string, cur payment.Currency, cash *int64) (report.Day, error) {
	in := report.Inputs{Day: day, Currency: cur, Cash: cash}
	groups := func(by string) ([]report.Row, error) {
		rows, err := q.QueryContext(ctx, `SELECT `+by+`, count(*), SUM(amount_minor), SUM(`+settledSQL+`),
			SUM(received_minor), SUM(refunded_minor), SUM(cash_minor) FROM orders WHERE day = ? AND currency = ? GROUP BY 1`, day, cur.Code)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []report.Row
		for rows.Next() {
			var r report.Row
			if err := rows.Scan(&r.Key, &r.Count, &r.Due, &r.Settled, &r.Received, &r.Refunded, &r.CashPaid); err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, rows.Err()
	}
	var err error
	if in.ByStatus, err = groups("status"); err != nil {
		return report.Day{}, fmt.Errorf("report %s: %w", day, err)
	}
	if in.ByScheme, err = groups("schemes"); err != nil {
		return report.Day{}, fmt.Errorf("report %s: %w", day, err)
	}
	for i, r := range in.ByScheme {
		if r.Key == "" {
			in.ByScheme[i].Key = "(none)"
		} else {
			in.ByScheme[i].Key = strings.ReplaceAll(r.Key, ",", " + ")
		}
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM orders WHERE day = ? AND currency = ? AND late = 1`, day, cur.Code).Scan(&in.LateCount); err != nil {
		return report.Day{}, err
	}
	// A claimed rest is unverified for the rest only.
	rows, err := q.QueryContext(ctx, `SELECT o.ref, CASE WHEN o.rest_claimed_minor > 0 THEN o.rest_claimed_minor ELSE o.amount_minor END,
		COALESCE((SELECT actor FROM order_events e WHERE e.order_id = o.id AND e.kind IN ('claimed', 'rest-claimed') ORDER BY e.id DESC LIMIT 1), ''),
		o.updated_at FROM orders o WHERE o.day = ? AND o.currency = ? AND o.status = 'claimed' ORDER BY o.created_at`, day, cur.Code)
	if err != nil {
		return report.Day{}, err
	}
	for rows.Next() {
		var c report.Claim
		var at int64
		if err := rows.Scan(&c.Ref, &c.Due, &c.Actor, &at); err != nil {
			rows.Close()
			return report.Day{}, err
		}
		c.AtUnix = at / 1000
		in.Claims = append(in.Claims, c)
	}
	rows.Close()
	if _, err := time.ParseInLocation(time.DateOnly, day, time.Local); err != nil {
		return report.Day{}, fmt.Errorf("day %q: use YYYY-MM-DD", day)
	}
	if in.ExceptionCount, in.Exceptions, err = openExceptionsOfDay(ctx, q, day, cur.Code, report.ExceptionPage); err != nil {
		return report.Day{}, fmt.Errorf("report %s: %w", day, err)
	}
	return report.Build(in)
}

// CloseDay records that actor closed the day, with the cash counted, and
// keeps the report as it stands now; later changes do not alter it.
func (s *Store) CloseDay(ctx context.Context, day string, cur payment.Currency, actor string, cash *int64, note string) (report.Day, error) {
	if err := payment.CheckNote(note); err != nil {
		return report.Day{}, err
	}
	now := s.now()
	var d report.Day
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var by string
		var at int64
		err := tx.QueryRowContext(ctx, `SELECT closed_by, closed_at FROM day_closes WHERE day = ? AND currency = ?`, day, cur.Code).Scan(&by, &at)
		if err == nil {
			return fmt.Errorf("%w: %s was closed by %s at %s", ErrDayClosed, day, by, fromMS(at).Format("2006-01-02 15:04"))
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := expireDueTx(ctx, tx, now); err != nil {
			return err
		}
		if d, err = dayReportTx(ctx, tx, day, cur, cash); err != nil {
			return err
		}
		d.ClosedBy, d.ClosedUnix, d.Note = actor, now.Unix(), note
		snap, err := json.Marshal(d)
		if err != nil {
			return err
		}
		var c sql.NullInt64
		if cash != nil {
			c = sql.NullInt64{Int64: *cash, Valid: true}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO day_closes (day, currency, closed_at, closed_by, cash_minor, note, snapshot)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, day, cur.Code, ms(now), actor, c, note, string(snap))
		return err
	})
	return d, err
}

// DayClosed says whether the day was closed for cur, and by whom and when.
func (s *Store) DayClosed(ctx context.Context, day string, cur payment.Currency) (by string, at time.Time, closed bool, err error) {
	var ms int64
	err = s.db.QueryRowContext(ctx, `SELECT closed_by, closed_at FROM day_closes WHERE day = ? AND currency = ?`, day, cur.Code).Scan(&by, &ms)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, false, nil
	}
	if err != nil {
		return "", time.Time{}, false, err
	}
	return by, fromMS(ms), true, nil
}

// openExceptionsOfDay counts the exceptions still open that concern a day
// in a currency, and reads the oldest limit of them: the count is one row
// of open_exception_counts (kept by triggers), the page walks the partial
// index exceptions_open_day for limit rows, so neither grows with how
// many are open.
func openExceptionsOfDay(ctx context.Context, q querier, day, cur string, limit int) (int, []report.Exception, error) {
	// Every open exception of the day, whatever its currency: the reconcile
	// screen lists them all (an EUR notification on a BRL till among
	// them), and so must the day close; each says its own currency.
	var n int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(open), 0) FROM open_exception_counts WHERE day = ?`, day).Scan(&n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT x.id, x.kind, COALESCE(o.ref, ''), e.amount_minor, x.detail, e.currency
		FROM exceptions x JOIN evidence e ON e.id = x.evidence_id LEFT JOIN orders o ON o.id = x.order_id
		WHERE x.resolved_at IS NULL AND x.day = ? ORDER BY x.id LIMIT ?`, day, limit)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	var page []report.Exception
	for rows.Next() {
		var x report.Exception
		if err := rows.Scan(&x.ID, &x.Kind, &x.Ref, &x.Amount, &x.Detail, &x.Currency); err != nil {
			return 0, nil, err
		}
		page = append(page, x)
	}
	return n, page, rows.Err()
}
