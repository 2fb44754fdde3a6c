package common

import (
	"context"
	"errors"
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

// CreateOrder saves a new order for amount and prepares its codes.
func (b *Backend) CreateOrder(amount payment.Amount, note string) tea.Cmd {
	st, set, expiry, actor := b.Store, b.Config.Schemes, b.Config.Expiry, b.Actor
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		o, err := st.CreateOrder(ctx, store.NewOrder{
			Amount: amount, Note: note, Expiry: expiry, Actor: actor,
			Codes: func(ref payment.Reference, expires time.Time) ([]scheme.Code, error) {
				codes, err := set.Codes(scheme.Charge{Amount: amount, Ref: ref, Expires: expires})
				if err != nil {
					return nil, err
				}
				// A payload no QR can hold is refused before anything is saved.
				for _, c := range codes {
					if _, err := qrview.New(c.Payload); err != nil {
						return nil, err
					}
				}
				return codes, nil
			},
		})
		if err != nil {
			return ErrMsg{err}
		}
		return OrderCreatedMsg{Order: o, QR: PrepareQR(o.Codes)}
	}
}

// Show loads an order to be shown on the pay screen, with its QR codes.
func (b *Backend) Show(ref payment.Reference) tea.Cmd {
	st := b.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		o, err := st.Get(ctx, ref)
		if err != nil {
			return ErrMsg{err}
		}
		return OrderMsg{Order: o, QR: PrepareQR(o.Codes)}
	}
}

// Reload fetches an order's current state (after a change by anyone).
func (b *Backend) Reload(ref payment.Reference) tea.Cmd {
	st := b.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		o, err := st.Get(ctx, ref)
		if err != nil {
			return ErrMsg{err}
		}
		return OrderMsg{Order: o}
	}
}

// Claim marks an order paid on the cashier's word.
func (b *Backend) Claim(ref payment.Reference) tea.Cmd {
	st, actor := b.Store, b.Actor
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		o, err := st.Claim(ctx, ref, actor, "")
		if err != nil {
			return ErrMsg{err}
		}
		return OrderMsg{Order: o, Action: "claimed"}
	}
}

// NeedsPIN reports whether refunds and voids ask for the manager PIN.
func (b *Backend) NeedsPIN() bool { return b.Config.File.Till.ManagerPIN != "" }

// checkPIN runs inside a Cmd: a slow hash must not freeze the screen. A
// wrong PIN stops the action before anything is written.
func (b *Backend) checkPIN(given string) error {
	hash := b.Config.File.Till.ManagerPIN
	if hash == "" {
		return nil
	}
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
	return func() tea.Msg {
		if err := b.checkPIN(managerPIN); err != nil {
			return ErrMsg{err}
		}
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		o, err := st.Cancel(ctx, ref, actor, reason)
		if err != nil {
			return ErrMsg{err}
		}
		return OrderMsg{Order: o, Action: "cancelled"}
	}
}

// Refund records a refund the merchant made (with the manager PIN, if set).
func (b *Backend) Refund(ref payment.Reference, minor int64, reason, managerPIN string) tea.Cmd {
	st, actor := b.Store, b.Actor
	return func() tea.Msg {
		if err := b.checkPIN(managerPIN); err != nil {
			return ErrMsg{err}
		}
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		o, err := st.Refund(ctx, ref, minor, actor, reason)
		if err != nil {
			return ErrMsg{err}
		}
		return OrderMsg{Order: o, Action: "refunded"}
	}
}

// Detail loads an order with its codes and full history.
func (b *Backend) Detail(ref payment.Reference) tea.Cmd {
	st := b.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		o, err := st.Get(ctx, ref)
		if err != nil {
			return ErrMsg{err}
		}
		evs, err := st.Events(ctx, ref)
		if err != nil {
			return ErrMsg{err}
		}
		return OrderMsg{Order: o, Events: evs, Action: "detail"}
	}
}

// List loads a page of the order history.
func (b *Backend) List(f store.Filter) tea.Cmd {
	st := b.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		list, err := st.List(ctx, f)
		if err != nil {
			return ErrMsg{err}
		}
		return OrdersMsg{Filter: f, Orders: list}
	}
}

// ExpiredMsg lists orders that just expired.
type ExpiredMsg struct{ Refs []payment.Reference }

// Expire applies expiry to open orders whose time ran out.
func (b *Backend) Expire() tea.Cmd {
	st := b.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		refs, err := st.ExpireDue(ctx)
		if err != nil {
			return ErrMsg{err}
		}
		return ExpiredMsg{Refs: refs}
	}
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
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		if after < 0 {
			last, err := st.LastEventID(ctx)
			if err != nil {
				return ErrMsg{err}
			}
			return ChangesMsg{Last: last}
		}
		list, last, err := st.ChangedSince(ctx, after, 100)
		if err != nil {
			return ErrMsg{err}
		}
		return ChangesMsg{Orders: list, Last: last}
	}
}
