package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/store"
)

func (e env) ok(args ...string) string {
	e.t.Helper()
	code, out, errs := e.till(args...)
	if code != 0 {
		e.t.Fatalf("till %v: exit %d: %s", args, code, errs)
	}
	return out
}

// generateDay fills the database with a day of n orders in every status,
// with refunds, late payments and open exceptions, the way the store and
// a statement import would make them.
func generateDay(t *testing.T, e env, day time.Time, n int) {
	t.Helper()
	st, err := store.Open(e.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg, err := config.Resolve(config.Demo())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	clock := day.Add(8 * time.Hour)
	st.Now = func() time.Time { return clock }
	rng := rand.New(rand.NewPCG(3, 5))
	brl := cfg.Merchant.Currency
	var evidence []reconcile.Evidence
	var refunds []store.Order
	for i := range n {
		clock = day.Add(8*time.Hour + time.Duration(i)*30*time.Second)
		amount := payment.Amount{Minor: 100 + rng.Int64N(20000), Currency: brl}
		o, err := createOrder(ctx, st, cfg.Schemes, amount, "", cfg.Expiry, "ana")
		if err != nil {
			t.Fatal(err)
		}
		pay := func(minor int64) {
			evidence = append(evidence, reconcile.Evidence{Key: fmt.Sprintf("line-%d", len(evidence)),
				Reference: string(o.Ref), Amount: payment.Amount{Minor: minor, Currency: brl}, Credit: true, At: clock})
		}
		must := func(_ store.Order, err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		switch i % 9 {
		case 0: // stays open, or expires below
		case 1:
			must(st.Claim(ctx, o.Ref, "ana", ""))
		case 2:
			pay(amount.Minor)
		case 3:
			pay(amount.Minor / 2)
		case 4:
			pay(amount.Minor + 50)
		case 5:
			must(st.Cancel(ctx, o.Ref, "ana", "left"))
			if rng.IntN(2) == 0 {
				pay(amount.Minor) // late: an exception to review
			}
		case 6:
			must(st.Claim(ctx, o.Ref, "ana", ""))
			must(st.Refund(ctx, o.Ref, 1+rng.Int64N(amount.Minor), "ana", "returned"))
		case 7, 8:
			pay(amount.Minor)
			refunds = append(refunds, o)
		}
	}
	clock = day.Add(14 * time.Hour)
	if _, err := st.ExpireDue(ctx); err != nil {
		t.Fatal(err)
	}
	i := 0
	next := func() (reconcile.Evidence, error) {
		if i == len(evidence) {
			return reconcile.Evidence{}, io.EOF
		}
		i++
		return evidence[i-1], nil
	}
	if _, err := st.Import(ctx, next, store.ImportOptions{Actor: "till reconcile"}); err != nil {
		t.Fatal(err)
	}
	for j, o := range refunds {
		minor := o.Amount.Minor
		if j%2 == 0 {
			minor = 1 + rng.Int64N(minor)
		}
		if _, err := st.Refund(ctx, o.Ref, minor, "ana", "customer returned it"); err != nil {
			t.Fatal(err)
		}
	}
}

// The CSV of a generated day reads back with encoding/csv, and its rows
// add up: statuses and schemes each sum to the total row in every column,
// every row's received + claimed - refunded is its expected, the money
// rows are the total row's figures, and everything agrees with --json.
func TestReportCSVAddsUp(t *testing.T) {
	e := newEnv(t)
	day := time.Date(2026, 11, 24, 0, 0, 0, 0, time.Local)
	const n = 900
	generateDay(t, e, day, n)

	recs, err := csv.NewReader(strings.NewReader(e.ok("report", "--date", "2026-11-24", "--csv"))).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not read back: %v", err)
	}
	if strings.Join(recs[0], ",") != strings.Join(dayCSVHeader, ",") {
		t.Fatalf("header = %v", recs[0])
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	num := func(r []string, name string) int64 {
		t.Helper()
		s := r[col[name]]
		if name == "count" {
			v, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				t.Fatalf("count %q: %v", s, err)
			}
			return v
		}
		v, err := payment.ParseMinor(s, 2)
		if err != nil {
			t.Fatalf("%s %q in %v: %v", name, s, r, err)
		}
		return v
	}
	figures := []string{"count", "due", "received", "claimed", "refunded", "expected"}
	sums := map[string]map[string]int64{"status": {}, "scheme": {}}
	var total []string
	money := map[string]int64{}
	sections := map[string]int{}
	for _, r := range recs[1:] {
		if len(r) != len(dayCSVHeader) || r[col["day"]] != "2026-11-24" || r[col["currency"]] != "BRL" {
			t.Fatalf("row %v: want %d fields, the ISO day and BRL", r, len(dayCSVHeader))
		}
		sec := r[col["section"]]
		sections[sec]++
		switch sec {
		case "status", "scheme", "total":
			if num(r, "received")+num(r, "claimed")-num(r, "refunded") != num(r, "expected") {
				t.Errorf("row %v: received + claimed - refunded != expected", r)
			}
			if sec == "total" {
				total = r
				continue
			}
			for _, f := range figures {
				sums[sec][f] += num(r, f)
			}
		case "money":
			money[r[col["key"]]] = num(r, "amount")
		}
	}
	if total == nil || num(total, "count") != n {
		t.Fatalf("total row %v, want %d orders", total, n)
	}
	// The total row is what the orders add up to, one by one.
	st, err := store.Open(e.db)
	if err != nil {
		t.Fatal(err)
	}
	list, err := st.List(context.Background(), store.Filter{Day: "2026-11-24"})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	byHand := map[string]int64{"count": int64(len(list))}
	for _, o := range list {
		byHand["due"] += o.Amount.Minor
		byHand["received"] += o.State.Received
		byHand["claimed"] += o.State.Settled() - o.State.Received
		byHand["refunded"] += o.State.Refunded
		byHand["expected"] += o.State.Settled() - o.State.Refunded
	}
	for _, f := range figures {
		if byHand[f] != num(total, f) {
			t.Errorf("total %s = %d, the orders add up to %d", f, num(total, f), byHand[f])
		}
	}
	for sec, s := range sums {
		for _, f := range figures {
			if s[f] != num(total, f) {
				t.Errorf("%s rows sum %s to %d, total row says %d", sec, f, s[f], num(total, f))
			}
		}
	}
	if money["verified"] != num(total, "received") || money["claimed"] != num(total, "claimed") ||
		money["refunded"] != num(total, "refunded") || money["expected"] != num(total, "expected") ||
		money["takings"] != money["expected"] {
		t.Errorf("money rows %v disagree with the total row %v", money, total)
	}
	if _, ok := money["cash"]; ok {
		t.Error("a cash row for a day whose cash nobody counted")
	}
	if sections["status"] != len(payment.Statuses) || sections["unverified claim"] == 0 || sections["open exception"] == 0 {
		t.Errorf("sections %v: want every status, some claims and some exceptions", sections)
	}

	var j dayJSON
	if err := json.Unmarshal([]byte(e.ok("report", "--date", "2026-11-24", "--json")), &j); err != nil {
		t.Fatal(err)
	}
	if j.Total.Count != n || j.Total.Due != num(total, "due") || j.Verified != payment.FormatMinor(money["verified"], 2) ||
		j.Day.Expected != money["expected"] || j.Unpaid != payment.FormatMinor(money["unpaid"], 2) ||
		len(j.Claims) != sections["unverified claim"] || len(j.OpenExceptions) != sections["open exception"] ||
		j.Closed || !j.Live || j.Cash != nil {
		t.Errorf("JSON disagrees with the CSV: %+v", j)
	}
	for _, r := range j.ByStatus {
		if r.ClaimedMinor != r.Settled-r.Received || r.ExpectedText != payment.FormatMinor(r.ExpectedMinor, 2) {
			t.Errorf("status row %+v", r)
		}
	}
}

// JSON field names are the stable interface: report.Day's own plus the
// decimal texts, with nothing shadowed away.
func TestReportJSONFields(t *testing.T) {
	e := newEnv(t)
	e.ok("charge", "12.50")
	var m map[string]any
	if err := json.Unmarshal([]byte(e.ok("report", "--json")), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"day", "currency", "exponent", "by_status", "by_scheme", "total",
		"verified_minor", "verified", "claimed_minor", "claimed", "refunded_minor", "refunded",
		"expected_minor", "expected", "unpaid_minor", "unpaid", "cash_minor", "cash", "has_cash",
		"takings_minor", "takings", "late_count", "unverified_claims", "open_exceptions", "closed", "closed_by",
		"closed_at", "live"} {
		if _, ok := m[k]; !ok {
			t.Errorf("no %q in %v", k, m)
		}
	}
	row := m["total"].(map[string]any)
	for _, k := range []string{"key", "count", "due_minor", "due", "settled_minor", "settled", "received_minor",
		"received", "claimed_minor", "claimed", "refunded_minor", "refunded", "expected_minor", "expected"} {
		if _, ok := row[k]; !ok {
			t.Errorf("no %q in the total row %v", k, row)
		}
	}
	if row["due"] != "12.50" || row["due_minor"] != 1250.0 || m["unpaid"] != "12.50" || m["cash"] != nil {
		t.Errorf("total %v, unpaid %v, cash %v", row, m["unpaid"], m["cash"])
	}
	// The day is open: nobody closed it, and the fields say so with null.
	if m["closed"] != false || m["closed_by"] != nil || m["closed_at"] != nil {
		t.Errorf("open day: closed %v, closed_by %v, closed_at %v", m["closed"], m["closed_by"], m["closed_at"])
	}
}

// Closing records who closed and the cash; a second close names them; the
// closed day prints unchanged after a later payment, and --live shows it.
func TestReportCloseAndReprint(t *testing.T) {
	e := newEnv(t)
	var a, b orderJSON
	json.Unmarshal([]byte(e.ok("charge", "10", "--json")), &a)
	json.Unmarshal([]byte(e.ok("charge", "4.50", "--json")), &b)
	e.ok("confirm", a.Ref)

	closed := e.ok("report", "--close", "--cash", "20,50", "--note", "drawer 1")
	for _, s := range []string{"Closed by demo at ", "Note: drawer 1", "Figures as at closing", "use --live", "Cash counted", "20.50", "Takings", "30.50"} {
		if !strings.Contains(closed, s) {
			t.Errorf("close output has no %q:\n%s", s, closed)
		}
	}
	code, _, errs := e.till("report", "--close")
	if code != 1 || !strings.Contains(errs, "already closed") || !strings.Contains(errs, "closed by demo") ||
		strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Fatalf("second close: exit %d %q", code, errs)
	}

	e.ok("confirm", b.Ref)
	if again := e.ok("report"); again != closed {
		t.Fatalf("the closed day changed after a payment:\n--- at closing\n%s--- now\n%s", closed, again)
	}
	var snap, live dayJSON
	json.Unmarshal([]byte(e.ok("report", "--json")), &snap)
	json.Unmarshal([]byte(e.ok("report", "--json", "--live")), &live)
	if !snap.Closed || snap.Live || snap.ClosedBy == nil || *snap.ClosedBy != "demo" || snap.Note != "drawer 1" || live.Note != "drawer 1" || snap.ClosedAt == nil || snap.Cash == nil || *snap.Cash != "20.50" ||
		snap.Day.Claimed != 1000 || snap.Takings != "30.50" {
		t.Errorf("snapshot JSON: %+v", snap)
	}
	if !live.Closed || !live.Live || live.Day.Claimed != 1450 || live.Cash == nil || *live.Cash != "20.50" || live.Takings != "35.00" {
		t.Errorf("live JSON: %+v", live)
	}
	if out := e.ok("report", "--live"); !strings.Contains(out, "Current figures") || !strings.Contains(out, "14.50") {
		t.Errorf("--live text:\n%s", out)
	}
	// A day with nothing in it closes too, with an empty drawer.
	out := e.ok("report", "--date", "yesterday", "--close", "--cash", "0", "--note", "quiet day", "--csv")
	if !strings.Contains(out, ",money,cash,,,,,,,0.00,BRL") || !strings.Contains(out, ",closed,demo at ") || !strings.Contains(out, ",note,quiet day,") {
		t.Errorf("empty day CSV:\n%s", out)
	}
}

func TestReportUsage(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"report", "--json", "--csv"}, 2, "one of --json and --csv"},
		{[]string{"report", "--cash", "5"}, 2, "add --close"},
		{[]string{"report", "--note", "x"}, 2, "add --close"},
		{[]string{"report", "--close", "--live"}, 2, "--live"},
		{[]string{"report", "--close", "--cash", "abc"}, 2, "--cash"},
		{[]string{"report", "--close", "--cash", "1.234"}, 2, "2 decimal places"},
		{[]string{"report", "--date", "24/11/2026"}, 2, "--date"},
		{[]string{"report", "--date", "2999-01-01", "--close"}, 2, "future"},
		{[]string{"report", "today"}, 2, "--date"},
	}
	for _, tt := range tests {
		code, _, errs := e.till(tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.want) || !strings.HasPrefix(errs, "till: ") {
			t.Errorf("till %v: exit %d %q; want exit %d mentioning %q", tt.args, code, errs, tt.code, tt.want)
		}
	}
	// None of that closed the day.
	if out := e.ok("report"); strings.Contains(out, "Closed by") {
		t.Fatalf("a refused command closed the day:\n%s", out)
	}
}
