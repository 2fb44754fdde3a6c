package reconcile

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/till-pos/till/store"
)

// BenchmarkQueueView draws a full queue: View runs on every message, so
// it must stay far below a frame.
func BenchmarkQueueView(b *testing.B) {
	e := &env{}
	d := &driver{m: New(e.benchCommon(120, 38), "")}
	for i := 0; i < QueueLimit; i++ {
		d.m.items = append(d.m.items, store.ExceptionItem{ID: int64(i + 1), Kind: "unmatched", Key: fmt.Sprintf("csv:generic||TX-%d", i),
			Amount: int64(100 + i), Currency: "EUR", Detail: "a payment without a reference that matches no order"})
	}
	d.m.open, d.m.loaded, d.m.state, d.m.cursor = QueueLimit, true, stateQueue, QueueLimit/2
	d.m.scroll()
	b.ReportAllocs()
	for b.Loop() {
		_ = d.m.View()
	}
}

// BenchmarkImportFiles reads a 100,000-line generic CSV of unplaced
// payments into a real store through the function the screen and the CLI
// share (a dry run, so every iteration does the same work).
func BenchmarkImportFiles(b *testing.B) {
	dir := b.TempDir()
	st, err := store.Open(filepath.Join(dir, "till.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	const lines = 100_000
	var sb strings.Builder
	sb.WriteString("date,amount,currency,reference,counterparty,id\n")
	for i := 0; i < lines; i++ {
		fmt.Fprintf(&sb, "2026-01-16,%d.%02d,EUR,,Payer %d,TX-%d\n", 1+i%500, i%100, i, i)
	}
	path := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(sb.Len()))
	for b.Loop() {
		res, err := st.ImportFiles(context.Background(), store.ImportRequest{Files: []string{path}, Format: "auto", DryRun: true}, "bench", nil)
		if err != nil || res.Lines != lines {
			b.Fatalf("%d lines, %v", res.Lines, err)
		}
	}
	b.ReportMetric(float64(lines), "lines/op")
}
