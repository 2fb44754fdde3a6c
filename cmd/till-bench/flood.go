package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/notify"
)

// floodSecret signs the notifications of the flood run.
const floodSecret = "till-bench-flood-secret-0123456789"

// runFlood starts the real `till serve` and sends it n unsigned 60 KB
// requests from 4 connections while one client sends signed
// notifications every 10 ms; it prints how much the database grew and how
// long the signed ones waited.
//
//	go run ./cmd/till-bench -flood 10000
func runFlood(n int) error {
	dir, till, err := buildTill("till-flood-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	f := config.Demo()
	f.Serve.Secrets = []string{floodSecret}
	data, err := config.Encode(f)
	if err != nil {
		return err
	}
	cfg, db, logFile := filepath.Join(dir, "config.toml"), filepath.Join(dir, "till.db"), filepath.Join(dir, "serve.log")
	if err := os.WriteFile(cfg, data, 0o600); err != nil {
		return err
	}
	if out, err := exec.Command(till, "--db", db, "--config", cfg, "orders").CombinedOutput(); err != nil {
		return fmt.Errorf("create the database: %v %s", err, out)
	}
	before, err := dbSize(db)
	if err != nil {
		return err
	}
	logOut, err := os.Create(logFile)
	if err != nil {
		return err
	}
	defer logOut.Close()
	srv := exec.Command(till, "--db", db, "--config", cfg, "serve", "--addr", "127.0.0.1:0")
	srv.Stderr = logOut
	stdout, _ := srv.StdoutPipe()
	if err := srv.Start(); err != nil {
		return err
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		srv.Process.Kill()
		return fmt.Errorf("till serve did not start: %v", err)
	}
	url := strings.Fields(strings.TrimPrefix(line, "till serve: listening on "))[0]

	_, quiet, _, err := flood(url, 0, 100)
	if err != nil {
		srv.Process.Kill()
		return err
	}
	answers, latencies, floodTime, err := flood(url, n, 0)
	srv.Process.Signal(os.Interrupt)
	srv.Wait()
	if err != nil {
		return err
	}
	after, err := dbSize(db)
	if err != nil {
		return err
	}
	logged, _ := os.ReadFile(logFile)
	slices.Sort(latencies)
	pct := func(p int) time.Duration { return latencies[min(len(latencies)-1, len(latencies)*p/100)] }
	fmt.Printf("\nMeasured %s on %s, %d cores, %s.\n\n", time.Now().Format("2006-01-02"), cpuModel(), runtime.NumCPU(), runtime.Version())
	fmt.Println("| measure | result |")
	fmt.Println("|---|---|")
	fmt.Printf("| unsigned 60 KB requests | %d in %.1f s, answered %s |\n", n, floodTime.Seconds(), statusList(answers))
	fmt.Printf("| database growth (with the signed notifications' own rows) | %+.2f MB (%.2f MB → %.2f MB) |\n",
		float64(after-before)/(1<<20), float64(before)/(1<<20), float64(after)/(1<<20))
	fmt.Printf("| signed notifications during the flood | %d, all answered 200; p50 %s, p99 %s, max %s |\n",
		len(latencies), ms(pct(50)), ms(pct(99)), ms(latencies[len(latencies)-1]))
	slices.Sort(quiet)
	fmt.Printf("| signed notifications without a flood, for comparison | %d; p50 %s, p99 %s |\n",
		len(quiet), ms(quiet[len(quiet)/2]), ms(quiet[len(quiet)*99/100]))
	fmt.Printf("| log lines | %d for %d requests |\n", bytes.Count(logged, []byte("\n")), n+len(latencies)+len(quiet))
	return nil
}

// flood sends n unsigned requests, and signed ones every 10 ms until they
// are done (and at least signed of them); it returns the
// unsigned ones' statuses, the signed ones' latencies, and how long the
// flood took.
func flood(url string, n, signed int) (map[int]int, []time.Duration, time.Duration, error) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}, Timeout: 30 * time.Second}
	post := func(body []byte, sig string) (int, error) {
		req, _ := http.NewRequest(http.MethodPost, url+"/notify", bytes.NewReader(body))
		if sig != "" {
			req.Header.Set(notify.Header, sig)
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	junk := bytes.Repeat([]byte("A"), 60<<10)
	var mu sync.Mutex
	answers := map[int]int{}
	var floodErr error
	var wg sync.WaitGroup
	start := time.Now()
	const conns = 4
	for c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; i < n; i += conns {
				code, err := post(junk, "")
				mu.Lock()
				answers[code]++
				if err != nil && floodErr == nil {
					floodErr = err
				}
				mu.Unlock()
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	var latencies []time.Duration
	for i := 0; ; i++ {
		select {
		case <-done:
			if len(latencies) >= signed {
				return answers, latencies, time.Since(start), floodErr
			}
		case <-time.After(10 * time.Millisecond):
		}
		body := []byte(fmt.Sprintf(`{"id":"evt-%d","ref":"22222222GW","amount":"1.00","currency":"BRL","payment_id":"pay-%d"}`, i, i))
		t0 := time.Now()
		code, err := post(body, notify.Sign([]byte(floodSecret), time.Now(), body))
		latencies = append(latencies, time.Since(t0))
		if err != nil || code != 200 {
			return nil, nil, 0, fmt.Errorf("signed notification %d answered %d: %v", i, code, err)
		}
	}
}

func dbSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

func statusList(m map[int]int) string {
	var parts []string
	for _, code := range slices.Sorted(func(yield func(int) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}) {
		parts = append(parts, fmt.Sprintf("%d × %d", m[code], code))
	}
	return strings.Join(parts, ", ")
}
