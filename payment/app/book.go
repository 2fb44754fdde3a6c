// Package app is till's application layer: the use cases that are neither
// screen nor SQL (taking an order and building its codes, claims, voids and
// refunds behind the manager PIN, expiry, the day close, receipts and
// printing, the reconcile queue and its decisions, reading and importing
// statement files). The TUI (ui/common's Backend) and the CLI (cmd/till)
// both call it.
//
// It is written against small interfaces: Book for the orders and days
// (store.Store is one; the fleet's central book can be another, and
// apptest.Book is an in-memory one for tests), Importer for the statement
// evidence (store.Store again), Files for the statement files, Printer
// for paper, and a function that says whether a payload fits in a QR code. It imports no
// SQL, no terminal and no Bubble Tea, so the same use case behaves the
// same on every front end and against every book.
package app

import (
	"context"
	"errors"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/report"
	"github.com/till-pos/till/payment/scheme"
)

// Book is what the use cases need of a till's books. Every method is
// one transaction: it writes all of a change or nothing.
type Book interface {
	Orders
	Days
	Decisions
}

// Orders are the orders and their histories.
type Orders interface {
	// CreateOrder picks a unique reference, builds the order's codes with
	// n.Codes and commits the order with its "created" event.
	CreateOrder(ctx context.Context, n NewOrder) (Order, error)
	// Get reads an order with its codes; ErrNotFound for an unknown one.
	Get(ctx context.Context, ref payment.Reference) (Order, error)
	// Events is an order's history, oldest first.
	Events(ctx context.Context, ref payment.Reference) ([]Event, error)
	// Reopen shows an expired order again with a new expiry and its codes
	// built again for it.
	Reopen(ctx context.Context, ref payment.Reference, expiry time.Duration, actor string,
		codes func(payment.Reference, time.Time) ([]scheme.Code, error)) (Order, error)
	Claim(ctx context.Context, ref payment.Reference, actor, note string) (Order, error)
	Cancel(ctx context.Context, ref payment.Reference, actor, reason string) (Order, error)
	Refund(ctx context.Context, ref payment.Reference, minor int64, actor, reason string) (Order, error)
	// List returns the orders f selects, newest first.
	List(ctx context.Context, f Filter) ([]Order, error)
	// ExpireDue expires the open orders whose time ran out.
	ExpireDue(ctx context.Context) ([]payment.Reference, error)
	// LastEventID and ChangedSince let a screen follow changes made by
	// anyone (another till process, the notification server).
	LastEventID(ctx context.Context) (int64, error)
	ChangedSince(ctx context.Context, after int64, limit int) ([]Order, int64, error)
}

// Days are the business days' reports and closings.
type Days interface {
	// DayReport is a day's report in cur: the snapshot kept at closing
	// for a closed day unless live is set.
	DayReport(ctx context.Context, day string, cur payment.Currency, live bool) (report.Day, error)
	// CloseDay records the closing (cash nil: not counted) and keeps the
	// report as it stands.
	CloseDay(ctx context.Context, day string, cur payment.Currency, actor string, cash *int64, note string) (report.Day, error)
}

// Decisions are the reconciliation exceptions and a person's decisions
// on them.
type Decisions interface {
	// Exceptions lists exceptions, oldest first: the open ones, or all
	// (limit 0: no limit).
	Exceptions(ctx context.Context, openOnly bool, limit int) ([]ExceptionItem, error)
	// OpenExceptionCount counts exceptions nobody has resolved.
	OpenExceptionCount(ctx context.Context) (int, error)
	Dismiss(ctx context.Context, id int64, actor, reason string) error
	Link(ctx context.Context, id int64, ref payment.Reference, actor, note string) (Order, error)
	Accept(ctx context.Context, id int64, actor string) (Order, error)
}

// ErrNotFound is returned for an unknown reference.
var ErrNotFound = errors.New("no such order")

// ErrDayClosed is returned for closing a day that is already closed.
var ErrDayClosed = errors.New("day already closed")

// Order is an order as a book keeps it: what was asked, the codes that
// were shown, and the state its events add up to.
type Order struct {
	ID        int64
	Ref       payment.Reference
	Amount    payment.Amount
	Note      string
	State     payment.State
	Schemes   []string // names of the schemes its codes offered
	Day       string   // business day, YYYY-MM-DD
	CreatedAt time.Time
	ExpiresAt time.Time
	UpdatedAt time.Time
	Codes     []scheme.Code // filled by Get and Details, not by List
	Events    []Event       // filled by Details
	// Rest is the newest code for what is still due, with its own
	// reference (see store.ChargeRest); filled by Get, nil when none was made.
	Rest *Rest
}

// Rest is a code for the amount still due on a short order, with its own
// reference linked to the order: paying it settles the order.
type Rest struct {
	Ref       payment.Reference
	Amount    payment.Amount
	CreatedAt time.Time
	ExpiresAt time.Time
	Codes     []scheme.Code
}

// Status is shorthand for o.State.Status.
func (o Order) Status() payment.Status { return o.State.Status }

// Event is a recorded order event.
type Event struct {
	payment.Event
	ID         int64
	RecordedAt time.Time
}

// NewOrder is what CreateOrder needs.
type NewOrder struct {
	Amount payment.Amount
	Note   string
	Expiry time.Duration
	Actor  string
	// Codes builds the payment codes for the reference the book picked.
	// It runs before anything is written, so a code that cannot be built
	// (an amount too large for a scheme) leaves no trace.
	Codes func(ref payment.Reference, expires time.Time) ([]scheme.Code, error)
}

// Filter selects orders for List.
type Filter struct {
	Status []payment.Status // any of these; empty for all
	Since  time.Time        // created at or after (zero: no bound)
	Until  time.Time        // created before (zero: no bound)
	Day    string           // business day YYYY-MM-DD ("" for all)
	Scheme string           // offered this scheme
	Search string           // reference, amount or note contains
	// Currency reads an amount in Search with its decimals (two when
	// unset); it does not filter.
	Currency payment.Currency
	Limit    int  // at most this many, newest first (0: no limit)
	Oldest   bool // oldest first instead
}
