package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/scheme"
)

// Reopen shows an expired order again, for the customer who was still at
// the counter when its code ran out: a "reopened" event, a new expiry from
// now, and its codes built again for that expiry (a PayNow code carries
// its expiry date). An order whose time is up but that is not yet marked
// expired is expired first, in the same transaction. The same order, the
// same reference: a payment for either showing settles it.
func (s *Store) Reopen(ctx context.Context, ref payment.Reference, expiry time.Duration, actor string,
	codes func(payment.Reference, time.Time) ([]scheme.Code, error)) (Order, error) {
	if expiry <= 0 {
		return Order{}, errors.New("an order needs an expiry time")
	}
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
		e := payment.Event{Kind: payment.EventReopened, At: now, Source: "manual", Actor: actor, Note: "shown again"}
		if o, err = applyLoaded(ctx, txExec(tx, insertEventSQL), txExec(tx, updateStateSQL), cur, e, now); err != nil {
			return err
		}
		o.ExpiresAt = now.Add(expiry)
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET expires_at = ? WHERE id = ?`, ms(o.ExpiresAt), o.ID); err != nil {
			return err
		}
		if codes == nil {
			return nil
		}
		if o.Codes, err = codes(o.Ref, o.ExpiresAt); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM order_codes WHERE order_id = ?`, o.ID); err != nil {
			return err
		}
		for i, c := range o.Codes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO order_codes (order_id, position, label, format, schemes, payload)
				VALUES (?, ?, ?, ?, ?, ?)`, o.ID, i, c.Label, c.Format, strings.Join(c.Schemes, ","), c.Payload); err != nil {
				return err
			}
		}
		return nil
	})
	return o, err
}
