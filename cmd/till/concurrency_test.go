package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui"
	"github.com/till-pos/till/ui/screentest"
)

func concurrencySeconds() time.Duration {
	if n, err := strconv.Atoi(os.Getenv("TILL_CONCURRENCY_SECONDS")); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	return 60 * time.Second
}

// TestEverythingAtOnce runs, on one database and for a minute: the TUI
// taking sales as fast as a cashier can type, `till serve` under a stream
// of signed notifications (some repeated), and `till reconcile` of large
// statements one after another. No error may reach anyone, and afterwards
// nothing is lost or counted twice.
func TestEverythingAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for a minute; skipped with -short")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "till.db")
	cfgPath := filepath.Join(dir, "config.toml")
	f := config.Demo()
	secret := "concurrency-secret-0123456789"
	f.Serve.Secrets = []string{secret}
	data, _ := config.Encode(f)
	os.WriteFile(cfgPath, data, 0o600)
	cfg, _ := config.Resolve(f)

	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()

	// till serve, the real binary.
	srv := exec.Command(tillBinary, "--db", db, "--config", cfgPath, "serve", "--addr", "127.0.0.1:0")
	stdout, _ := srv.StdoutPipe()
	var srvErr bytes.Buffer
	srv.Stderr = &srvErr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	url := strings.Fields(strings.TrimPrefix(line, "till serve: listening on "))[0]

	deadline := time.Now().Add(concurrencySeconds())
	var wg sync.WaitGroup
	var failures []string
	var mu sync.Mutex
	fail := func(format string, args ...any) {
		mu.Lock()
		failures = append(failures, fmt.Sprintf(format, args...))
		mu.Unlock()
	}

	// The notification stream: pays open orders, sometimes twice with the
	// same id (a provider retrying), sometimes for unknown references.
	var sent, firstDeliveries atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		rng := rand.New(rand.NewPCG(1, 2))
		client := &http.Client{Timeout: 60 * time.Second}
		for n := 0; time.Now().Before(deadline); n++ {
			open, err := st.List(ctx, store.Filter{Status: []payment.Status{payment.StatusOpen}, Limit: 20})
			if err != nil {
				fail("list open orders: %v", err)
				return
			}
			ref, amount := string(payment.NewReference()), "1.00"
			if len(open) > 0 && rng.IntN(5) > 0 {
				o := open[rng.IntN(len(open))]
				ref, amount = string(o.Ref), o.Amount.Decimal()
			}
			body := []byte(fmt.Sprintf(`{"id":"evt-%d","ref":%q,"amount":%q,"currency":"BRL","payment_id":"pay-%d"}`, n, ref, amount, n))
			for range 1 + rng.IntN(2) {
				req, _ := http.NewRequest(http.MethodPost, url+"/notify", bytes.NewReader(body))
				req.Header.Set(notify.Header, notify.Sign([]byte(secret), time.Now(), body))
				resp, err := client.Do(req)
				if err != nil {
					fail("notify: %v", err)
					return
				}
				msg, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					fail("notify answered %d: %s", resp.StatusCode, msg)
					return
				}
				sent.Add(1)
				if !strings.Contains(string(msg), `"replayed":true`) {
					firstDeliveries.Add(1)
				}
			}
			time.Sleep(time.Duration(rng.IntN(20)) * time.Millisecond)
		}
	}()

	// Large statements, imported one after another by the real binary.
	var imports atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		rng := rand.New(rand.NewPCG(3, 4))
		for k := 0; time.Now().Before(deadline); k++ {
			refs := []payment.Reference{payment.NewReference()}
			if recent, err := st.List(ctx, store.Filter{Limit: 200}); err == nil {
				for _, o := range recent {
					refs = append(refs, o.Ref)
				}
			}
			file := filepath.Join(dir, fmt.Sprintf("big-%d.csv", k))
			var b strings.Builder
			b.WriteString("date,amount,currency,reference,counterparty,id\n")
			for i := range 50_000 {
				fmt.Fprintf(&b, "2026-11-25,%d.%02d,BRL,%s,P,S%d-%d\n", rng.IntN(30), rng.IntN(100), refs[rng.IntN(len(refs))], k, i)
			}
			os.WriteFile(file, []byte(b.String()), 0o600)
			out, err := exec.Command(tillBinary, "--db", db, "--config", cfgPath, "reconcile", file, "--json").CombinedOutput()
			if err != nil {
				fail("reconcile: %v: %s", err, out)
				return
			}
			imports.Add(1)
		}
	}()

	// The TUI: a cashier charging as fast as the screen allows.
	w, _ := st.Watch(ctx)
	defer w.Close()
	tm := teatest.NewTestModel(t, ui.New(ui.Options{Store: st, Config: cfg, Watcher: w, Actor: "cashier"}),
		teatest.WithInitialTermSize(100, 30), teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
	// One live emulator fed as the output arrives: it always holds the
	// screen as a terminal would show it. (Replaying a buffer cut at some
	// point loses the cursor position the renderer's relative moves assume.)
	term := screentest.Screen(nil, 100, 30)
	sales := 0
	waitFor := func(text string) string {
		var got string
		fed := 0 // WaitFor passes all it has read since it was called
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			term.Write(b[fed:])
			fed = len(b)
			got = screentest.Text(term)
			return strings.Contains(got, text)
		}, teatest.WithDuration(90*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
		return got
	}
	waitFor("New charge")
	for time.Now().Before(deadline) {
		tm.Type(strconv.Itoa(100 + sales))
		tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
		// The pay screen, waiting or already settled: a notification or an
		// import may pay the new order before its first frame is drawn.
		got := waitFor("next charge")
		for _, bad := range []string{"locked", "busy", "error", "failed"} {
			if strings.Contains(strings.ToLower(got), bad) {
				t.Fatalf("the cashier saw %q:\n%s", bad, got)
			}
		}
		sales++
		tm.Send(tea.KeyPressMsg{Code: 'n', Text: "n"})
		waitFor("New charge")
	}
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	wg.Wait()
	srv.Process.Signal(os.Interrupt)
	srv.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d failures, first: %s", len(failures), failures[0])
	}
	// Standard error is the request log: one line per request, none of
	// them an error or a 5xx.
	for _, line := range strings.Split(strings.TrimSpace(srvErr.String()), "\n") {
		if line != "" && (!strings.HasPrefix(line, "time=") || !strings.Contains(line, "status=200")) {
			t.Fatalf("till serve wrote errors: %s", line)
		}
	}

	// Nothing lost, nothing counted twice.
	problems, err := st.Check(ctx)
	if err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	all, _ := st.List(ctx, store.Filter{})
	if len(all) != sales {
		t.Fatalf("the TUI made %d sales, the database has %d orders", sales, len(all))
	}
	notifications, err := st.NotificationCount(ctx)
	if err != nil || notifications != firstDeliveries.Load() {
		t.Fatalf("%d notifications stored, %d first deliveries answered (err %v)", notifications, firstDeliveries.Load(), err)
	}
	t.Logf("%v: %d sales at the till, %d notification deliveries (%d distinct), %d imports of 50,000 lines; check ok",
		concurrencySeconds(), sales, sent.Load(), notifications, imports.Load())
}
