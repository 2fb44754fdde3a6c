package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/scheme"
)

// List returns orders matching f, newest first.
func (s *Store) List(ctx context.Context, f Filter) ([]Order, error) {
	s.expireIfDue(ctx)
	var where []string
	var args []any
	if len(f.Status) > 0 {
		ph := strings.TrimSuffix(strings.Repeat("?,", len(f.Status)), ",")
		where = append(where, "status IN ("+ph+")")
		for _, st := range f.Status {
			args = append(args, st)
		}
	}
	if !f.Since.IsZero() {
		where = append(where, "created_at >= ?")
		args = append(args, ms(f.Since))
	}
	if !f.Until.IsZero() {
		where = append(where, "created_at < ?")
		args = append(args, ms(f.Until))
	}
	if f.Day != "" {
		where = append(where, "day = ?")
		args = append(args, f.Day)
	}
	if f.Scheme != "" {
		where = append(where, "(',' || schemes || ',') LIKE ? ESCAPE '\\'")
		args = append(args, "%,"+escapeLike(f.Scheme)+",%")
	}
	if q := strings.TrimSpace(f.Search); q != "" {
		cond := "(ref LIKE ? ESCAPE '\\' OR note LIKE ? ESCAPE '\\'"
		like := "%" + escapeLike(q) + "%"
		args = append(args, like, like)
		exp := 2
		if !f.Currency.IsZero() {
			exp = f.Currency.Exponent
		}
		if minor, ok := searchAmount(q, exp); ok {
			cond += " OR amount_minor = ?"
			args = append(args, minor)
		}
		where = append(where, cond+")")
	}
	q := `SELECT ` + orderColumns + ` FROM orders`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Oldest {
		q += " ORDER BY created_at, id"
	} else {
		q += " ORDER BY created_at DESC, id DESC"
	}
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list orders: %w", err)
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

// searchAmount reads a search term as an amount in minor units ("12.50"
// or "12,5" → 1250 with two decimals; "12" → 1200).
func searchAmount(q string, exponent int) (int64, bool) {
	m, err := payment.ParseMinor(strings.ReplaceAll(q, ",", "."), exponent)
	if err != nil || m == 0 {
		return 0, false
	}
	return m, true
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// Details fills the codes and events of orders (as returned by List) with
// two queries per 500 orders, not two per order.
func (s *Store) Details(ctx context.Context, orders []Order) error {
	index := make(map[int64]int, len(orders))
	for i := range orders {
		index[orders[i].ID] = i
		orders[i].Codes, orders[i].Events = nil, nil
	}
	for start := 0; start < len(orders); start += 500 {
		chunk := orders[start:min(start+500, len(orders))]
		ids := make([]any, len(chunk))
		for i, o := range chunk {
			ids[i] = o.ID
		}
		in := "(" + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")"
		rows, err := s.db.QueryContext(ctx, `SELECT order_id, label, format, schemes, payload FROM order_codes
			WHERE order_id IN `+in+` ORDER BY order_id, position`, ids...)
		if err != nil {
			return fmt.Errorf("order codes: %w", err)
		}
		for rows.Next() {
			var id int64
			var c scheme.Code
			var schemes string
			if err := rows.Scan(&id, &c.Label, &c.Format, &schemes, &c.Payload); err != nil {
				rows.Close()
				return err
			}
			c.Schemes = strings.Split(schemes, ",")
			o := &orders[index[id]]
			o.Codes = append(o.Codes, c)
		}
		rows.Close()
		rows, err = s.db.QueryContext(ctx, `SELECT order_id, id, kind, amount_minor, at, recorded_at, source, actor, note
			FROM order_events WHERE order_id IN `+in+` ORDER BY order_id, id`, ids...)
		if err != nil {
			return fmt.Errorf("order events: %w", err)
		}
		for rows.Next() {
			var id, at, rec int64
			var e Event
			if err := rows.Scan(&id, &e.ID, &e.Kind, &e.Amount, &at, &rec, &e.Source, &e.Actor, &e.Note); err != nil {
				rows.Close()
				return err
			}
			e.At, e.RecordedAt = fromMS(at), fromMS(rec)
			o := &orders[index[id]]
			o.Events = append(o.Events, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// LastEventID is the id of the newest order event: where ChangedSince
// starts from.
func (s *Store) LastEventID(ctx context.Context) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM order_events`).Scan(&id)
	return id, err
}

// ChangedSince returns the orders that got an event after event id after,
// (by anyone: every change of an order is an event), and the newest event
// id seen, where to look from next time. Event ids grow with each commit,
// so nothing is missed whatever the writers' clocks say.
func (s *Store) ChangedSince(ctx context.Context, after int64, limit int) ([]Order, int64, error) {
	last := after
	rows, err := s.db.QueryContext(ctx, `SELECT order_id, MAX(id) FROM order_events WHERE id > ?
		GROUP BY order_id ORDER BY MAX(id) LIMIT ?`, after, limit)
	if err != nil {
		return nil, last, err
	}
	var ids []int64
	for rows.Next() {
		var id, ev int64
		if err := rows.Scan(&id, &ev); err != nil {
			rows.Close()
			return nil, last, err
		}
		ids = append(ids, id)
		last = max(last, ev)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, last, err
	}
	var out []Order
	for _, id := range ids {
		o, err := scanOrder(s.db.QueryRowContext(ctx, `SELECT `+orderColumns+` FROM orders WHERE id = ?`, id))
		if err != nil {
			return nil, last, err
		}
		out = append(out, o)
	}
	return out, last, nil
}
