package store

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
)

// benchSizes are the scales benchmarked; TILL_BENCH_1M=1 adds a million.
func benchSizes() []int {
	sizes := []int{10_000, 100_000}
	if os.Getenv("TILL_BENCH_1M") != "" {
		sizes = append(sizes, 1_000_000)
	}
	return sizes
}

// seeded returns a store with n open orders and their references.
func seeded(tb testing.TB, n int) (*Store, []payment.Reference) {
	tb.Helper()
	s, err := Open(filepath.Join(tb.TempDir(), "till.db"))
	if err != nil {
		tb.Fatal(err)
	}
	refs := make([]payment.Reference, n)
	base := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	err = s.Seed(context.Background(), n, func(i int) SeedOrder {
		refs[i] = payment.NewReference()
		return SeedOrder{Ref: refs[i], Amount: payment.Amount{Minor: int64(100 + i%5000), Currency: brl},
			CreatedAt: base.Add(time.Duration(i) * time.Second), Schemes: "demo"}
	})
	if err != nil {
		tb.Fatal(err)
	}
	return s, refs
}

// BenchmarkReconcile imports a statement of n lines against n orders: most
// lines pay an order by its reference, some carry it in free text, some
// are short, and some match nothing. ns/op is per import; lines/s and the
// peak heap are reported.
func BenchmarkReconcile(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s, refs := seeded(b, n)
				base := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
				i := 0
				next := func() (reconcile.Evidence, error) {
					if i == n {
						return reconcile.Evidence{}, io.EOF
					}
					e := reconcile.Evidence{Key: "line:" + strconv.Itoa(i), Credit: true,
						Amount: payment.Amount{Minor: int64(100 + i%5000), Currency: brl}, At: base.Add(time.Duration(i) * time.Second)}
					switch i % 10 {
					case 0:
						e.Text = "PIX recebido " + string(refs[i]) + " obrigado"
					case 1:
						e.Amount.Minor-- // short
						e.Reference = string(refs[i])
					case 2:
						e.Reference = "" // no reference: amount+time pass
						e.Amount.Minor = 999_999
					default:
						e.Reference = string(refs[i])
					}
					i++
					return e, nil
				}
				runtime.GC()
				var before runtime.MemStats
				runtime.ReadMemStats(&before)
				stop := trackPeak()
				b.StartTimer()
				start, cpu := time.Now(), cpuTime()
				res, err := s.Import(context.Background(), next, ImportOptions{})
				elapsed, cpu := time.Since(start), cpuTime()-cpu
				b.StopTimer()
				peak := stop()
				if err != nil {
					b.Fatal(err)
				}
				if res.NewLines != n {
					b.Fatalf("%d new lines", res.NewLines)
				}
				b.ReportMetric(float64(n)/elapsed.Seconds(), "lines/s")
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
				b.ReportMetric(cpu.Seconds(), "cpu-s") // less moved than the time by other jobs on the machine
				s.Close()
				b.StartTimer()
			}
		})
	}
}

// trackPeak samples the heap every 10 ms until stopped; it returns the
// highest HeapInuse seen.
func trackPeak() func() uint64 {
	done := make(chan struct{})
	result := make(chan uint64)
	go func() {
		var peak uint64
		var m runtime.MemStats
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-done:
				result <- peak
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); return <-result }
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var _ = fmt.Sprint
