package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/store/central"
	"github.com/till-pos/till/store/central/pgtest"
)

// runFleet measures the fleet sync on a PostgreSQL of its own (initdb,
// as the tests do): draining an offline backlog of n orders (2 events
// each) from 1 and from 32 tills, each a real `till sync --once`, and the
// steady-state lag from a sale's commit on a till, with `till sync`
// running, to its row in PostgreSQL.
//
//	go run ./cmd/till-bench -fleet 20000
func runFleet(n int) error {
	fb, err := startFleetBench("till-fleet-")
	if err != nil {
		return err
	}
	defer fb.close()
	ctx, dir, till, book, url := context.Background(), fb.dir, fb.till, fb.book, fb.url
	addr, stop, err := startCentral(till, url)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Printf("\nMeasured %s on %s, %d cores, %s, PostgreSQL on the same machine (fsync off, as in the tests).\n\n",
		time.Now().Format("2006-01-02"), cpuModel(), runtime.NumCPU(), runtime.Version())
	fmt.Println("| fleet measure | figure |")
	fmt.Println("|---|---|")
	for _, tills := range []int{1, 32} {
		d, err := drain(ctx, book, till, dir, addr, tills, n)
		if err != nil {
			return err
		}
		fmt.Printf("| drain a backlog of %d orders (%d events) from %d till(s) | %.0f orders/s, %.0f events/s (%v) |\n",
			n, 2*n, tills, float64(n)/d.Seconds(), float64(2*n)/d.Seconds(), d.Round(time.Millisecond))
	}
	p50, p99, count, err := lag(ctx, book, till, dir, addr, url)
	if err != nil {
		return err
	}
	fmt.Printf("| lag from commit on a till to the row in PostgreSQL, %d sales 20 ms apart, `till sync` polling | p50 %v, p99 %v |\n",
		count, p50.Round(time.Millisecond), p99.Round(time.Millisecond))
	return nil
}

// startCentral runs `till central serve` and returns its URL.
func startCentral(till, url string, env ...string) (string, func(), error) {
	cmd := exec.Command(till, "central", "serve", "--pg", url, "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), env...)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		return "", nil, fmt.Errorf("central serve did not start: %w", err)
	}
	addr := strings.Fields(strings.TrimPrefix(line, "till central serve: listening on "))[0]
	return addr, func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }, nil
}

// joinedTill makes a till database joined to the fleet as name.
func joinedTill(ctx context.Context, book *central.Book, path, addr, name string) (*store.Store, error) {
	code, _, err := book.Enroll(ctx, "main", name)
	if err != nil {
		return nil, err
	}
	t, token, err := book.Join(ctx, code)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(path)
	if err != nil {
		return nil, err
	}
	return st, st.JoinFleet(ctx, store.Fleet{URL: addr, Merchant: t.Merchant, Name: t.Name, Prefix: t.Prefix, Token: token})
}

// drain seeds n orders over tills offline, then times every till's
// `till sync --once`, all at once.
func drain(ctx context.Context, book *central.Book, till, dir, addr string, tills, n int) (time.Duration, error) {
	cfg := filepath.Join(dir, "config.toml")
	if err := writeDemoConfig(cfg); err != nil {
		return 0, err
	}
	cur := payment.MustCurrency("BRL")
	var dbs []string
	for i := range tills {
		path := filepath.Join(dir, fmt.Sprintf("drain%d-%d.db", tills, i))
		st, err := joinedTill(ctx, book, path, addr, fmt.Sprintf("drain %d/%d", tills, i))
		if err != nil {
			return 0, err
		}
		for j := i; j < n; j += tills {
			o, err := st.CreateOrder(ctx, store.NewOrder{Amount: payment.Amount{Minor: int64(100 + j), Currency: cur}, Expiry: time.Hour})
			if err == nil {
				_, err = st.Claim(ctx, o.Ref, "bench", "")
			}
			if err != nil {
				st.Close()
				return 0, err
			}
		}
		st.Close()
		dbs = append(dbs, path)
	}
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, tills)
	for _, db := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if out, err := exec.Command(till, "--db", db, "--config", cfg, "sync", "--once").CombinedOutput(); err != nil {
				errs <- fmt.Errorf("till sync --once: %v: %s", err, out)
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// lag sells every 20 ms on a till whose `till sync` runs, and measures
// how long each order takes to appear in PostgreSQL.
func lag(ctx context.Context, book *central.Book, till, dir, addr, url string) (p50, p99 time.Duration, count int, err error) {
	path := filepath.Join(dir, "lag.db")
	st, err := joinedTill(ctx, book, path, addr, "lag")
	if err != nil {
		return 0, 0, 0, err
	}
	defer st.Close()
	cmd := exec.Command(till, "--db", path, "--config", filepath.Join(dir, "config.toml"), "sync")
	if err := cmd.Start(); err != nil {
		return 0, 0, 0, err
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return 0, 0, 0, err
	}
	defer pool.Close()
	const sales = 500
	var mu sync.Mutex
	sent := map[string]time.Time{}
	var lags []time.Duration
	done := make(chan struct{})
	go func() { // watch PostgreSQL for the rows, every 2 ms
		defer close(done)
		for {
			mu.Lock()
			refs := make([]string, 0, len(sent))
			for r := range sent {
				refs = append(refs, r)
			}
			finished := len(refs) == 0 && count == sales
			mu.Unlock()
			if finished {
				return
			}
			rows, err := pool.Query(ctx, `SELECT ref FROM orders WHERE merchant = 'main' AND ref = ANY($1)`, refs)
			if err == nil {
				now := time.Now()
				for rows.Next() {
					var r string
					rows.Scan(&r)
					mu.Lock()
					lags = append(lags, now.Sub(sent[r]))
					delete(sent, r)
					mu.Unlock()
				}
				rows.Close()
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	cur := payment.MustCurrency("BRL")
	for i := range sales {
		o, err := st.CreateOrder(ctx, store.NewOrder{Amount: payment.Amount{Minor: int64(100 + i), Currency: cur}, Expiry: time.Hour})
		if err != nil {
			return 0, 0, 0, err
		}
		mu.Lock()
		sent[string(o.Ref)] = time.Now()
		count = i + 1
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	select {
	case <-done:
	case <-time.After(time.Minute):
		return 0, 0, 0, fmt.Errorf("the sales did not all reach PostgreSQL within a minute")
	}
	mu.Lock()
	defer mu.Unlock()
	slices.Sort(lags)
	return lags[len(lags)/2], lags[len(lags)*99/100], len(lags), nil
}

func writeDemoConfig(path string) error {
	data, err := config.Encode(config.Demo())
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}

// fleetBench is what a fleet measure runs on: a folder, a till binary
// built from the source, and a PostgreSQL of its own with the central
// schema.
type fleetBench struct {
	dir, till, url string
	pg             *pgtest.Server
	book           *central.Book
}

func startFleetBench(prefix string) (*fleetBench, error) {
	dir, till, err := buildTill(prefix)
	if err != nil {
		return nil, err
	}
	fb := &fleetBench{dir: dir, till: till}
	if fb.pg, err = pgtest.Start(); err != nil {
		fb.close()
		return nil, fmt.Errorf("start PostgreSQL: %w", err)
	}
	fb.url = fb.pg.URL("postgres")
	ctx := context.Background()
	if fb.book, err = central.Open(ctx, fb.url); err == nil {
		_, _, err = fb.book.Migrate(ctx)
	}
	if err != nil {
		fb.close()
		return nil, err
	}
	return fb, nil
}

func (fb *fleetBench) close() {
	if fb.book != nil {
		fb.book.Close()
	}
	if fb.pg != nil {
		fb.pg.Stop()
	}
	os.RemoveAll(fb.dir)
}
