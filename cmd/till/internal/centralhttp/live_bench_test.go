package centralhttp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/store/central"
	"github.com/till-pos/till/store/central/pgtest"
)

// BenchmarkWebhookToTill measures the latency from a signed webhook sent
// to central server A to its message arriving at the simulated till
// (a goroutine holding GET /v1/down over real HTTP) that owns the order,
// connected to server B, with 1, 100 and 1,000 tills connected at once.
// The servers are separate pools, hubs and LISTEN connections on one
// PostgreSQL, as separate processes would be. It reports p50 and p99.
//
//	go test ./cmd/till/internal/centralhttp -run '^$' -bench WebhookToTill -benchtime 200x
func BenchmarkWebhookToTill(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("tills=%d", n), func(b *testing.B) { benchWebhook(b, n) })
	}
}

type benchServer struct{ srv *httptest.Server }

func startBenchServer(ctx context.Context, b *testing.B, url string) *benchServer {
	book, err := central.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(book.Close)
	lctx, cancel := context.WithCancel(ctx)
	b.Cleanup(cancel)
	hub := NewHub()
	go book.Listen(lctx, hub.Wake, hub.SetUp)
	l := NewLive(&Server{Book: book}, book, "main", [][]byte{liveSecret}, hub)
	s := &benchServer{srv: httptest.NewServer(l)}
	b.Cleanup(s.srv.Close)
	for !hub.Up() {
		time.Sleep(5 * time.Millisecond)
	}
	return s
}

func benchWebhook(b *testing.B, n int) {
	ctx := context.Background()
	url := pgtest.Shared(b).NewDatabase(b)
	book, err := central.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer book.Close()
	if _, _, err := book.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	srvA, srvB := startBenchServer(ctx, b, url), startBenchServer(ctx, b, url)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2 * n, MaxConnsPerHost: 0}}
	arrived := make(chan string, 64)
	pollCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	prefixes := make([]string, n)
	for i := range n {
		code, _, err := book.Enroll(ctx, "main", fmt.Sprintf("till %d", i))
		if err != nil {
			b.Fatal(err)
		}
		t, token, err := book.Join(ctx, code)
		if err != nil {
			b.Fatal(err)
		}
		prefixes[i] = t.Prefix
		wg.Add(1)
		go func() {
			defer wg.Done()
			poll(pollCtx, client, srvB.srv.URL, token, arrived)
		}()
	}
	time.Sleep(time.Duration(200+n) * time.Millisecond) // every till holds its long-poll
	defer func() { stop(); wg.Wait() }()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		ref, _ := payment.CompleteReference(prefixes[i%n] + symbols(i))
		id := fmt.Sprintf("bench-%d", i)
		body := []byte(`{"id":"` + id + `","ref":"` + string(ref) + `","amount":"1.00","currency":"EUR"}`)
		start := time.Now()
		req, _ := http.NewRequest(http.MethodPost, srvA.srv.URL+"/notify", bytes.NewReader(body))
		req.Header.Set(notify.Header, notify.Sign(liveSecret, start, body))
		resp, err := client.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("webhook: %v %v", resp, err)
		}
		resp.Body.Close()
		select {
		case got := <-arrived:
			if got != "generic:"+id {
				b.Fatalf("arrived %q, want %q", got, id)
			}
		case <-time.After(10 * time.Second):
			b.Fatalf("webhook %d did not reach its till", i)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
}

// poll is a simulated till: it long-polls until ctx ends and sends the
// source of each message it gets to arrived.
func poll(ctx context.Context, client *http.Client, url, token string, arrived chan<- string) {
	after := int64(0)
	for ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/v1/down?after=%d", url, after), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		var r DownReply
		json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		for _, m := range r.Messages {
			after = m.N
			arrived <- m.Source
		}
	}
}

// symbols writes i in the reference alphabet, 7 symbols.
func symbols(i int) string {
	out := make([]byte, 7)
	for k := range out {
		out[len(out)-1-k] = payment.ReferenceAlphabet[i%32]
		i /= 32
	}
	return string(out)
}
