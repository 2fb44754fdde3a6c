package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
)

func sale(s *Store, ctx context.Context) (Order, error) {
	return s.CreateOrder(ctx, NewOrder{Amount: payment.Amount{Minor: 100, Currency: brl}, Expiry: time.Minute, Codes: codesFor})
}

// The sale connection is shared by every goroutine of a store (the TUI,
// till serve's handlers): sales made at once are all kept, each once.
func TestSalesFromManyGoroutines(t *testing.T) {
	s := openTest(t)
	const goroutines, each = 8, 20
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for range goroutines {
		wg.Go(func() {
			for range each {
				if _, err := sale(s, context.Background()); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM orders`).Scan(&n); err != nil || n != goroutines*each {
		t.Fatalf("%d orders (%v), want %d", n, err, goroutines*each)
	}
}

// A sale waits for another writer's lock and goes through when it is
// free; a sale whose context ends while it waits gives up, writes
// nothing, and leaves the connection fit for the next sale.
func TestSaleWaitsForTheLockAndGivesUpWithItsContext(t *testing.T) {
	s := openTest(t)
	if _, err := sale(s, context.Background()); err != nil { // the sale connection is open
		t.Fatal(err)
	}
	other, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	hold := func(d time.Duration) <-chan struct{} {
		locked := make(chan struct{})
		go other.writeTx(context.Background(), func(*sql.Tx) error {
			close(locked)
			time.Sleep(d)
			return nil
		})
		<-locked
		return locked
	}

	hold(150 * time.Millisecond)
	start := time.Now()
	if _, err := sale(s, context.Background()); err != nil {
		t.Fatalf("a sale behind another writer: %v", err)
	}
	if waited := time.Since(start); waited < 100*time.Millisecond {
		t.Fatalf("the sale took %v while another writer held the lock for 150 ms", waited)
	}

	hold(500 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := sale(s, ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a sale whose context ended while it waited: %v", err)
	}
	if _, err := sale(s, context.Background()); err != nil {
		t.Fatalf("the next sale: %v", err)
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM orders`).Scan(&n); err != nil || n != 3 {
		t.Fatalf("%d orders (%v), want 3: the sale given up wrote nothing", n, err)
	}
}

// A reference drawn twice fails the insert inside the sale's transaction:
// it is rolled back and the sale draws again, and the connection is not
// left inside a transaction (the next write from elsewhere goes through).
func TestSaleRetriesAClashingReference(t *testing.T) {
	s := openTest(t)
	first, err := sale(s, context.Background())
	if err != nil {
		t.Fatal(err)
	}
	draws := []payment.Reference{first.Ref, first.Ref}
	s.NewReference = func() payment.Reference {
		if len(draws) > 0 {
			r := draws[0]
			draws = draws[1:]
			return r
		}
		return payment.NewReference()
	}
	second, err := sale(s, context.Background())
	if err != nil || second.Ref == first.Ref {
		t.Fatalf("second sale: %v %v", second.Ref, err)
	}
	other, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := sale(other, ctx); err != nil {
		t.Fatalf("a write from another connection after the clash: %v", err)
	}
}

// A sale whose context has ended writes nothing, even with the lock free;
// and one waiting for its turn behind a sale stuck on another writer's
// lock gives up when its context ends, not when the other sale is done.
func TestSaleContextEndsBeforeItsTurn(t *testing.T) {
	s := openTest(t)
	done, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := sale(s, done); !errors.Is(err, context.Canceled) {
		t.Fatalf("a sale given up before it began: %v", err)
	}
	other, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	locked := make(chan struct{})
	go other.writeTx(context.Background(), func(*sql.Tx) error {
		close(locked)
		time.Sleep(600 * time.Millisecond)
		return nil
	})
	<-locked
	first := make(chan error, 1)
	go func() { _, err := sale(s, context.Background()); first <- err }()
	time.Sleep(50 * time.Millisecond) // the first sale has the turn, polling for the lock
	ctx, stop := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer stop()
	start := time.Now()
	if _, err := sale(s, ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a sale waiting for its turn: %v", err)
	}
	if waited := time.Since(start); waited > 400*time.Millisecond {
		t.Fatalf("the sale gave up after %v, its context ended after 50 ms", waited)
	}
	if err := <-first; err != nil {
		t.Fatalf("the first sale: %v", err)
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM orders`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d orders (%v), want the first sale's only", n, err)
	}
}

// A sale connection given up after an error is closed, not given back
// to the pool with its 1 ms busy timeout.
func TestSaleConnectionResetIsClosed(t *testing.T) {
	s := openTest(t)
	if _, err := sale(s, context.Background()); err != nil {
		t.Fatal(err)
	}
	open := s.db.Stats().OpenConnections
	s.sales.reset()
	if got := s.db.Stats().OpenConnections; got != open-1 {
		t.Fatalf("%d connections open after the reset, want %d: the sale connection went back to the pool", got, open-1)
	}
	if _, err := sale(s, context.Background()); err != nil {
		t.Fatalf("the next sale: %v", err)
	}
}
