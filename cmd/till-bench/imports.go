package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
)

// importSizes, when set, makes till-bench run only the import comparison,
// once per size, and sales during the largest.
var importSizes = flag.String("imports", "", "instead: only the import comparison at these statement sizes (comma-separated, e.g. 10000,100000,1000000), with sales during the largest; -runs applies")

// exitOn ends till-bench after a mode of its own: 0, or 1 with the error.
func exitOn(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "till-bench:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// runImports is till-bench -imports: the comparison at each size, in a
// table of its own, linear or not at a glance (lines/s per size).
func runImports(sizes string, runs int) error {
	var ns []int
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return fmt.Errorf("-imports: %q is not a line count", f)
		}
		ns = append(ns, n)
	}
	dir, till, err := buildTill("till-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfg := filepath.Join(dir, "config.toml")
	data, _ := config.Encode(config.Demo())
	if err := os.WriteFile(cfg, data, 0o600); err != nil {
		return err
	}
	var rows []row
	for i, n := range ns {
		r, failed, err := importRows(till, dir, cfg, n, runs, i == len(ns)-1)
		if err != nil {
			return err
		}
		if failed > 0 {
			fmt.Fprintf(os.Stderr, "%d sales failed during the import\n", failed)
		}
		rows = append(rows, r...)
	}
	printTable(rows, ns[len(ns)-1])
	return nil
}

// importRows compares a statement import of n lines against n orders with
// the C sqlite3 CLI doing only the writes till's schema needs for it (the
// evidence rows, the order events, the order updates, the exceptions and
// the import's row; no matching, no lookups of its own), in one
// transaction, from the rows till wrote. Runs alternate, till then the
// CLI, each on a fresh copy of the same database; medians are given. A
// last till run has `till charge` processes selling one after another
// meanwhile, and gives the sales' p50 and p99.
// failed counts the sales that failed during the import.
func importRows(till, dir, cfg string, n, runs int, sales bool) (rows []row, failed int, err error) {
	base := filepath.Join(dir, fmt.Sprintf("import-base-%d.db", n))
	defer os.Remove(base)
	fmt.Fprintf(os.Stderr, "import comparison: seeding %d orders...\n", n)
	refs, err := seedImportBase(base, dir, n)
	if err != nil {
		return nil, 0, err
	}
	file := filepath.Join(dir, "import.csv")
	if err := writeBenchStatement(file, refs); err != nil {
		return nil, 0, err
	}
	var tills, clis []time.Duration
	var rss int64
	script := filepath.Join(dir, "unavoidable.sql")
	for i := range runs {
		db := filepath.Join(dir, fmt.Sprintf("import-till-%d.db", i))
		if err := copyFile(base, db); err != nil {
			return nil, 0, err
		}
		took, kib, err := timeWithRSS(till, "--db", db, "--config", cfg, "reconcile", file, "--json")
		if err != nil {
			return nil, 0, fmt.Errorf("till reconcile: %w", err)
		}
		tills = append(tills, took)
		rss = max(rss, kib/1024)
		if i == 0 {
			if err := unavoidableWrites(base, db, script); err != nil {
				return nil, 0, err
			}
		}
		os.Remove(db)
		os.Remove(db + "-wal")
		cli := filepath.Join(dir, fmt.Sprintf("import-cli-%d.db", i))
		if err := copyFile(base, cli); err != nil {
			return nil, 0, err
		}
		start := time.Now()
		if out, err := exec.Command("sqlite3", cli, ".read "+script).CombinedOutput(); err != nil {
			return nil, 0, fmt.Errorf("sqlite3 writes: %v\n%.2000s", err, out)
		}
		clis = append(clis, time.Since(start))
		os.Remove(cli)
		os.Remove(cli + "-wal")
		fmt.Fprintf(os.Stderr, "  import run %d: till %.1f s, sqlite3 %.1f s\n", i+1, tills[i].Seconds(), clis[i].Seconds())
	}
	tm, cm := medianOf(tills), medianOf(clis)
	rows = []row{{
		what:   fmt.Sprintf("import %d lines against %d orders (median of %d alternating runs; sqlite3: the unavoidable writes only)", n, n, runs),
		till:   fmt.Sprintf("%.1f s (%.0f lines/s), peak RSS %d MB", tm.Seconds(), float64(n)/tm.Seconds(), rss),
		sqlite: fmt.Sprintf("%.1f s", cm.Seconds()), ratio: ratio(tm, cm),
	}}
	if !sales {
		return rows, 0, nil
	}
	r, failed, err := salesDuringImport(till, dir, cfg, base, file, n)
	if err != nil {
		return nil, 0, err
	}
	return append(rows, r), failed, nil
}

// seedImportBase makes the database every run starts from, as one file.
func seedImportBase(path, dir string, n int) ([]payment.Reference, error) {
	tmp := filepath.Join(dir, "import-seed.db")
	refs, _, err := seed(tmp, n)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(tmp)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return refs, st.Backup(context.Background(), path)
}

// writeBenchStatement writes a CSV of one line per order: most pay it by
// reference, some short, some with no reference (the amount+time pass),
// some with the reference in free text.
func writeBenchStatement(path string, refs []payment.Reference) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	w.WriteString("date,amount,currency,reference,counterparty,id\n")
	for i, ref := range refs {
		amount := payment.FormatMinor(int64(500+i%20000), 2)
		r := string(ref)
		switch i % 10 {
		case 1:
			amount = payment.FormatMinor(int64(499+i%20000), 2)
		case 2:
			r = ""
		case 3:
			r = "PIX " + strings.ToLower(r[:5]) + " " + r[5:]
		}
		fmt.Fprintf(w, "2026-06-01,%s,BRL,%s,Payer %d,TX%d\n", amount, r, i, i)
	}
	return w.Flush()
}

// unavoidableWrites writes, as SQL for sqlite3, the rows an import wrote
// into done (a copy of base): inserts of the import, evidence, order
// events and exceptions, and an update of each order it changed, in one
// transaction at till's durability (WAL, synchronous=FULL) and page cache.
func unavoidableWrites(base, done, script string) error {
	var maxEvent, maxExc int64
	h := func(q string, v *int64) error {
		out, err := exec.Command("sqlite3", base, q).Output()
		if err != nil {
			return err
		}
		_, err = fmt.Sscan(string(out), v)
		return err
	}
	if err := h("SELECT COALESCE(max(id), 0) FROM order_events;", &maxEvent); err != nil {
		return err
	}
	if err := h("SELECT COALESCE(max(id), 0) FROM exceptions;", &maxExc); err != nil {
		return err
	}
	gen := fmt.Sprintf(`.headers off
.output %s
SELECT 'PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536; BEGIN IMMEDIATE;';
.mode insert imports
SELECT * FROM imports;
.mode insert evidence
SELECT * FROM evidence ORDER BY id;
.mode insert order_events
SELECT * FROM order_events WHERE id > %[2]d ORDER BY id;
.mode list
SELECT printf('UPDATE orders SET status = %%Q, received_minor = %%d, refunded_minor = %%d, payments = %%d, claimed = %%d, closed = %%Q, late = %%d, updated_at = %%d WHERE id = %%d;',
	status, received_minor, refunded_minor, payments, claimed, closed, late, updated_at, id)
	FROM orders WHERE id IN (SELECT order_id FROM order_events WHERE id > %[2]d) ORDER BY id;
.mode insert exceptions
SELECT * FROM exceptions WHERE id > %[3]d ORDER BY id;
.mode list
SELECT 'COMMIT;';
`, script, maxEvent, maxExc)
	cmd := exec.Command("sqlite3", done)
	cmd.Stdin = strings.NewReader(gen)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("sqlite3 dump: %v\n%s", err, out)
	}
	return nil
}

// salesDuringImport imports the statement once more while `till charge`
// processes sell one after another (20 ms apart), and gives their p50 and
// p99 from process start to exit.
func salesDuringImport(till, dir, cfg, base, file string, n int) (row, int, error) {
	db := filepath.Join(dir, "import-sales.db")
	if err := copyFile(base, db); err != nil {
		return row{}, 0, err
	}
	imp := exec.Command(till, "--db", db, "--config", cfg, "reconcile", file, "--json")
	done := make(chan error, 1)
	start := time.Now()
	if err := imp.Start(); err != nil {
		return row{}, 0, err
	}
	go func() { done <- imp.Wait() }()
	var lat []time.Duration
	failed := 0
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				return row{}, 0, fmt.Errorf("till reconcile during sales: %v", err)
			}
			running = false
			continue
		default:
		}
		t0 := time.Now()
		if err := exec.Command(till, "--db", db, "--config", cfg, "charge", "12.34", "--json").Run(); err != nil {
			failed++
		}
		lat = append(lat, time.Since(t0))
		time.Sleep(20 * time.Millisecond)
	}
	took := time.Since(start)
	alone := median(5, func() {
		exec.Command(till, "--db", db, "--config", cfg, "charge", "12.34", "--json").Run()
	})
	if len(lat) == 0 {
		return row{}, 0, fmt.Errorf("no sale during the import")
	}
	slices.Sort(lat)
	return row{
		what: fmt.Sprintf("`till charge` (process start to exit) during a %d-line import (%.1f s)", n, took.Seconds()),
		till: fmt.Sprintf("%d sales, %d failed: p50 %s, p99 %s, max %s (no import: %s)", len(lat), failed,
			ms(lat[len(lat)/2]), ms(lat[len(lat)*99/100]), ms(lat[len(lat)-1]), ms(alone)),
	}, failed, nil
}

func medianOf(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o600)
}
