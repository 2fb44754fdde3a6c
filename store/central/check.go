package central

import (
	"context"
	"fmt"
)

// Check verifies a merchant's book: every order's stored state is the
// fold of its events, and every till's acknowledged outbox is here
// exactly once (seqs 1 to next_seq-1, each once, each taken as an event
// or quarantined, no event id twice). It returns the problems found.
func (b *Book) Check(ctx context.Context, merchant string) ([]string, error) {
	var problems []string
	orders, err := b.Orders(ctx, merchant, OrderFilter{})
	if err != nil {
		return nil, err
	}
	evs, err := b.Events(ctx, merchant, "")
	if err != nil {
		return nil, err
	}
	byRef := map[string][]Event{}
	for _, e := range evs {
		byRef[e.Ref] = append(byRef[e.Ref], e)
	}
	for _, o := range orders {
		merged := MergeOrder(byRef[o.Ref])
		st, refused := Fold(merged)
		if st != o.State() {
			problems = append(problems, fmt.Sprintf("order %s: the book says %+v, its events fold to %+v", o.Ref, o.State(), st))
		}
		for i, e := range merged {
			if (refused[i] != "") != (e.Refused != "") {
				problems = append(problems, fmt.Sprintf("order %s: event seq %d of till %q is marked refused %q, the fold says %q",
					o.Ref, e.Seq, e.Till, e.Refused, refused[i]))
			}
		}
		delete(byRef, o.Ref)
	}
	for ref := range byRef {
		problems = append(problems, fmt.Sprintf("events for order %s, which the book does not have", ref))
	}
	rows, err := b.pool.Query(ctx, `SELECT h.till, h.next_seq,
			(SELECT count(*) FROM entries e WHERE e.merchant = h.merchant AND e.till = h.till),
			(SELECT coalesce(max(seq), 0) FROM entries e WHERE e.merchant = h.merchant AND e.till = h.till),
			(SELECT count(*) FROM entries e WHERE e.merchant = h.merchant AND e.till = h.till AND e.quarantined = ''
				AND NOT EXISTS (SELECT 1 FROM events v WHERE v.merchant = e.merchant AND v.till = e.till AND v.seq = e.seq)),
			(SELECT count(*) - count(DISTINCT event_id) FROM events v WHERE v.merchant = h.merchant AND v.till = h.till)
		FROM sync_heads h WHERE h.merchant = $1 ORDER BY h.till`, merchant)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var till string
		var next, count, top, lost, twice int64
		if err := rows.Scan(&till, &next, &count, &top, &lost, &twice); err != nil {
			return nil, err
		}
		if count != next-1 || top != next-1 {
			problems = append(problems, fmt.Sprintf("till %q: acknowledged up to seq %d, the book holds %d entries up to seq %d", till, next-1, count, top))
		}
		if lost > 0 {
			problems = append(problems, fmt.Sprintf("till %q: %d entries taken but neither recorded as events nor quarantined", till, lost))
		}
		if twice > 0 {
			problems = append(problems, fmt.Sprintf("till %q: %d events recorded twice", till, twice))
		}
	}
	return problems, rows.Err()
}
