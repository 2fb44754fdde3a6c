package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/report"
	"github.com/till-pos/till/store"
)

// seedUnplaced records n statement credits of today that match no order.
func seedUnplaced(t *testing.T, e env, n int) {
	t.Helper()
	st, err := store.Open(e.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	brl := payment.MustCurrency("BRL")
	err = st.SeedUnplaced(context.Background(), n, func(i int) store.SeedLine {
		return store.SeedLine{Key: fmt.Sprintf("line-%d", i), Amount: payment.Amount{Minor: int64(100 + i), Currency: brl},
			At: time.Now(), Detail: "no order matches"}
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The day close lists the first page of open exceptions and counts the
// rest, in text, JSON, CSV and when the day is closed.
func TestReportPagesOpenExceptions(t *testing.T) {
	e := newEnv(t)
	const n = 250
	seedUnplaced(t, e, n)
	more := n - report.ExceptionPage

	text := e.ok("report")
	if !strings.Contains(text, fmt.Sprintf("and %d more — see till reconcile", more)) || strings.Count(text, " unmatched") != report.ExceptionPage {
		t.Fatalf("text does not list a page and count the rest:\n%s", text)
	}
	var j struct {
		OpenExceptions []map[string]any `json:"open_exceptions"`
		Count          *int             `json:"open_exception_count"`
	}
	if err := json.Unmarshal([]byte(e.ok("report", "--json")), &j); err != nil {
		t.Fatal(err)
	}
	if j.Count == nil || *j.Count != n || len(j.OpenExceptions) != report.ExceptionPage {
		t.Fatalf("JSON: count %v, %d listed", j.Count, len(j.OpenExceptions))
	}
	for _, k := range []string{"id", "kind", "ref", "amount_minor", "amount", "detail"} {
		if _, ok := j.OpenExceptions[0][k]; !ok {
			t.Errorf("JSON open_exceptions lost key %q: %v", k, j.OpenExceptions[0])
		}
	}
	recs, err := csv.NewReader(strings.NewReader(e.ok("report", "--csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	listed, counted := 0, ""
	for _, r := range recs {
		switch r[1] {
		case "open exception":
			listed++
		case "open exceptions":
			counted = r[3]
		}
	}
	if listed != report.ExceptionPage || counted != fmt.Sprint(n) {
		t.Fatalf("CSV: %d listed, count %q", listed, counted)
	}
	closed := e.ok("report", "--close")
	if !strings.Contains(closed, fmt.Sprintf("and %d more — see till reconcile", more)) {
		t.Fatalf("closing:\n%s", closed)
	}
	if again := e.ok("report"); !strings.Contains(again, fmt.Sprintf("and %d more", more)) {
		t.Fatalf("closed day reprinted:\n%s", again)
	}
}
