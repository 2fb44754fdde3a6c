// Command till-bench measures till and prints a Markdown table: payload
// building per scheme, the QR matrix and layout, durable order creation,
// listing orders and the day close on a large database, reconciling a
// large statement, and the cold start of `till orders --json`. Where it
// makes sense the same work is timed with the sqlite3 command-line tool on
// the same machine, and the ratio is given.
//
//	go run ./cmd/till-bench                  # 1,000,000 orders; imports of 200,000 lines
//	go run ./cmd/till-bench -lines 1000000   # the README's figures (about 15 minutes)
//	go run ./cmd/till-bench -orders 100000 -lines 50000 -runs 1   # quicker
//	go run ./cmd/till-bench -flood 10000     # till serve under a flood of unsigned requests
//	go run ./cmd/till-bench -fleet 20000     # fleet sync: backlog drain and lag (needs PostgreSQL's server binaries)
//	go run ./cmd/till-bench -live 300        # webhook-to-till latency with 1, 100 and 1,000 tills (the same)
//	go run ./cmd/till-bench -only create,cold -big /tmp/big.db   # two rows; the large database kept for the next run
//
// Run it from the repository root; it builds till into a temporary folder.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/scheme"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/qrview"
)

type row struct{ what, till, sqlite, ratio string }

func main() {
	if os.Getenv(rssChildEnv) != "" {
		os.Exit(rssChild(os.Args[1:]))
	}
	orders := flag.Int("orders", 1_000_000, "orders in the large database, and lines in the large statement")
	creates := flag.Int("creates", 2000, "orders created one durable transaction each")
	keep := flag.Bool("keep", false, "keep the working folder")
	check := flag.Bool("check", false, "fail if the cold start takes 50 ms or more and 30 ms more than till version, the day close 200 ms or more, the day close with as many open exceptions as orders 1 s or 100 MB or more, or a sale fails during an import")
	floodN := flag.Int("flood", 0, "instead: send this many unsigned 60 KB requests to till serve, with signed ones meanwhile")
	var o importFlags
	flag.IntVar(&o.lines, "lines", 200_000, "lines of the statement import compared with sqlite3 (and orders it pays); the README's figures: 1000000")
	flag.IntVar(&o.runs, "runs", 3, "alternating runs of till and sqlite3 for the import comparison (the median is given)")
	fleetN := flag.Int("fleet", 0, "instead: fleet sync figures with a backlog of this many orders (starts its own PostgreSQL)")
	liveN := flag.Int("live", 0, "instead: webhook-to-till latency with 1, 100 and 1,000 tills, this many webhooks each (starts its own PostgreSQL)")
	flag.StringVar(&o.only, "only", "", "measure only these parts, comma-separated: payloads, create, queries, cold, imports, exceptions (default all)")
	flag.StringVar(&o.big, "big", "", "the large database: made there if missing, else reused as it is (default: made in the working folder)")
	flag.StringVar(&o.till, "till", "", "time this till binary instead of building one (to compare two commits)")
	flag.IntVar(&o.coldRuns, "cold-runs", 21, "alternating runs of the cold start, till and sqlite3 (the median is given)")
	flag.Parse()
	if *liveN > 0 {
		if err := runLive(*liveN); err != nil {
			fmt.Fprintln(os.Stderr, "till-bench:", err)
			os.Exit(1)
		}
		return
	}
	fleetReconcileIfAsked() // -fleet-reconcile N (fleetreconcile.go)
	if *importSizes != "" {
		exitOn(runImports(*importSizes, o.runs))
	}
	if *fleetN > 0 {
		if err := runFleet(*fleetN); err != nil {
			fmt.Fprintln(os.Stderr, "till-bench:", err)
			os.Exit(1)
		}
		return
	}
	if *floodN > 0 {
		if err := runFlood(*floodN); err != nil {
			fmt.Fprintln(os.Stderr, "till-bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*orders, *creates, *keep, *check, o); err != nil {
		fmt.Fprintln(os.Stderr, "till-bench:", err)
		os.Exit(1)
	}
}

// Targets checked with -check.
const (
	coldStartTarget = 50 * time.Millisecond
	// coldStartWork bounds what the cold start adds to starting the
	// process at all (till version): on a sandbox where merely starting a
	// process takes 35 ms, the 50 ms target measures the machine, not till.
	coldStartWork  = 30 * time.Millisecond
	dayCloseTarget = 200 * time.Millisecond
)

// importFlags size the statement import comparison, and say which parts
// run and where the large database is.
type importFlags struct {
	lines, runs, coldRuns int
	only, big, till       string
}

// wants says whether part is to be measured (-only).
func (o importFlags) wants(part string) bool {
	return o.only == "" || slices.Contains(strings.Split(o.only, ","), part)
}

func run(n, creates int, keep, check bool, o importFlags) error {
	dir, err := os.MkdirTemp("", "till-bench-")
	if err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(dir)
	} else {
		fmt.Fprintln(os.Stderr, "working folder:", dir)
	}
	till := o.till
	if till == "" {
		till = filepath.Join(dir, "till")
		if out, err := exec.Command("go", "build", "-o", till, "./cmd/till").CombinedOutput(); err != nil {
			return fmt.Errorf("build till (run from the repository root): %v\n%s", err, out)
		}
	}
	if _, err := exec.LookPath("sqlite3"); err != nil {
		return fmt.Errorf("the sqlite3 command-line tool is needed for the comparison: %w", err)
	}
	var rows []row
	add := func(r row) {
		rows = append(rows, r)
		fmt.Fprintf(os.Stderr, "  %s: %s\n", r.what, r.till)
	}

	if o.wants("payloads") {
		for _, r := range payloadRows() {
			add(r)
		}
		add(qrRow())
	}
	if o.wants("create") {
		r, err := createRow(dir, creates)
		if err != nil {
			return err
		}
		add(r)
	}
	big, day, err := bigDatabase(dir, n, o)
	if err != nil {
		return err
	}
	var cold, work time.Duration
	dayClose := time.Duration(0)
	if o.wants("queries") {
		var queries []row
		queries, dayClose = queryRows(big, day)
		for _, r := range queries {
			add(r)
		}
	}
	cfg := filepath.Join(dir, "config.toml")
	data, _ := config.Encode(config.Demo())
	os.WriteFile(cfg, data, 0o600)
	if o.wants("cold") {
		var coldRow row
		cold, work, coldRow = coldStartRow(till, big, cfg, o.coldRuns)
		add(coldRow)
	}
	var failedSales int
	if o.wants("imports") {
		var imports []row
		if imports, failedSales, err = importRows(till, dir, cfg, o.lines, o.runs, true); err != nil {
			return err
		}
		for _, r := range imports {
			add(r)
		}
	}
	var xcheck error
	if o.wants("exceptions") {
		var xrows []row
		if xrows, xcheck, err = exceptionRows(till, big, cfg, day, n); err != nil {
			return err
		}
		for _, r := range xrows {
			add(r)
		}
	}

	printTable(rows, n)
	if !check {
		return nil
	}
	return checkTargets(cold, work, dayClose, failedSales, xcheck)
}

// printTable prints the measured rows as the README's markdown table.
func printTable(rows []row, n int) {
	fmt.Printf("\nMeasured %s on %s, %d cores, %s, sqlite3 %s; %d orders.\n\n",
		time.Now().Format("2006-01-02"), cpuModel(), runtime.NumCPU(), runtime.Version(), sqliteVersion(), n)
	fmt.Println("| measure | till | sqlite3 CLI | till / sqlite3 |")
	fmt.Println("|---|---|---|---|")
	for _, r := range rows {
		fmt.Printf("| %s | %s | %s | %s |\n", r.what, r.till, dash(r.sqlite), dash(r.ratio))
	}
}

// bigDatabase is the database of n orders the queries, the cold start and
// the exceptions read, and its busiest day: seeded in the working folder,
// or at -big, where an existing one is reused.
func bigDatabase(dir string, n int, o importFlags) (path, day string, err error) {
	path = filepath.Join(dir, "big.db")
	if o.big != "" {
		path = o.big
	}
	day = seedDay(n)
	if !o.wants("queries") && !o.wants("cold") && !o.wants("exceptions") {
		return path, day, nil
	}
	if _, err := os.Stat(path); err == nil && o.big != "" {
		fmt.Fprintf(os.Stderr, "reusing %s\n", path)
		return path, day, nil
	}
	fmt.Fprintf(os.Stderr, "seeding %d orders...\n", n)
	_, _, err = seed(path, n)
	return path, day, err
}

// checkTargets says which target the run missed (-check): cold start, day
// close, sales during the import, or the exception day close's own targets.
func checkTargets(cold, work, dayClose time.Duration, failedSales int, xcheck error) error {
	if cold >= coldStartTarget && work >= coldStartWork {
		return fmt.Errorf("cold start %v is over the %v target, and %v more than starting the process (till version, run beside it)", cold, coldStartTarget, work)
	}
	if dayClose >= dayCloseTarget {
		return fmt.Errorf("day close %v is over the %v target", dayClose, dayCloseTarget)
	}
	if failedSales > 0 {
		return fmt.Errorf("%d sales failed during the import", failedSales)
	}
	return xcheck
}

func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// payloadRows times building one charge's codes, per scheme type.
func payloadRows() []row {
	type sample struct {
		m      payment.Merchant
		values map[string]any
	}
	m := func(name, city, country, cur string) payment.Merchant {
		return payment.Merchant{Name: name, City: city, Country: country, Currency: payment.MustCurrency(cur), MCC: "5812"}
	}
	samples := []sample{
		{m("Cafe Sao Joao", "Sao Paulo", "BR", "BRL"), map[string]any{"type": "emv", "tag": int64(27), "guid": "COM.EXAMPLE.WALLET", "merchant_id": "M-0001"}},
		{m("Cafe Sao Joao", "Sao Paulo", "BR", "BRL"), map[string]any{"type": "pix", "key": "+5511999999999"}},
		{m("Som Tam Shop", "Bangkok", "TH", "THB"), map[string]any{"type": "promptpay", "phone": "081-234-5678"}},
		{m("Kopi Corner", "Singapore", "SG", "SGD"), map[string]any{"type": "paynow", "uen": "201403121W"}},
		{m("Kedai Runcit", "Kuala Lumpur", "MY", "MYR"), map[string]any{"type": "duitnow", "acquirer_id": "501664", "account": "123456789"}},
		{m("Pho Ha Noi", "Ha Noi", "VN", "VND"), map[string]any{"type": "vietqr", "bin": "970416", "account": "257678859"}},
		{m("Chai Point", "Bengaluru", "IN", "INR"), map[string]any{"type": "upi", "vpa": "chaipoint@okaxis"}},
		{m("Baeckerei", "Muenchen", "DE", "EUR"), map[string]any{"type": "epc", "iban": "DE89370400440532013000"}},
	}
	var out []row
	for _, s := range samples {
		sc, err := scheme.New(0, s.values)
		if err != nil {
			return append(out, row{what: "payload " + s.values["type"].(string), till: "error: " + err.Error()})
		}
		set := scheme.Set{Merchant: s.m, Schemes: []scheme.Scheme{sc}}
		ch := scheme.Charge{Amount: payment.Amount{Minor: 12345, Currency: s.m.Currency}, Ref: payment.NewReference(), Expires: time.Now().Add(time.Hour)}
		res := testing.Benchmark(func(b *testing.B) {
			for b.Loop() {
				set.Codes(ch)
			}
		})
		out = append(out, row{what: "build a " + s.values["type"].(string) + " payload", till: fmt.Sprintf("%.1f µs", float64(res.NsPerOp())/1e3)})
	}
	return out
}

// qrRow times the QR matrix and the first layout of a 120-byte payload.
func qrRow() row {
	payload := "00020101021226580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865405123.455802BR5913FULANO"
	res := testing.Benchmark(func(b *testing.B) {
		for b.Loop() {
			c, _ := qrview.New(payload)
			c.Layout(100, 28)
		}
	})
	return row{what: fmt.Sprintf("QR matrix + layout (%d B payload, 100×28 cells)", len(payload)), till: fmt.Sprintf("%.2f ms", float64(res.NsPerOp())/1e6)}
}

// seed makes the large database: n orders over a year, a realistic mix of
// statuses, and returns every tenth reference and the busiest day.
func seed(path string, n int) ([]payment.Reference, string, error) {
	st, err := store.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer st.Close()
	brl := payment.MustCurrency("BRL")
	base := time.Date(2025, 11, 26, 8, 0, 0, 0, time.Local)
	step := 365 * 24 * time.Hour / time.Duration(n)
	var refs []payment.Reference
	seen := make(map[payment.Reference]bool, n)
	err = st.Seed(context.Background(), n, func(i int) store.SeedOrder {
		// Random references of 9 symbols: among a million, two meet about
		// once in seventy seedings, and the orders table refuses the second.
		ref := payment.NewReference()
		for seen[ref] {
			ref = payment.NewReference()
		}
		seen[ref] = true
		refs = append(refs, ref)
		return store.SeedOrder{Ref: ref, Amount: payment.Amount{Minor: int64(500 + i%20000), Currency: brl},
			CreatedAt: base.Add(time.Duration(i) * step), Schemes: "demo"}
	})
	return refs, seedDay(n), err
}

// seedDay is the busiest day of a database seeded with n orders.
func seedDay(n int) string {
	base := time.Date(2025, 11, 26, 8, 0, 0, 0, time.Local)
	step := 365 * 24 * time.Hour / time.Duration(n)
	return base.Add(time.Duration(n/2) * step).Format(time.DateOnly)
}

// queryRows times listing the newest orders and the day close, and the
// same SQL in sqlite3 (its own timer, so process start is not counted).
func queryRows(path, day string) ([]row, time.Duration) {
	st, err := store.Open(path)
	if err != nil {
		return []row{{what: "open", till: err.Error()}}, time.Hour
	}
	defer st.Close()
	ctx := context.Background()
	cur := payment.MustCurrency("BRL")
	list := median(21, func() { st.List(ctx, store.Filter{Limit: 50}) })
	report := median(11, func() { st.DayReport(ctx, day, cur, true) })
	sqlList := sqliteTime(path, `SELECT id, ref, amount_minor, currency, note, status, received_minor, refunded_minor, payments, claimed, closed, late, schemes, day, created_at, expires_at, updated_at FROM orders ORDER BY created_at DESC, id DESC LIMIT 50;`, 21)
	settled := `CASE WHEN received_minor > 0 THEN received_minor WHEN claimed = 1 AND closed = '' THEN amount_minor ELSE 0 END`
	q := func(by string) string {
		return fmt.Sprintf(`SELECT %s, count(*), SUM(amount_minor), SUM(%s), SUM(received_minor), SUM(refunded_minor) FROM orders WHERE day = '%s' AND currency = 'BRL' GROUP BY 1;`, by, settled, day)
	}
	sqlReport := sqliteTime(path, q("status"), 11) + sqliteTime(path, q("schemes"), 11) +
		sqliteTime(path, fmt.Sprintf(`SELECT count(*) FROM orders WHERE day = '%s' AND currency = 'BRL' AND late = 1;`, day), 11)
	return []row{
		{what: "list the newest 50 orders", till: ms(list), sqlite: ms(sqlList), ratio: ratio(list, sqlList)},
		{what: "day close (report of one day)", till: ms(report), sqlite: ms(sqlReport), ratio: ratio(report, sqlReport)},
	}, report
}

// coldStartRow times `till orders --json` from process start to exit,
// `till version` (starting the process and nothing else) beside it, and
// the sqlite3 CLI as a process running the queries till runs for it: the
// newest 50 orders, then their codes and their events, printed as JSON.
// The three take turns, runs times; medians are given. work is the median
// of what each cold start took over the `till version` run beside it:
// paired that way, a burst of load on a shared machine falls on both.
func coldStartRow(till, db, cfg string, runs int) (cold, work time.Duration, r row) {
	const newest = `SELECT id, ref, amount_minor, currency, note, status, received_minor, refunded_minor, payments, claimed, closed, late, schemes, day, created_at, expires_at, updated_at, cash_minor, rest_claimed_minor FROM orders ORDER BY created_at DESC, id DESC LIMIT 50`
	sameQueries := newest + ";\n" +
		"SELECT order_id, label, format, schemes, payload FROM order_codes WHERE order_id IN (SELECT id FROM (" + newest + ")) ORDER BY order_id, position;\n" +
		"SELECT order_id, id, kind, amount_minor, at, recorded_at, source, actor, note FROM order_events WHERE order_id IN (SELECT id FROM (" + newest + ")) ORDER BY order_id, id;\n"
	var colds, floors, sqs, works, idles []time.Duration
	timed := func(name string, args ...string) time.Duration {
		start := time.Now()
		exec.Command(name, args...).Run()
		return time.Since(start)
	}
	for range runs {
		colds = append(colds, timed(till, "--db", db, "--config", cfg, "orders", "--json"))
		floors = append(floors, timed(till, "version"))
		sqs = append(sqs, timed("sqlite3", "-json", db, sameQueries))
		idles = append(idles, timed("sqlite3", db, ".quit"))
		works = append(works, colds[len(colds)-1]-floors[len(floors)-1])
	}
	cold, floor, sq := medianOf(colds), medianOf(floors), medianOf(sqs)
	work, idle := medianOf(works), medianOf(idles)
	x := float64(cold) / float64(sq)
	return cold, work, row{what: fmt.Sprintf("cold start: `till orders --json` (process start to exit; median of %d alternating runs)", runs),
		till:   fmt.Sprintf("%s (`till version` alone: %s; sqlite3 doing nothing: %s)", ms(cold), ms(floor), ms(idle)),
		sqlite: ms(sq) + " (`sqlite3 -json`, the same three queries, as a process)",
		ratio:  fmt.Sprintf("%.1f× (target 2×: %s; till version / sqlite3 doing nothing: %.1f×)", x, met(x <= 2), float64(floor)/float64(idle))}
}

func median(n int, f func()) time.Duration {
	var ds []time.Duration
	for range n {
		start := time.Now()
		f()
		ds = append(ds, time.Since(start))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[n/2]
}

// sqliteTime is the time sqlite3 takes for one run of query: a process
// runs it n times, another runs a trivial statement n times, and the
// difference is divided by n (sqlite3's own .timer counts whole
// milliseconds, too coarse for these queries).
func sqliteTime(db, query string, n int) time.Duration {
	const reps = 200
	timed := func(stmt string) time.Duration {
		cmd := exec.Command("sqlite3", db)
		cmd.Stdin = strings.NewReader(".output /dev/null\n" + strings.Repeat(stmt+"\n", reps))
		start := time.Now()
		cmd.Run()
		return time.Since(start)
	}
	best := time.Duration(1 << 62)
	for range 3 {
		d := (timed(query) - timed("SELECT 1;")) / reps
		best = min(best, d)
	}
	return max(best, 0)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }

func ratio(a, b time.Duration) string {
	if b <= 0 {
		return ""
	}
	return fmt.Sprintf("%.1f×", float64(a)/float64(b))
}

func cpuModel() string {
	data, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "model name") {
			return strings.TrimSpace(strings.SplitN(line, ":", 2)[1])
		}
	}
	return runtime.GOARCH
}

func sqliteVersion() string {
	out, _ := exec.Command("sqlite3", "--version").Output()
	if f := strings.Fields(string(out)); len(f) > 0 {
		return f[0]
	}
	return "?"
}
