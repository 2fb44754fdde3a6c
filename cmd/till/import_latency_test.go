package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui"
	"github.com/till-pos/till/ui/screentest"
)

// latencyLines is the size of the statement imported while sales go on:
// 200,000 lines in go test (about a minute here); TILL_LATENCY_LINES runs
// the full size (1,000,000, documented in the README; till-bench
// measures it too).
func latencyLines() int {
	if n, err := strconv.Atoi(os.Getenv("TILL_LATENCY_LINES")); err == nil && n > 0 {
		return n
	}
	return 200_000
}

// Timeouts the sales during an import must be answered within: the TUI's
// bound on one store call (ui/common's opTimeout) and `till serve`'s
// write timeout, the most a notification's sender can be kept waiting.
const (
	tuiTimeout    = 15 * time.Second
	notifyTimeout = 20 * time.Second
)

// TestSalesDuringLargeImport runs `till reconcile` of a large statement
// and, all the while: `till charge` as a process, one sale after
// another; the TUI (the real Bubble Tea program) charging on Enter; and
// signed notifications to `till serve`. Every sale and notification must
// complete, the TUI's Enter show the pay screen and every notification be
// answered 200 within their timeouts, and no sale wait anywhere near the
// busy timeout. The 250 ms goal for p99 is measured by till-bench on a
// quiet machine; this test asserts a bound a shared CI machine keeps (the
// processes' p99 at most 2 s more than the slowest of five sales with no
// import) and logs p50/p99 of each.
func TestSalesDuringLargeImport(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a large statement; skipped with -short")
	}
	n := latencyLines()
	dir := t.TempDir()
	db := filepath.Join(dir, "till.db")
	cfgPath := filepath.Join(dir, "config.toml")
	f := config.Demo()
	const secret = "latency-secret-0123456789"
	f.Serve.Secrets = []string{secret}
	data, _ := config.Encode(f)
	os.WriteFile(cfgPath, data, 0o600)
	cfg, _ := config.Resolve(f)
	refs := seedForLatency(t, db, n)
	file := filepath.Join(dir, "statement.csv")
	writeLatencyStatement(t, file, refs)

	// A sale with no import, for scale: on a loaded machine starting a
	// process alone can take half a second.
	sale := func() (time.Duration, error) {
		t0 := time.Now()
		out, err := exec.Command(tillBinary, "--db", db, "--config", cfgPath, "charge", "12.34", "--json").CombinedOutput()
		if err != nil {
			err = fmt.Errorf("%v\n%s", err, out)
		}
		return time.Since(t0), err
	}
	var alone time.Duration
	for range 5 {
		d, err := sale()
		if err != nil {
			t.Fatal(err)
		}
		alone = max(alone, d)
	}
	url := startTillServe(t, db, cfgPath)
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tui := startLatencyTUI(t, st, cfg)

	imp := exec.Command(tillBinary, "--db", db, "--config", cfgPath, "reconcile", file, "--json")
	start := time.Now()
	if err := imp.Start(); err != nil {
		t.Fatal(err)
	}
	importing := make(chan struct{})
	var importErr error
	go func() { importErr = imp.Wait(); close(importing) }()
	var wg sync.WaitGroup
	var notes []time.Duration
	var noteErr error
	wg.Add(1)
	go func() { defer wg.Done(); notes, noteErr = notifyUntil(importing, url, secret) }()
	var lat []time.Duration
	var saleErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-importing:
				return
			default:
			}
			d, err := sale()
			if err != nil {
				saleErr = fmt.Errorf("a sale during the import failed after %v: %v", d, err)
				return
			}
			lat = append(lat, d)
			time.Sleep(20 * time.Millisecond)
		}
	}()
	enters := tui.chargeUntil(importing)
	wg.Wait()
	took := time.Since(start)
	tui.quit()
	for _, err := range []error{importErr, saleErr, noteErr} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(lat) < 10 || len(enters) < 5 || len(notes) < 10 {
		t.Fatalf("during a %v import only %d sales, %d TUI charges, %d notifications: too few to measure", took, len(lat), len(enters), len(notes))
	}
	p50, p99 := percentiles(lat)
	t.Logf("%d lines imported in %v; meanwhile %d `till charge`: p50 %v, p99 %v (the slowest of 5 with no import: %v)", n,
		took.Round(time.Millisecond), len(lat), p50, p99, alone.Round(time.Millisecond))
	e50, e99 := percentiles(enters)
	n50, n99 := percentiles(notes)
	t.Logf("%d TUI charges, Enter to the pay screen: p50 %v, p99 %v; %d notifications answered: p50 %v, p99 %v", len(enters), e50, e99, len(notes), n50, n99)
	if p99-alone > 2*time.Second {
		t.Fatalf("sales during the import: p99 %v (p50 %v), over 2 s more than a sale with no import (%v)", p99, p50, alone)
	}
	if problems, err := st.Check(context.Background()); err != nil || len(problems) > 0 {
		t.Fatalf("after the import: %v %v", problems, err)
	}
}

// percentiles sorts ds and gives their p50 and p99, rounded.
func percentiles(ds []time.Duration) (p50, p99 time.Duration) {
	slices.Sort(ds)
	return ds[len(ds)/2].Round(time.Millisecond), ds[len(ds)*99/100].Round(time.Millisecond)
}

// startTillServe starts `till serve` (the binary) on db and gives its URL.
func startTillServe(t *testing.T, db, cfgPath string) string {
	t.Helper()
	srv := exec.Command(tillBinary, "--db", db, "--config", cfgPath, "serve", "--addr", "127.0.0.1:0")
	stdout, _ := srv.StdoutPipe()
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Process.Signal(os.Interrupt); srv.Wait() })
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	f := strings.Fields(strings.TrimPrefix(line, "till serve: listening on "))
	if len(f) == 0 {
		t.Fatalf("till serve said %q", line)
	}
	return f[0]
}

// notifyUntil sends signed notifications (each for a reference no order
// has, so they do not change what the import finds) until stop, and
// gives how long each took to be answered 200; an error if one was not,
// within notifyTimeout.
func notifyUntil(stop <-chan struct{}, url, secret string) ([]time.Duration, error) {
	client := &http.Client{Timeout: notifyTimeout}
	var took []time.Duration
	for i := 0; ; i++ {
		select {
		case <-stop:
			return took, nil
		default:
		}
		body := []byte(fmt.Sprintf(`{"id":"lat-%d","ref":%q,"amount":"1.00","currency":"BRL","payment_id":"lat-pay-%d"}`,
			i, payment.NewReference(), i))
		req, _ := http.NewRequest(http.MethodPost, url+"/notify", bytes.NewReader(body))
		req.Header.Set(notify.Header, notify.Sign([]byte(secret), time.Now(), body))
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return took, fmt.Errorf("notification %d during the import: %v", i, err)
		}
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return took, fmt.Errorf("notification %d during the import answered %d after %v: %s", i, resp.StatusCode, time.Since(t0), msg)
		}
		took = append(took, time.Since(t0))
		time.Sleep(50 * time.Millisecond)
	}
}

// latencyTUI is the real Bubble Tea program on the store, with a live
// emulator of its screen.
type latencyTUI struct {
	t    *testing.T
	tm   *teatest.TestModel
	term *vt.Emulator
	fed  int
}

func startLatencyTUI(t *testing.T, st *store.Store, cfg *config.Config) *latencyTUI {
	t.Helper()
	w, err := st.Watch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	tm := teatest.NewTestModel(t, ui.New(ui.Options{Store: st, Config: cfg, Watcher: w, Actor: "cashier"}),
		teatest.WithInitialTermSize(100, 30), teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
	u := &latencyTUI{t: t, tm: tm, term: screentest.Screen(nil, 100, 30)}
	u.waitFor("New charge", tuiTimeout)
	return u
}

// waitFor waits up to limit for the screen to show text, and gives the
// screen. teatest's output reader hands each wait only what is new, so
// one emulator is fed as it arrives.
func (u *latencyTUI) waitFor(text string, limit time.Duration) string {
	u.t.Helper()
	var got string
	teatest.WaitFor(u.t, u.tm.Output(), func(b []byte) bool {
		u.term.Write(b[u.fed:])
		u.fed = len(b)
		got = screentest.Text(u.term)
		return strings.Contains(got, text)
	}, teatest.WithDuration(limit), teatest.WithCheckInterval(5*time.Millisecond))
	u.fed = 0
	return got
}

// chargeUntil types an amount and Enter, again and again until stop, and
// gives how long each Enter took to show the pay screen; the test fails
// if one took longer than the TUI's timeout or showed an error.
func (u *latencyTUI) chargeUntil(stop <-chan struct{}) []time.Duration {
	var took []time.Duration
	for i := 0; ; i++ {
		select {
		case <-stop:
			return took
		default:
		}
		u.tm.Type(strconv.Itoa(100 + i))
		t0 := time.Now()
		u.tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
		got := u.waitFor("next charge", tuiTimeout)
		took = append(took, time.Since(t0))
		for _, bad := range []string{"locked", "busy", "error", "failed"} {
			if strings.Contains(strings.ToLower(got), bad) {
				u.t.Fatalf("the cashier saw %q during the import:\n%s", bad, got)
			}
		}
		u.tm.Send(tea.KeyPressMsg{Code: 'n', Text: "n"})
		u.waitFor("New charge", tuiTimeout)
	}
}

func (u *latencyTUI) quit() {
	u.tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	u.tm.WaitFinished(u.t, teatest.WithFinalTimeout(10*time.Second))
}

func seedForLatency(t *testing.T, db string, n int) []payment.Reference {
	t.Helper()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	brl := payment.MustCurrency("BRL")
	base := time.Now().Add(-24 * time.Hour)
	refs := make([]payment.Reference, n)
	err = st.Seed(context.Background(), n, func(i int) store.SeedOrder {
		refs[i] = payment.NewReference()
		return store.SeedOrder{Ref: refs[i], Amount: payment.Amount{Minor: int64(500 + i%20000), Currency: brl},
			CreatedAt: base.Add(time.Duration(i) * 50 * time.Millisecond), Schemes: "demo",
			// Still open when the statement pays them: otherwise the TUI's
			// first expiry would close them all in one transaction, a
			// different test (it took over the TUI's 15 s at 200,000).
			Expiry: 72 * time.Hour}
	})
	if err != nil {
		t.Fatal(err)
	}
	return refs
}

// writeLatencyStatement pays every order, some short, some without a
// reference, some with it in free text (as till-bench's statement).
func writeLatencyStatement(t *testing.T, file string, refs []payment.Reference) {
	t.Helper()
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("date,amount,currency,reference,counterparty,id\n")
	day := time.Now().Add(-24 * time.Hour).Format(time.DateOnly)
	for i, ref := range refs {
		amount := payment.FormatMinor(int64(500+i%20000), 2)
		r := string(ref)
		switch i % 10 {
		case 1:
			amount = payment.FormatMinor(int64(499+i%20000), 2)
		case 2:
			r = ""
		case 3:
			r = "PIX " + r[:5] + " " + r[5:]
		}
		fmt.Fprintf(w, "%s,%s,BRL,%s,Payer %d,TX%d\n", day, amount, r, i, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}
