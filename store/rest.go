package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/scheme"
)

// Rest is a code for what is still due on an order ("charge the rest"),
// with a reference of its own linked to the order: money for either
// reference settles the same order.
type Rest = app.Rest

// RestCodes builds the codes of a rest for its reference, amount and
// expiry; like NewOrder.Codes it runs before anything is written.
type RestCodes func(ref payment.Reference, amount payment.Amount, expires time.Time) ([]scheme.Code, error)

// ChargeRest shows a code for the amount still due on the order named by
// ref (its own reference or a linked one): a new reference linked to the
// order, its codes, and a "rest-code" event naming it, in one transaction.
// Only an order with money received and some still due takes it.
func (s *Store) ChargeRest(ctx context.Context, ref payment.Reference, expiry time.Duration, actor string, codes RestCodes) (Order, error) {
	if expiry <= 0 {
		return Order{}, errors.New("a code needs an expiry time")
	}
	for attempt := 0; ; attempt++ {
		o, err := s.chargeRestOnce(ctx, ref, expiry, actor, codes)
		if err == nil || !isUniqueRef(err) || attempt >= 5 {
			return o, err
		}
	}
}

func (s *Store) chargeRestOnce(ctx context.Context, ref payment.Reference, expiry time.Duration, actor string, codes RestCodes) (Order, error) {
	var o Order
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if _, err := expireDueTx(ctx, tx, now); err != nil {
			return err
		}
		cur, err := getOrder(ctx, tx, ref)
		if err != nil {
			return err
		}
		r := Rest{Ref: s.NewReference(), Amount: payment.Amount{Minor: cur.State.Outstanding(), Currency: cur.Amount.Currency},
			CreatedAt: now, ExpiresAt: now.Add(expiry)}
		e := payment.Event{Kind: payment.EventRestCode, Amount: r.Amount.Minor, At: now, Source: "manual", Actor: actor,
			Note: "rest charged as " + string(r.Ref)}
		if o, err = applyLoaded(ctx, txExec(tx, insertEventSQL), txExec(tx, updateStateSQL), cur, e, now); err != nil {
			return restError(cur, err)
		}
		if codes != nil {
			if r.Codes, err = codes(r.Ref, r.Amount, r.ExpiresAt); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO order_refs (ref, order_id, amount_minor, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`, r.Ref, o.ID, r.Amount.Minor, ms(r.CreatedAt), ms(r.ExpiresAt)); err != nil {
			return err
		}
		for i, c := range r.Codes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO order_ref_codes (ref, position, label, format, schemes, payload)
				VALUES (?, ?, ?, ?, ?, ?)`, r.Ref, i, c.Label, c.Format, strings.Join(c.Schemes, ","), c.Payload); err != nil {
				return err
			}
		}
		o.Rest = &r
		return nil
	})
	return o, err
}

// ClaimRest records that the cashier saw the customer pay the code for the
// rest of the order named by ref (unverified, as a claim is): the order
// reads claimed until evidence for the rest arrives.
func (s *Store) ClaimRest(ctx context.Context, ref payment.Reference, actor, note string) (Order, error) {
	return s.applyRest(ctx, ref, payment.Event{Kind: payment.EventRestClaimed, Source: "manual", Actor: actor, Note: note})
}

// PayRestInCash records that the cashier took what is still due on the
// order in cash. It counts towards the order (and into the day close's
// cash line), never as verified evidence.
func (s *Store) PayRestInCash(ctx context.Context, ref payment.Reference, actor, note string) (Order, error) {
	return s.applyRest(ctx, ref, payment.Event{Kind: payment.EventCash, Source: "manual", Actor: actor, Note: note})
}

// applyRest records e for what is still due, read in the same transaction
// so that money arriving meanwhile is never taken twice.
func (s *Store) applyRest(ctx context.Context, ref payment.Reference, e payment.Event) (Order, error) {
	var o Order
	if err := payment.CheckNote(e.Note); err != nil {
		return o, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if _, err := expireDueTx(ctx, tx, now); err != nil {
			return err
		}
		cur, err := getOrder(ctx, tx, ref)
		if err != nil {
			return err
		}
		e.At, e.Amount = now, cur.State.Outstanding()
		if o, err = applyLoaded(ctx, txExec(tx, insertEventSQL), txExec(tx, updateStateSQL), cur, e, now); err != nil {
			return restError(cur, err)
		}
		return nil
	})
	return o, err
}

// restError says in money what a refused rest was about.
func restError(o Order, err error) error {
	var left payment.RestLimitError
	if errors.As(err, &left) {
		return fmt.Errorf("order %s: %w: %s is still due", o.Ref, payment.ErrTransition, payment.Amount{Minor: left.Left, Currency: o.Amount.Currency})
	}
	return err
}

// latestRest reads the newest code for the rest of an order, if any.
func latestRest(ctx context.Context, q querier, o Order) (*Rest, error) {
	var ref string
	var minor, created, expires int64
	err := q.QueryRowContext(ctx, `SELECT ref, amount_minor, created_at, expires_at FROM order_refs
		WHERE order_id = ? ORDER BY created_at DESC, ref DESC LIMIT 1`, o.ID).Scan(&ref, &minor, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r := &Rest{Ref: payment.Reference(ref), Amount: payment.Amount{Minor: minor, Currency: o.Amount.Currency},
		CreatedAt: fromMS(created), ExpiresAt: fromMS(expires)}
	r.Codes, err = readCodes(ctx, q, `SELECT label, format, schemes, payload FROM order_ref_codes WHERE ref = ? ORDER BY position`, ref)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// LinkedRefs lists the references linked to an order (codes for its rest),
// oldest first.
func (s *Store) LinkedRefs(ctx context.Context, ref payment.Reference) ([]payment.Reference, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.ref FROM order_refs r WHERE r.order_id =
		COALESCE((SELECT id FROM orders WHERE ref = ?1), (SELECT order_id FROM order_refs WHERE ref = ?1)) ORDER BY r.created_at`, ref)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []payment.Reference
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, payment.Reference(r))
	}
	return out, rows.Err()
}
