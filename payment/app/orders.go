package app

import (
	"context"
	"fmt"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/scheme"
)

// ChangesPage is how many changed orders one look at the book returns.
const ChangesPage = 100

// OrderCodes returns what Book.CreateOrder needs to build an order's codes
// for amount with set, refusing (before anything is saved) a payload that
// fits says no QR code can hold. fits may be nil.
func OrderCodes(set scheme.Set, amount payment.Amount, fits func(payload string) error) func(payment.Reference, time.Time) ([]scheme.Code, error) {
	return func(ref payment.Reference, expires time.Time) ([]scheme.Code, error) {
		codes, err := set.Codes(scheme.Charge{Amount: amount, Ref: ref, Expires: expires})
		if err != nil {
			return nil, err
		}
		if fits == nil {
			return codes, nil
		}
		for _, c := range codes {
			if err := fits(c.Payload); err != nil {
				return nil, fmt.Errorf("%s code: %w", c.Label, err)
			}
		}
		return codes, nil
	}
}

// CreateOrder saves a new order for amount with its codes.
func (a *App) CreateOrder(ctx context.Context, amount payment.Amount, note string) (Order, error) {
	return a.Book.CreateOrder(ctx, NewOrder{
		Amount: amount, Note: note, Expiry: a.Expiry, Actor: a.Actor,
		Codes: OrderCodes(a.Schemes, amount, a.Fits),
	})
}

// Order reads an order with its codes.
func (a *App) Order(ctx context.Context, ref payment.Reference) (Order, error) {
	return a.Book.Get(ctx, ref)
}

// Detail reads an order with its codes and its full history.
func (a *App) Detail(ctx context.Context, ref payment.Reference) (Order, []Event, error) {
	o, err := a.Book.Get(ctx, ref)
	if err != nil {
		return o, nil, err
	}
	evs, err := a.Book.Events(ctx, ref)
	return o, evs, err
}

// Reopen shows an expired order again with a fresh expiry and its codes
// built again (a PayNow code carries its expiry date).
func (a *App) Reopen(ctx context.Context, ref payment.Reference) (Order, error) {
	cur, err := a.Book.Get(ctx, ref)
	if err != nil {
		return Order{}, err
	}
	return a.Book.Reopen(ctx, ref, a.Expiry, a.Actor, OrderCodes(a.Schemes, cur.Amount, a.Fits))
}

// Claim marks an order paid on the cashier's word, with an optional remark.
func (a *App) Claim(ctx context.Context, ref payment.Reference, note string) (Order, error) {
	return a.Book.Claim(ctx, ref, a.Actor, note)
}

// Cancel voids an order with a reason, after the manager PIN when one is
// set: a wrong PIN changes nothing.
func (a *App) Cancel(ctx context.Context, ref payment.Reference, reason, managerPIN string) (Order, error) {
	if err := a.CheckPIN(managerPIN); err != nil {
		return Order{}, err
	}
	return a.Book.Cancel(ctx, ref, a.Actor, reason)
}

// Refund records a refund the merchant made, after the manager PIN when
// one is set.
func (a *App) Refund(ctx context.Context, ref payment.Reference, minor int64, reason, managerPIN string) (Order, error) {
	if err := a.CheckPIN(managerPIN); err != nil {
		return Order{}, err
	}
	return a.Book.Refund(ctx, ref, minor, a.Actor, reason)
}

// List reads a page of the order history.
func (a *App) List(ctx context.Context, f Filter) ([]Order, error) {
	return a.Book.List(ctx, f)
}

// Expire applies expiry to the open orders whose time ran out.
func (a *App) Expire(ctx context.Context) ([]payment.Reference, error) {
	return a.Book.ExpireDue(ctx)
}

// Changes reads the orders that got events after event id after (at most
// ChangesPage), and the newest event id seen: where to look from next
// time. With a negative after it only finds where "now" is, so nothing old
// is announced.
func (a *App) Changes(ctx context.Context, after int64) ([]Order, int64, error) {
	if after < 0 {
		last, err := a.Book.LastEventID(ctx)
		return nil, last, err
	}
	return a.Book.ChangedSince(ctx, after, ChangesPage)
}

// Dismiss closes exception id with a reason, after the manager PIN when
// one is set.
func (a *App) Dismiss(ctx context.Context, id int64, reason, managerPIN string) error {
	if err := a.CheckPIN(managerPIN); err != nil {
		return err
	}
	return a.Book.Dismiss(ctx, id, a.Actor, reason)
}

// Link applies the payment of exception id to the order ref, after the
// manager PIN when one is set.
func (a *App) Link(ctx context.Context, id int64, ref payment.Reference, note, managerPIN string) (Order, error) {
	if err := a.CheckPIN(managerPIN); err != nil {
		return Order{}, err
	}
	return a.Book.Link(ctx, id, ref, a.Actor, note)
}

// Accept applies a suggestion to the order it suggested, after the
// manager PIN when one is set.
func (a *App) Accept(ctx context.Context, id int64, managerPIN string) (Order, error) {
	if err := a.CheckPIN(managerPIN); err != nil {
		return Order{}, err
	}
	return a.Book.Accept(ctx, id, a.Actor)
}

// RestCodes builds the codes for the rest of a short order (what is still
// due, under the rest's own reference) with set, refusing before anything
// is saved a payload that fits no QR code, as OrderCodes does.
func RestCodes(set scheme.Set, fits func(payload string) error) func(payment.Reference, payment.Amount, time.Time) ([]scheme.Code, error) {
	return func(ref payment.Reference, amount payment.Amount, expires time.Time) ([]scheme.Code, error) {
		return OrderCodes(set, amount, fits)(ref, expires)
	}
}
