package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
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
	report := median(5, func() {
		cmd := exec.Command(till, "--db", db, "--config", cfg, "report", "--json", "--date", day)
		if out, err := cmd.CombinedOutput(); err != nil {
			runErr = fmt.Errorf("till report: %v\n%.500s", err, out)
			return
		}
		rss = max(rss, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss/1024)
	})
	if runErr != nil {
		return nil, nil, runErr
	}
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
