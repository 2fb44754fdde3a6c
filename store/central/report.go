package central

// The fleet's day close (issue 15): per till and in total, the figures
// `till report` gives for one till, computed from the central book.
//
// Each order of the day is folded from its events (MergeOrder, Fold: the
// book's own fold), which gives what the till's orders table holds (cash
// and a claimed rest included). A till's figures are report.Build over
// its orders; the fleet's total is report.Build over the rows of every
// till together, so the tills add up to the total by construction (and
// Build checks that statuses and schemes agree).

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/report"
)

// TillDay is one till's figures for the day.
type TillDay struct {
	Till string     `json:"till"`
	Day  report.Day `json:"report"`
}

// LateArrival is an event of the day's orders that reached the book after
// the fleet day was closed: it is not in the closed figures.
type LateArrival struct {
	Till   string `json:"till"`
	Seq    int64  `json:"seq"`
	Ref    string `json:"ref"`
	Kind   string `json:"kind"`
	Amount int64  `json:"amount_minor"`
	At     int64  `json:"at"` // Unix ms, the till's clock
}

// FleetDay is the fleet's day close in one currency.
type FleetDay struct {
	Day      string           `json:"day"`
	Currency string           `json:"currency"`
	Tills    []TillDay        `json:"tills"`
	Total    report.Day       `json:"total"`
	Absent   []string         `json:"absent"`
	ClosedBy string           `json:"closed_by,omitempty"`
	ClosedAt int64            `json:"closed_at_unix,omitempty"`
	Heads    map[string]int64 `json:"heads,omitempty"` // each till's next seq at closing
	// Not kept at closing: read each time.
	Late       []LateArrival `json:"-"`
	Exceptions []Exception   `json:"-"`
}

// Closed says the fleet day was closed.
func (d FleetDay) Closed() bool { return d.ClosedBy != "" }

// dayOrder is an order of the day with its events.
type dayOrder struct {
	ref, till, schemes string
	events             []Event
}

// tillInputs is, per till, what report.Build takes.
func tillInputs(orders []dayOrder, day string, cur payment.Currency) (map[string]*report.Inputs, error) {
	out := map[string]*report.Inputs{}
	for _, o := range orders {
		in := out[o.till]
		if in == nil {
			in = &report.Inputs{Day: day, Currency: cur}
			out[o.till] = in
		}
		evs := MergeOrder(o.events)
		st, _ := Fold(evs)
		row := report.Row{Count: 1, Due: st.Due, Settled: st.Settled(), Received: st.Received, Refunded: st.Refunded, CashPaid: st.Cash}
		byStatus, byScheme := row, row
		byStatus.Key = string(st.Status)
		byScheme.Key = "(none)"
		if o.schemes != "" {
			byScheme.Key = strings.ReplaceAll(o.schemes, ",", " + ")
		}
		in.ByStatus = append(in.ByStatus, byStatus)
		in.ByScheme = mergeRow(in.ByScheme, byScheme)
		if st.Late {
			in.LateCount++
		}
		if st.Status == payment.StatusClaimed {
			in.Claims = append(in.Claims, claimOf(o.ref, st, evs))
		}
	}
	return out, nil
}

// mergeRow adds r to the row of its key.
func mergeRow(rows []report.Row, r report.Row) []report.Row {
	for i := range rows {
		if rows[i].Key == r.Key {
			rows[i].Count += r.Count
			rows[i].Due += r.Due
			rows[i].Settled += r.Settled
			rows[i].Received += r.Received
			rows[i].Refunded += r.Refunded
			rows[i].CashPaid += r.CashPaid
			return rows
		}
	}
	return append(rows, r)
}

// claimOf is a claimed order as the day close lists it (as store's
// dayReportTx does: a claimed rest is unverified for the rest only).
func claimOf(ref string, st payment.State, evs []Event) report.Claim {
	c := report.Claim{Ref: ref, Due: st.Due}
	if st.RestClaimed > 0 {
		c.Due = st.RestClaimed
	}
	for _, e := range evs {
		if e.Kind == string(payment.EventClaimed) || e.Kind == string(payment.EventRestClaimed) {
			c.Actor = e.Actor
		}
		c.AtUnix = max(c.AtUnix, e.RecordedAt/1000)
	}
	return c
}

// buildFleetDay makes the per-till reports and the total from the day's
// orders; the total is built from the tills' rows together.
func buildFleetDay(orders []dayOrder, tills []string, closes map[string]TillClose, day string, cur payment.Currency) (FleetDay, error) {
	per, err := tillInputs(orders, day, cur)
	if err != nil {
		return FleetDay{}, err
	}
	for t := range closes {
		tills = append(tills, t)
	}
	all := report.Inputs{Day: day, Currency: cur}
	names := append([]string{}, tills...)
	for t := range per {
		names = append(names, t)
	}
	sort.Strings(names)
	fd := FleetDay{Day: day, Currency: cur.Code, Tills: []TillDay{}, Absent: []string{}}
	var cash int64
	for i, t := range names {
		if i > 0 && names[i-1] == t {
			continue
		}
		in := per[t]
		if in == nil {
			in = &report.Inputs{Day: day, Currency: cur}
		}
		if c, ok := closes[t]; ok {
			in.Cash, in.ExceptionCount = c.Cash, c.OpenExceptions
			if c.Cash != nil {
				all.Cash = new(int64)
			}
		}
		d, err := report.Build(*in)
		if err != nil {
			return FleetDay{}, fmt.Errorf("till %q: %w", t, err)
		}
		fd.Tills = append(fd.Tills, TillDay{Till: t, Day: d})
		all.ByStatus = append(all.ByStatus, d.ByStatus...)
		for _, r := range d.ByScheme {
			all.ByScheme = mergeRow(all.ByScheme, r)
		}
		all.LateCount += d.LateCount
		all.Claims = append(all.Claims, d.Claims...)
		all.ExceptionCount += d.OpenExceptionCount
		cash += d.Cash
	}
	if all.Cash != nil {
		all.Cash = &cash
	}
	if fd.Total, err = report.Build(all); err != nil {
		return FleetDay{}, err
	}
	return fd, nil
}

// loadDayOrders reads the orders of a day in a currency with their events.
func loadDayOrders(ctx context.Context, q queryer, merchant, day, cur string) ([]dayOrder, error) {
	rows, err := q.Query(ctx, `SELECT o.ref, o.till, o.schemes, `+prefixed("e.", eventColumns)+`
		FROM orders o JOIN events e ON e.merchant = o.merchant AND e.ref = o.ref
		WHERE o.merchant = $1 AND o.day = $2 AND o.currency = $3 ORDER BY o.ref, e.till, e.seq`, merchant, day, cur)
	if err != nil {
		return nil, fmt.Errorf("read the orders of %s: %w", day, err)
	}
	defer rows.Close()
	var out []dayOrder
	for rows.Next() {
		var ref, till, schemes string
		var e Event
		if err := rows.Scan(&ref, &till, &schemes, &e.Till, &e.Seq, &e.Ref, &e.Kind, &e.Amount, &e.At, &e.RecordedAt,
			&e.Source, &e.Actor, &e.Note, &e.Refused); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ref != ref {
			out = append(out, dayOrder{ref: ref, till: till, schemes: schemes})
		}
		out[len(out)-1].events = append(out[len(out)-1].events, e)
	}
	return out, rows.Err()
}

// prefixed puts p before each of the comma-separated columns.
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// activeTills are the tills that joined and are not revoked: each of them
// is in the fleet day, with its figures or zero.
func activeTills(ctx context.Context, q queryer, merchant string) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT name FROM tills WHERE merchant = $1 AND joined_at IS NOT NULL AND revoked_at IS NULL ORDER BY name`, merchant)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// DayCurrencies lists the currencies of a day's orders.
func (b *Book) DayCurrencies(ctx context.Context, merchant, day string) ([]string, error) {
	rows, err := b.pool.Query(ctx, `SELECT DISTINCT currency FROM orders WHERE merchant = $1 AND day = $2 ORDER BY 1`, merchant, day)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
