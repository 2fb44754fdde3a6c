package central

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/till-pos/till/payment"
)

// ErrFleetDayClosed is returned when closing a fleet day already closed.
var ErrFleetDayClosed = errors.New("the fleet day is already closed")

// ErrTillsBehind is matched (errors.Is) when a fleet day cannot close yet.
var ErrTillsBehind = errors.New("tills have not uploaded their own close")

// behindError is the refusal, one sentence naming the tills.
type behindError struct{ msg string }

func (e behindError) Error() string        { return e.msg }
func (e behindError) Is(target error) bool { return target == ErrTillsBehind }

// FleetReport is a fleet day's close in cur: the figures kept at closing
// for a closed day, else computed now; with the late arrivals (events of
// the day that came after the close) and the open exceptions of the day.
func (b *Book) FleetReport(ctx context.Context, merchant, day string, cur payment.Currency) (FleetDay, error) {
	var fd FleetDay
	err := pgx.BeginTxFunc(ctx, b.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var ok bool
		var err error
		if fd, ok, err = closedFleetDay(ctx, tx, merchant, day, cur.Code); err != nil || !ok {
			if err != nil {
				return err
			}
			if fd, err = computeFleetDay(ctx, tx, merchant, day, cur); err != nil {
				return err
			}
		}
		return readLateAndExceptions(ctx, tx, merchant, &fd)
	})
	if err != nil {
		return FleetDay{}, fmt.Errorf("fleet report %s: %w", day, err)
	}
	return fd, nil
}

func computeFleetDay(ctx context.Context, tx pgx.Tx, merchant, day string, cur payment.Currency) (FleetDay, error) {
	orders, err := loadDayOrders(ctx, tx, merchant, day, cur.Code)
	if err != nil {
		return FleetDay{}, err
	}
	tills, err := activeTills(ctx, tx, merchant)
	if err != nil {
		return FleetDay{}, err
	}
	closes, err := tillCloseFacts(ctx, tx, merchant, day, cur.Code)
	if err != nil {
		return FleetDay{}, err
	}
	return buildFleetDay(orders, tills, closes, day, cur)
}

func closedFleetDay(ctx context.Context, tx pgx.Tx, merchant, day, cur string) (FleetDay, bool, error) {
	var snap string
	err := tx.QueryRow(ctx, `SELECT snapshot FROM fleet_closes WHERE merchant = $1 AND day = $2 AND currency = $3`, merchant, day, cur).Scan(&snap)
	if errors.Is(err, pgx.ErrNoRows) {
		return FleetDay{}, false, nil
	}
	if err != nil {
		return FleetDay{}, false, err
	}
	var fd FleetDay
	if err := json.Unmarshal([]byte(snap), &fd); err != nil {
		return FleetDay{}, false, fmt.Errorf("closed fleet day %s: %w", day, err)
	}
	return fd, true, nil
}

// CloseFleetDay closes the fleet's day in cur as actor: every active till
// must have reported its own close of the day and uploaded everything up
// to it, unless named in absent. The figures and each till's upload head
// are kept; what arrives later is listed as a late arrival.
func (b *Book) CloseFleetDay(ctx context.Context, merchant, day string, cur payment.Currency, actor string, absent []string) (FleetDay, error) {
	var fd FleetDay
	err := pgx.BeginTxFunc(ctx, b.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		// One close at a time per merchant, day and currency; the
		// snapshot of this transaction then sees every head and event
		// as one moment.
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext($1))", "fleetclose:"+merchant+":"+day+":"+cur.Code); err != nil {
			return err
		}
		if old, ok, err := closedFleetDay(ctx, tx, merchant, day, cur.Code); err != nil {
			return err
		} else if ok {
			return fmt.Errorf("%w: %s was closed by %s", ErrFleetDayClosed, day, old.ClosedBy)
		}
		heads, err := readiness(ctx, tx, merchant, day, cur.Code, absent)
		if err != nil {
			return err
		}
		if fd, err = computeFleetDay(ctx, tx, merchant, day, cur); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT (extract(epoch FROM now()))::bigint`).Scan(&fd.ClosedAt); err != nil {
			return err
		}
		fd.ClosedBy, fd.Heads, fd.Absent = actor, heads, append([]string{}, absent...)
		slices.Sort(fd.Absent)
		snap, err := json.Marshal(fd)
		if err != nil {
			return err
		}
		hj, _ := json.Marshal(heads)
		if _, err := tx.Exec(ctx, `INSERT INTO fleet_closes (merchant, day, currency, closed_by, heads, snapshot) VALUES ($1, $2, $3, $4, $5, $6)`,
			merchant, day, cur.Code, actor, string(hj), string(snap)); err != nil {
			return err
		}
		// Reread the way a later print does, so closing and printing
		// again give the same bytes.
		fd, _, err = closedFleetDay(ctx, tx, merchant, day, cur.Code)
		if err != nil {
			return err
		}
		return readLateAndExceptions(ctx, tx, merchant, &fd)
	})
	if err != nil {
		return FleetDay{}, err
	}
	return fd, nil
}

// readiness checks that every active till closed the day and uploaded up
// to its close (absent ones excepted), and returns every till's head.
func readiness(ctx context.Context, tx pgx.Tx, merchant, day, cur string, absent []string) (map[string]int64, error) {
	rows, err := tx.Query(ctx, `SELECT t.name, coalesce(h.next_seq, 1), c.seq
		FROM tills t LEFT JOIN sync_heads h ON h.merchant = t.merchant AND h.till = t.name
		LEFT JOIN till_closes c ON c.merchant = t.merchant AND c.till = t.name AND c.day = $2 AND c.currency = $3
		WHERE t.merchant = $1 AND t.joined_at IS NOT NULL AND t.revoked_at IS NULL ORDER BY t.name`, merchant, day, cur)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	heads := map[string]int64{}
	known := map[string]bool{}
	var behind []string
	for rows.Next() {
		var name string
		var next int64
		var closeSeq *int64
		if err := rows.Scan(&name, &next, &closeSeq); err != nil {
			return nil, err
		}
		heads[name], known[name] = next, true
		switch {
		case slices.Contains(absent, name):
		case closeSeq == nil:
			behind = append(behind, fmt.Sprintf("%q (has not closed the day, or its close has not reached central)", name))
		case next-1 < *closeSeq:
			behind = append(behind, fmt.Sprintf("%q (%d changes of its close not uploaded)", name, *closeSeq-(next-1)))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, a := range absent {
		if !known[a] {
			return nil, fmt.Errorf("--absent %q: no active till of the fleet has that name", a)
		}
	}
	if len(behind) > 0 {
		return nil, behindError{fmt.Sprintf("the fleet day %s cannot be closed while till %s; let them close and sync, or name them with --absent",
			day, strings.Join(behind, " and till "))}
	}
	// Revoked tills and tills not joined keep their head too: what
	// they sent is in the figures, anything later is late.
	rows2, err := tx.Query(ctx, `SELECT till, next_seq FROM sync_heads WHERE merchant = $1`, merchant)
	if err != nil {
		return nil, err
	}
	defer rows2.Close()
	for rows2.Next() {
		var name string
		var next int64
		if err := rows2.Scan(&name, &next); err != nil {
			return nil, err
		}
		heads[name] = next
	}
	return heads, rows2.Err()
}

// readLateAndExceptions fills in, for a closed day, the events of its
// orders that came after each till's head at closing, and for any day
// the open exceptions about its orders and the notifications no till
// could take that were received that day.
func readLateAndExceptions(ctx context.Context, tx pgx.Tx, merchant string, fd *FleetDay) error {
	fd.Late, fd.Exceptions = nil, nil
	if fd.Closed() {
		hj, _ := json.Marshal(fd.Heads)
		rows, err := tx.Query(ctx, `SELECT e.till, e.seq, e.ref, e.kind, e.amount_minor, e.at
			FROM events e JOIN orders o ON o.merchant = e.merchant AND o.ref = e.ref
			WHERE o.merchant = $1 AND o.day = $2 AND o.currency = $3
				AND e.seq >= coalesce(($4::jsonb ->> e.till)::bigint, 1)
			ORDER BY e.till, e.seq`, merchant, fd.Day, fd.Currency, string(hj))
		if err != nil {
			return err
		}
		fd.Late, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (LateArrival, error) {
			var l LateArrival
			err := r.Scan(&l.Till, &l.Seq, &l.Ref, &l.Kind, &l.Amount, &l.At)
			return l, err
		})
		if err != nil {
			return err
		}
	}
	rows, err := tx.Query(ctx, `SELECT x.till, x.seq, x.ref, x.kind, x.detail FROM exceptions x
		WHERE x.merchant = $1 AND x.resolved_at IS NULL AND (
			EXISTS (SELECT 1 FROM orders o WHERE o.merchant = x.merchant AND o.ref = x.ref AND o.day = $2)
			OR (x.kind = $3 AND to_char(x.created_at, 'YYYY-MM-DD') = $2))
		ORDER BY x.id`, merchant, fd.Day, ExceptionUnrouted)
	if err != nil {
		return err
	}
	fd.Exceptions, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Exception, error) {
		var x Exception
		err := r.Scan(&x.Till, &x.Seq, &x.Ref, &x.Kind, &x.Detail)
		return x, err
	})
	return err
}
