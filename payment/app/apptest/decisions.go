package apptest

import (
	"context"
	"errors"
	"fmt"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
)

// ErrResolved is the fake's answer for a decision on an exception that
// was already decided.
var ErrResolved = errors.New("exception already resolved")

func (b *Book) openException(id int64) (*Exception, error) {
	x, ok := b.exceptions[id]
	if !ok {
		return nil, fmt.Errorf("no exception %d", id)
	}
	if x.Resolved != "" {
		return nil, fmt.Errorf("exception %d: %w", id, ErrResolved)
	}
	return x, nil
}

// Dismiss implements app.Book.
func (b *Book) Dismiss(_ context.Context, id int64, actor, reason string) error {
	if reason == "" {
		return errors.New("a reason is required to dismiss an exception")
	}
	if err := payment.CheckNote(reason); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	x, err := b.openException(id)
	if err != nil {
		return err
	}
	if x.Ref != "" {
		e, err := b.find(x.Ref)
		if err != nil {
			return err
		}
		now := b.now()
		note := fmt.Sprintf("%s exception dismissed: %s", x.Kind, reason)
		if _, err := b.apply(e, payment.Event{Kind: payment.EventNote, At: now, Source: fmt.Sprint("exception:", id), Actor: actor, Note: note}, now); err != nil {
			return err
		}
	}
	x.Resolved = "dismissed"
	return nil
}

// Link implements app.Book.
func (b *Book) Link(_ context.Context, id int64, ref payment.Reference, actor, note string) (app.Order, error) {
	return b.link(id, ref, actor, note, false)
}

// Accept implements app.Book.
func (b *Book) Accept(_ context.Context, id int64, actor string) (app.Order, error) {
	b.mu.Lock()
	x, ok := b.exceptions[id]
	b.mu.Unlock()
	if !ok || x.Kind != "suggested" {
		return app.Order{}, fmt.Errorf("exception %d is not a suggestion", id)
	}
	return b.link(id, x.Ref, actor, "suggestion accepted", true)
}

func (b *Book) link(id int64, ref payment.Reference, actor, note string, accepting bool) (app.Order, error) {
	if err := payment.CheckNote(note); err != nil {
		return app.Order{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	x, err := b.openException(id)
	if err != nil {
		return app.Order{}, err
	}
	b.expireDue(now)
	if x.Kind != "unmatched" && x.Kind != "suggested" {
		return app.Order{}, fmt.Errorf("exception %d is %s: only an unplaced payment can be linked to an order", id, x.Kind)
	}
	e, err := b.find(ref)
	if err != nil {
		return app.Order{}, err
	}
	if accepting {
		switch st := e.o.Status(); st {
		case payment.StatusOpen, payment.StatusClaimed, payment.StatusExpired:
		default:
			return app.Order{}, fmt.Errorf("order %s is %s now, so the suggestion no longer holds: link the payment to another order or dismiss it", ref, st)
		}
	}
	if e.o.Amount.Currency.Code != x.Currency {
		return app.Order{}, fmt.Errorf("order %s is in %s but the payment is in %s", ref, e.o.Amount.Currency.Code, x.Currency)
	}
	o, err := b.apply(e, payment.Event{Kind: payment.EventPayment, Amount: x.Amount, At: x.At,
		Source: fmt.Sprint("exception:", id), Actor: actor, Note: note}, now)
	if err != nil {
		return o, err
	}
	x.Resolved = "linked to " + string(ref)
	return o, nil
}

// Exceptions implements app.Book: the queue oldest first, the open ones
// or all, at most limit (0: no limit).
func (b *Book) Exceptions(_ context.Context, openOnly bool, limit int) ([]app.ExceptionItem, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []app.ExceptionItem
	for id := int64(1); id <= b.lastExc && (limit <= 0 || len(out) < limit); id++ {
		x, ok := b.exceptions[id]
		if !ok || openOnly && x.Resolved != "" {
			continue
		}
		item := app.ExceptionItem{ID: id, Kind: x.Kind, Ref: string(x.Ref), Key: fmt.Sprint("fake:", id),
			Amount: x.Amount, Currency: x.Currency, At: x.At, CreatedAt: x.At}
		if x.Ref != "" {
			if e, err := b.find(x.Ref); err == nil {
				item.Due = e.o.Amount.Minor
			}
		}
		out = append(out, item)
	}
	return out, nil
}

// OpenExceptionCount implements app.Book.
func (b *Book) OpenExceptionCount(context.Context) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, x := range b.exceptions {
		if x.Resolved == "" {
			n++
		}
	}
	return n, nil
}
