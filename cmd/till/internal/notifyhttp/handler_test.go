package notifyhttp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/payment/scheme"
	"github.com/till-pos/till/store"
)

var secret = []byte("test-secret-0123456789abcdef")

type fixture struct {
	t   *testing.T
	st  *store.Store
	srv *httptest.Server
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(&Handler{Store: st, Secrets: [][]byte{secret}})
	t.Cleanup(srv.Close)
	return &fixture{t: t, st: st, srv: srv}
}

func (f *fixture) order(minor int64) store.Order {
	f.t.Helper()
	o, err := f.st.CreateOrder(context.Background(), store.NewOrder{
		Amount: payment.Amount{Minor: minor, Currency: payment.MustCurrency("BRL")}, Expiry: time.Hour,
		Codes: func(payment.Reference, time.Time) ([]scheme.Code, error) { return nil, nil },
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return o
}

// post sends body to path signed with key at time at ("" header: unsigned).
func (f *fixture) post(path string, body []byte, key []byte, at time.Time) (int, map[string]any) {
	f.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+path, bytes.NewReader(body))
	if key != nil {
		req.Header.Set(notify.Header, notify.Sign(key, at, body))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		f.t.Fatalf("%s answered non-JSON %q", path, raw)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		f.t.Errorf("content type %q", ct)
	}
	return resp.StatusCode, out
}

func generic(id string, ref payment.Reference, amount string) []byte {
	return []byte(fmt.Sprintf(`{"id":%q,"ref":%q,"amount":%q,"currency":"BRL","payment_id":"pay-%s"}`, id, ref, amount, id))
}

func (f *fixture) status(ref payment.Reference) payment.State {
	f.t.Helper()
	o, err := f.st.Get(context.Background(), ref)
	if err != nil {
		f.t.Fatal(err)
	}
	return o.State
}

func TestNotifications(t *testing.T) {
	f := newFixture(t)
	now := time.Now()
	o := f.order(1250)

	// Valid: the order is paid, and the answer says so.
	code, out := f.post("/notify", generic("evt_1", o.Ref, "12.50"), secret, now)
	if code != 200 || out["replayed"] != false {
		t.Fatalf("valid: %d %v", code, out)
	}
	res := out["results"].([]any)[0].(map[string]any)
	if res["outcome"] != "paid" || res["ref"] != string(o.Ref) || res["status"] != "paid" {
		t.Fatalf("valid result %v", res)
	}
	// Replayed id: 200, nothing changes.
	code, out = f.post("/notify", generic("evt_1", o.Ref, "12.50"), secret, now)
	if code != 200 || out["replayed"] != true || f.status(o.Ref).Payments != 1 {
		t.Fatalf("replay: %d %v %+v", code, out, f.status(o.Ref))
	}

	o2 := f.order(500)
	rejections := []struct {
		name string
		path string
		body []byte
		key  []byte
		at   time.Time
		code int
		want string
	}{
		{"wrong secret", "/notify", generic("evt_2", o2.Ref, "5.00"), []byte("not-the-secret-0000000000"), now, 401, "does not match"},
		{"stale timestamp", "/notify", generic("evt_3", o2.Ref, "5.00"), secret, now.Add(-10 * time.Minute), 401, "window"},
		{"unsigned", "/notify", generic("evt_4", o2.Ref, "5.00"), nil, now, 401, "missing"},
		{"malformed JSON", "/notify", []byte(`{"id":"evt_5",`), secret, now, 400, "JSON"},
		{"amount as a number", "/notify", []byte(`{"id":"e6","ref":"X","amount":5,"currency":"BRL"}`), secret, now, 400, "decimal text"},
		{"body too large", "/notify", bytes.Repeat([]byte(" "), notify.MaxBody+1), secret, now, 413, "larger"},
		{"empty PIX", "/pix", []byte(`{"pix":[]}`), secret, now, 400, "empty"},
	}
	for _, r := range rejections {
		code, out := f.post(r.path, r.body, r.key, r.at)
		if code != r.code || !strings.Contains(fmt.Sprint(out["error"]), r.want) {
			t.Errorf("%s: %d %v; want %d mentioning %q", r.name, code, out, r.code, r.want)
		}
	}
	if st := f.status(o2.Ref); st.Status != payment.StatusOpen {
		t.Fatalf("a rejected notification changed the order: %+v", st)
	}

	// Unknown reference: stored (money is never dropped), reported unmatched.
	code, out = f.post("/notify", generic("evt_7", payment.NewReference(), "3.21"), secret, now)
	res = out["results"].([]any)[0].(map[string]any)
	if code != 200 || res["outcome"] != "unmatched" {
		t.Fatalf("unknown ref: %d %v", code, out)
	}
	if n, _ := f.st.OpenExceptionCount(context.Background()); n != 1 {
		t.Fatalf("open exceptions %d", n)
	}

	// Short and then late.
	code, out = f.post("/notify", generic("evt_8", o2.Ref, "2.00"), secret, now)
	if res := out["results"].([]any)[0].(map[string]any); code != 200 || res["outcome"] != "partial" {
		t.Fatalf("short: %d %v", code, out)
	}

	// PIX webhook body.
	o3 := f.order(990)
	pix := fmt.Sprintf(`{"pix":[{"endToEndId":"E18236120202611251400s0000000001","txid":%q,"valor":"9.90","horario":"2026-11-25T14:00:00.000Z"}]}`, o3.Ref)
	code, out = f.post("/pix", []byte(pix), secret, now)
	if res := out["results"].([]any)[0].(map[string]any); code != 200 || res["outcome"] != "paid" {
		t.Fatalf("pix: %d %v", code, out)
	}
	code, out = f.post("/pix", []byte(pix), secret, now)
	if code != 200 || out["replayed"] != true || f.status(o3.Ref).Payments != 1 {
		t.Fatalf("pix retry: %d %v", code, out)
	}

	// Other endpoints.
	resp, _ := http.Get(f.srv.URL + "/healthz")
	if resp.StatusCode != 200 {
		t.Fatalf("healthz %d", resp.StatusCode)
	}
	resp, _ = http.Get(f.srv.URL + "/notify")
	if resp.StatusCode != 405 {
		t.Fatalf("GET /notify %d", resp.StatusCode)
	}
}

// Concurrent deliveries of one notification id: exactly one has an effect.
func TestConcurrentDeliveries(t *testing.T) {
	f := newFixture(t)
	o := f.order(700)
	body := generic("evt_same", o.Ref, "7.00")
	const n = 16
	var wg sync.WaitGroup
	replayed := make([]bool, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, out := f.post("/notify", body, secret, time.Now())
			if code != 200 {
				t.Errorf("delivery %d: %d %v", i, code, out)
			}
			replayed[i], _ = out["replayed"].(bool)
		}()
	}
	wg.Wait()
	effects := 0
	for _, r := range replayed {
		if !r {
			effects++
		}
	}
	if st := f.status(o.Ref); effects != 1 || st.Payments != 1 || st.Status != payment.StatusPaid {
		t.Fatalf("%d deliveries had an effect; order %+v", effects, st)
	}
}

// A replayed notification answers in the same shape as its first
// delivery: the same keys at the top and in each result, the first
// delivery's outcome, and the order's status as it is now.
func TestReplayHasTheShapeOfTheFirstDelivery(t *testing.T) {
	f := newFixture(t)
	o := f.order(1250)
	body := generic("evt_shape", o.Ref, "12.50")
	code, first := f.post("/notify", body, secret, time.Now())
	if code != 200 || first["replayed"] != false {
		t.Fatalf("first delivery: %d %v", code, first)
	}
	code, again := f.post("/notify", body, secret, time.Now())
	if code != 200 || again["replayed"] != true {
		t.Fatalf("replay: %d %v", code, again)
	}
	if k1, k2 := keysOf(first), keysOf(again); k1 != k2 {
		t.Fatalf("top-level keys differ: first %s, replay %s", k1, k2)
	}
	r1, r2 := first["results"].([]any), again["results"].([]any)
	if len(r1) != 1 || len(r2) != 1 {
		t.Fatalf("results: first %v, replay %v", r1, r2)
	}
	a, b := r1[0].(map[string]any), r2[0].(map[string]any)
	if keysOf(a) != keysOf(b) {
		t.Fatalf("result keys differ: first %s, replay %s", keysOf(a), keysOf(b))
	}
	for _, k := range []string{"key", "outcome", "ref", "status"} {
		if a[k] != b[k] || a[k] == nil {
			t.Errorf("%s: first %v, replay %v", k, a[k], b[k])
		}
	}
	if a["status"] != "paid" {
		t.Errorf("status %v, want paid", a["status"])
	}

	// The replay reports the status now, not the one at first delivery.
	if _, err := f.st.Refund(context.Background(), o.Ref, 1250, "t", "returned"); err != nil {
		t.Fatal(err)
	}
	_, again = f.post("/notify", body, secret, time.Now())
	if r := again["results"].([]any)[0].(map[string]any); r["outcome"] != "paid" || r["status"] != "refunded" {
		t.Errorf("replay after a refund: %v; want outcome paid, status refunded", r)
	}
}

func keysOf(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}
