package notifyhttp

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/store"
)

// A flood of unsigned 60 KB requests leaves the database less than 2 MB
// larger, and signed notifications sent meanwhile are all answered. The
// CI size is 1,000 requests; TILL_FLOOD=10000 runs the README's size
// (cmd/till-bench -flood measures it on the real binary).
func TestFloodOfUnsignedRequests(t *testing.T) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("TILL_FLOOD")); err == nil && v > 0 {
		n = v
	}
	path := filepath.Join(t.TempDir(), "till.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	before := fileSize(t, path)
	srv := httptest.NewServer(&Handler{Store: st, Secrets: [][]byte{secret}})
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	postTo := func(body []byte, header string) (int, error) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/notify", bytes.NewReader(body))
		if header != "" {
			req.Header.Set(notify.Header, header)
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
	const flooders = 4
	var wg sync.WaitGroup
	statuses := make(chan int, n)
	for w := range flooders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += flooders {
				code, err := postTo(junk, "")
				if err != nil {
					t.Error(err)
					return
				}
				statuses <- code
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()

	var latencies []time.Duration
	for i := 0; ; i++ {
		select {
		case <-done:
		default:
			body := generic(fmt.Sprintf("evt_%d", i), "22222222GW", "1.00")
			start := time.Now()
			code, err := postTo(body, notify.Sign(secret, time.Now(), body))
			latencies = append(latencies, time.Since(start))
			if err != nil || code != 200 {
				t.Fatalf("signed notification %d during the flood: %d %v", i, code, err)
			}
			time.Sleep(5 * time.Millisecond)
			continue
		}
		break
	}
	close(statuses)
	count := map[int]int{}
	for c := range statuses {
		count[c]++
	}
	st.Close()
	grown := fileSize(t, path) - before
	slices.Sort(latencies)
	p99 := latencies[len(latencies)*99/100]
	t.Logf("%d unsigned 60 KB requests (answers %v): database %+.2f MB; %d signed notifications meanwhile, p99 %v",
		n, count, float64(grown)/(1<<20), len(latencies), p99)
	if grown >= 2<<20 {
		t.Errorf("the database grew %d bytes", grown)
	}
	if count[401]+count[429] != n {
		t.Errorf("answers %v; want every unsigned request refused", count)
	}
	// Not a timing test: a bound far above the README's figure, that only
	// a server stalled by the flood misses.
	if p99 > time.Second {
		t.Errorf("signed notifications waited %v (p99) during the flood", p99)
	}
}

// fileSize is the database's size with its -wal file.
func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	var n int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}
