package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
	zscreen "github.com/till-pos/till/ui/report"
	"github.com/till-pos/till/ui/styles"
)

// Targets for the day close of a day with many open exceptions, checked
// with -check: the time and memory must not grow with their number.
const (
	exceptionsReportTarget = time.Second
	exceptionsRSSTarget    = 100 // MB
)

// exceptionRows gives the day a statement of n credits nobody could place
// (n open exceptions), then times the day close: `till report --json` as
// a process, with its peak RSS, and the z screen loading and drawing it
// in this process, with the memory that takes.
// The error checkErr says a target was missed.
func exceptionRows(till, db, cfg, day string, n int) (rows []row, checkErr, err error) {
	st, err := store.Open(db)
	if err != nil {
		return nil, nil, err
	}
	brl := payment.MustCurrency("BRL")
	noon, _ := time.ParseInLocation(time.DateOnly, day, time.Local)
	noon = noon.Add(12 * time.Hour)
	fmt.Fprintf(os.Stderr, "recording %d unplaced lines on %s...\n", n, day)
	err = st.SeedUnplaced(context.Background(), n, func(i int) store.SeedLine {
		return store.SeedLine{Key: fmt.Sprintf("unplaced-%d", i), Amount: payment.Amount{Minor: int64(100 + i%5000), Currency: brl},
			At: noon.Add(time.Duration(i) * time.Millisecond * 40), Detail: "no order matches this payment"}
	})
	st.Close()
	if err != nil {
		return nil, nil, err
	}
	var rss int64
	var runErr error
	var times []time.Duration
	for range 5 {
		d, kb, err := timeWithRSS(till, "--db", db, "--config", cfg, "report", "--json", "--date", day)
		if err != nil {
			runErr = err
			break
		}
		times = append(times, d)
		rss = max(rss, kb/1024)
	}
	if runErr != nil {
		return nil, nil, runErr
	}
	slices.Sort(times)
	report := times[len(times)/2]
	screen, alloc, err := zScreenTime(db, day)
	if err != nil {
		return nil, nil, err
	}
	return []row{
		{what: fmt.Sprintf("day close with %d open exceptions: `till report --json` (process start to exit)", n),
			till: fmt.Sprintf("%s, peak RSS %d MB", ms(report), rss)},
		{what: fmt.Sprintf("day close with %d open exceptions: the z screen loads and draws it", n),
			till: fmt.Sprintf("%s, %.1f MB allocated", ms(screen), float64(alloc)/(1<<20))},
	}, checkExceptions(report, rss, screen), nil
}

func checkExceptions(report time.Duration, rss int64, screen time.Duration) error {
	switch {
	case report >= exceptionsReportTarget:
		return fmt.Errorf("day close with many open exceptions took %v, over the %v target", report, exceptionsReportTarget)
	case rss >= exceptionsRSSTarget:
		return fmt.Errorf("day close with many open exceptions used %d MB, over the %d MB target", rss, exceptionsRSSTarget)
	case screen >= exceptionsReportTarget:
		return fmt.Errorf("the z screen with many open exceptions took %v, over the %v target", screen, exceptionsReportTarget)
	}
	return nil
}

// zScreenTime is the median time the day close screen takes from asking
// for the day to drawing it, and the bytes one such load allocates.
func zScreenTime(db, day string) (time.Duration, uint64, error) {
	st, err := store.Open(db)
	if err != nil {
		return 0, 0, err
	}
	defer st.Close()
	cfg, err := config.Resolve(config.Demo())
	if err != nil {
		return 0, 0, err
	}
	at, _ := time.ParseInLocation(time.DateOnly, day, time.Local)
	k := keymap.Default()
	c := common.Common{Width: 100, Height: 40, Styles: styles.New(true, false), Keys: &k,
		Now: func() time.Time { return at.Add(20 * time.Hour) }, Backend: &common.Backend{Store: st, Config: cfg, Actor: "bench"}}
	var loadErr error
	var alloc uint64
	d := median(5, func() {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		m := zscreen.New(c)
		msg := m.Init()()
		if e, ok := msg.(common.ErrMsg); ok {
			loadErr = e
			return
		}
		m, _ = m.Update(msg)
		_ = m.View()
		runtime.ReadMemStats(&after)
		alloc = after.TotalAlloc - before.TotalAlloc
	})
	return d, alloc, loadErr
}

// rssChildEnv makes till-bench a small helper that runs a command and
// prints its time and peak RSS. Go starts a child sharing its parent's
// memory until exec, and Linux counts the parent's resident set into the
// child's peak then: measured from till-bench itself, with a million
// references in memory, every child would seem as big as till-bench.
const rssChildEnv = "TILL_BENCH_RSS_CHILD"

// timeWithRSS runs a command through the helper: its wall time and peak
// RSS in KiB.
func timeWithRSS(name string, args ...string) (time.Duration, int64, error) {
	return timeWithRSSOut(nil, "", name, args...)
}

// rssOutEnv names the file the helper writes the command's output to.
const rssOutEnv = "TILL_BENCH_RSS_OUT"

// timeWithRSSOut is timeWithRSS with more environment for the command
// and, if stdout is not "", its output written to that file.
func timeWithRSSOut(env []string, stdout, name string, args ...string) (time.Duration, int64, error) {
	self, err := os.Executable()
	if err != nil {
		return 0, 0, err
	}
	cmd := exec.Command(self, append([]string{name}, args...)...)
	cmd.Env = append(append(os.Environ(), env...), rssChildEnv+"=1", rssOutEnv+"="+stdout)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, 0, fmt.Errorf("%s %v: %v\n%s", name, args, err, stderr.String())
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		return 0, 0, fmt.Errorf("helper said %q", out)
	}
	ns, err1 := strconv.ParseInt(f[0], 10, 64)
	kb, err2 := strconv.ParseInt(f[1], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("helper said %q", out)
	}
	return time.Duration(ns), kb, nil
}

// rssChild is the helper: it runs args, discarding their output, and
// prints "NANOSECONDS KIB".
func rssChild(args []string) int {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stderr = os.Stderr
	if path := os.Getenv(rssOutEnv); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer f.Close()
		cmd.Stdout = f
	}
	start := time.Now()
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	d := time.Since(start)
	fmt.Println(int64(d), cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
	return 0
}
