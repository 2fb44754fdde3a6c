package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/report"
)

// A day with tens of thousands of unplaced lines: the day close counts
// them all, lists only the oldest page, leaves out other days and
// currencies, follows a dismissal, and keeps count and page when closed.
func TestDayCloseCountsAndPagesOpenExceptions(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	day := time.Date(2026, 11, 24, 9, 0, 0, 0, time.Local)
	clock := day
	s.Now = func() time.Time { return clock }
	eur := payment.MustCurrency("EUR")

	// One exception through the real import: an order of the day paid twice.
	o := newOrder(t, s, 2000)
	pay := func(key string) reconcile.Evidence {
		return reconcile.Evidence{Key: key, Reference: string(o.Ref), Amount: o.Amount, Credit: true, At: clock}
	}
	if _, err := s.Import(ctx, lines(pay("first"), pay("second")), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	const many = 30_000
	seed := func(n int, prefix string, at time.Time, cur payment.Currency) {
		t.Helper()
		err := s.SeedUnplaced(ctx, n, func(i int) SeedLine {
			return SeedLine{Key: fmt.Sprintf("%s%d", prefix, i), Amount: payment.Amount{Minor: int64(100 + i), Currency: cur},
				At: at.Add(time.Duration(i) * time.Millisecond), Detail: "no order matches"}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	seed(many, "day", day, brl)
	seed(500, "next", day.AddDate(0, 0, 1), brl)
	seed(300, "eur", day, eur)
	// The day's exceptions in every currency: an EUR line on a BRL till
	// concerns the till too, and the reconcile screen lists it (issue 11).
	const dayAll = many + 1 + 300

	d, err := s.DayReport(ctx, day.Format(time.DateOnly), brl, true)
	if err != nil {
		t.Fatal(err)
	}
	if d.OpenExceptionCount != dayAll || len(d.OpenExceptions) != report.ExceptionPage || d.MoreExceptions() != dayAll-report.ExceptionPage {
		t.Fatalf("count %d, page %d, more %d; want %d, %d", d.OpenExceptionCount, len(d.OpenExceptions), d.MoreExceptions(), dayAll, report.ExceptionPage)
	}
	first := d.OpenExceptions[0]
	if first.Ref != string(o.Ref) || first.Kind != "duplicate" {
		t.Fatalf("first exception %+v, want the duplicate payment of %s", first, o.Ref)
	}
	for i := 1; i < len(d.OpenExceptions); i++ {
		if x := d.OpenExceptions[i]; x.ID <= d.OpenExceptions[i-1].ID || x.Kind != "unmatched" || x.Amount != int64(99+i) {
			t.Fatalf("page[%d] = %+v: want the oldest unplaced lines in order", i, x)
		}
	}
	if n, _ := s.OpenExceptionCount(ctx); n != many+1+500+300 {
		t.Fatalf("all open: %d", n)
	}

	if err := s.Dismiss(ctx, first.ID, "ana", "refunded by bank transfer"); err != nil {
		t.Fatal(err)
	}
	clock = day.Add(12 * time.Hour)
	d, err = s.CloseDay(ctx, day.Format(time.DateOnly), brl, "ana", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if d.OpenExceptionCount != dayAll-1 || d.OpenExceptions[0].ID == first.ID || len(d.OpenExceptions) != report.ExceptionPage {
		t.Fatalf("after dismissing: count %d, first %+v", d.OpenExceptionCount, d.OpenExceptions[0])
	}
	var snap string
	if err := s.db.QueryRow(`SELECT snapshot FROM day_closes`).Scan(&snap); err != nil {
		t.Fatal(err)
	}
	if len(snap) > 20_000 || !strings.Contains(snap, fmt.Sprintf(`"open_exception_count":%d`, dayAll-1)) {
		t.Fatalf("snapshot of %d bytes: %.300s", len(snap), snap)
	}
	kept, err := s.DayReport(ctx, day.Format(time.DateOnly), brl, false)
	if err != nil || kept.OpenExceptionCount != dayAll-1 || len(kept.OpenExceptions) != report.ExceptionPage {
		t.Fatalf("kept: %d, %d, %v", kept.OpenExceptionCount, len(kept.OpenExceptions), err)
	}
}

// The count is one row of the counter table and the page reads the
// partial index, never every open exception with its evidence.
func TestDayCloseExceptionQueriesUseTheIndex(t *testing.T) {
	s := openTest(t)
	for _, tt := range []struct{ q, want string }{
		{`SELECT COALESCE(SUM(open), 0) FROM open_exception_counts WHERE day = '2026-11-24'`, "SEARCH open_exception_counts USING PRIMARY KEY"},
		{`SELECT x.id, x.kind, COALESCE(o.ref, ''), e.amount_minor, x.detail
		FROM exceptions x JOIN evidence e ON e.id = x.evidence_id LEFT JOIN orders o ON o.id = x.order_id
		WHERE x.resolved_at IS NULL AND x.day = '2026-11-24' ORDER BY x.id LIMIT 20`, "exceptions_open_day"},
	} {
		q := tt.q
		rows, err := s.db.Query(`EXPLAIN QUERY PLAN ` + q)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			rows.Scan(&id, &parent, &notused, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		all := strings.Join(plan, "; ")
		if !strings.Contains(all, tt.want) || strings.Contains(all, "TEMP B-TREE") || strings.Contains(all, "SCAN") {
			t.Errorf("plan %q for %s", all, q)
		}
	}
}

// A day closed before the count was kept lists every exception it had:
// its count is the length of that list.
func TestOldSnapshotCountsItsList(t *testing.T) {
	s := openTest(t)
	snap := `{"day":"2026-01-02","currency":"BRL","exponent":2,"open_exceptions":[{"id":1,"kind":"unmatched"},{"id":2,"kind":"unmatched"}],"closed_by":"ana","closed_at_unix":5}`
	if _, err := s.db.Exec(`INSERT INTO day_closes (day, currency, closed_at, closed_by, snapshot) VALUES ('2026-01-02', 'BRL', 5000, 'ana', ?)`, snap); err != nil {
		t.Fatal(err)
	}
	d, err := s.DayReport(context.Background(), "2026-01-02", brl, false)
	if err != nil || d.OpenExceptionCount != 2 || d.MoreExceptions() != 0 {
		t.Fatalf("%+v %v", d, err)
	}
}

// Exceptions recorded before the migration get their day and currency.
func TestMigrationGivesOldExceptionsTheirDay(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := openVersion(path, 4)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 4, 10, 0, 0, 0, time.Local)
	for _, q := range []string{
		`INSERT INTO orders (id, ref, amount_minor, currency, status, day, created_at, expires_at, updated_at) VALUES (7, 'AB2CD3EFGH', 100, 'BRL', 'paid', '2026-03-01', 1, 2, 1)`,
		fmt.Sprintf(`INSERT INTO evidence (id, key, key_hash, source, at, amount_minor, currency, credit, outcome, order_id, created_at) VALUES
			(1, 'a', 1, 'statement', %d, 100, 'BRL', 1, 'duplicate', 7, 1), (2, 'b', 2, 'statement', %d, 50, 'EUR', 1, 'unmatched', NULL, 1)`, at.UnixMilli(), at.UnixMilli()),
		`INSERT INTO exceptions (id, kind, evidence_id, order_id, detail, created_at) VALUES (1, 'duplicate', 1, 7, 'x', 1), (2, 'unmatched', 2, NULL, 'y', 1)`,
	} {
		if _, err := old.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got := map[int]string{}
	rows, _ := s.db.Query(`SELECT id, day || ' ' || currency FROM exceptions`)
	for rows.Next() {
		var id int
		var v string
		rows.Scan(&id, &v)
		got[id] = v
	}
	rows.Close()
	if got[1] != "2026-03-01 BRL" || got[2] != "2026-03-04 EUR" {
		t.Fatalf("after migration: %v", got)
	}
	var n int
	if err := s.db.QueryRow(`SELECT open FROM open_exception_counts WHERE currency = 'EUR' AND day = '2026-03-04'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("counter after migration: %d %v", n, err)
	}
}

// The counters the triggers keep equal a full count after every kind of
// change: imports, seeding, dismiss, link, accept, and rows changed by hand.
func TestOpenExceptionCountersStayExact(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	day := time.Date(2026, 11, 24, 9, 0, 0, 0, time.Local)
	s.Now = func() time.Time { return day }
	check := func(when string) {
		t.Helper()
		rows, err := s.db.Query(`SELECT x.currency, x.day, x.n, COALESCE(c.open, 0) FROM
			(SELECT currency, day, count(*) n FROM exceptions WHERE resolved_at IS NULL GROUP BY 1, 2) x
			LEFT JOIN open_exception_counts c USING (currency, day)
			UNION ALL SELECT c.currency, c.day, 0, c.open FROM open_exception_counts c
			WHERE c.open != 0 AND NOT EXISTS (SELECT 1 FROM exceptions x WHERE x.resolved_at IS NULL AND x.currency = c.currency AND x.day = c.day)`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var cur, d string
			var n, kept int
			rows.Scan(&cur, &d, &n, &kept)
			if n != kept {
				t.Errorf("%s: %s %s has %d open, the counter says %d", when, cur, d, n, kept)
			}
		}
	}
	o1, o2 := newOrder(t, s, 2000), newOrder(t, s, 777)
	ev := func(key, ref string, minor int64, at time.Time) reconcile.Evidence {
		return reconcile.Evidence{Key: key, Reference: ref, Amount: payment.Amount{Minor: minor, Currency: brl}, Credit: true, At: at}
	}
	if _, err := s.Import(ctx, lines(ev("a", string(o1.Ref), 2000, day), ev("b", string(o1.Ref), 2000, day),
		ev("c", "", 777, day.Add(time.Minute)), ev("d", "", 555, day.AddDate(0, 0, -1)), ev("e", "", 123, day)), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	check("after the import")
	if err := s.SeedUnplaced(ctx, 50, func(i int) SeedLine {
		return SeedLine{Key: fmt.Sprint("s", i), Amount: payment.Amount{Minor: 10, Currency: brl}, At: day, Detail: "x"}
	}); err != nil {
		t.Fatal(err)
	}
	check("after seeding")
	open, _ := s.Exceptions(ctx, true, 0)
	for _, x := range open {
		switch {
		case x.Kind == "suggested":
			if _, err := s.Accept(ctx, x.ID, "ana"); err != nil {
				t.Fatal(err)
			}
		case x.Kind == "unmatched" && x.Amount == 123:
			if _, err := s.Link(ctx, x.ID, o2.Ref, "ana", "by hand"); err != nil {
				t.Fatal(err)
			}
		case x.Kind == "duplicate":
			if err := s.Dismiss(ctx, x.ID, "ana", "returned"); err != nil {
				t.Fatal(err)
			}
		}
	}
	check("after deciding")
	for _, q := range []string{
		`UPDATE exceptions SET resolved_at = NULL WHERE id = (SELECT min(id) FROM exceptions WHERE resolved_at IS NOT NULL)`,
		`UPDATE exceptions SET day = '2026-01-01' WHERE id = (SELECT max(id) FROM exceptions)`,
		`DELETE FROM exceptions WHERE id = (SELECT max(id) FROM exceptions WHERE resolved_at IS NULL)`,
	} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
		check(q)
	}
}
