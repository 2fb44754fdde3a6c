package syncclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/till-pos/till/cmd/till/internal/centralhttp"
	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/store/central"
	"github.com/till-pos/till/store/central/pgtest"
)

var secret = []byte("central secret")

// liveServer is one central server (its own connection pool, hub and
// listener) on the fleet's PostgreSQL, as a separate process would be.
type liveServer struct {
	book *central.Book
	live *centralhttp.Live
	srv  *httptest.Server
}

// liveFleet is a central PostgreSQL database; its servers are added by
// server, each as a separate process would be.
type liveFleet struct {
	url  string
	book *central.Book
}

func newLiveFleet(t *testing.T) *liveFleet {
	t.Helper()
	url := pgtest.Shared(t).NewDatabase(t)
	b, err := central.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	if _, _, err := b.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &liveFleet{url: url, book: b}
}

// till opens a till database in a temporary folder and joins it as name,
// talking to the server at url.
func (f *liveFleet) till(t *testing.T, name, url string) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	code, _, err := f.book.Enroll(ctx, "main", name)
	if err != nil {
		t.Fatal(err)
	}
	till, token, err := f.book.Join(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.JoinFleet(ctx, store.Fleet{URL: url, Merchant: till.Merchant, Name: till.Name, Prefix: till.Prefix, Token: token}); err != nil {
		t.Fatal(err)
	}
	return st
}

func (f *liveFleet) server(t *testing.T) *liveServer {
	t.Helper()
	b, err := central.Open(context.Background(), f.url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel) // before b.Close: the listener holds a connection
	hub := centralhttp.NewHub()
	go b.Listen(ctx, hub.Wake, hub.SetUp)
	l := centralhttp.NewLive(&centralhttp.Server{Book: b}, b, "main", [][]byte{secret}, hub)
	// A re-read only after a minute: a long-poll answered within seconds
	// was woken by LISTEN/NOTIFY.
	l.Recheck = time.Minute
	s := &liveServer{book: b, live: l, srv: httptest.NewServer(l)}
	t.Cleanup(s.srv.Close)
	deadline := time.Now().Add(5 * time.Second)
	for !hub.Up() {
		if time.Now().After(deadline) {
			t.Fatal("the listener did not connect")
		}
		time.Sleep(5 * time.Millisecond)
	}
	return s
}

// webhook sends a signed generic notification paying o to s.
func (s *liveServer) webhook(t *testing.T, id string, o store.Order) centralhttp.NotifyReply {
	t.Helper()
	body := fmt.Sprintf(`{"id":%q,"ref":%q,"amount":%q,"currency":"EUR"}`, id, o.Ref, o.Amount.Decimal())
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/notify", bytes.NewReader([]byte(body)))
	req.Header.Set(notify.Header, notify.Sign(secret, time.Now(), []byte(body)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r centralhttp.NotifyReply
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("webhook: %s %+v %v", resp.Status, r, err)
	}
	return r
}

func order(t *testing.T, st *store.Store, minor int64) store.Order {
	t.Helper()
	o, err := st.CreateOrder(context.Background(), store.NewOrder{Amount: payment.Amount{Minor: minor, Currency: eur}, Expiry: time.Hour, Actor: "ann"})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func waitStatus(t *testing.T, st *store.Store, ref payment.Reference, want payment.Status, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		o, err := st.Get(context.Background(), ref)
		if err != nil {
			t.Fatal(err)
		}
		if o.Status() == want {
			if o.State.Received != o.Amount.Minor {
				t.Fatalf("order %s received %d, want %d (once)", ref, o.State.Received, o.Amount.Minor)
			}
			return time.Since(start)
		}
		if time.Since(start) > within {
			t.Fatalf("order %s is %s after %v, want %s", ref, o.Status(), within, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A webhook to central server A for an order of a till long-polling
// server B turns the till's order paid, woken through LISTEN/NOTIFY;
// the payment comes back up and central's book shows it once.
func TestWebhookToServerAPaysTillOnServerB(t *testing.T) {
	f := newLiveFleet(t)
	a, b := f.server(t), f.server(t)
	st := f.till(t, "counter 1", b.srv.URL)
	o := order(t, st, 1250)
	if _, err := (&Syncer{Store: st}).Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go (&Live{Store: st, Currency: "EUR"}).Run(ctx)
	time.Sleep(200 * time.Millisecond) // the long-poll is held by B
	r := a.webhook(t, "n-1", o)
	if len(r.Results) != 1 || r.Results[0].Outcome != "sent" || r.Results[0].Till != "counter 1" {
		t.Fatalf("reply: %+v", r)
	}
	took := waitStatus(t, st, o.Ref, payment.StatusPaid, 5*time.Second)
	t.Logf("webhook to A, paid on the till behind B in %v", took)
	if again := a.webhook(t, "n-1", o); !again.Replayed {
		t.Fatalf("a replay: %+v", again)
	}
	if _, err := (&Syncer{Store: st}).Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	same(t, st, f.book, "counter 1")
}

// A webhook before the order's upload is kept, and the till applies it;
// the order and its payment then reach central together.
func TestWebhookBeforeUpload(t *testing.T) {
	f := newLiveFleet(t)
	a := f.server(t)
	st := f.till(t, "counter 1", a.srv.URL)
	o := order(t, st, 990)
	r := a.webhook(t, "early", o)
	if len(r.Results) != 1 || r.Results[0].Outcome != "sent" {
		t.Fatalf("reply: %+v", r)
	}
	if cs, _ := f.book.Orders(context.Background(), "main", central.OrderFilter{}); len(cs) != 0 {
		t.Fatalf("central has orders before the upload: %+v", cs)
	}
	l := &Live{Store: st, Currency: "EUR"}
	if n, err := l.Once(context.Background()); err != nil || n != 1 {
		t.Fatalf("long-poll: %d %v", n, err)
	}
	waitStatus(t, st, o.Ref, payment.StatusPaid, 0)
	if _, err := (&Syncer{Store: st}).Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	same(t, st, f.book, "counter 1")
}

// A till that is offline while the webhooks arrive gets them when it
// comes back, with a new process that has no cursor; a message applied
// but not yet acknowledged is applied again harmlessly.
func TestOfflineTillGetsNotificationsOnReconnect(t *testing.T) {
	f := newLiveFleet(t)
	a, b := f.server(t), f.server(t)
	st := f.till(t, "counter 1", b.srv.URL)
	o1, o2 := order(t, st, 100), order(t, st, 200)
	a.webhook(t, "w1", o1)
	first := &Live{Store: st, Currency: "EUR"}
	if n, err := first.Once(context.Background()); err != nil || n != 1 {
		t.Fatalf("first: %d %v", n, err)
	}
	// The till goes away before acknowledging w1; w2 arrives meanwhile.
	a.webhook(t, "w2", o2)
	again := &Live{Store: st, Currency: "EUR"}
	if n, err := again.Once(context.Background()); err != nil || n != 2 {
		t.Fatalf("after reconnecting: %d %v", n, err)
	}
	waitStatus(t, st, o1.Ref, payment.StatusPaid, 0)
	waitStatus(t, st, o2.Ref, payment.StatusPaid, 0)
	// Now acknowledged: a third process waits and gets nothing.
	b.live.MaxWait = 300 * time.Millisecond
	if n, err := again.Once(context.Background()); err != nil || n != 0 {
		t.Fatalf("acknowledging poll: %d %v", n, err)
	}
	if n, err := (&Live{Store: st, Currency: "EUR"}).Once(context.Background()); err != nil || n != 0 {
		t.Fatalf("a new process after the acknowledgement: %d %v", n, err)
	}
	if _, err := (&Syncer{Store: st}).Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	same(t, st, f.book, "counter 1")
}
