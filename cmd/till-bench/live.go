package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/store/central"
	"github.com/till-pos/till/store/central/pgtest"
)

// liveSecret signs the benchmark's webhooks ([serve] secrets of the
// central servers' configuration).
const liveSecret = "till-bench live secret, 32 chars"

// runLive measures webhook-to-till latency on a PostgreSQL of its own: two
// real `till central serve` processes, A taking the signed webhooks and B
// holding the tills' long-polls (GET /v1/down), woken through LISTEN/NOTIFY
// as in a fleet behind a load balancer. The tills are simulated in this
// process, one goroutine and one HTTP connection each, with 1, 100 and
// 1,000 connected at once; each webhook pays an order of the next till in
// turn and is timed from the moment it is sent until its message reaches
// that till's long-poll.
//
//	go run ./cmd/till-bench -live 300
func runLive(samples int) error {
	dir, till, err := buildTill("till-live-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfgPath := filepath.Join(dir, "config.toml")
	cfg := config.Demo()
	cfg.Serve.Secrets = []string{liveSecret}
	data, err := config.Encode(cfg)
	if err != nil {
		return err
	}
	if err := os.WriteFile(cfgPath, data, 0o600); err != nil {
		return err
	}
	pg, err := pgtest.Start()
	if err != nil {
		return fmt.Errorf("start PostgreSQL: %w", err)
	}
	defer pg.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url := pg.URL("postgres")
	book, err := central.Open(ctx, url)
	if err != nil {
		return err
	}
	defer book.Close()
	if _, _, err := book.Migrate(ctx); err != nil {
		return err
	}
	a, stopA, err := startCentral(till, url, "TILL_CONFIG="+cfgPath)
	if err != nil {
		return err
	}
	defer stopA()
	b, stopB, err := startCentral(till, url, "TILL_CONFIG="+cfgPath)
	if err != nil {
		return err
	}
	defer stopB()
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("\nMeasured %s on %s, %d cores, %s, load average %s, PostgreSQL on the same machine (fsync off).\n\n",
		time.Now().Format("2006-01-02"), cpuModel(), runtime.NumCPU(), runtime.Version(), strings.Join(strings.Fields(string(load))[:3], " "))
	fmt.Println("| tills connected to B | webhooks to A | p50 | p99 | max |")
	fmt.Println("|---|---|---|---|---|")
	fl := &liveFleet{book: book, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4096}},
		b: b, arrived: make(chan string, 64)}
	defer fl.stop()
	for _, n := range []int{1, 100, 1000} {
		if err := fl.grow(ctx, n); err != nil {
			return err
		}
		lat, err := fl.measure(a, samples)
		if err != nil {
			return err
		}
		slices.Sort(lat)
		ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
		fmt.Printf("| %d | %d | %s | %s | %s |\n", n, samples, ms(lat[len(lat)/2]), ms(lat[min(len(lat)-1, len(lat)*99/100)]), ms(lat[len(lat)-1]))
	}
	return nil
}

// buildTill builds the till binary into a new temporary folder.
func buildTill(prefix string) (dir, till string, err error) {
	if dir, err = os.MkdirTemp("", prefix); err != nil {
		return "", "", err
	}
	till = filepath.Join(dir, "till")
	if out, err := exec.Command("go", "build", "-o", till, "./cmd/till").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", "", fmt.Errorf("build till (run from the repository root): %v\n%s", err, out)
	}
	return dir, till, nil
}

// liveFleet is the simulated tills, each long-polling server B.
type liveFleet struct {
	book     *central.Book
	client   *http.Client
	b        string
	prefixes []string
	arrived  chan string
	wg       sync.WaitGroup
	cancel   []context.CancelFunc
}

// grow enrolls tills until n are connected, and waits for their polls.
func (f *liveFleet) grow(ctx context.Context, n int) error {
	for i := len(f.prefixes); i < n; i++ {
		code, _, err := f.book.Enroll(ctx, "main", fmt.Sprintf("till %d", i))
		if err != nil {
			return err
		}
		t, token, err := f.book.Join(ctx, code)
		if err != nil {
			return err
		}
		f.prefixes = append(f.prefixes, t.Prefix)
		pctx, cancel := context.WithCancel(ctx)
		f.cancel = append(f.cancel, cancel)
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			longPoll(pctx, f.client, f.b, token, f.arrived)
		}()
	}
	time.Sleep(time.Duration(500+2*n) * time.Millisecond) // every till holds its long-poll
	return nil
}

func (f *liveFleet) stop() {
	for _, c := range f.cancel {
		c()
	}
	f.wg.Wait()
}

// measure sends samples webhooks to server a, one at a time, each for the
// next till in turn, and times each until its till has it.
func (f *liveFleet) measure(a string, samples int) ([]time.Duration, error) {
	lat := make([]time.Duration, 0, samples)
	for i := range samples {
		k := len(f.prefixes)*samples + i // a new reference per run
		ref, err := payment.CompleteReference(f.prefixes[i%len(f.prefixes)] + liveSymbols(k))
		if err != nil {
			return nil, err
		}
		id := fmt.Sprintf("live-%d", k)
		body := []byte(`{"id":"` + id + `","ref":"` + string(ref) + `","amount":"1.00","currency":"BRL"}`)
		start := time.Now()
		req, _ := http.NewRequest(http.MethodPost, a+"/notify", bytes.NewReader(body))
		req.Header.Set(notify.Header, notify.Sign([]byte(liveSecret), start, body))
		resp, err := f.client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("webhook: %w", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("webhook: %s", resp.Status)
		}
		select {
		case got := <-f.arrived:
			if got != "generic:"+id {
				return nil, fmt.Errorf("webhook %s arrived, %s expected", got, id)
			}
		case <-time.After(30 * time.Second):
			return nil, fmt.Errorf("webhook %s did not reach its till in 30 s", id)
		}
		lat = append(lat, time.Since(start))
	}
	return lat, nil
}

// longPoll is a simulated till: it holds GET /v1/down until ctx ends and
// sends the source of each message it gets to arrived.
func longPoll(ctx context.Context, client *http.Client, url, token string, arrived chan<- string) {
	after := int64(0)
	for ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/v1/down?after=%d", url, after), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		var r struct{ Messages []central.DownMessage }
		json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		for _, m := range r.Messages {
			after = m.N
			select {
			case arrived <- m.Source:
			case <-ctx.Done():
				return
			}
		}
	}
}

// liveSymbols writes i in the reference alphabet, 7 symbols.
func liveSymbols(i int) string {
	out := make([]byte, 7)
	for k := range out {
		out[len(out)-1-k] = payment.ReferenceAlphabet[i%32]
		i /= 32
	}
	return string(out)
}
