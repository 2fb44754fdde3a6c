package central

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/till-pos/till/payment"
)

// Event is an order event in the central book.
type Event struct {
	Till       string `json:"till"`
	Seq        int64  `json:"seq"`
	Ref        string `json:"ref"`
	Kind       string `json:"kind"`
	Amount     int64  `json:"amount"`
	At         int64  `json:"at"`          // Unix ms
	RecordedAt int64  `json:"recorded_at"` // Unix ms, the till's clock
	Source     string `json:"source"`
	Actor      string `json:"actor"`
	Note       string `json:"note"`
	Refused    string `json:"refused,omitempty"`
}

// MergeOrder puts an order's events from every source in the one order
// the fold uses: each till's events stay in the order that till made them
// (its outbox seq), and the tills' streams are merged by the till's
// recording time, then the till's name. The result depends only on the
// events, never on when or in what batches they arrived.
func MergeOrder(evs []Event) []Event {
	byTill := map[string][]Event{}
	for _, e := range evs {
		byTill[e.Till] = append(byTill[e.Till], e)
	}
	tills := make([]string, 0, len(byTill))
	for t, list := range byTill {
		slices.SortFunc(list, func(a, b Event) int { return cmp.Compare(a.Seq, b.Seq) })
		tills = append(tills, t)
	}
	slices.Sort(tills)
	out := make([]Event, 0, len(evs))
	for len(out) < len(evs) {
		best := ""
		for _, t := range tills {
			if len(byTill[t]) == 0 {
				continue
			}
			if best == "" || byTill[t][0].RecordedAt < byTill[best][0].RecordedAt {
				best = t
			}
		}
		out = append(out, byTill[best][0])
		byTill[best] = byTill[best][1:]
	}
	return out
}

// Fold is an order's state from its events in MergeOrder's order. Money
// is never refused (payment.State takes a payment after a cancel as
// late); any other event the state cannot take is kept and named in
// refused (by index), with the reason, and changes nothing.
func Fold(evs []Event) (payment.State, map[int]string) {
	var st payment.State
	refused := map[int]string{}
	for i, e := range evs {
		next, err := st.Apply(payment.Event{Kind: payment.EventKind(e.Kind), Amount: e.Amount})
		if err != nil {
			refused[i] = err.Error()
			continue
		}
		st = next
	}
	return st, refused
}

// fold refolds the orders the batch touched.
func (p *pusher) fold() error {
	if len(p.touched) == 0 {
		return nil
	}
	slices.Sort(p.touched)
	refs := slices.Compact(p.touched)
	byRef, err := loadEvents(p.ctx, p.tx, p.till.Merchant, refs)
	if err != nil {
		return err
	}
	var status, closed []string
	var received, refunded, cash, restClaimed []int64
	var payments []int32
	var claimed, late []bool
	for _, ref := range refs {
		evs := MergeOrder(byRef[ref])
		st, refused := Fold(evs)
		for i, e := range evs {
			if err := p.markRefused(ref, e, refused[i]); err != nil {
				return err
			}
		}
		status, closed = append(status, string(st.Status)), append(closed, string(st.Closed))
		received, refunded = append(received, st.Received), append(refunded, st.Refunded)
		cash, restClaimed = append(cash, st.Cash), append(restClaimed, st.RestClaimed)
		payments = append(payments, int32(st.Payments))
		claimed, late = append(claimed, st.Claimed), append(late, st.Late)
	}
	_, err = p.tx.Exec(p.ctx, `UPDATE orders o SET status = v.status, received_minor = v.received, refunded_minor = v.refunded,
		payments = v.payments, claimed = v.claimed, closed = v.closed, late = v.late,
		cash_minor = v.cash, rest_claimed_minor = v.rest_claimed, synced_at = now()
		FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::int[], $7::bool[], $8::text[], $9::bool[],
			$10::bigint[], $11::bigint[])
			AS v(ref, status, received, refunded, payments, claimed, closed, late, cash, rest_claimed)
		WHERE o.merchant = $1 AND o.ref = v.ref`,
		p.till.Merchant, refs, status, received, refunded, payments, claimed, closed, late, cash, restClaimed)
	return err
}

// markRefused records whether the fold refused e, when that changed,
// with an exception for a newly refused event.
func (p *pusher) markRefused(ref string, e Event, why string) error {
	if why == e.Refused {
		return nil
	}
	if _, err := p.tx.Exec(p.ctx, `UPDATE events SET refused = $4 WHERE merchant = $1 AND till = $2 AND seq = $3`,
		p.till.Merchant, e.Till, e.Seq, why); err != nil {
		return err
	}
	if why == "" {
		return nil
	}
	return p.exception(e.Till, e.Seq, ref, "refused", fmt.Sprintf("order %s: the %s of till %q (seq %d) no longer applies after the merge: %s",
		ref, e.Kind, e.Till, e.Seq, why))
}

// queryer is a pool or a transaction.
type queryer interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

const eventColumns = `till, seq, ref, kind, amount_minor, at, recorded_at, source, actor, note, refused`

func scanEvent(r pgx.CollectableRow) (Event, error) {
	var e Event
	err := r.Scan(&e.Till, &e.Seq, &e.Ref, &e.Kind, &e.Amount, &e.At, &e.RecordedAt, &e.Source, &e.Actor, &e.Note, &e.Refused)
	return e, err
}

// loadEvents reads the events of refs, by ref.
func loadEvents(ctx context.Context, q queryer, merchant string, refs []string) (map[string][]Event, error) {
	rows, err := q.Query(ctx, `SELECT `+eventColumns+` FROM events WHERE merchant = $1 AND ref = ANY($2)`, merchant, refs)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, scanEvent)
	if err != nil {
		return nil, err
	}
	out := map[string][]Event{}
	for _, e := range list {
		out[e.Ref] = append(out[e.Ref], e)
	}
	return out, nil
}
