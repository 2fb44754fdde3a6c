package syncclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/till-pos/till/cmd/till/internal/centralhttp"
	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/store/central"
	"github.com/till-pos/till/store/central/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

// fleet is a central book behind a real HTTP server, whose replies a
// test can make the network lose.
type fleet struct {
	book *central.Book
	srv  *httptest.Server
	// dropReplies loses this many replies after the server acted on the
	// request (the classic lost acknowledgement).
	dropReplies atomic.Int32
	down        atomic.Bool // refuse every request, as a partition would
}

func newFleet(t *testing.T) *fleet {
	t.Helper()
	url := pgtest.Shared(t).NewDatabase(t)
	ctx := context.Background()
	b, err := central.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	if _, _, err := b.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	f := &fleet{book: b}
	inner := &centralhttp.Server{Book: b}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f.down.Load() {
			http.Error(w, `{"error":"partitioned"}`, http.StatusBadGateway)
			return
		}
		if f.dropReplies.Add(-1) >= 0 {
			inner.ServeHTTP(httptest.NewRecorder(), r) // acted on, reply lost
			panic(http.ErrAbortHandler)
		}
		f.dropReplies.Store(0)
		inner.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// till opens a till database at path and joins it as name.
func (f *fleet) till(t *testing.T, path, name string) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(path)
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
	if err := st.JoinFleet(ctx, store.Fleet{URL: f.srv.URL, Merchant: till.Merchant, Name: till.Name, Prefix: till.Prefix, Token: token}); err != nil {
		t.Fatal(err)
	}
	return st
}

var eur, _ = payment.LookupCurrency("EUR")

// sell makes n orders: paid, cancelled then paid (late), claimed, open.
func sell(t *testing.T, st *store.Store, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		o, err := st.CreateOrder(ctx, store.NewOrder{Amount: payment.Amount{Minor: int64(100 + i), Currency: eur}, Expiry: time.Hour, Actor: "ann"})
		if err != nil {
			t.Fatal(err)
		}
		switch i % 4 {
		case 0:
			err = pay(st, o)
		case 1:
			if _, err = st.Cancel(ctx, o.Ref, "ann", "wrong"); err == nil {
				err = pay(st, o) // late
			}
		case 2:
			_, err = st.Claim(ctx, o.Ref, "ann", "")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// pay records a payment notification for o, as till serve does.
func pay(st *store.Store, o store.Order) error {
	id := "n-" + string(o.Ref)
	ev := reconcile.Evidence{Key: "notification:" + id, Reference: string(o.Ref), Amount: o.Amount, Credit: true, At: time.Now()}
	_, err := st.Notify(context.Background(), store.Notification{ID: id, Kind: "generic", Body: []byte("{}")},
		[]reconcile.Evidence{ev}, reconcile.Options{Source: "notification:" + id, Actor: "till serve"})
	return err
}

// same compares a till's orders and events with the central book's.
func same(t *testing.T, st *store.Store, b *central.Book, name string) {
	t.Helper()
	ctx := context.Background()
	orders, err := st.List(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := b.Orders(ctx, "main", central.OrderFilter{Till: name})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != len(orders) {
		t.Fatalf("till %s has %d orders, central %d", name, len(orders), len(cs))
	}
	byRef := map[string]central.Order{}
	for _, o := range cs {
		byRef[o.Ref] = o
	}
	for _, o := range orders {
		c, ok := byRef[string(o.Ref)]
		if !ok || c.State() != o.State {
			t.Fatalf("order %s: till %+v, central %+v", o.Ref, o.State, c.State())
		}
	}
	if problems, err := b.Check(ctx, "main"); err != nil || len(problems) > 0 {
		t.Fatalf("central check: %v %q", err, problems)
	}
	if problems, err := st.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("till check: %v %q", err, problems)
	}
}

// Everything reaches central once, through lost replies: each resend is
// recognised as a duplicate.
func TestSyncThroughLostReplies(t *testing.T) {
	f := newFleet(t)
	st := f.till(t, filepath.Join(t.TempDir(), "till.db"), "counter 1")
	sell(t, st, 40)
	s := &Syncer{Store: st, Batch: 7}
	f.dropReplies.Store(3)
	for range 3 {
		if _, err := s.Once(context.Background()); err == nil {
			t.Fatal("a lost reply was not an error")
		}
	}
	res, err := s.Once(context.Background())
	if err != nil || res.Waiting != 0 || res.Duplicates == 0 {
		t.Fatalf("once: %+v %v", res, err)
	}
	if got := s.Status(); !got.Joined || !got.Online || got.Waiting != 0 || got.LastOK.IsZero() || got.LastError != "" {
		t.Fatalf("status: %+v", got)
	}
	same(t, st, f.book, "counter 1")
}

// A till that sold before it joined uploads its whole history.
func TestSyncUploadsHistoryFromBeforeJoining(t *testing.T) {
	f := newFleet(t)
	path := filepath.Join(t.TempDir(), "till.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	sell(t, st, 5)
	st.Close()
	st = f.till(t, path, "counter 1")
	sell(t, st, 3)
	if _, err := (&Syncer{Store: st}).Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	same(t, st, f.book, "counter 1")
}

// A copy of a till's database (or a restored backup) that makes its own
// sales is refused, with a clear message, and central keeps the original.
func TestSyncRefusesACopiedDatabase(t *testing.T) {
	f := newFleet(t)
	dir := t.TempDir()
	orig := f.till(t, filepath.Join(dir, "till.db"), "counter 1")
	sell(t, orig, 4)
	if _, err := (&Syncer{Store: orig}).Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := orig.Backup(context.Background(), filepath.Join(dir, "copy.db")); err != nil {
		t.Fatal(err)
	}
	copied, err := store.Open(filepath.Join(dir, "copy.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	sell(t, orig, 2)
	sell(t, copied, 3)
	if _, err := (&Syncer{Store: orig}).Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := &Syncer{Store: copied}
	_, err = s.Once(context.Background())
	if err == nil || !strings.Contains(err.Error(), "restored from a backup or copied") {
		t.Fatalf("the copy synced: %v", err)
	}
	if st := s.Status(); st.Diverged == "" || st.Online {
		t.Fatalf("status: %+v", st)
	}
	same(t, orig, f.book, "counter 1")
}

// A database restored from a backup older than what central has, with no
// new sale yet, learns it from the acknowledgement.
func TestSyncNoticesARestoredBackup(t *testing.T) {
	f := newFleet(t)
	dir := t.TempDir()
	st := f.till(t, filepath.Join(dir, "till.db"), "counter 1")
	sell(t, st, 2)
	if err := st.Backup(context.Background(), filepath.Join(dir, "old.db")); err != nil {
		t.Fatal(err)
	}
	sell(t, st, 2)
	if _, err := (&Syncer{Store: st}).Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	old, err := store.Open(filepath.Join(dir, "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	_, err = (&Syncer{Store: old}).Once(context.Background())
	if !errors.Is(err, store.ErrBehindCentral) {
		t.Fatalf("restored backup: %v", err)
	}
	if state, _ := old.SyncState(context.Background()); state.Diverged == "" {
		t.Fatalf("state: %+v", state)
	}
}

// An order central cannot take (its reference belongs to another till)
// is quarantined: the till records the verdict and the queue goes on.
func TestSyncQuarantineDoesNotBlock(t *testing.T) {
	f := newFleet(t)
	dir := t.TempDir()
	a := f.till(t, filepath.Join(dir, "a.db"), "a")
	b := f.till(t, filepath.Join(dir, "b.db"), "b")
	clash := payment.NewReferenceWithPrefix("22")
	a.NewReference = func() payment.Reference { return clash }
	b.NewReference = func() payment.Reference { return clash }
	sell(t, a, 1)
	sell(t, b, 1)
	b.NewReference = func() payment.Reference { return payment.NewReferenceWithPrefix("23") }
	sell(t, b, 2)
	for _, st := range []*store.Store{a, b} {
		if _, err := (&Syncer{Store: st}).Once(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	state, _ := b.SyncState(context.Background())
	if state.Quarantined != 2 || state.Waiting() != 0 { // its created and payment events
		t.Fatalf("b: %+v", state)
	}
	cs, _ := f.book.Orders(context.Background(), "main", central.OrderFilter{Till: "b"})
	if len(cs) != 2 {
		t.Fatalf("central has %d of b's orders, want 2", len(cs))
	}
	xs, _ := f.book.Exceptions(context.Background(), "main")
	if len(xs) != 2 || xs[0].Kind != "quarantined" {
		t.Fatalf("exceptions: %+v", xs)
	}
}

// Run keeps trying through a partition, backing off, and catches up
// once it heals; selling meanwhile never waits.
func TestRunHealsAfterAPartition(t *testing.T) {
	f := newFleet(t)
	st := f.till(t, filepath.Join(t.TempDir(), "till.db"), "counter 1")
	f.down.Store(true)
	s := &Syncer{Store: st, Poll: 20 * time.Millisecond, MinBackoff: 10 * time.Millisecond, MaxBackoff: 80 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	start := time.Now()
	sell(t, st, 8)
	if time.Since(start) > 5*time.Second {
		t.Fatalf("selling took %v while cut off", time.Since(start))
	}
	time.Sleep(200 * time.Millisecond)
	if got := s.Status(); got.Online || got.Waiting == 0 || !strings.Contains(got.LastError, "partitioned") {
		t.Fatalf("status while cut off: %+v", got)
	}
	f.down.Store(false)
	deadline := time.Now().Add(20 * time.Second)
	for s.Status().Waiting != 0 || !s.Status().Online {
		if time.Now().After(deadline) {
			t.Fatalf("never caught up: %+v", s.Status())
		}
		time.Sleep(20 * time.Millisecond)
	}
	same(t, st, f.book, "counter 1")
}

// Backoff doubles up to its bound, and jitter spreads each wait over its
// upper half.
func TestBackoff(t *testing.T) {
	lo, hi := 100*time.Millisecond, time.Second
	tests := []struct {
		n      int
		jitter float64
		want   time.Duration
	}{
		{1, 0, 50 * time.Millisecond}, {1, 1, 100 * time.Millisecond},
		{2, 0.5, 150 * time.Millisecond}, {4, 1, 800 * time.Millisecond},
		{5, 1, time.Second}, {50, 0, 500 * time.Millisecond}, {1 << 30, 1, time.Second},
	}
	for _, tc := range tests {
		if got := Backoff(tc.n, lo, hi, tc.jitter); got != tc.want {
			t.Errorf("Backoff(%d, jitter %v) = %v, want %v", tc.n, tc.jitter, got, tc.want)
		}
	}
}
