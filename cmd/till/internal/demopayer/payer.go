// Package demopayer is the simulated wallet of `till demo`: it pays each
// code the till shows, after a few seconds, by sending a signed
// notification through the same handler `till serve` uses, so a stand
// shows the whole loop (charge, scan, paid) without real money. Scenarios
// make it pay short, twice or late, to show how till handles each.
package demopayer

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/store"
)

// Scenarios the payer knows.
var Scenarios = []string{"pay", "short", "twice", "late", "mixed", "none"}

// Payer pays open orders.
type Payer struct {
	Store    *store.Store
	Handler  http.Handler // the notification handler of till serve
	Secret   []byte
	Delay    time.Duration // how long a "customer" takes to pay
	Scenario string
	Now      func() time.Time
}

type plan struct {
	order   store.Order
	at      time.Time
	kind    string // pay, short, twice, late
	sent    int
	payment string
}

// CheckScenario validates a scenario name.
func CheckScenario(s string) error {
	for _, k := range Scenarios {
		if s == k {
			return nil
		}
	}
	return fmt.Errorf("unknown scenario %q: use one of %s", s, strings.Join(Scenarios, ", "))
}

func (p *Payer) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// Run pays orders until ctx ends. It looks for new open orders twice a
// second (one indexed query), and keeps the plan for each in memory.
func (p *Payer) Run(ctx context.Context) error {
	if p.Scenario == "none" {
		return nil
	}
	start := p.now().Add(-time.Second)
	plans := map[payment.Reference]*plan{}
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	n := 0
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		open, err := p.Store.List(ctx, store.Filter{Status: []payment.Status{payment.StatusOpen, payment.StatusClaimed}, Since: start, Limit: 50})
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		for _, o := range open {
			if _, ok := plans[o.Ref]; !ok {
				kind := p.Scenario
				if kind == "mixed" {
					kind = []string{"pay", "short", "twice", "pay", "late"}[n%5]
				}
				n++
				plans[o.Ref] = &plan{order: o, at: p.now().Add(p.Delay), kind: kind, payment: "DEMO-" + token()}
			}
		}
		for ref, pl := range plans {
			if p.now().Before(pl.at) {
				continue
			}
			done, err := p.step(ctx, pl)
			if err != nil {
				return err
			}
			if done {
				delete(plans, ref)
			}
		}
	}
}

// step sends the next notification of a plan; done when the plan is over.
func (p *Payer) step(ctx context.Context, pl *plan) (bool, error) {
	o := pl.order
	switch pl.kind {
	case "late":
		// Pay only once the order is closed: the cashier cancelled it, or it
		// expired (the demo shortens expiry for this scenario).
		cur, err := p.Store.Get(ctx, o.Ref)
		if err != nil {
			return true, nil
		}
		if st := cur.Status(); st != payment.StatusExpired && st != payment.StatusCancelled {
			pl.at = p.now().Add(time.Second)
			return false, nil
		}
		return true, p.send(o, o.Amount.Minor, pl.payment, 1)
	case "short":
		short := o.Amount.Minor - max(o.Amount.Minor/3, 1)
		if short <= 0 {
			short = o.Amount.Minor
		}
		return true, p.send(o, short, pl.payment, 1)
	case "twice":
		pl.sent++
		if err := p.send(o, o.Amount.Minor, fmt.Sprintf("%s-%d", pl.payment, pl.sent), pl.sent); err != nil {
			return true, err
		}
		pl.at = p.now().Add(3 * time.Second)
		return pl.sent >= 2, nil
	default:
		return true, p.send(o, o.Amount.Minor, pl.payment, 1)
	}
}

// send posts one signed notification to the handler, twice: a real
// provider retries, and the second delivery must change nothing.
func (p *Payer) send(o store.Order, minor int64, paymentID string, n int) error {
	body, _ := json.Marshal(notify.Generic{
		ID: fmt.Sprintf("demo-%s-%d", o.Ref, n), Ref: string(o.Ref),
		Amount:   json.RawMessage(`"` + payment.FormatMinor(minor, o.Amount.Currency.Exponent) + `"`),
		Currency: o.Amount.Currency.Code, PaidAt: p.now().UTC().Format(time.RFC3339), PaymentID: paymentID,
		Payer: "Demo Wallet",
	})
	for range 2 {
		req := httptest.NewRequest(http.MethodPost, "/notify", bytes.NewReader(body))
		req.Header.Set(notify.Header, notify.Sign(p.Secret, p.now(), body))
		rec := httptest.NewRecorder()
		p.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			return fmt.Errorf("demo payer: notification refused: %d %s", rec.Code, strings.TrimSpace(rec.Body.String()))
		}
	}
	return nil
}

func token() string {
	b := make([]byte, 6)
	rand.Read(b)
	return strings.ToUpper(hex.EncodeToString(b))
}
