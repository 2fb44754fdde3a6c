package common

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/scheme"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/qrview"
)

// Backend is the screens' only way to the books. It adapts the
// application layer (payment/app) to Bubble Tea: each method returns a
// tea.Cmd that captures the values it needs when called and runs one use
// case off the event loop, through call, so Update never waits on the
// disk.
type Backend struct {
	Store  *store.Store
	Config *config.Config
	Actor  string // recorded as who did manual actions
	Demo   bool
	// Book, when set, stands behind the use cases instead of Store: a
	// fake in tests, another book elsewhere. Statement imports go to
	// Store when it is set (app.Importer), else to Book if it imports.
	Book app.Book
	// Lang is the language of the screens and ReceiptLang that of
	// receipts and day closes, as cmd/till chose them (config, else the
	// environment); the zero Locale is English.
	Lang, ReceiptLang locale.Locale
}

// opTimeout bounds one store call. SQLite answers in milliseconds; the
// bound turns a wedged disk into an error message instead of a frozen till.
const opTimeout = 15 * time.Second

// app is the use cases on this backend's book and configuration.
func (b *Backend) app() *app.App {
	a := &app.App{Actor: b.Actor, Demo: b.Demo, Fits: qrFits, Lang: b.Lang, ReceiptLang: b.ReceiptLang}
	if b.Book != nil {
		a.Book = b.Book
	} else if b.Store != nil {
		a.Book = b.Store
	}
	if b.Store != nil {
		a.Importer = b.Store
	}
	a.Files = app.OSFiles{}
	if c := b.Config; c != nil {
		a.Merchant, a.Schemes, a.Expiry = c.Merchant, c.Schemes, c.Expiry
		a.ManagerPIN = c.File.Till.ManagerPIN
		a.Printer = app.CommandPrinter(c.File.Till.Printer)
	}
	return a
}

// qrFits is the screens' judgement of whether a payload can be shown.
func qrFits(payload string) error {
	_, err := qrview.New(payload)
	return err
}

// QR is one payment code of an order with its QR matrix, prepared once per
// order so that a resize only lays it out again.
type QR struct {
	Code scheme.Code
	View *qrview.Code
	Err  error // the payload cannot be drawn as a QR (too long)
}

// PrepareQR computes the QR matrices of an order's codes.
func PrepareQR(codes []scheme.Code) []QR {
	out := make([]QR, len(codes))
	for i, c := range codes {
		v, err := qrview.New(c.Payload)
		out[i] = QR{Code: c, View: v, Err: err}
	}
	return out
}

// call runs fn off the event loop with a context bounded by opTimeout:
// the shape of every call a screen makes. An error becomes an ErrMsg.
func call(fn func(ctx context.Context) (tea.Msg, error)) tea.Cmd {
	return callWithin(opTimeout, fn)
}

// callWithin is call with another bound, for work that waits on more
// than the disk (a printer).
func callWithin(limit time.Duration, fn func(ctx context.Context) (tea.Msg, error)) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), limit)
		defer cancel()
		msg, err := fn(ctx)
		if err != nil {
			return ErrMsg{err}
		}
		return msg
	}
}

// OrderCodes returns what store.NewOrder needs to build an order's codes
// for amount with set, refusing (before anything is saved) a payload that
// no QR code on the screen can hold.
func OrderCodes(set scheme.Set, amount payment.Amount) func(payment.Reference, time.Time) ([]scheme.Code, error) {
	return app.OrderCodes(set, amount, qrFits)
}

// CreateOrder saves a new order for amount and prepares its codes.
func (b *Backend) CreateOrder(amount payment.Amount, note string) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := a.CreateOrder(ctx, amount, note)
		return OrderCreatedMsg{Order: o, QR: PrepareQR(o.Codes)}, err
	})
}

// Show loads an order to be shown on the pay screen, with its QR codes.
func (b *Backend) Show(ref payment.Reference) tea.Cmd {
	a, st := b.app(), b.Store
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := a.Order(ctx, ref)
		if err == nil && st != nil && RestShowing(o, st.Now()) {
			// A short order whose rest code still runs: that code.
			return OrderMsg{Order: o, QR: PrepareQR(o.Rest.Codes)}, nil
		}
		return OrderMsg{Order: o, QR: PrepareQR(o.Codes)}, err
	})
}

// Reopen shows an expired order again with a fresh expiry and its codes
// built again; the pay screen shows it as a new showing of the same order.
func (b *Backend) Reopen(ref payment.Reference) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := a.Reopen(ctx, ref)
		return OrderMsg{Order: o, QR: PrepareQR(o.Codes)}, err
	})
}

// Reload fetches an order's current state (after a change by anyone).
func (b *Backend) Reload(ref payment.Reference) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := a.Order(ctx, ref)
		return OrderMsg{Order: o}, err
	})
}

// Claim marks an order paid on the cashier's word.
func (b *Backend) Claim(ref payment.Reference) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := a.Claim(ctx, ref, "")
		return OrderMsg{Order: o, Outcome: app.Claimed}, err
	})
}

// NeedsPIN reports whether refunds, voids and the decisions of the
// reconcile queue (link, accept, dismiss) ask for the manager PIN.
func (b *Backend) NeedsPIN() bool { return b.app().NeedsPIN() }

// Cancel voids an order with a reason (and the manager PIN, if one is
// set); the PIN's slow hash is checked inside the command, off the
// event loop.
func (b *Backend) Cancel(ref payment.Reference, reason, managerPIN string) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := a.Cancel(ctx, ref, reason, managerPIN)
		return OrderMsg{Order: o, Outcome: app.Cancelled}, err
	})
}

// Refund records a refund the merchant made (with the manager PIN, if set).
func (b *Backend) Refund(ref payment.Reference, minor int64, reason, managerPIN string) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := a.Refund(ctx, ref, minor, reason, managerPIN)
		return OrderMsg{Order: o, Outcome: app.Refunded}, err
	})
}

// Detail loads an order with its codes and full history.
func (b *Backend) Detail(ref payment.Reference) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, evs, err := a.Detail(ctx, ref)
		return OrderMsg{Order: o, Events: evs, Detail: true}, err
	})
}

// List loads a page of the order history.
func (b *Backend) List(f store.Filter) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		list, err := a.List(ctx, f)
		return OrdersMsg{Filter: f, Orders: list}, err
	})
}

// ExpiredMsg lists orders that just expired.
type ExpiredMsg struct{ Refs []payment.Reference }

// Expire applies expiry to open orders whose time ran out.
func (b *Backend) Expire() tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		refs, err := a.Expire(ctx)
		return ExpiredMsg{Refs: refs}, err
	})
}

// ChangesMsg lists orders changed since the last look.
type ChangesMsg struct {
	Orders []store.Order
	Last   int64 // the newest event seen: where to look from next time
}

// Changes loads orders that got events after event id after. With a
// negative after it only finds where "now" is, so nothing old is announced.
func (b *Backend) Changes(after int64) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		list, last, err := a.Changes(ctx, after)
		return ChangesMsg{Orders: list, Last: last}, err
	})
}
