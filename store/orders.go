package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/scheme"
)

// The order types are the application layer's (payment/app), so that a
// use case reads the same orders from this book as from any other; the
// aliases keep store.Order and friends meaning what they always did.
type (
	Order    = app.Order
	Event    = app.Event
	NewOrder = app.NewOrder
	Filter   = app.Filter
)

// ErrNotFound is returned for an unknown reference.
var ErrNotFound = app.ErrNotFound

// Store is a book the use cases can stand on.
var _ app.Book = (*Store)(nil)

// CreateOrder picks a unique reference, builds the order's codes and
// commits the order, its codes and its "created" event in one durable
// transaction.
func (s *Store) CreateOrder(ctx context.Context, n NewOrder) (Order, error) {
	if n.Amount.Minor <= 0 {
		return Order{}, payment.ErrAmountZero
	}
	if n.Expiry <= 0 {
		return Order{}, errors.New("an order needs an expiry time")
	}
	if err := payment.CheckNote(n.Note); err != nil {
		return Order{}, err
	}
	now := s.now()
	o := Order{
		Amount:    n.Amount,
		Note:      n.Note,
		Day:       now.Format(time.DateOnly),
		CreatedAt: now,
		ExpiresAt: now.Add(n.Expiry),
		UpdatedAt: now,
	}
	created := payment.Event{Kind: payment.EventCreated, Amount: n.Amount.Minor, At: now, Source: "manual", Actor: n.Actor, Note: n.Note}
	st, err := payment.State{}.Apply(created)
	if err != nil {
		return Order{}, err
	}
	o.State = st
	// A clash of random references is astronomically rare, but it must not
	// become an error in front of a customer: draw again.
	for attempt := 0; ; attempt++ {
		o.Ref = s.NewReference()
		if n.Codes != nil {
			if o.Codes, err = n.Codes(o.Ref, o.ExpiresAt); err != nil {
				return Order{}, err
			}
		}
		o.Schemes = o.Schemes[:0]
		for _, c := range o.Codes {
			o.Schemes = append(o.Schemes, c.Schemes...)
		}
		err = diskFull(s.sales.write(ctx, s.db, func(ctx context.Context, c *saleConn) error {
			return insertOrder(ctx, c, &o, created, now)
		}), filepath.Dir(s.path))
		if err == nil {
			return o, nil
		}
		if !isUniqueRef(err) || attempt >= 5 {
			return Order{}, fmt.Errorf("save order: %w", err)
		}
	}
}

// insertOrder writes a new order, its codes and its "created" event with
// the sale connection's prepared statements, and sets o.ID.
func insertOrder(ctx context.Context, c *saleConn, o *Order, created payment.Event, now time.Time) error {
	res, err := c.order.ExecContext(ctx,
		o.Ref, o.Amount.Minor, o.Amount.Currency.Code, o.Note, o.State.Status,
		strings.Join(o.Schemes, ","), o.Day, ms(o.CreatedAt), ms(o.ExpiresAt), ms(o.UpdatedAt))
	if err != nil {
		return err
	}
	if o.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	for i, code := range o.Codes {
		if _, err := c.code.ExecContext(ctx, o.ID, i, code.Label, code.Format, strings.Join(code.Schemes, ","), code.Payload); err != nil {
			return err
		}
	}
	return writeEventRow(ctx, c.event.ExecContext, o.ID, created, now)
}

func isUniqueRef(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: orders.ref")
}

const (
	insertEventSQL = `INSERT INTO order_events (order_id, kind, amount_minor, at, recorded_at, source, actor, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	updateStateSQL = `UPDATE orders SET status = ?, received_minor = ?, refunded_minor = ?, payments = ?,
		claimed = ?, closed = ?, late = ?, updated_at = ?, cash_minor = ?, rest_claimed_minor = ? WHERE id = ?`
)

// execFunc runs one statement: a prepared one in bulk paths, a plain one
// elsewhere.
type execFunc func(ctx context.Context, args ...any) (sql.Result, error)

func txExec(tx *sql.Tx, query string) execFunc {
	return func(ctx context.Context, args ...any) (sql.Result, error) { return tx.ExecContext(ctx, query, args...) }
}

func writeEventRow(ctx context.Context, ins execFunc, orderID int64, e payment.Event, now time.Time) error {
	at := e.At
	if at.IsZero() {
		at = now
	}
	_, err := ins(ctx, orderID, e.Kind, e.Amount, ms(at), ms(now), e.Source, e.Actor, e.Note)
	return err
}

const orderColumns = `id, ref, amount_minor, currency, note, status, received_minor, refunded_minor,
	payments, claimed, closed, late, schemes, day, created_at, expires_at, updated_at, cash_minor, rest_claimed_minor`

// byRefSQL finds an order by its own reference or by a linked one (the
// reference of a code for its rest): one unique index probe each.
const byRefSQL = `SELECT ` + orderColumns + ` FROM orders WHERE id =
	COALESCE((SELECT id FROM orders WHERE ref = ?1), (SELECT order_id FROM order_refs WHERE ref = ?1))`

type scanner interface{ Scan(...any) error }

func scanOrder(r scanner) (Order, error) {
	var (
		o                         Order
		ref, cur, status, closed  string
		schemes                   string
		created, expires, updated int64
		claimed, late             bool
	)
	err := r.Scan(&o.ID, &ref, &o.Amount.Minor, &cur, &o.Note, &status, &o.State.Received, &o.State.Refunded,
		&o.State.Payments, &claimed, &closed, &late, &schemes, &o.Day, &created, &expires, &updated,
		&o.State.Cash, &o.State.RestClaimed)
	if err != nil {
		return o, err
	}
	o.Ref = payment.Reference(ref)
	c, err := payment.LookupCurrency(cur)
	if err != nil {
		return o, fmt.Errorf("order %s: %w", ref, err)
	}
	o.Amount.Currency = c
	o.State.Status = payment.Status(status)
	o.State.Due = o.Amount.Minor
	o.State.Claimed = claimed
	o.State.Closed = payment.Status(closed)
	o.State.Late = late
	if schemes != "" {
		o.Schemes = strings.Split(schemes, ",")
	}
	o.CreatedAt, o.ExpiresAt, o.UpdatedAt = fromMS(created), fromMS(expires), fromMS(updated)
	return o, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func getOrder(ctx context.Context, q querier, ref payment.Reference) (Order, error) {
	o, err := scanOrder(q.QueryRowContext(ctx, byRefSQL, ref))
	if errors.Is(err, sql.ErrNoRows) {
		return o, fmt.Errorf("%w with reference %s", ErrNotFound, ref)
	}
	return o, err
}

// Get returns one order with its codes.
func (s *Store) Get(ctx context.Context, ref payment.Reference) (Order, error) {
	o, err := getOrder(ctx, s.db, ref)
	if err != nil {
		return o, err
	}
	o.Codes, err = readCodes(ctx, s.db, `SELECT label, format, schemes, payload FROM order_codes WHERE order_id = ? ORDER BY position`, o.ID)
	if err != nil {
		return o, err
	}
	o.Rest, err = latestRest(ctx, s.db, o)
	return o, err
}

// readCodes reads payment codes (label, format, schemes, payload) in the
// order the query gives them: an order's own codes and its rest's.
func readCodes(ctx context.Context, q querier, query string, args ...any) ([]scheme.Code, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var codes []scheme.Code
	for rows.Next() {
		var c scheme.Code
		var schemes string
		if err := rows.Scan(&c.Label, &c.Format, &schemes, &c.Payload); err != nil {
			return nil, err
		}
		c.Schemes = strings.Split(schemes, ",")
		codes = append(codes, c)
	}
	return codes, rows.Err()
}

// Events returns an order's history, oldest first.
func (s *Store) Events(ctx context.Context, ref payment.Reference) ([]Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.kind, e.amount_minor, e.at, e.recorded_at, e.source, e.actor, e.note
		FROM order_events e WHERE e.order_id =
		COALESCE((SELECT id FROM orders WHERE ref = ?1), (SELECT order_id FROM order_refs WHERE ref = ?1)) ORDER BY e.id`, ref)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at, rec int64
		if err := rows.Scan(&e.ID, &e.Kind, &e.Amount, &at, &rec, &e.Source, &e.Actor, &e.Note); err != nil {
			return nil, err
		}
		e.At, e.RecordedAt = fromMS(at), fromMS(rec)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Apply records one event for the order with reference ref, if the order's
// rules allow it, and returns the order as it now stands. The event and the
// new state are written in one transaction.
func (s *Store) Apply(ctx context.Context, ref payment.Reference, e payment.Event) (Order, error) {
	var o Order
	if err := payment.CheckNote(e.Note); err != nil {
		return o, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if _, err := expireDueTx(ctx, tx, now); err != nil {
			return err
		}
		var err error
		o, err = applyTx(ctx, tx, ref, e, now)
		return err
	})
	return o, err
}

func applyTx(ctx context.Context, tx *sql.Tx, ref payment.Reference, e payment.Event, now time.Time) (Order, error) {
	o, err := getOrder(ctx, tx, ref)
	if err != nil {
		return o, err
	}
	return applyLoaded(ctx, txExec(tx, insertEventSQL), txExec(tx, updateStateSQL), o, e, now)
}

// applyLoaded records e on o, an order just read in the same transaction:
// the event row and the new state on the order row.
func applyLoaded(ctx context.Context, ins, upd execFunc, o Order, e payment.Event, now time.Time) (Order, error) {
	st, err := o.State.Apply(e)
	if limit := (payment.RefundLimitError{}); errors.As(err, &limit) {
		left := payment.Amount{Minor: limit.Left, Currency: o.Amount.Currency}
		return o, fmt.Errorf("order %s: %w: at most %s can still be refunded", o.Ref, payment.ErrTransition, left)
	}
	if err != nil {
		return o, fmt.Errorf("order %s: %w", o.Ref, err)
	}
	if err := writeEventRow(ctx, ins, o.ID, e, now); err != nil {
		return o, err
	}
	o.State = st
	o.UpdatedAt = now
	_, err = upd(ctx, st.Status, st.Received, st.Refunded, st.Payments, st.Claimed, st.Closed, st.Late, ms(now), st.Cash, st.RestClaimed, o.ID)
	return o, err
}

// Claim records that the cashier saw the customer pay (unverified).
func (s *Store) Claim(ctx context.Context, ref payment.Reference, actor, note string) (Order, error) {
	return s.Apply(ctx, ref, payment.Event{Kind: payment.EventClaimed, At: s.now(), Source: "manual", Actor: actor, Note: note})
}

// Cancel voids an open or claimed order.
func (s *Store) Cancel(ctx context.Context, ref payment.Reference, actor, reason string) (Order, error) {
	return s.Apply(ctx, ref, payment.Event{Kind: payment.EventCancelled, At: s.now(), Source: "manual", Actor: actor, Note: reason})
}

// Refund records that the merchant gave money back for an order (till
// cannot move money itself; reconciliation later links the bank's debit).
func (s *Store) Refund(ctx context.Context, ref payment.Reference, minor int64, actor, reason string) (Order, error) {
	return s.Apply(ctx, ref, payment.Event{Kind: payment.EventRefund, Amount: minor, At: s.now(), Source: "manual", Actor: actor, Note: reason})
}

// ExpireDue expires every open order whose time has run out, in one
// transaction, and returns their references.
func (s *Store) ExpireDue(ctx context.Context) ([]payment.Reference, error) {
	var refs []payment.Reference
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		refs, err = expireDueTx(ctx, tx, s.now())
		return err
	})
	return refs, err
}

// expireIfDue is expiry applied on reading: List and the day report call
// it, so that an order whose time ran out never shows as open, whether or
// not a till screen is running. It writes only when an order is due (one
// index probe otherwise) and is best effort: a read on a database that
// cannot be written still answers, with what is stored.
func (s *Store) expireIfDue(ctx context.Context) {
	var due int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM orders WHERE status = 'open' AND expires_at <= ? LIMIT 1`, ms(s.now())).Scan(&due)
	if err != nil {
		return
	}
	if !s.readOnly {
		_, _ = s.ExpireDue(ctx)
		return
	}
	// A read-only store writes through a handle of its own, made only now
	// that there is something to write; on a read-only medium or a full
	// disk that fails, and the read answers with what is stored.
	w, err := Open(s.path)
	if err != nil {
		return
	}
	defer w.Close()
	w.Now = s.Now
	_, _ = w.ExpireDue(ctx)
}

// expireDueTx expires the open orders whose time ran out. Every
// transaction that changes orders calls it first, so that a payment, a
// claim or an import never sees an order as open after its expiry, whether
// or not a screen is running to expire it on time. It costs one probe of
// the orders_open index when nothing is due.
func expireDueTx(ctx context.Context, tx *sql.Tx, now time.Time) ([]payment.Reference, error) {
	rows, err := tx.QueryContext(ctx, `SELECT ref FROM orders WHERE status = 'open' AND expires_at <= ?`, ms(now))
	if err != nil {
		return nil, fmt.Errorf("expire orders: %w", err)
	}
	var refs []payment.Reference
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return nil, fmt.Errorf("expire orders: %w", err)
		}
		refs = append(refs, payment.Reference(r))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("expire orders: %w", err)
	}
	for _, r := range refs {
		if _, err := applyTx(ctx, tx, r, payment.Event{Kind: payment.EventExpired, At: now, Source: "expiry", Actor: "till"}, now); err != nil {
			return nil, fmt.Errorf("expire orders: %w", err)
		}
	}
	return refs, nil
}

// prefixed qualifies each column of a column list with a table alias.
func prefixed(alias, columns string) string {
	parts := strings.Split(columns, ",")
	for i, c := range parts {
		parts[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// prependScan scans one leading column into first, then the rest as the
// wrapped scanner's caller asks.
type prependScan struct {
	r     scanner
	first *string
}

func (p prependScan) Scan(dest ...any) error {
	return p.r.Scan(append([]any{p.first}, dest...)...)
}
