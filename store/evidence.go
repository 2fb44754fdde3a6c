package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
)

// book is reconcile.Book inside one write transaction, with its statements
// prepared once: an import of a million lines runs them a million times.
type book struct {
	ctx                                      context.Context
	tx                                       *sql.Tx
	byRef, byProvider, candidates, refundsIn *sql.Stmt
	insert, insertExc, prior                 *sql.Stmt
	insEvent, updState                       *sql.Stmt
	now                                      time.Time
	// last is the order ByReference read most recently: the matcher looks
	// an order up and record then writes to it, without reading it again.
	last Order
	// shared: the statements belong to the caller (prepareBook).
	shared bool
}

func newBook(ctx context.Context, tx *sql.Tx, now time.Time) (*book, error) {
	return prepareBook(ctx, tx, now, tx.PrepareContext)
}

// prepareBook is newBook with statements from prepare: an import's steps
// share statements prepared once on its connection (see stepper.stmt),
// and then close must not close them.
func prepareBook(ctx context.Context, tx *sql.Tx, now time.Time, prepare func(context.Context, string) (*sql.Stmt, error)) (*book, error) {
	b := &book{ctx: ctx, tx: tx, now: now}
	var err error
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		st, err = prepare(ctx, q)
		return st
	}
	b.byRef = prep(byRefSQL)
	b.byProvider = prep(`SELECT CASE WHEN e.applied = 1 THEN COALESCE(o.ref, '') ELSE '' END, e.amount_minor, e.currency FROM evidence e LEFT JOIN orders o ON o.id = e.order_id
		WHERE e.provider_id = ? AND e.credit = 1 AND e.reversal = 0 AND e.outcome <> 'seen' ORDER BY e.id LIMIT 1`)
	b.prior = prep(priorQuery + ` WHERE e.key_hash = ? AND e.key = ?`)
	b.candidates = prep(candidatesSQL + `?`)
	b.refundsIn = prep(`SELECT
		(SELECT COALESCE(SUM(amount_minor), 0) FROM order_events WHERE order_id = ?1 AND kind = 'refund' AND source = 'manual'),
		(SELECT COALESCE(SUM(amount_minor), 0) FROM evidence WHERE order_id = ?1 AND credit = 0 AND outcome = 'refund' AND applied = 0)`)
	b.insert = prep(`INSERT INTO evidence (key, key_hash, source, import_id, notification, provider_id, at, amount_minor, currency,
		credit, pending, reversal, reference, text, counterparty, outcome, rule, applied, order_id, created_at, corrects)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	b.insertExc = prep(insertExceptionSQL)
	b.insEvent = prep(insertEventSQL)
	b.updState = prep(updateStateSQL)
	if err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

func (b *book) close() {
	if b.shared {
		return
	}
	for _, st := range []*sql.Stmt{b.byRef, b.byProvider, b.candidates, b.refundsIn, b.insert, b.insertExc, b.insEvent, b.updState, b.prior} {
		if st != nil {
			st.Close()
		}
	}
}

func (b *book) view(o Order) (reconcile.Order, error) {
	v := reconcile.Order{Ref: o.Ref, Amount: o.Amount, State: o.State, CreatedAt: o.CreatedAt}
	if o.State.Refunded > 0 {
		var manual, linked int64
		if err := b.refundsIn.QueryRowContext(b.ctx, o.ID).Scan(&manual, &linked); err != nil {
			return v, err
		}
		v.UnlinkedRefunds = max(manual-linked, 0)
	}
	return v, nil
}

// ByReference implements reconcile.Book.
func (b *book) ByReference(ref payment.Reference) (reconcile.Order, bool, error) {
	o, err := b.load(ref)
	if errors.Is(err, sql.ErrNoRows) {
		return reconcile.Order{}, false, nil
	}
	if err != nil {
		return reconcile.Order{}, false, err
	}
	v, err := b.view(o)
	return v, err == nil, err
}

// load reads an order by reference and remembers it.
func (b *book) load(ref payment.Reference) (Order, error) {
	if b.last.Ref == ref && b.last.ID != 0 {
		return b.last, nil
	}
	o, err := scanOrder(b.byRef.QueryRowContext(b.ctx, ref))
	if err != nil {
		return o, err
	}
	b.last = o
	return o, nil
}

// ByProviderID implements reconcile.Book.
func (b *book) ByProviderID(id string) (reconcile.Order, payment.Amount, bool, error) {
	var ref, cur string
	var minor int64
	err := b.byProvider.QueryRowContext(b.ctx, id).Scan(&ref, &minor, &cur)
	if errors.Is(err, sql.ErrNoRows) {
		return reconcile.Order{}, payment.Amount{}, false, nil
	}
	if err != nil {
		return reconcile.Order{}, payment.Amount{}, false, err
	}
	c, err := payment.LookupCurrency(cur)
	if err != nil {
		return reconcile.Order{}, payment.Amount{}, false, err
	}
	amount := payment.Amount{Minor: minor, Currency: c}
	if ref == "" {
		return reconcile.Order{}, amount, true, nil // it sits in an exception
	}
	o, ok, err := b.ByReference(payment.Reference(ref))
	return o, amount, ok, err
}

// Prior implements reconcile.Book.
func (b *book) Prior(key string) (reconcile.Prior, bool, error) {
	p, ok, err := b.priorRow(key)
	if err != nil || !ok {
		return reconcile.Prior{}, false, err
	}
	var order *reconcile.Order
	if p.ref != "" {
		o, found, err := b.ByReference(payment.Reference(p.ref))
		if err != nil {
			return reconcile.Prior{}, false, err
		}
		if found {
			order = &o
		}
	}
	pr, err := p.toPrior(order)
	return pr, err == nil, err
}

func (b *book) priorRow(key string) (priorRow, bool, error) {
	p, err := scanPrior(b.prior.QueryRowContext(b.ctx, keyHash(key), key))
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	return p, err == nil, err
}

// candidatesSQL is the amount+time pass's query, to be followed by its
// LIMIT.
const candidatesSQL = `SELECT ` + orderColumns + ` FROM orders
		WHERE status IN ('open', 'claimed') AND currency = ? AND amount_minor = ? AND created_at BETWEEN ? AND ?
		ORDER BY created_at LIMIT `

// Candidates implements reconcile.Book.
func (b *book) Candidates(cur string, minor int64, from, to time.Time, limit int) ([]reconcile.Order, error) {
	return candidates(b.ctx, b.candidates, cur, minor, from, to, limit)
}

// candidates runs a candidates statement; limit is bound only if the
// statement has a parameter for it.
func candidates(ctx context.Context, st *sql.Stmt, cur string, minor int64, from, to time.Time, limit int) ([]reconcile.Order, error) {
	args := []any{cur, minor, ms(from), ms(to), limit}
	if limit < 0 {
		args = args[:4]
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []reconcile.Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, reconcile.Order{Ref: o.Ref, Amount: o.Amount, State: o.State, CreatedAt: o.CreatedAt})
	}
	return out, rows.Err()
}

// origin says where evidence came from, for its row.
type origin struct {
	source       string // "statement" or "notification"
	importID     sql.NullInt64
	notification sql.NullString
}

// Applied is what happened to one piece of evidence.
type Applied struct {
	Evidence reconcile.Evidence
	Decision reconcile.Decision
	New      bool  // false: the key was seen before and nothing changed
	Order    Order // the order after the change, when one changed
}

// record dedupes, matches and applies one piece of evidence inside tx
// (which holds the write lock, so the check and the insert cannot race).
func (b *book) record(e reconcile.Evidence, from origin, opt reconcile.Options) (Applied, error) {
	a := Applied{Evidence: e}
	p, seen, err := b.priorRow(e.Key)
	if err != nil {
		return a, err
	}
	if seen {
		if e.Conflict = differs(p, e); e.Conflict == "" {
			return a, nil // the same evidence again: change nothing
		}
		e.Key = altKey(e)
		if _, seen, err := b.priorRow(e.Key); err != nil || seen {
			return a, err
		}
		a.Evidence = e
	}
	opt.Source = from.source + ":" + e.Key
	d, err := reconcile.Match(e, b, opt)
	if err != nil {
		return a, err
	}
	if d.Undo != nil {
		return a, fmt.Errorf("evidence %s corrects another line: only statements carry corrections", e.Key)
	}
	var orderID sql.NullInt64
	var o Order
	if d.Order != nil {
		if o, err = b.load(d.Order.Ref); err != nil {
			return a, err
		}
		orderID = sql.NullInt64{Int64: o.ID, Valid: true}
	}
	at := e.At
	if at.IsZero() {
		at = b.now
	}
	res, err := b.insert.ExecContext(b.ctx, e.Key, keyHash(e.Key), from.source, from.importID, from.notification, e.ProviderID, ms(at),
		e.Amount.Minor, e.Amount.Currency.Code, e.Credit, e.Pending, e.Reversal, e.Reference, e.Text, e.Counterparty,
		string(d.Outcome), string(d.Rule), d.Event != nil, orderID, ms(b.now), e.Corrects)
	if err != nil {
		return a, fmt.Errorf("record evidence %s: %w", e.Key, err)
	}
	a.New, a.Decision, a.Order = true, d, o
	if d.Event != nil {
		if a.Order, err = applyLoaded(b.ctx, b.insEvent.ExecContext, b.updState.ExecContext, o, *d.Event, b.now); err != nil {
			return a, err
		}
		b.last = a.Order
	}
	if d.Exception != "" {
		id, err := res.LastInsertId()
		if err != nil {
			return a, err
		}
		if _, err := b.insertExc.ExecContext(b.ctx, string(d.Outcome), id, orderID, d.Exception, ms(b.now),
			exceptionDay(o, orderID.Valid, at), e.Amount.Currency.Code); err != nil {
			return a, err
		}
	}
	return a, nil
}

// keyHash is the 64-bit FNV-1a hash of an evidence key, as SQLite stores
// it (a signed integer).
func keyHash(key string) int64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	return int64(h)
}

// sameAsStored reports whether every item was stored before with the same
// content: a notification delivered again.
func (b *book) sameAsStored(items []reconcile.Evidence) (bool, error) {
	for _, e := range items {
		p, seen, err := b.priorRow(e.Key)
		if err != nil || !seen || differs(p, e) != "" {
			return false, err
		}
	}
	return true, nil
}
