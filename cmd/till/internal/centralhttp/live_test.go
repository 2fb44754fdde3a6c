package centralhttp

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/store/central"
	"github.com/till-pos/till/store/central/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

var liveSecret = []byte("live secret")

func liveBook(t *testing.T) (*central.Book, central.Till, string) {
	t.Helper()
	ctx := context.Background()
	b, err := central.Open(ctx, pgtest.Shared(t).NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	if _, _, err := b.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	code, _, err := b.Enroll(ctx, "main", "counter 1")
	if err != nil {
		t.Fatal(err)
	}
	till, token, err := b.Join(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	return b, till, token
}

func post(t *testing.T, url, path, sig string, body []byte) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+path, bytes.NewReader(body))
	if sig != "" {
		req.Header.Set(notify.Header, sig)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	return resp.StatusCode, buf.String()
}

// The central /notify and /pix refuse what till serve refuses, keep the
// refusals within bounds and rate limit them per address; a signed
// notification is answered with where its payment went, once.
func TestLiveNotifyRefusals(t *testing.T) {
	b, till, _ := liveBook(t)
	l := NewLive(&Server{Book: b}, b, "main", [][]byte{liveSecret}, NewHub())
	srv := httptest.NewServer(l)
	defer srv.Close()
	ref, _ := payment.CompleteReference(till.Prefix + "ABCDEFG")
	good := []byte(`{"id":"n1","ref":"` + string(ref) + `","amount":"12.50","currency":"EUR"}`)
	now := time.Now()
	tests := []struct {
		name, path, sig string
		body            []byte
		status          int
		want            string
	}{
		{"unsigned", "/notify", "", good, 401, "Signature header is missing"},
		{"wrong secret", "/notify", notify.Sign([]byte("other"), now, good), good, 401, "does not match"},
		{"stale", "/notify", notify.Sign(liveSecret, now.Add(-time.Hour), good), good, 401, "window"},
		{"too large", "/notify", notify.Sign(liveSecret, now, bytes.Repeat([]byte("x"), notify.MaxBody+1)), bytes.Repeat([]byte("x"), notify.MaxBody+1), 413, "larger"},
		{"malformed", "/pix", notify.Sign(liveSecret, now, []byte(`{"pix":1}`)), []byte(`{"pix":1}`), 400, ""},
		{"good", "/notify", notify.Sign(liveSecret, now, good), good, 200, `"outcome":"sent"`},
		{"replayed", "/notify", notify.Sign(liveSecret, now, good), good, 200, `"replayed":true`},
	}
	for _, tc := range tests {
		code, body := post(t, srv.URL, tc.path, tc.sig, tc.body)
		if code != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s, want %d with %q", tc.name, code, body, tc.status, tc.want)
		}
	}
	if n, err := b.Refused(context.Background(), "main"); err != nil || n != 5 {
		t.Fatalf("refusals kept: %d %v, want 5", n, err)
	}
	// A flood of refusals from one address: past its burst, 429 and not kept.
	limited := 0
	for range 20 {
		if code, _ := post(t, srv.URL, "/notify", "", good); code == http.StatusTooManyRequests {
			limited++
		}
	}
	if n, _ := b.Refused(context.Background(), "main"); limited == 0 || n >= 25 {
		t.Fatalf("%d answered 429, %d kept", limited, n)
	}
}

// Without a LISTEN connection (wake-ups lost), a held long-poll still
// answers, by re-reading the queue.
func TestDownFallsBackToPolling(t *testing.T) {
	b, till, token := liveBook(t)
	l := NewLive(&Server{Book: b}, b, "main", [][]byte{liveSecret}, NewHub()) // no listener: the hub is down
	l.MaxWait = 10 * time.Second
	srv := httptest.NewServer(l)
	defer srv.Close()
	ref, _ := payment.CompleteReference(till.Prefix + "ABCDEFG")
	got := make(chan DownReply, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/down?after=0", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		var r DownReply
		if err == nil {
			json.NewDecoder(resp.Body).Decode(&r)
			resp.Body.Close()
		}
		got <- r
	}()
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	body := []byte(`{"id":"n1","ref":"` + string(ref) + `","amount":"1.00","currency":"EUR"}`)
	if code, out := post(t, srv.URL, "/notify", notify.Sign(liveSecret, time.Now(), body), body); code != 200 {
		t.Fatalf("notify: %d %s", code, out)
	}
	r := <-got
	if len(r.Messages) != 1 || r.Messages[0].Source != "generic:n1" || time.Since(start) > 3*time.Second {
		t.Fatalf("long-poll: %+v after %v", r, time.Since(start))
	}
	// A bad cursor is refused; no token is refused.
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/down?after=x", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 400 {
		t.Fatalf("bad cursor: %v %v", resp, err)
	}
	if resp, err := http.Get(srv.URL + "/v1/down"); err != nil || resp.StatusCode != 401 {
		t.Fatalf("no token: %v %v", resp, err)
	}
}
