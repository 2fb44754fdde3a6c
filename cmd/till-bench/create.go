package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/scheme"
	"github.com/till-pos/till/store"
)

// createBlock is how many orders each side creates in one turn: small
// enough that till and sqlite3 take turns many times in a run (the disk's
// flush time on a shared machine changes from one second to the next),
// large enough that the CLI's millisecond clock is precise to about 1 %.
const createBlock = 200

// createRow times durable order creation, one transaction per order, and
// the same inserts by the sqlite3 CLI at the same durability: WAL,
// synchronous=FULL (one sync of the WAL per commit; both sync with
// fdatasync), on a copy of till's schema, indexes and triggers included.
// The two take turns, createBlock orders each; the row gives the medians
// of each side's time per order and of the ratio of each pair of turns.
// till works in process, as the TUI and till serve do; sqlite3's time is
// taken by its own clock inside the script, so its process start and
// opening the file are not counted, as they are not for till.
func createRow(dir string, n int) (row, error) {
	path := filepath.Join(dir, "create.db")
	st, err := store.Open(path)
	if err != nil {
		return row{}, err
	}
	defer st.Close()
	ref := filepath.Join(dir, "create-sqlite3.db")
	if err := copySchema(dir, path, ref); err != nil {
		return row{}, err
	}
	cfg, _ := config.Resolve(config.Demo())
	var tills, clis, ratios []time.Duration
	// At least ten turns in a short run (.ci/run's -creates 300).
	block := max(min(createBlock, n/10), 1)
	for b := 0; b*block < n; b++ {
		count := min(block, n-b*block)
		t, err := tillCreates(st, cfg, b*block, count)
		if err != nil {
			return row{}, err
		}
		c, err := sqliteCreates(dir, ref, b*block, count)
		if err != nil {
			return row{}, err
		}
		tills = append(tills, t/time.Duration(count))
		clis = append(clis, c/time.Duration(count))
		// The ratio kept as a Duration (×1000) so that medianOf sorts it.
		ratios = append(ratios, time.Duration(1000*float64(t)/float64(max(c, 1))))
	}
	tm, cm, rm := medianOf(tills), medianOf(clis), medianOf(ratios)
	return row{
		what:   fmt.Sprintf("durable order creation (WAL, synchronous=FULL, fdatasync; %d orders, %d alternating turns)", n, len(tills)),
		till:   fmt.Sprintf("%.3f ms an order (%.0f orders/s)", float64(tm)/1e6, 1e9/float64(tm)),
		sqlite: fmt.Sprintf("%.3f ms an order (%.0f orders/s)", float64(cm)/1e6, 1e9/float64(cm)),
		ratio:  fmt.Sprintf("%.2f× the time (median of turns; target 1.2×: %s)", float64(rm)/1000, met(float64(rm)/1000 <= 1.2)),
	}, nil
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "not met"
}

// tillCreates creates count orders through the store, one durable
// transaction each, and returns the time taken.
func tillCreates(st *store.Store, cfg *config.Config, from, count int) (time.Duration, error) {
	start := time.Now()
	for i := from; i < from+count; i++ {
		amount := payment.Amount{Minor: int64(100 + i), Currency: cfg.Merchant.Currency}
		_, err := st.CreateOrder(context.Background(), store.NewOrder{Amount: amount, Expiry: time.Hour, Actor: "bench",
			Codes: func(ref payment.Reference, exp time.Time) ([]scheme.Code, error) {
				return cfg.Schemes.Codes(scheme.Charge{Amount: amount, Ref: ref, Expires: exp})
			}})
		if err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

// copySchema makes ref an empty database in WAL mode with till's schema
// as the database at path has it.
func copySchema(dir, path, ref string) error {
	schema, err := exec.Command("sqlite3", path, ".schema").Output()
	if err != nil {
		return err
	}
	script := filepath.Join(dir, "schema.sql")
	os.WriteFile(script, append([]byte("PRAGMA journal_mode=WAL;\n"), schema...), 0o600)
	if out, err := exec.Command("sqlite3", ref, ".read "+script).CombinedOutput(); err != nil {
		return fmt.Errorf("sqlite3 schema: %v %s", err, out)
	}
	return nil
}

// sqliteCreates has the sqlite3 CLI make count orders as till does (order,
// code, event; one transaction each) and returns the time its own clock
// measured between the first and the last.
func sqliteCreates(dir, db string, from, count int) (time.Duration, error) {
	const clock = "SELECT CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER);\n"
	var ins strings.Builder
	// persist_wal: the CLI's last connection would otherwise delete the WAL
	// file on exit, and each turn would start growing a new one (a larger
	// sync per commit) while till, a long-lived process, reuses its own.
	ins.WriteString(".filectrl persist_wal 1\nPRAGMA synchronous=FULL;\n")
	// One order before the clock starts: a process's first write
	// transaction restarts the WAL and maps its index, which till's
	// long-lived process did once, before its first turn.
	for i := from - 1; i < from+count; i++ {
		if i == from {
			ins.WriteString(clock)
		}
		ref := fmt.Sprintf("R%09d", i)
		if i < from {
			ref = fmt.Sprintf("W%09d", from)
		}
		fmt.Fprintf(&ins, "BEGIN IMMEDIATE;\nINSERT INTO orders (ref, amount_minor, currency, note, status, schemes, day, created_at, expires_at, updated_at) VALUES ('%s', %d, 'BRL', '', 'open', 'demo', '2026-11-25', 1, 2, 1);\n", ref, 100+i)
		fmt.Fprintf(&ins, "INSERT INTO order_codes (order_id, position, label, format, schemes, payload) VALUES (last_insert_rowid(), 0, 'demo', 'emv', 'demo', '00020101021226340017INVALID.TILL.DEMO0109DEMO-0001520458125303986540512.505802BR5914TILL DEMO CAFE6009DEMO CITY62140510ABCDEFGHJK6304ABCD');\n")
		fmt.Fprintf(&ins, "INSERT INTO order_events (order_id, kind, amount_minor, at, recorded_at, source, actor, note) VALUES ((SELECT max(id) FROM orders), 'created', %d, 1, 1, 'manual', 'bench', '');\nCOMMIT;\n", 100+i)
	}
	ins.WriteString(clock)
	script := filepath.Join(dir, "inserts.sql")
	os.WriteFile(script, []byte(ins.String()), 0o600)
	out, err := exec.Command("sqlite3", db, ".read "+script).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("sqlite3 inserts: %v %s", err, out)
	}
	// The output is .filectrl's answer, then the two clock readings.
	f := strings.Fields(string(out))
	if len(f) != 3 {
		return 0, fmt.Errorf("sqlite3 inserts: unexpected output %.200q", out)
	}
	a, err1 := strconv.ParseInt(f[1], 10, 64)
	b, err2 := strconv.ParseInt(f[2], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("sqlite3 inserts: unexpected output %.200q", out)
	}
	return time.Duration(b-a) * time.Microsecond, nil
}
