package central

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/till-pos/till/payment"
)

// Order is an order in the central book, as folded from its events.
type Order struct {
	Ref       string `json:"ref"`
	Till      string `json:"till"`
	Amount    int64  `json:"amount_minor"`
	Currency  string `json:"currency"`
	Note      string `json:"note"`
	Day       string `json:"day"`
	CreatedAt int64  `json:"created_at"` // Unix ms
	Status    string `json:"status"`
	Received  int64  `json:"received_minor"`
	Refunded  int64  `json:"refunded_minor"`
	Payments  int    `json:"payments"`
	Claimed   bool   `json:"claimed"`
	Closed    string `json:"closed,omitempty"`
	Late      bool   `json:"late"`
	// Cash and RestClaimed are the rest taken in cash and the rest marked
	// paid by its own code, as on the till (payment.State).
	Cash        int64 `json:"cash_minor"`
	RestClaimed int64 `json:"rest_claimed_minor"`
}

// State is the order's state as the book keeps it.
func (o Order) State() payment.State {
	return payment.State{Status: payment.Status(o.Status), Due: o.Amount, Received: o.Received, Refunded: o.Refunded,
		Payments: o.Payments, Claimed: o.Claimed, Closed: payment.Status(o.Closed), Late: o.Late,
		Cash: o.Cash, RestClaimed: o.RestClaimed}
}

// OrderFilter narrows Orders; empty fields match all.
type OrderFilter struct {
	Till string
	Day  string // YYYY-MM-DD, the till's business day
}

const orderColumns = `ref, till, amount_minor, currency, note, day, created_at, status, received_minor, refunded_minor,
	payments, claimed, closed, late, cash_minor, rest_claimed_minor`

func scanOrder(r pgx.CollectableRow) (Order, error) {
	var o Order
	err := r.Scan(&o.Ref, &o.Till, &o.Amount, &o.Currency, &o.Note, &o.Day, &o.CreatedAt, &o.Status, &o.Received, &o.Refunded,
		&o.Payments, &o.Claimed, &o.Closed, &o.Late, &o.Cash, &o.RestClaimed)
	return o, err
}

// Orders lists a merchant's orders, oldest first.
func (b *Book) Orders(ctx context.Context, merchant string, f OrderFilter) ([]Order, error) {
	rows, err := b.pool.Query(ctx, `SELECT `+orderColumns+` FROM orders WHERE merchant = $1
		AND ($2 = '' OR till = $2) AND ($3 = '' OR day = $3) ORDER BY created_at, ref`, merchant, f.Till, f.Day)
	if err != nil {
		return nil, fmt.Errorf("read orders: %w", err)
	}
	return pgx.CollectRows(rows, scanOrder)
}

// Events lists a merchant's events of one till in outbox order (all
// tills when till is "").
func (b *Book) Events(ctx context.Context, merchant, till string) ([]Event, error) {
	rows, err := b.pool.Query(ctx, `SELECT `+eventColumns+` FROM events WHERE merchant = $1 AND ($2 = '' OR till = $2)
		ORDER BY till, seq`, merchant, till)
	if err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	return pgx.CollectRows(rows, scanEvent)
}

// Exception is something in the central book a person must look at.
type Exception struct {
	Till   string `json:"till"`
	Seq    int64  `json:"seq"`
	Ref    string `json:"ref,omitempty"`
	Kind   string `json:"kind"` // quarantined, refused, diverged
	Detail string `json:"detail"`
}

// Exceptions lists a merchant's open exceptions, oldest first.
func (b *Book) Exceptions(ctx context.Context, merchant string) ([]Exception, error) {
	rows, err := b.pool.Query(ctx, `SELECT till, seq, ref, kind, detail FROM exceptions
		WHERE merchant = $1 AND resolved_at IS NULL ORDER BY id`, merchant)
	if err != nil {
		return nil, fmt.Errorf("read exceptions: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Exception, error) {
		var x Exception
		err := r.Scan(&x.Till, &x.Seq, &x.Ref, &x.Kind, &x.Detail)
		return x, err
	})
}
