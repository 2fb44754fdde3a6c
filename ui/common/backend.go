package common

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/pin"
	"github.com/till-pos/till/payment/scheme"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/qrview"
)

// Backend is the screens' only way to the store. Each method returns a
// tea.Cmd: it captures the values it needs when called, and the work runs
// off the event loop, so Update never waits on the disk.
type Backend struct {
	Store  *store.Store
	Config *config.Config
	Actor  string // recorded as who did manual actions
	Demo   bool
}

// opTimeout bounds one store call. SQLite answers in milliseconds; the
// bound turns a wedged disk into an error message instead of a frozen till.
const opTimeout = 15 * time.Second

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

// call runs fn off the event loop with a bounded context: the shape of
// every store call a screen makes. An error becomes an ErrMsg.
func call(fn func(ctx context.Context) (tea.Msg, error)) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
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
// no QR code can hold. The CLI's `till charge` uses it too.
func OrderCodes(set scheme.Set, amount payment.Amount) func(payment.Reference, time.Time) ([]scheme.Code, error) {
	return func(ref payment.Reference, expires time.Time) ([]scheme.Code, error) {
		codes, err := set.Codes(scheme.Charge{Amount: amount, Ref: ref, Expires: expires})
		if err != nil {
			return nil, err
		}
		for _, c := range codes {
			if _, err := qrview.New(c.Payload); err != nil {
				return nil, fmt.Errorf("%s code: %w", c.Label, err)
			}
		}
		return codes, nil
	}
}

// CreateOrder saves a new order for amount and prepares its codes.
func (b *Backend) CreateOrder(amount payment.Amount, note string) tea.Cmd {
	st, set, expiry, actor := b.Store, b.Config.Schemes, b.Config.Expiry, b.Actor
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := st.CreateOrder(ctx, store.NewOrder{
			Amount: amount, Note: note, Expiry: expiry, Actor: actor, Codes: OrderCodes(set, amount),
		})
		return OrderCreatedMsg{Order: o, QR: PrepareQR(o.Codes)}, err
	})
}

// Show loads an order to be shown on the pay screen, with its QR codes.
func (b *Backend) Show(ref payment.Reference) tea.Cmd {
	st := b.Store
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := st.Get(ctx, ref)
		if err == nil && RestShowing(o, st.Now()) {
			// A short order whose rest code still runs: that code.
			return OrderMsg{Order: o, QR: PrepareQR(o.Rest.Codes)}, nil
		}
		return OrderMsg{Order: o, QR: PrepareQR(o.Codes)}, err
	})
}

// Reopen shows an expired order again with a fresh expiry and its codes
// built again; the pay screen shows it as a new showing of the same order.
func (b *Backend) Reopen(ref payment.Reference) tea.Cmd {
	st, set, expiry, actor := b.Store, b.Config.Schemes, b.Config.Expiry, b.Actor
	return call(func(ctx context.Context) (tea.Msg, error) {
		cur, err := st.Get(ctx, ref)
		if err != nil {
			return nil, err
		}
		o, err := st.Reopen(ctx, ref, expiry, actor, OrderCodes(set, cur.Amount))
		return OrderMsg{Order: o, QR: PrepareQR(o.Codes)}, err
	})
}

// Reload fetches an order's current state (after a change by anyone).
func (b *Backend) Reload(ref payment.Reference) tea.Cmd {
	st := b.Store
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := st.Get(ctx, ref)
		return OrderMsg{Order: o}, err
	})
}

// Claim marks an order paid on the cashier's word.
func (b *Backend) Claim(ref payment.Reference) tea.Cmd {
	st, actor := b.Store, b.Actor
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := st.Claim(ctx, ref, actor, "")
		return OrderMsg{Order: o, Action: "claimed"}, err
	})
}

// NeedsPIN reports whether refunds, voids and the decisions of the
// reconcile queue (link, accept, dismiss) ask for the manager PIN.
func (b *Backend) NeedsPIN() bool { return b.Config != nil && b.Config.File.Till.ManagerPIN != "" }

// checkPIN runs inside a Cmd: a slow hash must not freeze the screen. A
// wrong PIN stops the action before anything is written.
func (b *Backend) checkPIN(given string) error {
	if !b.NeedsPIN() {
		return nil
	}
	hash := b.Config.File.Till.ManagerPIN
	if err := pin.Check(hash, given); err != nil {
		if errors.Is(err, pin.ErrWrong) {
			return errors.New("wrong manager PIN; nothing was changed")
		}
		return err
	}
	return nil
}

// Cancel voids an order with a reason (and the manager PIN, if one is set).
func (b *Backend) Cancel(ref payment.Reference, reason, managerPIN string) tea.Cmd {
	st, actor := b.Store, b.Actor
	return call(func(ctx context.Context) (tea.Msg, error) {
		if err := b.checkPIN(managerPIN); err != nil {
			return nil, err
		}
		o, err := st.Cancel(ctx, ref, actor, reason)
		return OrderMsg{Order: o, Action: "cancelled"}, err
	})
}

// Refund records a refund the merchant made (with the manager PIN, if set).
func (b *Backend) Refund(ref payment.Reference, minor int64, reason, managerPIN string) tea.Cmd {
	st, actor := b.Store, b.Actor
	return call(func(ctx context.Context) (tea.Msg, error) {
		if err := b.checkPIN(managerPIN); err != nil {
			return nil, err
		}
		o, err := st.Refund(ctx, ref, minor, actor, reason)
		return OrderMsg{Order: o, Action: "refunded"}, err
	})
}

// Detail loads an order with its codes and full history.
func (b *Backend) Detail(ref payment.Reference) tea.Cmd {
	st := b.Store
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := st.Get(ctx, ref)
		if err != nil {
			return nil, err
		}
		evs, err := st.Events(ctx, ref)
		return OrderMsg{Order: o, Events: evs, Action: "detail"}, err
	})
}

// List loads a page of the order history.
func (b *Backend) List(f store.Filter) tea.Cmd {
	st := b.Store
	return call(func(ctx context.Context) (tea.Msg, error) {
		list, err := st.List(ctx, f)
		return OrdersMsg{Filter: f, Orders: list}, err
	})
}

// ExpiredMsg lists orders that just expired.
type ExpiredMsg struct{ Refs []payment.Reference }

// Expire applies expiry to open orders whose time ran out.
func (b *Backend) Expire() tea.Cmd {
	st := b.Store
	return call(func(ctx context.Context) (tea.Msg, error) {
		refs, err := st.ExpireDue(ctx)
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
	st := b.Store
	return call(func(ctx context.Context) (tea.Msg, error) {
		if after < 0 {
			last, err := st.LastEventID(ctx)
			return ChangesMsg{Last: last}, err
		}
		list, last, err := st.ChangedSince(ctx, after, 100)
		return ChangesMsg{Orders: list, Last: last}, err
	})
}
