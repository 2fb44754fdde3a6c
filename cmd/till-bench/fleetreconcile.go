package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/statement"
	"github.com/till-pos/till/store/central"
	"github.com/till-pos/till/store/central/pgtest"
)

var fleetReconcileN = flag.Int("fleet-reconcile", 0, "instead: fleet reconciliation figures, this many lines against as many orders of 100 tills (starts its own PostgreSQL)")

// fleetReconcileIfAsked runs -fleet-reconcile and exits, when it is given.
func fleetReconcileIfAsked() {
	if *fleetReconcileN <= 0 {
		return
	}
	if err := runFleetReconcile(*fleetReconcileN); err != nil {
		fmt.Fprintln(os.Stderr, "till-bench:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// fleetTills is how many tills the fleet reconciliation's orders belong to.
const fleetTills = 100

// runFleetReconcile measures till central reconcile on a PostgreSQL of its
// own: n orders of 100 tills in the central book, an n-line statement
// (generic CSV) paying each once, reconciled by the real till binary, in
// runs alternating with psql doing the same set-based work (COPY the
// lines, one INSERT … SELECT matching them to the orders, one INSERT …
// SELECT making the tills' messages). Then one run in this process while
// notifications arrive for a till, for how long a notification waits.
//
//	go run ./cmd/till-bench -fleet-reconcile 100000
func runFleetReconcile(n int) error {
	fb, err := startFleetBench("till-fleetrec-")
	if err != nil {
		return err
	}
	defer fb.close()
	ctx, dir, till, book, url, pg := context.Background(), fb.dir, fb.till, fb.book, fb.url, fb.pg
	os.Chmod(dir, 0o755) // psql's \copy reads the statement as this user; the server never does
	start := time.Now()
	file, refs, err := loadFleet(ctx, book, url, dir, n)
	if err != nil {
		return err
	}
	fmt.Printf("loaded %d orders of %d tills and wrote a %d-line statement in %v\n", n, fleetTills, n, time.Since(start).Round(time.Millisecond))
	var tillTimes, psqlTimes []time.Duration
	var rss int64
	runs := 3
	if n > 200_000 {
		runs = 1 // a run of a million lines takes minutes on the 2-core machine
	}
	for range runs {
		if err := resetRecon(ctx, url); err != nil {
			return err
		}
		d, kb, err := timeTillReconcile(till, url, dir, file, n)
		if err != nil {
			return err
		}
		tillTimes, rss = append(tillTimes, d), max(rss, kb)
		if err := resetRecon(ctx, url); err != nil {
			return err
		}
		d, err = timePsqlReconcile(pg, file, n)
		if err != nil {
			return err
		}
		psqlTimes = append(psqlTimes, d)
		fmt.Printf("  run: till %v, psql %v\n", tillTimes[len(tillTimes)-1].Round(time.Millisecond), d.Round(time.Millisecond))
	}
	if err := resetRecon(ctx, url); err != nil {
		return err
	}
	stop := notifyEvery(ctx, book, refs, "alone")
	time.Sleep(3 * time.Second)
	alone := stop()
	lock, wait, err := reconcileWithNotifications(ctx, book, file, refs)
	if err != nil {
		return err
	}
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("\nMeasured %s on %s, %d cores, %s, PostgreSQL on the same machine (fsync off, as in the tests); load average %s\n\n",
		time.Now().Format("2006-01-02"), cpuModel(), runtime.NumCPU(), runtime.Version(), string(load[:min(len(load), 15)]))
	fmt.Println("| fleet reconciliation | figure |")
	fmt.Println("|---|---|")
	tm, pm := medianOf(tillTimes), medianOf(psqlTimes)
	fmt.Printf("| `till central reconcile` of %d lines against %d orders of %d tills (median of %d) | %v, peak RSS %d MB |\n",
		n, n, fleetTills, runs, tm.Round(time.Millisecond), rss/1024)
	fmt.Printf("| psql: COPY, one INSERT … SELECT matching, one INSERT … SELECT of the messages (median of %d) | %v |\n", runs, pm.Round(time.Millisecond))
	fmt.Printf("| ratio till / psql | %.1f× |\n", float64(tm)/float64(pm))
	fmt.Printf("| a till transaction's hold of its down-queue head, statement and commit (a notification waits for it): p50 / p99 / max | %v / %v / %v (%d) |\n",
		lock[0].Round(time.Microsecond), lock[1].Round(time.Microsecond), lock[2].Round(time.Microsecond), int(lock[3]))
	fmt.Printf("| notifications to a till during the reconciliation, every 5 ms: p50 / p99 / max | %v / %v / %v (%d) |\n",
		wait[0].Round(time.Microsecond), wait[1].Round(time.Microsecond), wait[2].Round(time.Microsecond), int(wait[3]))
	fmt.Printf("| the same notifications for 3 s with no reconciliation: p50 / p99 / max | %v / %v / %v (%d) |\n",
		alone[0].Round(time.Microsecond), alone[1].Round(time.Microsecond), alone[2].Round(time.Microsecond), int(alone[3]))
	return nil
}

// loadFleet enrols the tills and copies n open orders into the central
// book (as their uploads would leave them), and writes a statement of n
// lines, each paying one order exactly. It returns the file and the first
// till's references.
func loadFleet(ctx context.Context, book *central.Book, url, dir string, n int) (string, []string, error) {
	var prefixes, names []string
	for i := range fleetTills {
		name := fmt.Sprintf("till %03d", i)
		code, t, err := book.Enroll(ctx, "main", name)
		if err != nil {
			return "", nil, err
		}
		if _, _, err := book.Join(ctx, code); err != nil {
			return "", nil, err
		}
		prefixes, names = append(prefixes, t.Prefix), append(names, name)
	}
	path := filepath.Join(dir, "fleet.csv")
	f, err := os.Create(path)
	if err != nil {
		return "", nil, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("date,amount,currency,reference,counterparty,id\n")
	day := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	rows := make([][]any, 0, n)
	var first []string
	seen := make(map[string]bool, n)
	for i := range n {
		t := i % fleetTills
		ref := string(payment.NewReferenceWithPrefix(prefixes[t]))
		for seen[ref] { // random references: at a million, two may meet
			ref = string(payment.NewReferenceWithPrefix(prefixes[t]))
		}
		seen[ref] = true
		minor := int64(100 + i%9000)
		created := day.Add(time.Duration(i%36000) * time.Second).UnixMilli()
		rows = append(rows, []any{"main", ref, names[t], minor, "EUR", "2026-12-02", created, "open"})
		fmt.Fprintf(w, "2026-12-02,%d.%02d,EUR,%s,Payer,B%d\n", minor/100, minor%100, ref, i)
		if t == 0 {
			first = append(first, ref)
		}
	}
	if err := w.Flush(); err != nil {
		return "", nil, err
	}
	if err := f.Close(); err != nil {
		return "", nil, err
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return "", nil, err
	}
	defer conn.Close(ctx)
	_, err = conn.CopyFrom(ctx, pgx.Identifier{"orders"}, []string{"merchant", "ref", "till", "amount_minor", "currency", "day", "created_at", "status"},
		pgx.CopyFromRows(rows))
	if err == nil {
		_, err = conn.Exec(ctx, "VACUUM ANALYZE orders")
	}
	return path, first, err
}

// resetRecon empties what a reconciliation writes.
func resetRecon(ctx context.Context, url string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `TRUNCATE recon_lines, recon_imports, down, down_heads, exceptions, notifications`)
	if err == nil {
		_, err = conn.Exec(ctx, `VACUUM ANALYZE`)
	}
	return err
}

// timeTillReconcile runs the real till central reconcile and checks it
// paid every line.
func timeTillReconcile(till, url, dir, file string, n int) (time.Duration, int64, error) {
	home := filepath.Join(dir, "home") // no configuration: none is needed
	os.MkdirAll(home, 0o700)
	out := filepath.Join(dir, "reconcile.json")
	// Through the helper: started from this process, which holds the
	// orders' references, the child's peak RSS would count them.
	d, kib, err := timeWithRSSOut([]string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "XDG_DATA_HOME=" + home}, out,
		till, "central", "reconcile", "--pg", url, "--profile", "generic", "--json", file)
	if err != nil {
		return 0, 0, fmt.Errorf("till central reconcile: %w", err)
	}
	text, err := os.ReadFile(out)
	if err != nil {
		return 0, 0, err
	}
	var r struct {
		Paid int `json:"paid"`
	}
	if err := json.Unmarshal(text, &r); err != nil || r.Paid != n {
		return 0, 0, fmt.Errorf("till central reconcile paid %d of %d lines (%v)", r.Paid, n, err)
	}
	return d, kib, nil
}

// psqlReconcile is the same set-based work in plain SQL: the lines
// copied in, matched by reference in one INSERT … SELECT (paid, partial,
// overpaid or unmatched, each line once by its key), and the tills'
// messages of 200 lines made by one INSERT … SELECT.
const psqlReconcile = `BEGIN;
CREATE TEMP TABLE stage (day date, amount numeric, currency text, reference text, counterparty text, id text) ON COMMIT DROP;
\copy stage FROM '%s' CSV HEADER
INSERT INTO recon_lines (merchant, key, import_id, amount_minor, currency, credit, at, outcome, rule, ref, till, event_kind, event_minor)
SELECT 'main', 'csv:generic||' || s.id, 0, (s.amount * 100)::bigint, s.currency, true, (extract(epoch FROM s.day) * 1000)::bigint,
	CASE WHEN o.ref IS NULL THEN 'unmatched' WHEN o.amount_minor = (s.amount * 100)::bigint THEN 'paid'
		WHEN o.amount_minor > (s.amount * 100)::bigint THEN 'partial' ELSE 'overpaid' END,
	'reference', coalesce(o.ref, ''), coalesce(o.till, ''), CASE WHEN o.ref IS NULL THEN '' ELSE 'payment' END, (s.amount * 100)::bigint
FROM stage s LEFT JOIN orders o ON o.merchant = 'main' AND o.ref = s.reference
ON CONFLICT (merchant, key) DO NOTHING;
INSERT INTO down_heads (merchant, till) SELECT 'main', name FROM tills WHERE merchant = 'main' ON CONFLICT DO NOTHING;
INSERT INTO down (merchant, till, n, kind, source, body)
SELECT 'main', till, g + 1, 'statement', 'psql', json_build_object('kind', 'statement', 'body', json_agg(json_build_object(
		'key', key, 'reference', ref, 'amount_minor', amount_minor, 'currency', currency, 'credit', credit, 'at', at))::text)::text
FROM (SELECT l.*, (row_number() OVER (PARTITION BY till ORDER BY id) - 1) / 200 AS g FROM recon_lines l WHERE merchant = 'main' AND till <> '') x
GROUP BY till, g;
COMMIT;
`

func timePsqlReconcile(pg *pgtest.Server, file string, n int) (time.Duration, error) {
	script := filepath.Join(filepath.Dir(file), "reconcile.sql")
	if err := os.WriteFile(script, fmt.Appendf(nil, psqlReconcile, file), 0o644); err != nil {
		return 0, err
	}
	cmd := exec.Command("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", strconv.Itoa(pg.Port), "-U", "postgres",
		"-d", "postgres", "-f", script)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("psql: %v\n%s", err, out)
	}
	return d, nil
}

// reconcileWithNotifications reconciles in this process while a
// notification for an order of the first till arrives every 5 ms: it
// returns how long its till transactions held a till's down-queue head
// (p50, p99, max),
// and the notifications' p50, p99, max and count.
func reconcileWithNotifications(ctx context.Context, book *central.Book, file string, refs []string) ([4]time.Duration, [4]time.Duration, error) {
	var holds []time.Duration
	rec := &central.Reconciler{Book: book, Merchant: "main", HeadHeld: func(d time.Duration) { holds = append(holds, d) }}
	stop := notifyEvery(ctx, book, refs, "during")
	uc := app.App{Importer: rec, Actor: "till-bench"}
	_, err := uc.Import(ctx, app.ImportRequest{Files: []string{file}, Format: "csv", Options: statement.Options{Profile: "generic"}}, nil)
	out := stop()
	var hold [4]time.Duration
	if len(holds) > 0 {
		slices.Sort(holds)
		hold = [4]time.Duration{holds[len(holds)/2], holds[len(holds)*99/100], holds[len(holds)-1], time.Duration(len(holds))}
	}
	return hold, out, err
}

// notifyEvery sends a notification for an order of refs' till every
// 5 ms until the returned function is called, which gives their times'
// p50, p99, max and count.
func notifyEvery(ctx context.Context, book *central.Book, refs []string, tag string) func() [4]time.Duration {
	done := make(chan struct{})
	waits := make(chan []time.Duration, 1)
	go func() {
		var list []time.Duration
		eur := payment.MustCurrency("EUR")
		for i := 0; ; i++ {
			select {
			case <-done:
				waits <- list
				return
			case <-time.After(5 * time.Millisecond):
			}
			ref := refs[i%len(refs)]
			start := time.Now()
			_, err := book.Notify(ctx, "main", central.Notification{ID: fmt.Sprintf("bench-%s-%d", tag, i), Kind: "generic", Body: []byte("{}"),
				ReceivedAt: time.Now(), Items: []reconcile.Evidence{{Key: fmt.Sprintf("n%s%d", tag, i), Reference: ref,
					Amount: payment.Amount{Minor: 1, Currency: eur}, Credit: true, At: time.Now()}}})
			if err == nil {
				list = append(list, time.Since(start))
			}
		}
	}()
	return func() [4]time.Duration {
		close(done)
		list := <-waits
		var out [4]time.Duration
		if len(list) > 0 {
			slices.Sort(list)
			out = [4]time.Duration{list[len(list)/2], list[len(list)*99/100], list[len(list)-1], time.Duration(len(list))}
		}
		return out
	}
}
