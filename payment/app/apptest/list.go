package apptest

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/report"
)

// listed is an order as List gives it: without its codes.
func (e *entry) listed() app.Order {
	o := e.snapshot()
	o.Codes = nil
	return o
}

// List implements app.Book.
func (b *Book) List(_ context.Context, f app.Filter) ([]app.Order, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.expireDue(b.now())
	q := strings.ToLower(strings.TrimSpace(f.Search))
	var out []app.Order
	for _, e := range b.orders {
		o := e.o
		switch {
		case len(f.Status) > 0 && !slices.Contains(f.Status, o.Status()),
			!f.Since.IsZero() && o.CreatedAt.Before(f.Since),
			!f.Until.IsZero() && !o.CreatedAt.Before(f.Until),
			f.Day != "" && o.Day != f.Day,
			f.Scheme != "" && !slices.Contains(o.Schemes, f.Scheme),
			q != "" && !strings.Contains(strings.ToLower(string(o.Ref)), q) && !strings.Contains(strings.ToLower(o.Note), q):
			continue
		}
		out = append(out, e.listed())
	}
	sort.SliceStable(out, func(i, j int) bool {
		if f.Oldest {
			return out[i].CreatedAt.Before(out[j].CreatedAt)
		}
		return out[i].CreatedAt.After(out[j].CreatedAt) ||
			out[i].CreatedAt.Equal(out[j].CreatedAt) && out[i].ID > out[j].ID
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// ExpireDue implements app.Book.
func (b *Book) ExpireDue(context.Context) ([]payment.Reference, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.expireDue(b.now()), nil
}

// LastEventID implements app.Book.
func (b *Book) LastEventID(context.Context) (int64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.lastEvent, nil
}

// ChangedSince implements app.Book: the orders with events after event
// id after, by their newest event, at most limit.
func (b *Book) ChangedSince(_ context.Context, after int64, limit int) ([]app.Order, int64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	type changed struct {
		e    *entry
		last int64
	}
	var cs []changed
	for _, e := range b.orders {
		if n := e.events[len(e.events)-1].ID; n > after {
			cs = append(cs, changed{e, n})
		}
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].last < cs[j].last })
	if len(cs) > limit {
		cs = cs[:limit]
	}
	last := after
	var out []app.Order
	for _, c := range cs {
		out = append(out, c.e.listed())
		last = max(last, c.last)
	}
	return out, last, nil
}

// DayReport implements app.Book with report.Build, from the orders' states.
func (b *Book) DayReport(_ context.Context, day string, cur payment.Currency, live bool) (report.Day, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if d, ok := b.closed[day+" "+cur.Code]; ok && !live {
		return d, nil
	}
	b.expireDue(b.now())
	return b.dayReport(day, cur, nil)
}

// dayReport sums the day's orders as the store's queries do; the lock is held.
func (b *Book) dayReport(day string, cur payment.Currency, cash *int64) (report.Day, error) {
	if _, err := time.ParseInLocation(time.DateOnly, day, time.Local); err != nil {
		return report.Day{}, fmt.Errorf("day %q: use YYYY-MM-DD", day)
	}
	in := report.Inputs{Day: day, Currency: cur, Cash: cash}
	byStatus, byScheme := map[string]*report.Row{}, map[string]*report.Row{}
	add := func(m map[string]*report.Row, key string, o app.Order) {
		r := m[key]
		if r == nil {
			r = &report.Row{Key: key}
			m[key] = r
		}
		r.Count++
		r.Due += o.Amount.Minor
		r.Settled += o.State.Settled()
		r.Received += o.State.Received
		r.Refunded += o.State.Refunded
	}
	for _, e := range b.orders {
		o := e.o
		if o.Day != day || o.Amount.Currency.Code != cur.Code {
			continue
		}
		add(byStatus, string(o.Status()), o)
		key := strings.Join(o.Schemes, " + ")
		if key == "" {
			key = "(none)"
		}
		add(byScheme, key, o)
		if o.State.Late {
			in.LateCount++
		}
		if o.Status() == payment.StatusClaimed {
			c := report.Claim{Ref: string(o.Ref), Due: o.Amount.Minor, AtUnix: o.UpdatedAt.Unix()}
			for _, ev := range e.events {
				if ev.Kind == payment.EventClaimed {
					c.Actor = ev.Actor
				}
			}
			in.Claims = append(in.Claims, c)
		}
	}
	for _, r := range byStatus {
		in.ByStatus = append(in.ByStatus, *r)
	}
	for _, r := range byScheme {
		in.ByScheme = append(in.ByScheme, *r)
	}
	return report.Build(in)
}

// CloseDay implements app.Book.
func (b *Book) CloseDay(_ context.Context, day string, cur payment.Currency, actor string, cash *int64, note string) (report.Day, error) {
	if err := payment.CheckNote(note); err != nil {
		return report.Day{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	key := day + " " + cur.Code
	if d, ok := b.closed[key]; ok {
		return report.Day{}, fmt.Errorf("%w: %s was closed by %s at %s", app.ErrDayClosed, day, d.ClosedBy,
			time.Unix(d.ClosedUnix, 0).Format("2006-01-02 15:04"))
	}
	b.expireDue(now)
	d, err := b.dayReport(day, cur, cash)
	if err != nil {
		return report.Day{}, err
	}
	d.ClosedBy, d.ClosedUnix, d.Note = actor, now.Unix(), note
	if b.closed == nil {
		b.closed = map[string]report.Day{}
	}
	b.closed[key] = d
	return d, nil
}
