package store

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
)

// importBatch is how many statement lines are read, looked up and written
// together. Lookups become a few IN queries per batch and writes a few
// multi-row statements, instead of several statements per line: that is
// what makes a million-line statement take seconds, not minutes.
const importBatch = 2000

// rowsPerInsert bounds the rows of one multi-row INSERT (SQLite allows
// 32,766 parameters; 100 rows of 20 columns stay far below).
const rowsPerInsert = 100

// batcher applies statement lines in batches inside the import
// transaction. It is a reconcile.Book over what the batch prefetched; the
// matcher's decisions are the same as line by line, because lines are
// still decided one after another against the state the earlier ones left.
type batcher struct {
	*book
	from     origin
	opt      reconcile.Options
	nextID   int64                        // next evidence id (the write lock is ours)
	orders   map[payment.Reference]*Order // prefetched, and changed by earlier lines
	provider map[string]payment.Reference // provider id → order, prefetched and learned
	changed  map[int64]*Order             // orders to write back at the end of the batch
	seenKeys map[string]bool              // keys already stored or earlier in this batch
	evidence [][]any
	events   [][]any
	excs     [][]any
	stmts    map[string]*sql.Stmt
}

func newBatcher(b *book, from origin, opt reconcile.Options) (*batcher, error) {
	bt := &batcher{book: b, from: from, opt: opt, stmts: map[string]*sql.Stmt{}}
	if err := b.tx.QueryRowContext(b.ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM evidence`).Scan(&bt.nextID); err != nil {
		return nil, err
	}
	return bt, nil
}

func (bt *batcher) close() {
	for _, st := range bt.stmts {
		st.Close()
	}
}

// ByReference implements reconcile.Book from the prefetched orders, and
// reads (and remembers) a reference that was not prefetched.
func (bt *batcher) ByReference(ref payment.Reference) (reconcile.Order, bool, error) {
	o, fetched := bt.orders[ref]
	if !fetched {
		got, err := scanOrder(bt.byRef.QueryRowContext(bt.ctx, ref))
		if errors.Is(err, sql.ErrNoRows) {
			bt.orders[ref] = nil
			return reconcile.Order{}, false, nil
		}
		if err != nil {
			return reconcile.Order{}, false, err
		}
		o = &got
		bt.orders[ref] = o
	}
	if o == nil {
		return reconcile.Order{}, false, nil
	}
	v, err := bt.view(*o)
	return v, err == nil, err
}

// ByProviderID implements reconcile.Book from the prefetched links.
func (bt *batcher) ByProviderID(id string) (reconcile.Order, bool, error) {
	ref, ok := bt.provider[id]
	if !ok {
		return reconcile.Order{}, false, nil
	}
	return bt.ByReference(ref)
}

// Candidates implements reconcile.Book; orders changed earlier in the batch
// are not written yet, so the answer is corrected by them.
func (bt *batcher) Candidates(cur string, minor int64, from, to time.Time, limit int) ([]reconcile.Order, error) {
	cands, err := bt.book.Candidates(cur, minor, from, to, limit+len(bt.changed))
	if err != nil {
		return nil, err
	}
	out := cands[:0]
	for _, c := range cands {
		if o, ok := bt.orders[c.Ref]; ok && o != nil {
			if st := o.Status(); st != payment.StatusOpen && st != payment.StatusClaimed {
				continue // paid earlier in this batch
			}
		}
		out = append(out, c)
	}
	return out[:min(len(out), limit)], nil
}

// run decides and writes one batch; it returns the applied results.
func (bt *batcher) run(lines []reconcile.Evidence) ([]Applied, error) {
	if err := bt.prefetch(lines); err != nil {
		return nil, err
	}
	bt.changed = map[int64]*Order{}
	bt.evidence, bt.events, bt.excs = bt.evidence[:0], bt.events[:0], bt.excs[:0]
	out := make([]Applied, len(lines))
	for i, e := range lines {
		a := Applied{Evidence: e}
		if bt.seenKeys[e.Key] {
			out[i] = a
			continue
		}
		bt.seenKeys[e.Key] = true
		opt := bt.opt
		opt.Source = bt.from.source + ":" + e.Key
		d, err := reconcile.Match(e, bt, opt)
		if err != nil {
			return nil, err
		}
		a.New, a.Decision = true, d
		var orderID sql.NullInt64
		if d.Order != nil {
			o := bt.orders[d.Order.Ref]
			if o == nil { // found by the amount+time pass: not prefetched
				got, err := scanOrder(bt.byRef.QueryRowContext(bt.ctx, d.Order.Ref))
				if err != nil {
					return nil, err
				}
				o = &got
				bt.orders[got.Ref] = o
			}
			orderID = sql.NullInt64{Int64: o.ID, Valid: true}
			if d.Event != nil {
				st, err := o.State.Apply(*d.Event)
				if err != nil {
					return nil, fmt.Errorf("order %s: %w", o.Ref, err)
				}
				ev := *d.Event
				if ev.At.IsZero() {
					ev.At = bt.now
				}
				bt.events = append(bt.events, []any{o.ID, ev.Kind, ev.Amount, ms(ev.At), ms(bt.now), ev.Source, ev.Actor, ev.Note})
				o.State, o.UpdatedAt = st, bt.now
				bt.changed[o.ID] = o
			}
			a.Order = *o
			if e.ProviderID != "" && e.Credit {
				bt.provider[e.ProviderID] = o.Ref
			}
		}
		at := e.At
		if at.IsZero() {
			at = bt.now
		}
		id := bt.nextID
		bt.nextID++
		bt.evidence = append(bt.evidence, []any{id, e.Key, keyHash(e.Key), bt.from.source, bt.from.importID, bt.from.notification,
			e.ProviderID, ms(at), e.Amount.Minor, e.Amount.Currency.Code, e.Credit, e.Pending, e.Reversal,
			e.Reference, e.Text, e.Counterparty, string(d.Outcome), string(d.Rule), d.Event != nil, orderID, ms(bt.now)})
		if d.Exception != "" {
			bt.excs = append(bt.excs, []any{string(d.Outcome), id, orderID, d.Exception, ms(bt.now),
				exceptionDay(a.Order, orderID.Valid, at), e.Amount.Currency.Code})
		}
		out[i] = a
	}
	return out, bt.write()
}

// prefetch looks up, for a batch, which keys are stored already, the
// orders any line may name, and the orders earlier evidence tied to the
// lines' provider ids.
func (bt *batcher) prefetch(lines []reconcile.Evidence) error {
	bt.seenKeys = map[string]bool{}
	bt.orders = map[payment.Reference]*Order{}
	bt.provider = map[string]payment.Reference{}
	var providers []any
	hashes := make([]int64, 0, len(lines))
	refs := map[payment.Reference]bool{}
	for _, e := range lines {
		hashes = append(hashes, keyHash(e.Key))
		if e.ProviderID != "" {
			providers = append(providers, e.ProviderID)
		}
		// The references the matcher will try are fetched in one query:
		// the structured one when it is well formed (what most lines carry),
		// else every candidate in the text. A reference the matcher tries
		// beyond these is read on its own (see ByReference).
		if !e.Pending && e.Amount.Minor > 0 {
			if ref, err := payment.ParseReference(strings.TrimSpace(e.Reference)); err == nil {
				refs[ref] = true
			} else {
				for _, ref := range payment.FindReferences(e.Reference + " " + e.Text) {
					refs[ref] = true
				}
			}
		}
	}
	// Sorted lookups walk each index in order: neighbouring keys share pages.
	slices.Sort(hashes)
	keys := make([]any, len(hashes))
	for i, h := range hashes {
		keys[i] = h
	}
	err := bt.in(`SELECT key FROM evidence WHERE key_hash IN `, keys, func(r *sql.Rows) error {
		var k string
		if err := r.Scan(&k); err != nil {
			return err
		}
		bt.seenKeys[k] = true
		return nil
	})
	if err != nil {
		return err
	}
	err = bt.in(`SELECT e.provider_id, o.ref FROM evidence e JOIN orders o ON o.id = e.order_id
		WHERE e.credit = 1 AND e.provider_id IN `, providers, func(r *sql.Rows) error {
		var id, ref string
		if err := r.Scan(&id, &ref); err != nil {
			return err
		}
		bt.provider[id] = payment.Reference(ref)
		refs[payment.Reference(ref)] = true
		return nil
	})
	if err != nil {
		return err
	}
	sorted := make([]string, 0, len(refs))
	for r := range refs {
		sorted = append(sorted, string(r))
		bt.orders[r] = nil // fetched; stays nil if no such order
	}
	slices.Sort(sorted)
	list := make([]any, len(sorted))
	for i, r := range sorted {
		list[i] = r
	}
	return bt.in(`SELECT `+orderColumns+` FROM orders WHERE ref IN `, list, func(r *sql.Rows) error {
		o, err := scanOrder(r)
		if err != nil {
			return err
		}
		bt.orders[o.Ref] = &o
		return nil
	})
}

// in runs query + "(?, ?, ...)" over args in chunks, calling each for every row.
func (bt *batcher) in(query string, args []any, each func(*sql.Rows) error) error {
	for start := 0; start < len(args); start += rowsPerInsert * 5 {
		chunk := args[start:min(start+rowsPerInsert*5, len(args))]
		rows, err := bt.tx.QueryContext(bt.ctx, query+"("+placeholders(len(chunk))+")", chunk...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := each(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// write flushes the batch: evidence, events, orders, exceptions.
func (bt *batcher) write() error {
	if err := bt.insertRows("evidence", `id, key, key_hash, source, import_id, notification, provider_id, at, amount_minor, currency,
		credit, pending, reversal, reference, text, counterparty, outcome, rule, applied, order_id, created_at`, bt.evidence); err != nil {
		return fmt.Errorf("record statement lines: %w", err)
	}
	// Events and order rows go in order id order: their indexes and pages
	// are then written in order too.
	slices.SortStableFunc(bt.events, func(a, b []any) int { return cmpID(a[0], b[0]) })
	if err := bt.insertRows("order_events", `order_id, kind, amount_minor, at, recorded_at, source, actor, note`, bt.events); err != nil {
		return fmt.Errorf("record order events: %w", err)
	}
	var states [][]any
	for _, o := range bt.changed {
		st := o.State
		states = append(states, []any{o.ID, st.Status, st.Received, st.Refunded, st.Payments, st.Claimed, st.Closed, st.Late, ms(o.UpdatedAt)})
	}
	slices.SortFunc(states, func(a, b []any) int { return cmpID(a[0], b[0]) })
	if err := bt.updateStates(states); err != nil {
		return fmt.Errorf("update orders: %w", err)
	}
	if err := bt.insertRows("exceptions", `kind, evidence_id, order_id, detail, created_at, day, currency`, bt.excs); err != nil {
		return fmt.Errorf("record exceptions: %w", err)
	}
	return nil
}

// stmt prepares (once) a statement whose text depends only on a row count.
func (bt *batcher) stmt(key string, build func() string) (*sql.Stmt, error) {
	if st, ok := bt.stmts[key]; ok {
		return st, nil
	}
	st, err := bt.tx.PrepareContext(bt.ctx, build())
	if err != nil {
		return nil, err
	}
	bt.stmts[key] = st
	return st, nil
}

// insertRows writes rows with multi-row INSERTs of up to rowsPerInsert.
func (bt *batcher) insertRows(table, cols string, rows [][]any) error {
	for start := 0; start < len(rows); start += rowsPerInsert {
		chunk := rows[start:min(start+rowsPerInsert, len(rows))]
		width := len(chunk[0])
		st, err := bt.stmt(fmt.Sprintf("%s/%d", table, len(chunk)), func() string {
			row := "(" + placeholders(width) + ")"
			return "INSERT INTO " + table + " (" + cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+",", len(chunk)), ",")
		})
		if err != nil {
			return err
		}
		args := make([]any, 0, len(chunk)*width)
		for _, r := range chunk {
			args = append(args, r...)
		}
		if _, err := st.ExecContext(bt.ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// updateStates writes new order states with UPDATE ... FROM (VALUES ...).
func (bt *batcher) updateStates(rows [][]any) error {
	for start := 0; start < len(rows); start += rowsPerInsert {
		chunk := rows[start:min(start+rowsPerInsert, len(rows))]
		st, err := bt.stmt(fmt.Sprintf("update/%d", len(chunk)), func() string {
			row := "(" + placeholders(9) + ")"
			return `UPDATE orders SET status = v.column2, received_minor = v.column3, refunded_minor = v.column4,
				payments = v.column5, claimed = v.column6, closed = v.column7, late = v.column8, updated_at = v.column9
				FROM (VALUES ` + strings.TrimSuffix(strings.Repeat(row+",", len(chunk)), ",") + `) AS v WHERE orders.id = v.column1`
		})
		if err != nil {
			return err
		}
		args := make([]any, 0, len(chunk)*9)
		for _, r := range chunk {
			args = append(args, r...)
		}
		if _, err := st.ExecContext(bt.ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

func cmpID(a, b any) int {
	x, y := a.(int64), b.(int64)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
