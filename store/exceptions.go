package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/till-pos/till/payment"
)

// ErrResolved is returned when an exception was already dealt with.
var ErrResolved = errors.New("exception already resolved")

// Exceptions lists exceptions, oldest first: the open ones, or all.
func (s *Store) Exceptions(ctx context.Context, openOnly bool, limit int) ([]ExceptionItem, error) {
	where := "1 = 1"
	if openOnly {
		where = "x.resolved_at IS NULL"
	}
	return exceptionsTx(ctx, s.db, where, nil, limit)
}

// OpenExceptionCount counts exceptions nobody has resolved.
func (s *Store) OpenExceptionCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM exceptions WHERE resolved_at IS NULL`).Scan(&n)
	return n, err
}

type exceptionRow struct {
	id, evidenceID int64
	kind           string
	orderID        sql.NullInt64
	resolved       sql.NullInt64
	applied        bool
	credit         bool
	amount         int64
	currency, key  string
	source         string
	at             int64
}

func loadException(ctx context.Context, tx *sql.Tx, id int64) (exceptionRow, error) {
	var x exceptionRow
	err := tx.QueryRowContext(ctx, `SELECT x.id, x.evidence_id, x.kind, x.order_id, x.resolved_at, e.applied, e.credit,
		e.amount_minor, e.currency, e.key, e.source, e.at
		FROM exceptions x JOIN evidence e ON e.id = x.evidence_id WHERE x.id = ?`, id).
		Scan(&x.id, &x.evidenceID, &x.kind, &x.orderID, &x.resolved, &x.applied, &x.credit, &x.amount, &x.currency, &x.key, &x.source, &x.at)
	if errors.Is(err, sql.ErrNoRows) {
		return x, fmt.Errorf("no exception %d", id)
	}
	if err == nil && x.resolved.Valid {
		err = fmt.Errorf("exception %d: %w", id, ErrResolved)
	}
	return x, err
}

func resolveTx(ctx context.Context, tx *sql.Tx, id int64, resolution, actor, note string, at int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE exceptions SET resolved_at = ?, resolution = ?, resolved_by = ?, note = ? WHERE id = ?`,
		at, resolution, actor, note, id)
	return err
}

// Dismiss closes an exception with a reason; the order concerned, if any,
// gets a note in its history saying who dismissed what and why.
func (s *Store) Dismiss(ctx context.Context, id int64, actor, reason string) error {
	if reason == "" {
		return errors.New("a reason is required to dismiss an exception")
	}
	if err := payment.CheckNote(reason); err != nil {
		return err
	}
	now := s.now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		x, err := loadException(ctx, tx, id)
		if err != nil {
			return err
		}
		if x.orderID.Valid {
			var ref string
			if err := tx.QueryRowContext(ctx, `SELECT ref FROM orders WHERE id = ?`, x.orderID.Int64).Scan(&ref); err != nil {
				return err
			}
			note := fmt.Sprintf("%s exception dismissed: %s", x.kind, reason)
			if _, err := applyTx(ctx, tx, payment.Reference(ref), payment.Event{Kind: payment.EventNote, At: now,
				Source: "exception:" + fmt.Sprint(id), Actor: actor, Note: note}, now); err != nil {
				return err
			}
		}
		return resolveTx(ctx, tx, id, "dismissed", actor, reason, ms(now))
	})
}

// Link applies an unplaced credit (an unmatched line, or a suggestion) to
// the order a person chose, as payment evidence from that line.
func (s *Store) Link(ctx context.Context, id int64, ref payment.Reference, actor, note string) (Order, error) {
	return s.link(ctx, id, ref, actor, note, false)
}

// link is Link; with accepting, the order must still be waiting for the
// money: a suggestion made while it was open goes stale once the order is
// paid by other evidence, cancelled or refunded, and accepting it then
// would overpay it without anyone choosing that.
func (s *Store) link(ctx context.Context, id int64, ref payment.Reference, actor, note string, accepting bool) (Order, error) {
	if err := payment.CheckNote(note); err != nil {
		return Order{}, err
	}
	now := s.now()
	var o Order
	err := s.tx(ctx, func(tx *sql.Tx) error {
		x, err := loadException(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := expireDueTx(ctx, tx, now); err != nil {
			return err
		}
		if x.applied || !x.credit || (x.kind != "unmatched" && x.kind != "suggested") {
			return fmt.Errorf("exception %d is %s: only an unplaced payment can be linked to an order", id, x.kind)
		}
		target, err := getOrder(ctx, tx, ref)
		if err != nil {
			return err
		}
		if accepting {
			switch st := target.Status(); st {
			case payment.StatusOpen, payment.StatusClaimed, payment.StatusExpired:
			default:
				return fmt.Errorf("order %s is %s now, so the suggestion no longer holds: link the payment to another order or dismiss it", ref, st)
			}
		}
		if target.Amount.Currency.Code != x.currency {
			return fmt.Errorf("order %s is in %s but the payment is in %s", ref, target.Amount.Currency.Code, x.currency)
		}
		ev := payment.Event{Kind: payment.EventPayment, Amount: x.amount, At: fromMS(x.at),
			Source: x.source + ":" + x.key, Actor: actor, Note: note}
		if o, err = applyTx(ctx, tx, ref, ev, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE evidence SET order_id = ?, applied = 1, rule = 'manual', outcome = ? WHERE id = ?`,
			o.ID, string(o.Status()), x.evidenceID); err != nil {
			return err
		}
		return resolveTx(ctx, tx, id, "linked to "+string(ref), actor, note, ms(now))
	})
	return o, err
}

// Accept applies a suggestion to the order it suggested.
func (s *Store) Accept(ctx context.Context, id int64, actor string) (Order, error) {
	var ref string
	err := s.db.QueryRowContext(ctx, `SELECT o.ref FROM exceptions x JOIN orders o ON o.id = x.order_id
		WHERE x.id = ? AND x.kind = 'suggested'`, id).Scan(&ref)
	if errors.Is(err, sql.ErrNoRows) {
		return Order{}, fmt.Errorf("exception %d is not a suggestion", id)
	}
	if err != nil {
		return Order{}, err
	}
	return s.link(ctx, id, payment.Reference(ref), actor, "suggestion accepted", true)
}

// insertExceptionSQL records an exception with the day and currency the
// day close finds it by (see exceptionDay).
const insertExceptionSQL = `INSERT INTO exceptions (kind, evidence_id, order_id, detail, created_at, day, currency)
	VALUES (?, ?, ?, ?, ?, ?, ?)`

// exceptionDay is the business day an exception concerns: its order's,
// else the local day its money moved (as the day close has always chosen).
func exceptionDay(o Order, hasOrder bool, at time.Time) string {
	if hasOrder {
		return o.Day
	}
	return at.In(time.Local).Format(time.DateOnly)
}
