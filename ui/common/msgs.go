package common

import (
	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/store"
)

// Navigation between screens. Screens ask; the root model decides.
type (
	// GoChargeMsg opens the charge screen for a new sale.
	GoChargeMsg struct{}
	// GoOrdersMsg opens the order history.
	GoOrdersMsg struct{}
	// GoPayMsg shows an order's codes (for an order picked from history).
	GoPayMsg struct{ Ref payment.Reference }
)

// OrderCreatedMsg reports a new order, committed, with its QR codes
// prepared (the QR matrices are computed once, here, off the event loop).
type OrderCreatedMsg struct {
	Order store.Order
	QR    []QR
}

// OrderMsg carries an order as it now stands (after an action, or because
// the database changed).
type OrderMsg struct {
	Order  store.Order
	Events []store.Event
	// Outcome is what this process did (app.Claimed, app.Cancelled, ...);
	// app.Loaded when the order was only read, for instance because
	// someone else changed it.
	Outcome app.Outcome
	// Detail says the order was loaded with its history to be looked at
	// (Backend.Detail).
	Detail bool
	QR     []QR // set when the order was loaded to be shown
}

// OrdersMsg carries a page of the order history.
type OrdersMsg struct {
	Filter store.Filter
	Orders []store.Order
}

// ErrMsg is a failure to show to the cashier in one sentence.
type ErrMsg struct{ Err error }

func (e ErrMsg) Error() string { return e.Err.Error() }

// NoticeMsg is a passing remark for the status line ("a payment arrived
// for order X").
type NoticeMsg struct{ Text string }

// StoreChangedMsg says something in the database changed, possibly
// written by another process; visible screens reload what they show.
type StoreChangedMsg struct{}
