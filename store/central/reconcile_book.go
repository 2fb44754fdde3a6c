package central

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
)

// stepBook is reconcile.Book over the central book for one step of a
// fleet reconciliation: the orders the step's lines name are read in a
// few queries (prefetch), with what earlier lines expect their tills to
// record and they have not yet (recon_lines.event_kind, see the
// migration), and every decision of the step is applied to them in
// memory, so that a second line for an order sees the first.
type stepBook struct {
	ctx      context.Context
	q        rowQueryer
	merchant string
	importID int64 // the run's: its lines are expected whatever the tills acknowledged
	orders   map[payment.Reference]*bookOrder
	provider map[string]providerHit // first credit of each provider id, from earlier lines
}

// bookOrder is an order as the matcher sees it, and its till.
type bookOrder struct {
	o    reconcile.Order
	till string
}

type providerHit struct {
	ref    string
	amount payment.Amount
}

// rowQueryer is a pool or a transaction.
type rowQueryer interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// refsOf lists the references a line may be matched by: its structured
// reference, and any in its text (what reconcile.Match looks up).
func refsOf(e reconcile.Evidence) []string {
	var out []string
	if ref, err := payment.ParseReference(stripRF(strings.TrimSpace(e.Reference))); err == nil {
		out = append(out, string(ref))
	}
	for _, r := range payment.FindReferences(e.Reference + " " + e.Text) {
		out = append(out, string(r))
	}
	return out
}

// prefetch reads the orders named by lines and the provider ids they
// carry, with what is still expected of earlier lines.
func (b *stepBook) prefetch(lines []reconcile.Evidence) error {
	var refs, ids []string
	for _, e := range lines {
		refs = append(refs, refsOf(e)...)
		if e.ProviderID != "" {
			ids = append(ids, e.ProviderID)
		}
	}
	if len(ids) > 0 {
		rows, err := b.q.Query(b.ctx, `SELECT DISTINCT ON (provider_id) provider_id, ref, amount_minor, currency FROM recon_lines
			WHERE merchant = $1 AND provider_id = ANY($2) AND credit AND outcome <> 'seen' ORDER BY provider_id, id`, b.merchant, ids)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, ref, cur string
			var minor int64
			if err := rows.Scan(&id, &ref, &minor, &cur); err != nil {
				rows.Close()
				return err
			}
			c, _ := payment.LookupCurrency(cur)
			b.provider[id] = providerHit{ref, payment.Amount{Minor: minor, Currency: c}}
			if ref != "" {
				refs = append(refs, ref)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return b.loadOrders(refs)
}

// loadOrders reads the orders of refs not read yet, then applies the
// events earlier lines expect of their tills and the tills have not
// recorded yet: no event of the line's source has come up, and the line
// is of this import or the till has not acknowledged all of its import's
// messages (a message is applied before it is acknowledged).
func (b *stepBook) loadOrders(refs []string) error {
	var want []string
	for _, r := range refs {
		if _, ok := b.orders[payment.Reference(r)]; !ok {
			want = append(want, r)
			b.orders[payment.Reference(r)] = nil // asked: absent unless found
		}
	}
	if len(want) == 0 {
		return nil
	}
	rows, err := b.q.Query(b.ctx, `SELECT `+orderColumns+` FROM orders WHERE merchant = $1 AND ref = ANY($2)`, b.merchant, want)
	if err != nil {
		return err
	}
	list, err := pgx.CollectRows(rows, scanOrder)
	if err != nil {
		return err
	}
	for _, o := range list {
		b.put(o)
	}
	rows, err = b.q.Query(b.ctx, `SELECT l.ref, l.event_kind, l.event_minor FROM recon_lines l
		WHERE l.merchant = $1 AND l.ref = ANY($2) AND l.event_kind <> ''
			AND (l.import_id = $3 OR EXISTS (SELECT 1 FROM down_heads h JOIN down d ON d.merchant = h.merchant AND d.till = h.till
				WHERE h.merchant = l.merchant AND h.till = l.till AND d.n > h.acked AND d.source = 'statement:' || l.import_id))
			AND NOT EXISTS (SELECT 1 FROM events e WHERE e.merchant = l.merchant AND e.ref = l.ref AND e.source = 'statement:' || l.key)
		ORDER BY l.id`, b.merchant, want, b.importID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var ref, kind string
		var minor int64
		if err := rows.Scan(&ref, &kind, &minor); err != nil {
			return err
		}
		b.apply(payment.Reference(ref), payment.Event{Kind: payment.EventKind(kind), Amount: minor})
	}
	return rows.Err()
}

// put keeps o as the matcher sees it.
func (b *stepBook) put(o Order) *bookOrder {
	c, err := payment.LookupCurrency(o.Currency)
	if err != nil {
		c = payment.Currency{Code: o.Currency}
	}
	bo := &bookOrder{till: o.Till, o: reconcile.Order{Ref: payment.Reference(o.Ref), Amount: payment.Amount{Minor: o.Amount, Currency: c},
		State: o.State(), CreatedAt: time.UnixMilli(o.CreatedAt)}}
	b.orders[bo.o.Ref] = bo
	return bo
}

// apply records ev on the order in memory (the matcher decided it, so
// the state takes it).
func (b *stepBook) apply(ref payment.Reference, ev payment.Event) {
	bo := b.orders[ref]
	if bo == nil {
		return
	}
	if st, err := bo.o.State.Apply(ev); err == nil {
		bo.o.State = st
	}
}

// ByReference implements reconcile.Book.
func (b *stepBook) ByReference(ref payment.Reference) (reconcile.Order, bool, error) {
	if _, asked := b.orders[ref]; !asked {
		if err := b.loadOrders([]string{string(ref)}); err != nil {
			return reconcile.Order{}, false, err
		}
	}
	bo := b.orders[ref]
	if bo == nil {
		return reconcile.Order{}, false, nil
	}
	return bo.o, true, nil
}

// ByProviderID implements reconcile.Book.
func (b *stepBook) ByProviderID(id string) (reconcile.Order, payment.Amount, bool, error) {
	h, ok := b.provider[id]
	if !ok {
		return reconcile.Order{}, payment.Amount{}, false, nil
	}
	if h.ref == "" {
		return reconcile.Order{}, h.amount, true, nil // it sits in an exception
	}
	o, found, err := b.ByReference(payment.Reference(h.ref))
	return o, h.amount, found, err
}

// Prior implements reconcile.Book, for corrections: an earlier line of
// the fleet by its key.
func (b *stepBook) Prior(key string) (reconcile.Prior, bool, error) {
	var p reconcile.Prior
	var cur, outcome, ref string
	var minor int64
	var applied bool
	err := b.q.QueryRow(b.ctx, `SELECT key, amount_minor, currency, credit, outcome, event_kind <> '', ref FROM recon_lines
		WHERE merchant = $1 AND key = $2`, b.merchant, key).Scan(&p.Key, &minor, &cur, &p.Credit, &outcome, &applied, &ref)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, err
	}
	c, _ := payment.LookupCurrency(cur)
	p.Amount, p.Outcome, p.Applied = payment.Amount{Minor: minor, Currency: c}, reconcile.Outcome(outcome), applied
	if ref != "" {
		o, found, err := b.ByReference(payment.Reference(ref))
		if err != nil {
			return p, false, err
		}
		if found {
			p.Order = &o
		}
	}
	return p, true, nil
}

// Candidates implements reconcile.Book: the fleet's orders still waiting
// for exactly this amount, as this step sees them.
func (b *stepBook) Candidates(cur string, minor int64, from, to time.Time, limit int) ([]reconcile.Order, error) {
	rows, err := b.q.Query(b.ctx, `SELECT `+orderColumns+` FROM orders WHERE merchant = $1 AND status IN ('open', 'claimed')
		AND currency = $2 AND amount_minor = $3 AND created_at BETWEEN $4 AND $5 ORDER BY created_at LIMIT $6`,
		b.merchant, cur, minor, from.UnixMilli(), to.UnixMilli(), limit+8)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, scanOrder)
	if err != nil {
		return nil, err
	}
	var out []reconcile.Order
	for _, o := range list {
		bo := b.orders[payment.Reference(o.Ref)]
		if bo == nil {
			bo = b.put(o)
		}
		if s := bo.o.State.Status; (s == payment.StatusOpen || s == payment.StatusClaimed) && len(out) < limit {
			out = append(out, bo.o)
		}
	}
	return out, nil
}
