package notifyhttp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/till-pos/till/payment/notify"
)

// syncBuffer is a bytes.Buffer the server's goroutines can share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Every request gets one log line with its outcome, status and duration,
// and no line carries the signature, the body or the secret.
func TestOneLogLinePerRequest(t *testing.T) {
	st := openStore(t)
	var logs syncBuffer
	h := &Handler{Store: st, Secrets: [][]byte{secret}, Log: slog.New(slog.NewJSONHandler(&logs, nil))}
	srv := httptest.NewServer(h)
	defer srv.Close()

	const marker = "MARKER-from-the-body"
	good := generic("evt-"+marker, "22222222GW", "1.00")
	sig := notify.Sign(secret, time.Now(), good)
	requests := []struct {
		method, path string
		body         []byte
		header       string
		status       int
		outcome      string
	}{
		{"POST", "/notify", good, sig, 200, "accepted"},
		{"POST", "/notify", good, sig, 200, "replayed"},
		{"POST", "/notify", []byte(`{"id":"` + marker + `"}`), "", 401, "refused (not signed)"},
		{"POST", "/notify", good, notify.Sign([]byte("another-secret-0000000000"), time.Now(), good), 401, "refused (not signed)"},
		{"POST", "/notify", []byte(`{"id":"1","ref":"X","amount":"` + marker + `","currency":"BRL"}`), "", 0, "refused (malformed)"},
		{"POST", "/notify", bytes.Repeat([]byte("m"), notify.MaxBody+1), "", 0, "refused (too large)"},
		{"GET", "/notify", nil, "", 405, "method not allowed"},
		{"GET", "/healthz", nil, "", 200, "health"},
		{"GET", "/admin", nil, "", 404, "no such endpoint"},
		// A path with a C1 CSI and a right-to-left override: an operator
		// reads the log in a terminal.
		{"GET", "/admin%C2%9B2J%E2%80%AE", nil, "", 404, "no such endpoint"},
	}
	for i, r := range requests {
		body := r.body
		header := r.header
		if r.outcome == "refused (malformed)" || r.outcome == "refused (too large)" {
			header = notify.Sign(secret, time.Now(), body)
		}
		req, _ := http.NewRequest(r.method, srv.URL+r.path, bytes.NewReader(body))
		if header != "" {
			req.Header.Set(notify.Header, header)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if r.status != 0 && resp.StatusCode != r.status {
			t.Errorf("request %d: status %d, want %d", i, resp.StatusCode, r.status)
		}
	}
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(logs.String()))
	for sc.Scan() {
		line := sc.Text()
		if strings.ContainsAny(line, "\u009b\u202e\x1b") {
			t.Errorf("a log line carries a raw control: %q", line)
		}
		for _, secretText := range []string{string(secret), marker, sig[strings.LastIndex(sig, "=")+1:]} {
			if strings.Contains(line, secretText) {
				t.Errorf("a log line carries %q: %s", secretText, line)
			}
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %s", line)
		}
		lines = append(lines, m)
	}
	if len(lines) != len(requests) {
		t.Fatalf("%d log lines for %d requests:\n%s", len(lines), len(requests), logs.String())
	}
	for i, m := range lines {
		if m["outcome"] != requests[i].outcome || m["status"] == nil || m["duration"] == nil || m["remote"] != "127.0.0.1" {
			t.Errorf("line %d: %v; want outcome %q with status, duration, remote", i, m, requests[i].outcome)
		}
	}
}
