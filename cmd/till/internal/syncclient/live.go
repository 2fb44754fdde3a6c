package syncclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"slices"
	"time"

	"github.com/till-pos/till/cmd/till/internal/centralhttp"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/store/central"
)

// Live is the till's end of the down channel (issue 15): it holds an
// outbound long-poll to the central server (GET /v1/down), so that a till
// behind any NAT hears what central learned about its orders, and applies
// each message with the store functions that record local evidence. A
// notification goes through store.Notify under its own id: one the till
// already holds (delivered twice, or received by till serve too) changes
// nothing, so a resend after a lost reply is harmless.
type Live struct {
	Store *store.Store
	// Client makes the requests; nil: one whose timeout outlasts the
	// server's hold (25 s) by a margin.
	Client *http.Client
	// Currency is the till's currency (required): a payment in another
	// one is an exception, never applied, as till serve does. A Live
	// without it refuses to apply anything rather than take any currency.
	Currency               string
	MinBackoff, MaxBackoff time.Duration
	Log                    *slog.Logger // nil logs nothing
	// Applied, if set, is called after each message was applied.
	Applied func(store.NotifyResult)

	cursor int64 // the last message applied; -1 before the first reply
	primed bool
}

// errNoCurrency stops a Live built without the till's currency: it
// would apply a payment in any currency, which till serve never does.
var errNoCurrency = errors.New("the till's currency is not set: payments from central are not applied without it")

func (l *Live) client() *http.Client {
	if l.Client != nil {
		return l.Client
	}
	return &http.Client{Timeout: 40 * time.Second}
}

// Once makes one long-poll and applies what it brings; it returns how
// many messages it applied.
func (l *Live) Once(ctx context.Context) (int, error) {
	if l.Currency == "" {
		return 0, errNoCurrency
	}
	f, ok, err := l.Store.Fleet(ctx)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, ErrNotJoined
	}
	url := f.URL + "/v1/down"
	if l.primed {
		url += fmt.Sprintf("?after=%d", l.cursor)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+f.Token)
	resp, err := l.client().Do(req)
	if err != nil {
		return 0, fmt.Errorf("reach the central server at %s: %w", f.URL, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return 0, fmt.Errorf("read the central server's reply: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		var p struct{ Error string }
		json.Unmarshal(data, &p)
		if p.Error == "" {
			p.Error = resp.Status
		}
		return 0, fmt.Errorf("the central server refused the long-poll: %s", safetext.Escape(p.Error))
	}
	var reply centralhttp.DownReply
	if err := json.Unmarshal(data, &reply); err != nil {
		return 0, fmt.Errorf("the central server at %s did not answer as a till central server", f.URL)
	}
	applied := 0
	for _, m := range reply.Messages {
		if l.primed && m.N <= l.cursor {
			continue
		}
		if err := l.apply(ctx, m); err != nil {
			return applied, err
		}
		l.cursor, l.primed = m.N, true
		applied++
	}
	return applied, nil
}

// apply applies one message; one it cannot read is logged and skipped
// (acknowledged), since it would never become readable by retrying.
func (l *Live) apply(ctx context.Context, m central.DownMessage) error {
	if m.Kind == central.DownStatement {
		return l.applyStatement(ctx, m) // a fleet reconciliation's lines (fleetrec)
	}
	if m.Kind != central.DownNotify {
		l.warn("a message of an unknown kind from central was skipped", m, nil)
		return nil
	}
	at := time.UnixMilli(m.ReceivedAt)
	var p notify.Parsed
	var err error
	if m.NotifyKind == "pix" {
		p, err = notify.ParsePIX([]byte(m.Body))
	} else {
		p, err = notify.ParseGeneric([]byte(m.Body), at)
	}
	if err != nil || p.ID != m.Source {
		l.warn("an unreadable notification from central was skipped", m, err)
		return nil
	}
	var items []reconcile.Evidence
	for _, it := range p.Items {
		if slices.Contains(m.Keys, it.Key) {
			items = append(items, it)
		}
	}
	res, err := l.Store.Notify(ctx, store.Notification{ID: p.ID, Kind: p.Kind, Body: []byte(m.Body), ReceivedAt: at},
		items, reconcile.Options{Actor: "till central", Currency: l.Currency})
	if err != nil {
		return fmt.Errorf("apply notification %s from central: %w", safetext.Escape(p.ID), err)
	}
	if l.Applied != nil {
		l.Applied(res)
	}
	return nil
}

func (l *Live) warn(msg string, m central.DownMessage, err error) {
	if l.Log != nil {
		l.Log.Warn(msg, "n", m.N, "source", safetext.Escape(m.Source), "error", err)
	}
}

// Run long-polls until ctx ends, with backoff and jitter after failures.
func (l *Live) Run(ctx context.Context) {
	failures := 0
	for ctx.Err() == nil {
		_, err := l.Once(ctx)
		if err == nil || ctx.Err() != nil {
			failures = 0
			continue
		}
		failures++
		wait := Backoff(failures, l.MinBackoff, l.MaxBackoff, rand.Float64())
		if l.Log != nil {
			l.Log.Warn("long-poll failed", "error", err, "retry_in", wait.Round(time.Millisecond))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
	}
}
