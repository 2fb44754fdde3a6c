// Package apptest is an in-memory book for testing the application layer
// and the screens without a database, and the checks (Run) that any book
// must pass, so the fake and the real store cannot drift apart: the store
// runs the same checks on a SQLite file.
package apptest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/report"
	"github.com/till-pos/till/payment/scheme"
)

// Book is an in-memory app.Book. It keeps orders, their events, closed
// days and reconciliation exceptions in maps, under one lock, and follows
// the store's rules for what may change (payment.State decides). It is
// for tests: nothing is durable, and List's Search matches references
// and notes only (the store reads amounts in it as well).
type Book struct {
	// Now is the clock; NewReference draws references. Both may be
	// replaced before first use.
	Now          func() time.Time
	NewReference func() payment.Reference

	mu         sync.Mutex
	orders     []*entry // by id - 1
	lastEvent  int64
	closed     map[string]report.Day // by day and currency code
	exceptions map[int64]*Exception
	lastExc    int64
}

type entry struct {
	o      app.Order
	events []app.Event
}

// Exception is an unplaced payment the fake's reconcile queue holds.
type Exception struct {
	Kind     string // "unmatched" or "suggested"
	Ref      payment.Reference
	Amount   int64
	Currency string
	At       time.Time
	Resolved string // "", "dismissed", "linked to REF"
}

// New returns an empty book on the real clock.
func New() *Book {
	return &Book{Now: time.Now, NewReference: payment.NewReference}
}

var _ app.Book = (*Book)(nil)

// now is the clock as the store keeps it: milliseconds, no monotonic part.
func (b *Book) now() time.Time { return b.Now().Round(0).Truncate(time.Millisecond) }

// AddException puts an unplaced credit in the queue (kind "unmatched",
// or "suggested" with the order it suggests) and returns its id.
func (b *Book) AddException(x Exception) int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.exceptions == nil {
		b.exceptions = map[int64]*Exception{}
	}
	b.lastExc++
	b.exceptions[b.lastExc] = &x
	return b.lastExc
}

// ExceptionByID returns exception id as it now stands.
func (b *Book) ExceptionByID(id int64) (Exception, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	x, ok := b.exceptions[id]
	if !ok {
		return Exception{}, false
	}
	return *x, true
}

func (b *Book) find(ref payment.Reference) (*entry, error) {
	for _, e := range b.orders {
		if e.o.Ref == ref {
			return e, nil
		}
	}
	return nil, fmt.Errorf("%w with reference %s", app.ErrNotFound, ref)
}

// snapshot copies an order so callers never share the book's slices.
func (e *entry) snapshot() app.Order {
	o := e.o
	o.Codes = slices.Clone(o.Codes)
	o.Schemes = slices.Clone(o.Schemes)
	o.Events = nil
	return o
}

// CreateOrder implements app.Book.
func (b *Book) CreateOrder(_ context.Context, n app.NewOrder) (app.Order, error) {
	if n.Amount.Minor <= 0 {
		return app.Order{}, payment.ErrAmountZero
	}
	if n.Expiry <= 0 {
		return app.Order{}, errors.New("an order needs an expiry time")
	}
	if err := payment.CheckNote(n.Note); err != nil {
		return app.Order{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	o := app.Order{Amount: n.Amount, Note: n.Note, Day: now.Format(time.DateOnly),
		CreatedAt: now, ExpiresAt: now.Add(n.Expiry), UpdatedAt: now}
	created := payment.Event{Kind: payment.EventCreated, Amount: n.Amount.Minor, At: now, Source: "manual", Actor: n.Actor, Note: n.Note}
	st, err := payment.State{}.Apply(created)
	if err != nil {
		return app.Order{}, err
	}
	o.State = st
	for {
		o.Ref = b.NewReference()
		if _, err := b.find(o.Ref); err != nil {
			break
		}
	}
	if n.Codes != nil {
		if o.Codes, err = n.Codes(o.Ref, o.ExpiresAt); err != nil {
			return app.Order{}, err
		}
	}
	for _, c := range o.Codes {
		o.Schemes = append(o.Schemes, c.Schemes...)
	}
	o.ID = int64(len(b.orders) + 1)
	e := &entry{o: o}
	b.orders = append(b.orders, e)
	b.record(e, created, now)
	return e.snapshot(), nil
}

func (b *Book) record(e *entry, ev payment.Event, now time.Time) {
	b.lastEvent++
	e.events = append(e.events, app.Event{Event: ev, ID: b.lastEvent, RecordedAt: now})
}

// apply records ev on e if its state allows it, as the store does.
func (b *Book) apply(e *entry, ev payment.Event, now time.Time) (app.Order, error) {
	st, err := e.o.State.Apply(ev)
	if limit := (payment.RefundLimitError{}); errors.As(err, &limit) {
		left := payment.Amount{Minor: limit.Left, Currency: e.o.Amount.Currency}
		return e.snapshot(), fmt.Errorf("order %s: %w: at most %s can still be refunded", e.o.Ref, payment.ErrTransition, left)
	}
	if err != nil {
		return e.snapshot(), fmt.Errorf("order %s: %w", e.o.Ref, err)
	}
	b.record(e, ev, now)
	e.o.State, e.o.UpdatedAt = st, now
	return e.snapshot(), nil
}

// expireDue expires open orders whose time is up; the lock is held.
func (b *Book) expireDue(now time.Time) []payment.Reference {
	var refs []payment.Reference
	for _, e := range b.orders {
		if e.o.Status() == payment.StatusOpen && !e.o.ExpiresAt.After(now) {
			if _, err := b.apply(e, payment.Event{Kind: payment.EventExpired, At: now, Source: "expiry", Actor: "till"}, now); err == nil {
				refs = append(refs, e.o.Ref)
			}
		}
	}
	return refs
}

// change applies one manual event to order ref, after expiry.
func (b *Book) change(ref payment.Reference, ev func(now time.Time) payment.Event) (app.Order, error) {
	if err := payment.CheckNote(ev(time.Time{}).Note); err != nil {
		return app.Order{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	b.expireDue(now)
	e, err := b.find(ref)
	if err != nil {
		return app.Order{}, err
	}
	return b.apply(e, ev(now), now)
}

// Get implements app.Book.
func (b *Book) Get(_ context.Context, ref payment.Reference) (app.Order, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e, err := b.find(ref)
	if err != nil {
		return app.Order{}, err
	}
	return e.snapshot(), nil
}

// Events implements app.Book.
func (b *Book) Events(_ context.Context, ref payment.Reference) ([]app.Event, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e, err := b.find(ref)
	if err != nil {
		return nil, err
	}
	return slices.Clone(e.events), nil
}

// Claim implements app.Book.
func (b *Book) Claim(_ context.Context, ref payment.Reference, actor, note string) (app.Order, error) {
	return b.change(ref, func(now time.Time) payment.Event {
		return payment.Event{Kind: payment.EventClaimed, At: now, Source: "manual", Actor: actor, Note: note}
	})
}

// Cancel implements app.Book.
func (b *Book) Cancel(_ context.Context, ref payment.Reference, actor, reason string) (app.Order, error) {
	return b.change(ref, func(now time.Time) payment.Event {
		return payment.Event{Kind: payment.EventCancelled, At: now, Source: "manual", Actor: actor, Note: reason}
	})
}

// Refund implements app.Book.
func (b *Book) Refund(_ context.Context, ref payment.Reference, minor int64, actor, reason string) (app.Order, error) {
	return b.change(ref, func(now time.Time) payment.Event {
		return payment.Event{Kind: payment.EventRefund, Amount: minor, At: now, Source: "manual", Actor: actor, Note: reason}
	})
}

// Pay records payment evidence for order ref, as a notification would.
func (b *Book) Pay(ref payment.Reference, minor int64, source string) (app.Order, error) {
	return b.change(ref, func(now time.Time) payment.Event {
		return payment.Event{Kind: payment.EventPayment, Amount: minor, At: now, Source: source, Actor: "till serve"}
	})
}

// Reopen implements app.Book.
func (b *Book) Reopen(_ context.Context, ref payment.Reference, expiry time.Duration, actor string,
	codes func(payment.Reference, time.Time) ([]scheme.Code, error)) (app.Order, error) {
	if expiry <= 0 {
		return app.Order{}, errors.New("an order needs an expiry time")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	b.expireDue(now)
	e, err := b.find(ref)
	if err != nil {
		return app.Order{}, err
	}
	// Build the codes first: a failure leaves the order as it was, as the
	// store's rolled-back transaction does.
	expires := now.Add(expiry)
	var built []scheme.Code
	if codes != nil {
		if _, err := e.o.State.Apply(payment.Event{Kind: payment.EventReopened, At: now}); err != nil {
			return e.snapshot(), fmt.Errorf("order %s: %w", ref, err)
		}
		if built, err = codes(ref, expires); err != nil {
			return app.Order{}, err
		}
	}
	if _, err := b.apply(e, payment.Event{Kind: payment.EventReopened, At: now, Source: "manual", Actor: actor, Note: "shown again"}, now); err != nil {
		return e.snapshot(), err
	}
	e.o.ExpiresAt = expires
	if codes != nil {
		e.o.Codes = built
	}
	return e.snapshot(), nil
}
