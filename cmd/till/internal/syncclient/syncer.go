// Package syncclient is the till's side of the fleet protocol (described
// in package central, sync.go): it sends the outbox to the central server
// in batches, applies what comes back, and in the background retries with
// backoff and jitter. Selling never waits on it: orders are committed to
// the till's own database first, and the syncer only reads the outbox.
package syncclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/till-pos/till/cmd/till/internal/centralhttp"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/store/central"
)

// ErrNotJoined is returned when the till has joined no fleet.
var ErrNotJoined = errors.New("this till has not joined a fleet: till join URL CODE")

// Syncer uploads one till's outbox.
type Syncer struct {
	Store  *store.Store
	Client *http.Client // nil: one with a 30-second timeout per request
	Batch  int          // entries per request; 0: 500
	// Poll is how often an idle syncer looks for new entries (one read
	// of the outbox index); 0: 250 ms.
	Poll time.Duration
	// MinBackoff and MaxBackoff bound the wait after a failure: it
	// doubles from MinBackoff up to MaxBackoff, each wait drawn between
	// half and all of it (jitter), so a fleet cut off together does not
	// come back in step. 0: 250 ms and 30 s.
	MinBackoff, MaxBackoff time.Duration
	Log                    *slog.Logger // nil logs nothing

	mu     sync.Mutex
	status Status
	wake   chan struct{}
	// closesSent is the stamp of the day closes central acknowledged:
	// they go up with the next push after a day is closed.
	closesSent string
}

// maxCloses is how many of the newest day closes go up at once.
const maxCloses = 31

// Status is what the TUI header and `till sync status` show.
type Status struct {
	Joined      bool      `json:"joined"`
	Online      bool      `json:"online"` // the last exchange worked
	Waiting     int64     `json:"waiting"`
	LastOK      time.Time `json:"last_ok"`
	LastError   string    `json:"last_error"`
	Diverged    string    `json:"diverged,omitempty"`
	Quarantined int       `json:"quarantined"`
}

// Result is what one Once did.
type Result struct {
	Sent        int   `json:"sent"`
	Accepted    int   `json:"accepted"`
	Duplicates  int   `json:"duplicates"`
	Quarantined int   `json:"quarantined"`
	Gaps        int   `json:"gaps"`
	Waiting     int64 `json:"waiting"`
}

func (s *Syncer) batch() int {
	if s.Batch <= 0 {
		return 500
	}
	return min(s.Batch, central.MaxBatch)
}

func (s *Syncer) client() *http.Client {
	if s.Client != nil {
		return s.Client
	}
	return &http.Client{Timeout: 30 * time.Second}
}

// Status returns the state after the last round.
func (s *Syncer) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// Wake makes a background syncer look at the outbox now (after a sale).
func (s *Syncer) Wake() {
	s.mu.Lock()
	w := s.wake
	s.mu.Unlock()
	if w != nil {
		select {
		case w <- struct{}{}:
		default:
		}
	}
}

// Once sends everything the outbox holds beyond what central has, in
// batches, until central has it all or an exchange fails.
func (s *Syncer) Once(ctx context.Context) (Result, error) {
	res, err := s.once(ctx)
	s.refresh(ctx, err)
	return res, err
}

func (s *Syncer) once(ctx context.Context) (Result, error) {
	var res Result
	f, ok, err := s.Store.Fleet(ctx)
	if err != nil {
		return res, err
	}
	if !ok {
		return res, ErrNotJoined
	}
	st, err := s.Store.SyncState(ctx)
	if err != nil {
		return res, err
	}
	stamp, closes, err := s.closes(ctx)
	if err != nil {
		return res, err
	}
	from, target := st.Acked, st.Last
	for round := 0; ; round++ {
		entries, err := s.Store.Outbox(ctx, from, s.batch())
		if err != nil {
			return res, err
		}
		reply, err := s.push(ctx, f, entries, closes)
		if err != nil {
			return res, err
		}
		if closes != nil {
			s.mu.Lock()
			s.closesSent, closes = stamp, nil
			s.mu.Unlock()
		}
		quarantined := map[int64]string{}
		for _, q := range reply.Quarantined {
			quarantined[q.Seq] = q.Reason
		}
		if err := s.Store.ApplyAck(ctx, store.Ack{Next: reply.Next, Quarantined: quarantined}); err != nil {
			return res, err
		}
		res.Sent += len(entries)
		res.Accepted += reply.Accepted
		res.Duplicates += reply.Duplicates
		res.Quarantined += len(reply.Quarantined)
		if reply.Gap {
			res.Gaps++
		}
		from = reply.Next - 1
		if (from >= target && !reply.Gap) || len(entries) == 0 || round > 1_000_000 {
			break
		}
	}
	st, err = s.Store.SyncState(ctx)
	res.Waiting = st.Waiting()
	return res, err
}

// closes returns the till's day closes when they changed since central
// last acknowledged them (nil when not), with their stamp.
func (s *Syncer) closes(ctx context.Context) (string, []central.TillClose, error) {
	stamp, err := s.Store.DayClosesStamp(ctx)
	if err != nil {
		return "", nil, err
	}
	s.mu.Lock()
	sent := s.closesSent
	s.mu.Unlock()
	if stamp == sent {
		return stamp, nil, nil
	}
	marks, err := s.Store.DayCloseMarks(ctx, maxCloses)
	if err != nil {
		return "", nil, err
	}
	out := make([]central.TillClose, len(marks))
	for i, m := range marks {
		out[i] = central.TillClose{Day: m.Day, Currency: m.Currency, Seq: m.Seq, ClosedAt: m.ClosedAt,
			Cash: m.Cash, OpenExceptions: m.OpenExceptions}
	}
	return stamp, out, nil
}

// divergedError is central's refusal of this database's history.
type divergedError struct{ msg string }

func (e divergedError) Error() string { return e.msg }

// push sends one batch and reads the reply.
func (s *Syncer) push(ctx context.Context, f store.Fleet, entries []store.OutboxEntry, closes []central.TillClose) (centralhttp.PushReply, error) {
	var reply centralhttp.PushReply
	req := centralhttp.PushRequest{Entries: make([]central.Entry, len(entries)), Closes: closes}
	for i, e := range entries {
		req.Entries[i] = central.Entry{Seq: e.Seq, Body: e.Body}
	}
	body, _ := json.Marshal(req)
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, f.URL+"/v1/push", bytes.NewReader(body))
	if err != nil {
		return reply, err
	}
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Authorization", "Bearer "+f.Token)
	resp, err := s.client().Do(hr)
	if err != nil {
		return reply, fmt.Errorf("reach the central server at %s: %w", f.URL, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return reply, fmt.Errorf("read the central server's reply: %w", err)
	}
	var p centralhttp.DivergedReply
	if resp.StatusCode != http.StatusOK {
		json.Unmarshal(data, &p)
		if p.Error == "" {
			p.Error = resp.Status
		}
		if p.Diverged {
			return reply, divergedError{safetext.Escape(p.Error)}
		}
		return reply, fmt.Errorf("the central server refused the upload: %s", safetext.Escape(p.Error))
	}
	if err := json.Unmarshal(data, &reply); err != nil || reply.Next < 1 {
		return reply, fmt.Errorf("the central server at %s did not answer as a till central server", f.URL)
	}
	return reply, nil
}

// refresh records the outcome and rereads the status from the database.
func (s *Syncer) refresh(ctx context.Context, failure error) {
	if failure != nil && !errors.Is(failure, ErrNotJoined) && !errors.Is(failure, store.ErrBehindCentral) && ctx.Err() == nil {
		var d divergedError
		s.Store.SyncFailed(ctx, failure.Error(), errors.As(failure, &d))
	}
	st, err := s.Store.SyncState(ctx)
	_, joined, _ := s.Store.Fleet(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status.Joined = joined
	s.status.Online = failure == nil
	if err == nil {
		s.status.Waiting, s.status.LastOK, s.status.LastError = st.Waiting(), st.LastOK, st.LastError
		s.status.Diverged, s.status.Quarantined = st.Diverged, st.Quarantined
	}
	if failure != nil {
		s.status.LastError = failure.Error()
	}
}

// Run syncs until ctx ends: at once, then whenever woken or every Poll,
// and after a failure again after a backoff with jitter. It never gives
// up and never blocks the till: it only reads the outbox.
func (s *Syncer) Run(ctx context.Context) {
	s.mu.Lock()
	s.wake = make(chan struct{}, 1)
	wake := s.wake
	s.mu.Unlock()
	poll := s.Poll
	if poll <= 0 {
		poll = 250 * time.Millisecond
	}
	failures := 0
	for ctx.Err() == nil {
		_, err := s.Once(ctx)
		wait := poll
		if err != nil && ctx.Err() == nil {
			failures++
			wait = Backoff(failures, s.MinBackoff, s.MaxBackoff, rand.Float64())
			if s.Log != nil {
				s.Log.Warn("sync failed", "error", err, "retry_in", wait.Round(time.Millisecond))
			}
		} else {
			failures = 0
		}
		woken := wake
		if failures > 0 {
			woken = nil // a sale does not cut a backoff short
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
		case <-t.C:
		case <-woken:
		}
		t.Stop()
	}
}

// Backoff is the wait after the n-th failure in a row: it doubles from
// lo up to hi, and jitter (0 to 1) picks between half and all of it.
func Backoff(n int, lo, hi time.Duration, jitter float64) time.Duration {
	if lo <= 0 {
		lo = 250 * time.Millisecond
	}
	if hi <= 0 {
		hi = 30 * time.Second
	}
	d := lo
	for i := 1; i < n && d < hi; i++ {
		d *= 2
	}
	d = min(d, hi)
	return d/2 + time.Duration(float64(d/2)*jitter)
}
