package syncclient

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/store"
)

// webhookIn sends a signed notification paying ref amount in cur.
func (s *liveServer) webhookIn(t *testing.T, id, ref, amount, cur string) {
	t.Helper()
	body := fmt.Sprintf(`{"id":%q,"ref":%q,"amount":%q,"currency":%q}`, id, ref, amount, cur)
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/notify", bytes.NewReader([]byte(body)))
	req.Header.Set(notify.Header, notify.Sign(secret, time.Now(), []byte(body)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("webhook: %s", resp.Status)
	}
}

// A payment brought down from central is checked against the till's
// currency as till serve checks its own notifications: money in another
// currency is an exception for a person, never a payment, even for an
// order in that currency (one made before the till's currency changed),
// and a Live that does not know the till's currency applies nothing.
func TestDownNotificationInAnotherCurrencyIsAnException(t *testing.T) {
	f := newLiveFleet(t)
	a := f.server(t)
	st := f.till(t, "counter 1", a.srv.URL)
	ctx := context.Background()
	usd, err := payment.LookupCurrency("USD")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		currency payment.Currency
		paidIn   string
	}{
		{"an order of the till's currency paid in another", eur, "USD"},
		{"an order in another currency paid in it", usd, "USD"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := st.CreateOrder(ctx, store.NewOrder{Amount: payment.Amount{Minor: 700, Currency: tt.currency}, Expiry: time.Hour, Actor: "ann"})
			if err != nil {
				t.Fatal(err)
			}
			a.webhookIn(t, fmt.Sprintf("cur-%d", i), string(o.Ref), "7.00", tt.paidIn)
			if _, err := (&Live{Store: st}).Once(ctx); err == nil {
				t.Fatal("a Live without the till's currency applied a message")
			}
			if n, err := (&Live{Store: st, Currency: "EUR"}).Once(ctx); err != nil || n == 0 {
				t.Fatalf("long-poll: %d %v", n, err)
			}
			got, err := st.Get(ctx, o.Ref)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status() != payment.StatusOpen || got.State.Received != 0 {
				t.Fatalf("order %s is %s with %d received, want open with nothing", o.Ref, got.Status(), got.State.Received)
			}
			xs, err := st.Exceptions(ctx, true, 100)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, x := range xs {
				if x.Currency == tt.paidIn && strings.Contains(x.Detail, "USD notification on a EUR till") {
					found = true
				}
			}
			if !found {
				t.Fatalf("no exception for the USD notification on the EUR till: %+v", xs)
			}
		})
	}
}
