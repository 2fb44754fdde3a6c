package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/till-pos/till/cmd/till/internal/faultproxy"
	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/store/central"
	"github.com/till-pos/till/store/central/pgtest"
)

var fleetLong = flag.Bool("fleet.long", false, "run the fleet fault test long: 16 tills × 2,000 orders")

// proc is a real till process that a fault test kills and restarts.
type proc struct {
	t    *testing.T
	args []string
	log  string
	mu   sync.Mutex
	cmd  *exec.Cmd
	exit chan struct{} // closed when the process has ended
}

func (p *proc) start() {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	f, err := os.OpenFile(p.log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		p.t.Fatal(err)
	}
	defer f.Close()
	p.cmd = exec.Command(tillBinary, p.args...)
	p.cmd.Stdout, p.cmd.Stderr = f, f
	if err := p.cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	cmd, exit := p.cmd, make(chan struct{})
	p.exit = exit
	go func() { cmd.Wait(); close(exit) }()
}

// ensure starts the process again if it has ended by itself (a central
// server that started while PostgreSQL was down gives up).
func (p *proc) ensure() bool {
	p.mu.Lock()
	exit := p.exit
	p.mu.Unlock()
	select {
	case <-exit:
		p.start()
		return true
	default:
		return false
	}
}

// kill is SIGKILL: no shutdown of any kind.
func (p *proc) kill() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd != nil {
		p.cmd.Process.Kill()
		<-p.exit
		p.cmd = nil
	}
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitListening(t *testing.T, addr string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
	}
	t.Fatalf("nothing listens on %s", addr)
}

// faultCounts are the faults a run injected.
type faultCounts struct {
	lostReplies, partitions, tillKills, centralKills, pgCrashes atomic.Int64
}

// The fleet under fire: N tills (each a real `till sync` process on its
// own SQLite file, while sales are written to that file) send M orders
// each through a proxy that loses replies and partitions the network,
// while tills and the two central servers are SIGKILLed and restarted
// and PostgreSQL is stopped with -m immediate and restarted. After
// healing, every till's events equal central's exactly, nothing is there
// twice, every status agrees with an independent fold, and till check
// and till central check pass. -fleet.long runs it at 16 × 2,000.
func TestFleetFaults(t *testing.T) {
	tills, orders := 4, 200
	if *fleetLong {
		tills, orders = 16, 2000
	} else if testing.Short() {
		tills, orders = 2, 40
	}
	// A server of its own: this test crashes it.
	pg, err := pgtest.Start()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL could not be started, and CI must run this test: %v", err)
		}
		t.Skipf("PostgreSQL could not be started (.ci/run installs it): %v", err)
	}
	t.Cleanup(pg.Stop)
	url := pg.NewDatabase(t)
	dir := t.TempDir()
	admin := newEnv(t)
	admin.ok("central", "migrate", "--pg", url)

	var servers []*proc
	var addrs []string
	for i := range 2 {
		addr := freeAddr(t)
		p := &proc{t: t, args: []string{"central", "serve", "--pg", url, "--addr", addr}, log: filepath.Join(dir, fmt.Sprintf("central%d.log", i))}
		p.start()
		waitListening(t, addr)
		servers, addrs = append(servers, p), append(addrs, addr)
	}
	defer func() {
		for _, p := range servers {
			p.kill()
		}
	}()
	proxy, err := faultproxy.Start(addrs...)
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()

	envs := make([]env, tills)
	syncers := make([]*proc, tills)
	stores := make([]*store.Store, tills)
	for i := range tills {
		envs[i] = newEnv(t)
		out := admin.ok("central", "enroll", "--pg", url, "--name", fmt.Sprintf("till %02d", i))
		envs[i].ok("join", "http://"+proxy.Addr(), strings.TrimSpace(out[strings.Index(out, "JOIN-"):]))
		syncers[i] = &proc{t: t, log: filepath.Join(dir, fmt.Sprintf("till%d.log", i)),
			args: []string{"--db", envs[i].db, "--config", envs[i].config, "sync", "--poll", "50ms", "--max-backoff", "1s"}}
		syncers[i].start()
		if stores[i], err = store.Open(envs[i].db); err != nil {
			t.Fatal(err)
		}
		defer stores[i].Close()
	}
	defer func() {
		for _, p := range syncers {
			p.kill()
		}
	}()

	// Sales on every till while the faults go on.
	start := time.Now()
	var sold sync.WaitGroup
	errs := make(chan error, tills)
	for i := range tills {
		sold.Add(1)
		go func() {
			defer sold.Done()
			if err := sellMix(stores[i], orders); err != nil {
				errs <- fmt.Errorf("till %d: %w", i, err)
			}
		}()
	}
	done := make(chan struct{})
	go func() { sold.Wait(); close(done) }()
	var f faultCounts
	injectFaults(t, done, &f, proxy, pg, servers, syncers)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	selling := time.Since(start)

	// Healed: everything arrives.
	proxy.Set(faultproxy.Healthy)
	healStart := time.Now()
	restarted := 0
	for i, st := range stores {
		for {
			for _, p := range append(servers, syncers...) {
				if p.ensure() {
					restarted++
				}
			}
			s, err := st.SyncState(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if s.Waiting() == 0 && s.Last > 0 {
				break
			}
			if time.Since(healStart) > 3*time.Minute {
				log, _ := os.ReadFile(syncers[i].log)
				c0, _ := os.ReadFile(servers[0].log)
				c1, _ := os.ReadFile(servers[1].log)
				t.Fatalf("till %d never caught up: %+v\n%s\ncentral 0:\n%s\ncentral 1:\n%s", i, s, tail(string(log), 3000),
					tail(string(c0), 3000), tail(string(c1), 3000))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	healed := time.Since(healStart)
	events := verifyFleet(t, url, envs, stores)
	admin.ok("central", "check", "--pg", url)
	for _, e := range envs {
		e.ok("check")
	}
	t.Logf("%d tills × %d orders = %d orders, %d events; selling took %v, catching up after healing %v (%d processes that had ended by themselves started again)",
		tills, orders, tills*orders, events, selling.Round(time.Millisecond), healed.Round(time.Millisecond), restarted)
	t.Logf("faults: %d lost-reply windows (%d replies lost), %d partitions (%d connections refused), %d till SIGKILLs, %d central SIGKILLs, %d PostgreSQL crashes (-m immediate)",
		f.lostReplies.Load(), proxy.Dropped.Load(), f.partitions.Load(), proxy.Refused.Load(), f.tillKills.Load(), f.centralKills.Load(), f.pgCrashes.Load())
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// sellMix sells n orders on st: paid by notification, cancelled then
// paid (late), claimed, claimed then refunded, left open.
func sellMix(st *store.Store, n int) error {
	ctx := context.Background()
	cur, _ := payment.LookupCurrency("BRL")
	for i := range n {
		o, err := st.CreateOrder(ctx, store.NewOrder{Amount: payment.Amount{Minor: int64(100 + i), Currency: cur}, Expiry: time.Hour, Actor: "ann"})
		if err != nil {
			return err
		}
		switch i % 5 {
		case 0:
			err = notifyPaid(st, o)
		case 1:
			if _, err = st.Cancel(ctx, o.Ref, "ann", "wrong"); err == nil {
				err = notifyPaid(st, o)
			}
		case 2:
			_, err = st.Claim(ctx, o.Ref, "ann", "")
		case 3:
			if _, err = st.Claim(ctx, o.Ref, "ann", ""); err == nil {
				_, err = st.Refund(ctx, o.Ref, 50, "ann", "broken")
			}
		}
		if err != nil {
			return err
		}
		time.Sleep(time.Duration(rand.IntN(3)) * time.Millisecond)
	}
	return nil
}

func notifyPaid(st *store.Store, o store.Order) error {
	id := "n-" + string(o.Ref)
	ev := reconcile.Evidence{Key: "notification:" + id, Reference: string(o.Ref), Amount: o.Amount, Credit: true, At: time.Now()}
	_, err := st.Notify(context.Background(), store.Notification{ID: id, Kind: "generic", Body: []byte("{}")},
		[]reconcile.Evidence{ev}, reconcile.Options{Source: "notification:" + id, Actor: "till serve"})
	return err
}

// injectFaults cycles through the faults until done, then restarts
// whatever is down.
func injectFaults(t *testing.T, done chan struct{}, f *faultCounts, proxy *faultproxy.Proxy, pg *pgtest.Server, servers, syncers []*proc) {
	pause := func(d time.Duration) bool {
		select {
		case <-done:
			time.Sleep(d)
			return false
		case <-time.After(d):
			return true
		}
	}
	for n := 0; ; n++ {
		switch n % 5 {
		case 0:
			// Until a reply is lost (at most 2 s): the window is sure to count.
			f.lostReplies.Add(1)
			before := proxy.Dropped.Load()
			proxy.Set(faultproxy.DropReplies)
			for end := time.Now().Add(2 * time.Second); proxy.Dropped.Load() == before && time.Now().Before(end); {
				time.Sleep(10 * time.Millisecond)
			}
			pause(100 * time.Millisecond)
			proxy.Set(faultproxy.Healthy)
		case 1:
			f.partitions.Add(1)
			proxy.Set(faultproxy.Partitioned)
			pause(500 * time.Millisecond)
			proxy.Set(faultproxy.Healthy)
		case 2:
			p := syncers[rand.IntN(len(syncers))]
			f.tillKills.Add(1)
			p.kill()
			pause(200 * time.Millisecond)
			p.start()
		case 3:
			p := servers[rand.IntN(len(servers))]
			f.centralKills.Add(1)
			p.kill()
			pause(300 * time.Millisecond)
			p.start()
		case 4:
			f.pgCrashes.Add(1)
			if err := pg.Crash(); err != nil {
				t.Fatal(err)
			}
			pause(400 * time.Millisecond)
			if err := pg.Restart(); err != nil {
				t.Fatal(err)
			}
		}
		// Every fault twice at least, however quick the selling.
		if !pause(100*time.Millisecond) && n >= 9 {
			return
		}
	}
}

// verifyFleet compares every till with the central book and returns the
// number of events.
func verifyFleet(t *testing.T, url string, envs []env, stores []*store.Store) int {
	t.Helper()
	ctx := context.Background()
	b, err := central.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	total := 0
	for i, st := range stores {
		name := fmt.Sprintf("till %02d", i)
		entries, err := st.Outbox(ctx, 0, 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		evs, err := b.Events(ctx, "main", name)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != len(entries) {
			t.Fatalf("%s: %d events on the till, %d in central", name, len(entries), len(evs))
		}
		byRef := map[string][]central.Event{}
		for j, e := range entries {
			var body struct {
				Ref, Kind, Source, Actor, Note string
			}
			var raw map[string]any
			json.Unmarshal([]byte(e.Body), &raw)
			json.Unmarshal([]byte(e.Body), &body)
			c := evs[j]
			if c.Seq != e.Seq || c.Ref != body.Ref || c.Kind != body.Kind || c.Source != body.Source || c.Actor != body.Actor ||
				c.Note != body.Note || float64(c.Amount) != raw["amount"] || float64(c.At) != raw["at"] || float64(c.RecordedAt) != raw["recorded_at"] {
				t.Fatalf("%s seq %d: till %s, central %+v", name, e.Seq, e.Body, c)
			}
			byRef[c.Ref] = append(byRef[c.Ref], c)
		}
		total += len(evs)
		local, err := st.List(ctx, store.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		remote, err := b.Orders(ctx, "main", central.OrderFilter{Till: name})
		if err != nil {
			t.Fatal(err)
		}
		if len(local) != len(remote) || len(remote) != len(byRef) {
			t.Fatalf("%s: %d orders on the till, %d in central, events for %d", name, len(local), len(remote), len(byRef))
		}
		states := map[string]payment.State{}
		for _, o := range local {
			states[string(o.Ref)] = o.State
		}
		for _, o := range remote {
			// An independent fold: the events in the till's order, through
			// payment.Fold, not the central fold.
			var pe []payment.Event
			for _, e := range byRef[o.Ref] {
				pe = append(pe, payment.Event{Kind: payment.EventKind(e.Kind), Amount: e.Amount})
			}
			folded, err := payment.Fold(pe)
			if err != nil || folded != o.State() || states[o.Ref] != o.State() {
				t.Fatalf("%s order %s: central %+v, fold %+v (%v), till %+v", name, o.Ref, o.State(), folded, err, states[o.Ref])
			}
		}
	}
	if xs, err := b.Exceptions(ctx, "main"); err != nil || len(xs) > 0 {
		t.Fatalf("central exceptions: %+v %v", xs, err)
	}
	return total
}
