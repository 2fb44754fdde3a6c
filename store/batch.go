package store

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
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

// inChunk is how many keys one IN lookup takes.
const inChunk = 512

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
	provider map[string]providerHit       // provider id → its first credit, prefetched and learned
	changed  map[int64]*Order             // orders to write back at the end of the batch
	stored   map[string]priorRow          // lines stored already or earlier in this batch, by key
	undos    []undoRow                    // corrections to mark once the batch is written
	evidence [][]any
	events   [][]any
	excs     [][]any
	// prep gives a prepared statement (an import prepares each once).
	prep func(query string) (*sql.Stmt, error)
}

// providerHit is the first credit that carried a provider id.
type providerHit struct {
	ref    payment.Reference
	amount int64
	cur    string
}

// undoRow is a line undone by a correction, and the evidence that did it.
type undoRow struct {
	key string
	by  int64
}

func newBatcher(b *book, from origin, opt reconcile.Options, prep func(string) (*sql.Stmt, error)) (*batcher, error) {
	bt := &batcher{book: b, from: from, opt: opt, prep: prep}
	if err := b.tx.QueryRowContext(b.ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM evidence`).Scan(&bt.nextID); err != nil {
		return nil, err
	}
	return bt, nil
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
		o = bt.share(&got)
		bt.orders[ref] = o
	}
	if o == nil {
		return reconcile.Order{}, false, nil
	}
	v, err := bt.view(*o)
	return v, err == nil, err
}

// ByProviderID implements reconcile.Book from the prefetched links.
func (bt *batcher) ByProviderID(id string) (reconcile.Order, payment.Amount, bool, error) {
	hit, ok := bt.provider[id]
	if !ok {
		return reconcile.Order{}, payment.Amount{}, false, nil
	}
	cur, err := payment.LookupCurrency(hit.cur)
	if err != nil {
		return reconcile.Order{}, payment.Amount{}, false, err
	}
	amount := payment.Amount{Minor: hit.amount, Currency: cur}
	if hit.ref == "" {
		return reconcile.Order{}, amount, true, nil // it sits in an exception
	}
	o, ok, err := bt.ByReference(hit.ref)
	return o, amount, ok, err
}

// Prior implements reconcile.Book from the prefetched and batch lines
// (prefetch reads the lines corrections name).
func (bt *batcher) Prior(key string) (reconcile.Prior, bool, error) {
	p, ok := bt.stored[key]
	if !ok {
		return reconcile.Prior{}, false, nil
	}
	var order *reconcile.Order
	if p.ref != "" {
		o, found, err := bt.ByReference(payment.Reference(p.ref))
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

// known says whether e was stored before, and when its key came with
// other content, gives it the key and conflict it is decided under.
func (bt *batcher) known(e *reconcile.Evidence) (bool, error) {
	p, ok := bt.stored[e.Key]
	if !ok {
		return false, nil
	}
	if e.Conflict = differs(p, *e); e.Conflict == "" {
		return true, nil
	}
	e.Key = altKey(*e)
	if _, ok := bt.stored[e.Key]; ok {
		return true, nil
	}
	got, err := scanPrior(bt.prior.QueryRowContext(bt.ctx, keyHash(e.Key), e.Key))
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	bt.stored[e.Key] = got
	return true, nil
}

// applyEvent records ev on the (prefetched or loaded) order ref.
func (bt *batcher) applyEvent(ref payment.Reference, ev payment.Event) (*Order, error) {
	o, err := bt.order(ref)
	if err != nil {
		return nil, err
	}
	st, err := o.State.Apply(ev)
	if err != nil {
		return nil, fmt.Errorf("order %s: %w", o.Ref, err)
	}
	if ev.At.IsZero() {
		ev.At = bt.now
	}
	bt.events = append(bt.events, []any{o.ID, ev.Kind, ev.Amount, ms(ev.At), ms(bt.now), ev.Source, ev.Actor, ev.Note})
	o.State, o.UpdatedAt = st, bt.now
	bt.changed[o.ID] = o
	return o, nil
}

// order is the batch's copy of order ref, read if it was not prefetched
// (an order found by the amount+time pass).
func (bt *batcher) order(ref payment.Reference) (*Order, error) {
	if o := bt.orders[ref]; o != nil {
		return o, nil
	}
	got, err := scanOrder(bt.byRef.QueryRowContext(bt.ctx, ref))
	if err != nil {
		return nil, err
	}
	bt.orders[got.Ref] = &got
	return &got, nil
}

// Candidates implements reconcile.Book; orders changed earlier in the batch
// are not written yet, so the answer is corrected by them.
//
// The query's LIMIT is a constant: SQLite plans a statement again whenever
// a bound LIMIT changes value (33 µs a call instead of 6). Only when the
// orders paid earlier in the batch take up so many of those rows that
// fewer than limit remain is it asked again, for enough.
func (bt *batcher) Candidates(cur string, minor int64, from, to time.Time, limit int) ([]reconcile.Order, error) {
	st, err := bt.prep(candidatesSQL + strconv.Itoa(candidatesLimit))
	if err != nil {
		return nil, err
	}
	cands, err := candidates(bt.ctx, st, cur, minor, from, to, -1)
	if err != nil {
		return nil, err
	}
	if out := bt.unpaid(cands); len(out) >= limit || len(cands) < candidatesLimit {
		return out[:min(len(out), limit)], nil
	}
	if cands, err = bt.book.Candidates(cur, minor, from, to, limit+len(bt.changed)); err != nil {
		return nil, err
	}
	out := bt.unpaid(cands)
	return out[:min(len(out), limit)], nil
}

// candidatesLimit is the constant LIMIT of the batch's candidates query.
const candidatesLimit = 8

// unpaid leaves out of cands the orders paid earlier in the batch.
func (bt *batcher) unpaid(cands []reconcile.Order) []reconcile.Order {
	out := cands[:0]
	for _, c := range cands {
		if o, ok := bt.orders[c.Ref]; ok && o != nil {
			if st := o.Status(); st != payment.StatusOpen && st != payment.StatusClaimed {
				continue // paid earlier in this batch
			}
		}
		out = append(out, c)
	}
	return out
}

// run decides and writes one batch; it returns the applied results.
//
// It is better whole: it is the per-line decision of a batch, in order:
// skip what is stored, match, undo what a correction replaces, apply the
// event, remember the provider id, and queue the evidence and exception
// rows. Each step reads what the one before decided for the same line,
// and the steps must run in this order for the lines after it to see them.
func (bt *batcher) run(lines []reconcile.Evidence) ([]Applied, error) {
	if err := bt.prefetch(lines); err != nil {
		return nil, err
	}
	bt.changed = map[int64]*Order{}
	bt.evidence, bt.events, bt.excs = bt.evidence[:0], bt.events[:0], bt.excs[:0]
	out := make([]Applied, len(lines))
	for i, e := range lines {
		a := Applied{Evidence: e}
		seen, err := bt.known(&e)
		if err != nil {
			return nil, err
		}
		if seen {
			out[i] = a
			continue
		}
		a.Evidence = e
		opt := bt.opt
		opt.Source = bt.from.source + ":" + e.Key
		d, err := reconcile.Match(e, bt, opt)
		if err != nil {
			return nil, err
		}
		id := bt.nextID
		bt.nextID++
		a.New, a.Decision = true, d
		if u := d.Undo; u != nil {
			if u.Order != nil && u.Event != nil {
				if _, err := bt.applyEvent(u.Order.Ref, *u.Event); err != nil {
					return nil, err
				}
			}
			bt.undos = append(bt.undos, undoRow{key: u.Key, by: id})
			if p, ok := bt.stored[u.Key]; ok {
				p.correctedBy = sql.NullInt64{Int64: id, Valid: true}
				bt.stored[u.Key] = p
			}
		}
		var orderID sql.NullInt64
		if d.Order != nil {
			o, err := bt.order(d.Order.Ref)
			if err != nil {
				return nil, err
			}
			if d.Event != nil {
				if o, err = bt.applyEvent(o.Ref, *d.Event); err != nil {
					return nil, err
				}
			}
			orderID = sql.NullInt64{Int64: o.ID, Valid: true}
			a.Order = *o
		}
		if _, known := bt.provider[e.ProviderID]; e.ProviderID != "" && e.Credit && !e.Reversal && !known && d.Outcome != reconcile.Seen {
			hit := providerHit{amount: e.Amount.Minor, cur: e.Amount.Currency.Code}
			if d.Order != nil && d.Event != nil {
				hit.ref = d.Order.Ref
			}
			bt.provider[e.ProviderID] = hit
		}
		at := e.At
		if at.IsZero() {
			at = bt.now
		}
		bt.evidence = append(bt.evidence, []any{id, e.Key, keyHash(e.Key), bt.from.source, bt.from.importID, bt.from.notification,
			e.ProviderID, ms(at), e.Amount.Minor, e.Amount.Currency.Code, e.Credit, e.Pending, e.Reversal,
			e.Reference, e.Text, e.Counterparty, string(d.Outcome), string(d.Rule), d.Event != nil, orderID, ms(bt.now), e.Corrects})
		if d.Exception != "" {
			bt.excs = append(bt.excs, []any{string(d.Outcome), id, orderID, d.Exception, ms(bt.now),
				exceptionDay(a.Order, orderID.Valid, at), e.Amount.Currency.Code})
		}
		bt.stored[e.Key] = priorOf(id, e, d, bt.now)
		out[i] = a
	}
	return out, bt.write()
}

// prefetch looks up, for a batch, which keys are stored already, the
// orders any line may name, and the orders earlier evidence tied to the
// lines' provider ids.
func (bt *batcher) prefetch(lines []reconcile.Evidence) error {
	bt.stored = map[string]priorRow{}
	bt.orders = map[payment.Reference]*Order{}
	bt.provider = map[string]providerHit{}
	providers, hashes, refs, corrected := prefetchWants(lines)
	// Sorted lookups walk each index in order: neighbouring keys share pages.
	slices.Sort(hashes)
	keys := make([]any, len(hashes))
	for i, h := range hashes {
		keys[i] = h
	}
	err := bt.in(priorQuery+` WHERE e.key_hash IN `, keys, func(r *sql.Rows) error {
		p, err := scanPrior(r)
		if err != nil {
			return err
		}
		bt.stored[p.key] = p
		if p.ref != "" && corrected[p.key] { // a correction will undo it on its order
			refs[payment.Reference(p.ref)] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	// In id order, so the first credit with an id is the one kept.
	err = bt.in(`SELECT e.provider_id, CASE WHEN e.applied = 1 THEN COALESCE(o.ref, '') ELSE '' END, e.amount_minor, e.currency FROM evidence e LEFT JOIN orders o ON o.id = e.order_id
		WHERE e.credit = 1 AND e.reversal = 0 AND e.outcome <> 'seen' AND e.provider_id IN `, providers, func(r *sql.Rows) error {
		var id string
		var hit providerHit
		if err := r.Scan(&id, &hit.ref, &hit.amount, &hit.cur); err != nil {
			return err
		}
		if _, ok := bt.provider[id]; !ok {
			bt.provider[id] = hit
		}
		if hit.ref != "" {
			refs[hit.ref] = true
		}
		return nil
	}, " ORDER BY e.id")
	if err != nil {
		return err
	}
	return bt.fetchOrders(refs)
}

// prefetchWants lists what a batch's lines may need from the database:
// the provider ids, the hashes of their keys and of the keys they
// correct (with the corrected keys), and the references the matcher will try.
func prefetchWants(lines []reconcile.Evidence) (providers []any, hashes []int64, refs map[payment.Reference]bool, corrected map[string]bool) {
	hashes = make([]int64, 0, len(lines))
	refs = map[payment.Reference]bool{}
	corrected = map[string]bool{}
	for _, e := range lines {
		hashes = append(hashes, keyHash(e.Key))
		if e.Corrects != "" {
			hashes = append(hashes, keyHash(e.Corrects))
			corrected[e.Corrects] = true
		}
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
	return providers, hashes, refs, corrected
}

// fetchOrders reads the orders the references name, by their own
// reference or by one of their rest's codes; a reference no order has
// stays in bt.orders as nil, so it is not looked up again.
func (bt *batcher) fetchOrders(refs map[payment.Reference]bool) error {
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
	err := bt.in(`SELECT `+orderColumns+` FROM orders WHERE ref IN `, list, func(r *sql.Rows) error {
		o, err := scanOrder(r)
		if err != nil {
			return err
		}
		bt.orders[o.Ref] = &o
		return nil
	})
	if err != nil {
		return err
	}
	// References of codes for an order's rest name that order: the batch
	// keeps one copy of it under both, so lines for either add up.
	return bt.in(`SELECT r.ref, `+prefixed("o.", orderColumns)+` FROM order_refs r JOIN orders o ON o.id = r.order_id WHERE r.ref IN `, list, func(r *sql.Rows) error {
		var alias string
		o, err := scanOrder(prependScan{r, &alias})
		if err != nil {
			return err
		}
		bt.orders[payment.Reference(alias)] = bt.share(&o)
		return nil
	})
}

// share returns the batch's copy of the order o, keeping o as that copy
// when the batch has none yet: an order read through a linked reference
// and through its own must be one copy, or the second would miss what the
// first line did.
func (bt *batcher) share(o *Order) *Order {
	if have := bt.orders[o.Ref]; have != nil {
		return have
	}
	bt.orders[o.Ref] = o
	return o
}
