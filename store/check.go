package store

import (
	"context"
	"fmt"

	"github.com/till-pos/till/payment"
)

// Check verifies the database as a whole: SQLite's integrity check, that
// every order's stored state is what its events add up to, that every
// statement import was applied whole (its recorded line count matches
// the lines stored for it), and that the money on the orders equals the
// money in the evidence applied to them. It returns the problems found,
// none when all is well. It reads everything, so it is slow on a large
// database: it is for after a crash, not for every start.
func (s *Store) Check(ctx context.Context) ([]string, error) {
	var problems []string
	verdict, err := s.IntegrityCheck(ctx)
	if err != nil {
		return nil, err
	}
	if verdict != "ok" {
		problems = append(problems, "integrity check: "+verdict)
	}

	for _, check := range []func(context.Context) ([]string, error){s.checkOrderStates, s.checkImportsWhole} {
		p, err := check(ctx)
		if err != nil {
			return nil, err
		}
		problems = append(problems, p...)
	}
	p, err := s.checkMoney(ctx)
	if err != nil {
		return nil, err
	}
	if p != "" {
		problems = append(problems, p)
	}
	if p, err := s.CheckOutbox(ctx); err != nil || len(p) > 0 { // the fleet's outbox: event ids without a gap
		return append(problems, p...), err
	}
	if p, err := s.checkRejected(ctx); err != nil || p != "" {
		return append(problems, p), err
	}
	return problems, nil
}

// checkOrderStates replays every order's events, in id order, streaming
// orders and events side by side, and says where the stored state differs
// or events belong to no order.
func (s *Store) checkOrderStates(ctx context.Context) ([]string, error) {
	var problems []string
	orders, err := s.db.QueryContext(ctx, `SELECT `+orderColumns+` FROM orders ORDER BY id`)
	if err != nil {
		return problems, err
	}
	defer orders.Close()
	events, err := s.db.QueryContext(ctx, `SELECT order_id, kind, amount_minor FROM order_events ORDER BY order_id, id`)
	if err != nil {
		return problems, err
	}
	defer events.Close()
	var pendingID int64
	var pending *payment.Event
	nextEvent := func() (int64, *payment.Event, error) {
		if pending != nil {
			id, e := pendingID, pending
			pending = nil
			return id, e, nil
		}
		if !events.Next() {
			return 0, nil, events.Err()
		}
		var id int64
		var e payment.Event
		if err := events.Scan(&id, &e.Kind, &e.Amount); err != nil {
			return 0, nil, err
		}
		return id, &e, nil
	}
	for orders.Next() {
		o, err := scanOrder(orders)
		if err != nil {
			return problems, err
		}
		var evs []payment.Event
		for {
			id, e, err := nextEvent()
			if err != nil {
				return problems, err
			}
			if e == nil {
				break
			}
			if id != o.ID {
				if id < o.ID {
					problems = append(problems, fmt.Sprintf("events for order id %d, which does not exist", id))
					continue
				}
				pendingID, pending = id, e
				break
			}
			evs = append(evs, *e)
		}
		st, err := payment.Fold(evs)
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("order %s: its events do not replay: %v", o.Ref, err))
		case st != o.State:
			problems = append(problems, fmt.Sprintf("order %s: stored state %+v, events give %+v", o.Ref, o.State, st))
		}
	}
	if err := orders.Err(); err != nil {
		return problems, err
	}
	return problems, nil
}

// checkImportsWhole says which statement imports are not all or nothing:
// their recorded count of new lines is not the lines stored for them.
func (s *Store) checkImportsWhole(ctx context.Context) ([]string, error) {
	var problems []string
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, i.new_lines, (SELECT count(*) FROM evidence e WHERE e.import_id = i.id)
		FROM imports i WHERE i.new_lines <> (SELECT count(*) FROM evidence e WHERE e.import_id = i.id)`)
	if err != nil {
		return problems, err
	}
	for rows.Next() {
		var id, want, got int64
		if err := rows.Scan(&id, &want, &got); err != nil {
			rows.Close()
			return problems, err
		}
		problems = append(problems, fmt.Sprintf("import %d recorded %d new lines but %d are stored", id, want, got))
	}
	rows.Close()
	return problems, nil
}

// checkMoney says whether what orders say they received is what applied
// evidence says: payments less reversals, leaving out lines a correction
// undid. The payment events must agree with both.
func (s *Store) checkMoney(ctx context.Context) (string, error) {
	var onOrders, inEvidence, inEvents int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(received_minor), 0) FROM orders`).Scan(&onOrders); err != nil {
		return "", err
	}
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE kind WHEN 'payment' THEN amount_minor ELSE -amount_minor END), 0)
		FROM order_events WHERE kind IN ('payment', 'reversed')`).Scan(&inEvents); err != nil {
		return "", err
	}
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE
		WHEN credit = 1 AND reversal = 0 AND corrected_by IS NULL THEN amount_minor
		WHEN credit = 0 AND reversal = 1 THEN -amount_minor ELSE 0 END), 0) FROM evidence WHERE applied = 1`).Scan(&inEvidence); err != nil {
		return "", err
	}
	if onOrders != inEvents || inEvents != inEvidence {
		return fmt.Sprintf("money received: orders say %d, payment events %d, applied evidence %d (minor units)", onOrders, inEvents, inEvidence), nil
	}
	return "", nil
}

// checkRejected compares the kept refused notifications with their
// counters, and the bounds.
func (s *Store) checkRejected(ctx context.Context) (string, error) {
	st, err := s.Rejected(ctx)
	if err != nil {
		return "", err
	}
	var rows, size int64
	if err := s.db.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(size), 0) FROM rejected_notifications`).Scan(&rows, &size); err != nil {
		return "", err
	}
	if rows != st.Kept || size != st.KeptBytes || rows > MaxRejectedRows || size > MaxRejectedBytes {
		return fmt.Sprintf("refused notifications: %d rows of %d bytes stored, the counters say %d of %d (bounds %d rows, %d bytes)",
			rows, size, st.Kept, st.KeptBytes, MaxRejectedRows, MaxRejectedBytes), nil
	}
	return "", nil
}
