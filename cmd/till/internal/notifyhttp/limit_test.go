package notifyhttp

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/store"
)

// send gives h one request from remote, signed with secret when signed.
func send(h http.Handler, remote string, body []byte, signed bool) int {
	req := httptest.NewRequest(http.MethodPost, "/notify", bytes.NewReader(body))
	req.RemoteAddr = remote
	if signed {
		req.Header.Set(notify.Header, notify.Sign(secret, time.Now(), body))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// Refusals beyond an address's burst are answered 429 and not kept;
// other addresses, and signed requests from the same one, are served.
func TestRefusedRequestsAreLimitedPerAddress(t *testing.T) {
	st := openStore(t)
	clock := time.Now()
	lim := &Limiter{PerAddress: Rate{PerSecond: 1, Burst: 3}, Total: Rate{PerSecond: 1000, Burst: 1000}, Now: func() time.Time { return clock }}
	h := &Handler{Store: st, Secrets: [][]byte{secret}, Limit: lim}
	bad := []byte(`{"id":"x"}`)
	var got []int
	for range 5 {
		got = append(got, send(h, "198.51.100.7:1000", bad, false))
	}
	if fmt.Sprint(got) != "[401 401 401 429 429]" {
		t.Fatalf("five unsigned requests from one address: %v", got)
	}
	if code := send(h, "198.51.100.8:1000", bad, false); code != 401 {
		t.Errorf("another address: %d", code)
	}
	// The same /64 is the same sender; another /64 is not.
	for _, c := range []struct {
		remote string
		want   int
	}{{"[2001:db8:1:1::1]:1", 401}, {"[2001:db8:1:1::1]:1", 401}, {"[2001:db8:1:1::1]:1", 401}, {"[2001:db8:1:1::ffff]:1", 429}, {"[2001:db8:1:2::1]:1", 401}} {
		if code := send(h, c.remote, bad, false); code != c.want {
			t.Errorf("%s: %d, want %d", c.remote, code, c.want)
		}
	}
	if code := send(h, "198.51.100.7:1000", generic("evt_ok", "22222222GW", "1.00"), true); code != 200 {
		t.Errorf("a signed notification from a limited address: %d", code)
	}
	clock = clock.Add(time.Second)
	if code := send(h, "198.51.100.7:1000", bad, false); code != 401 {
		t.Errorf("a second later: %d, want 401 (one token back)", code)
	}
	rs, err := st.Rejected(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rs.Kept != 3+1+3+1+1 || lim.Limited() != 3 {
		t.Errorf("kept %d refusals, limited %d; want 9 and 3", rs.Kept, lim.Limited())
	}
}

// All addresses together are limited too, so that many senders cannot
// make till write without bound either.
func TestRefusedRequestsAreLimitedInTotal(t *testing.T) {
	clock := time.Now()
	lim := &Limiter{PerAddress: Rate{PerSecond: 1, Burst: 3}, Total: Rate{PerSecond: 1, Burst: 5}, Now: func() time.Time { return clock }}
	var got []bool
	for i := range 7 {
		got = append(got, lim.Allow(fmt.Sprintf("203.0.113.%d:80", i)))
	}
	if fmt.Sprint(got) != "[true true true true true false false]" {
		t.Fatalf("seven addresses, total burst 5: %v", got)
	}
	// The address refused by the total keeps its own tokens.
	clock = clock.Add(time.Second)
	if !lim.Allow("203.0.113.6:80") {
		t.Fatal("an address refused only by the total was charged for it")
	}
}

// The limiter's memory is bounded however many addresses send.
func TestLimiterMemoryIsBounded(t *testing.T) {
	clock := time.Now()
	lim := &Limiter{PerAddress: Rate{PerSecond: 1, Burst: 2}, Total: Rate{PerSecond: 1e9, Burst: 1e9}, MaxAddrs: 100,
		Now: func() time.Time { return clock }}
	for i := range 10_000 {
		lim.Allow(fmt.Sprintf("10.%d.%d.%d:1", i>>16&255, i>>8&255, i&255))
		if n := lim.Addrs(); n > 100 {
			t.Fatalf("after %d addresses the limiter tracks %d", i+1, n)
		}
	}
	// New addresses beyond the bound share one bucket: they are limited.
	if lim.Allow("192.0.2.1:1") && lim.Allow("192.0.2.2:1") && lim.Allow("192.0.2.3:1") {
		t.Error("addresses beyond the bound are not limited")
	}
	// Once buckets fill up again, their addresses are forgotten.
	clock = clock.Add(time.Minute)
	if !lim.Allow("192.0.2.4:1") || lim.Addrs() != 1 {
		t.Errorf("idle addresses kept: %d", lim.Addrs())
	}
}

// A refused body is kept only as a short prefix.
func TestRefusedBodyKeepsAPrefix(t *testing.T) {
	st := openStore(t)
	h := &Handler{Store: st, Secrets: [][]byte{secret}}
	if code := send(h, "198.51.100.7:1000", bytes.Repeat([]byte("z"), 60<<10), false); code != 401 {
		t.Fatalf("unsigned: %d", code)
	}
	rs, err := st.Rejected(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rs.Kept != 1 || rs.KeptBytes > store.RejectedBodyPrefix+store.RejectedReasonMax+100 {
		t.Fatalf("kept %+v of a 60 KB body", rs)
	}
}
