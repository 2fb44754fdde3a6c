package centralhttp

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/till-pos/till/cmd/till/internal/notifyhttp"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store/central"
)

// Live is the central server with the live endpoints of issue 15 in
// front of Server's: POST /notify and POST /pix (payment notifications,
// as till serve takes them) and GET /v1/down (a till's long-poll for
// what central learned about its orders). Everything else goes to Server.
type Live struct {
	*Server
	Book     LiveBook
	Merchant string   // whose notifications this server takes
	Secrets  [][]byte // [serve] secrets; none: /notify and /pix answer 404
	// Tolerance is the signature's clock tolerance; 0: notify's default.
	Tolerance time.Duration
	Now       func() time.Time
	Limit     *notifyhttp.Limiter // refusals per address; NewLive sets the defaults
	Hub       *Hub                // wake-ups of long-polls
	// MaxWait is how long a long-poll is held when there is nothing to
	// send; 0: 25 s (under the usual 30 s idle timeouts of NATs and proxies).
	MaxWait time.Duration
	// Recheck is how often a held long-poll re-reads the queue although no
	// wake-up came; 0: 10 s while the hub's listener is up, 1 s while not.
	Recheck time.Duration
	Log     *slog.Logger
}

// NewLive makes a live server over s with b, for merchant's notifications.
func NewLive(s *Server, b LiveBook, merchant string, secrets [][]byte, hub *Hub) *Live {
	return &Live{Server: s, Book: b, Merchant: merchant, Secrets: secrets, Limit: notifyhttp.NewLimiter(), Hub: hub, Log: s.Log}
}

func (l *Live) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// ServeHTTP routes the live endpoints and hands the rest to Server.
func (l *Live) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	switch r.URL.Path {
	case "/notify":
		l.receive(rec, r, "generic")
	case "/pix", "/pix/":
		l.receive(rec, r, "pix")
	case "/v1/down":
		l.down(rec, r)
	default:
		l.Server.ServeHTTP(w, r)
		return
	}
	if l.Log != nil {
		l.Log.Info("request", "method", safetext.Escape(r.Method), "path", safetext.Escape(r.URL.Path),
			"status", rec.status, "duration", time.Since(start))
	}
}

// DownReply is the answer to GET /v1/down: the messages after the
// cursor, in order (none when the wait ended empty).
type DownReply struct {
	Messages []central.DownMessage `json:"messages"`
}

// down answers GET /v1/down?after=N (N omitted: from what the till last
// acknowledged), holding the request until there is something or MaxWait
// has passed.
func (l *Live) down(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		problem(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	t, ok := l.till(w, r)
	if !ok {
		return
	}
	after := int64(-1)
	if s := r.URL.Query().Get("after"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			problem(w, http.StatusBadRequest, "after must be a message number (0 or more)")
			return
		}
		after = n
	}
	wait := l.MaxWait
	if wait <= 0 {
		wait = 25 * time.Second
	}
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	wake, done := l.Hub.Subscribe(central.WakeKey(t.Merchant, t.Name))
	defer done()
	for {
		msgs, err := l.Book.Down(r.Context(), t, after)
		if err != nil {
			if r.Context().Err() != nil {
				return
			}
			problem(w, http.StatusServiceUnavailable, "the central book is not available; try again")
			return
		}
		if len(msgs) > 0 {
			safeReply(w, http.StatusOK, DownReply{Messages: msgs})
			return
		}
		recheck := time.NewTimer(l.recheck())
		select {
		case <-wake:
		case <-recheck.C:
		case <-deadline.C:
			recheck.Stop()
			safeReply(w, http.StatusOK, DownReply{Messages: []central.DownMessage{}})
			return
		case <-r.Context().Done():
			recheck.Stop()
			return
		}
		recheck.Stop()
	}
}

func (l *Live) recheck() time.Duration {
	if l.Recheck > 0 {
		return l.Recheck
	}
	if l.Hub.Up() {
		return 10 * time.Second
	}
	return time.Second
}

// safeReply is reply with C1 and bidi controls escaped: answers echo
// senders' ids and are often read with curl on a terminal.
func safeReply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	b, _ := json.Marshal(v)
	w.Write(append(safetext.JSON(b), '\n'))
}

// Hub hands PostgreSQL wake-ups (central.Book.Listen) to the long-polls
// held by this server. A wake-up is a hint: a long-poll always re-reads
// the queue, so a spurious one costs a query and a lost one a recheck.
type Hub struct {
	mu   sync.Mutex
	subs map[string]map[chan struct{}]struct{}
	up   bool
}

// NewHub makes an empty hub.
func NewHub() *Hub { return &Hub{subs: map[string]map[chan struct{}]struct{}{}} }

// Subscribe returns a channel that receives a value when key is woken,
// and the function that ends the subscription.
func (h *Hub) Subscribe(key string) (<-chan struct{}, func()) {
	c := make(chan struct{}, 1)
	h.mu.Lock()
	if h.subs[key] == nil {
		h.subs[key] = map[chan struct{}]struct{}{}
	}
	h.subs[key][c] = struct{}{}
	h.mu.Unlock()
	return c, func() {
		h.mu.Lock()
		delete(h.subs[key], c)
		if len(h.subs[key]) == 0 {
			delete(h.subs, key)
		}
		h.mu.Unlock()
	}
}

// Wake wakes the subscribers of key.
func (h *Hub) Wake(key string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.subs[key] {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// SetUp records whether the listener is connected; when it comes back,
// every subscriber is woken, since wake-ups were lost meanwhile.
func (h *Hub) SetUp(up bool) {
	h.mu.Lock()
	was := h.up
	h.up = up
	var all []chan struct{}
	if up && !was {
		for _, m := range h.subs {
			for c := range m {
				all = append(all, c)
			}
		}
	}
	h.mu.Unlock()
	for _, c := range all {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// Up says whether the listener is connected.
func (h *Hub) Up() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.up
}
