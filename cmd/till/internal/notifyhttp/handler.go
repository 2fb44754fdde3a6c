// Package notifyhttp is the HTTP side of `till serve`: it receives payment
// notifications, checks their signature and size, and hands them to the
// store, which deduplicates and applies them in one transaction. It
// answers 2xx only once a notification is stored.
package notifyhttp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
)

// Handler serves /notify (till's generic JSON), /pix (the PIX webhook) and
// /healthz.
type Handler struct {
	Store     *store.Store
	Secrets   [][]byte
	Tolerance time.Duration
	Now       func() time.Time
	// Currency is the till's currency code: a notification in another is
	// an exception of its own, never applied. Empty accepts any.
	Currency string
	// Applied, if set, is called after a notification was stored (the demo
	// uses it to say what happened); it must not block.
	Applied func(store.NotifyResult)
	// Limit limits refused requests per source address; nil means
	// NewLimiter's defaults.
	Limit *Limiter
	// Log gets one line per request (see logRequest); nil logs nothing.
	Log *slog.Logger

	once sync.Once
}

// limiter is h.Limit, or a default one made on first use.
func (h *Handler) limiter() *Limiter {
	h.once.Do(func() {
		if h.Limit == nil {
			h.Limit = NewLimiter()
		}
	})
	return h.Limit
}

// Result is the JSON answer to an accepted notification. A replay (an id
// already stored) has the same shape as the first delivery: its results
// are what the first delivery did, with each order's status as it is now.
type Result struct {
	ID       string       `json:"id"`
	Replayed bool         `json:"replayed"`
	Results  []ItemResult `json:"results"`
}

// ItemResult says what one payment in the notification did.
type ItemResult struct {
	Key     string `json:"key"`
	Outcome string `json:"outcome"`
	Ref     string `json:"ref,omitempty"`
	Status  string `json:"status,omitempty"` // the order's status now
	Detail  string `json:"detail,omitempty"`
}

// health is the answer of /healthz: the server is up and its database
// answers; what is kept of refused requests, and how many were dropped
// from the store or answered 429 to stay within bounds.
type health struct {
	Status         string `json:"status"`
	RefusedKept    int64  `json:"refused_kept"`
	RefusedDropped int64  `json:"refused_dropped"`
	RateLimited    int64  `json:"rate_limited"`
}

type errorBody struct {
	Error string `json:"error"`
}

func reply(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	// The answer echoes the sender's ids, and it is often read with curl
	// on a terminal: C1 and bidi controls go as \u escapes, like C0.
	b, _ := json.Marshal(v)
	w.Write(append(safetext.JSON(b), '\n'))
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// ServeHTTP routes a request, and logs it.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &recorder{ResponseWriter: w, start: time.Now()}
	defer h.logRequest(rec, r)
	h.route(rec, r)
}

func (h *Handler) route(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/healthz":
		h.health(w, r)
	case "/notify":
		h.receive(w, r, "generic")
	case "/pix", "/pix/":
		h.receive(w, r, "pix")
	default:
		outcome(w, "no such endpoint")
		reply(w, http.StatusNotFound, errorBody{"no such endpoint: use POST /notify, POST /pix or GET /healthz"})
	}
}

func (h *Handler) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	refused, err := h.Store.Rejected(ctx)
	if err != nil {
		outcome(w, "database unavailable")
		reply(w, http.StatusServiceUnavailable, errorBody{"database unavailable"})
		return
	}
	outcome(w, "health")
	reply(w, http.StatusOK, health{Status: "ok", RefusedKept: refused.Kept, RefusedDropped: refused.Dropped,
		RateLimited: h.limiter().Limited()})
}

func (h *Handler) receive(w http.ResponseWriter, r *http.Request, kind string) {
	if r.Method != http.MethodPost {
		outcome(w, "method not allowed")
		w.Header().Set("Allow", http.MethodPost)
		reply(w, http.StatusMethodNotAllowed, errorBody{"use POST"})
		return
	}
	// A missing, malformed or stale signature header refuses the request
	// whatever its body: read only the prefix that is kept. (The server
	// discards the rest to keep the connection: a flood over kept-alive
	// connections costs less than one that reconnects for each request.)
	if err := notify.Verify(r.Header.Get(notify.Header), nil, h.Secrets, h.now(), h.Tolerance); err != nil && !errors.Is(err, notify.ErrBadSignature) {
		prefix, _ := io.ReadAll(io.LimitReader(r.Body, store.RejectedBodyPrefix))
		h.refuse(w, r, "not signed", http.StatusUnauthorized, err.Error(), prefix)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, notify.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.refuse(w, r, "too large", http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", notify.MaxBody), nil)
			return
		}
		outcome(w, "unreadable")
		reply(w, http.StatusBadRequest, errorBody{"could not read the body"})
		return
	}
	if err := notify.Verify(r.Header.Get(notify.Header), body, h.Secrets, h.now(), h.Tolerance); err != nil {
		h.refuse(w, r, "not signed", http.StatusUnauthorized, err.Error(), body)
		return
	}
	var p notify.Parsed
	if kind == "pix" {
		p, err = notify.ParsePIX(body)
	} else {
		p, err = notify.ParseGeneric(body, h.now())
	}
	if err != nil {
		h.refuse(w, r, "malformed", http.StatusBadRequest, err.Error(), body)
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 15*time.Second)
	defer cancel()
	res, err := h.Store.Notify(ctx, store.Notification{ID: p.ID, Kind: p.Kind, Body: body, ReceivedAt: h.now()},
		p.Items, reconcile.Options{Actor: "till serve", Currency: h.Currency})
	if err != nil {
		// Not stored: the sender must retry, so say so with a 5xx.
		outcome(w, "not stored")
		reply(w, http.StatusServiceUnavailable, errorBody{"the notification could not be stored; retry later"})
		return
	}
	out := Result{ID: p.ID, Replayed: res.Replayed, Results: []ItemResult{}}
	if res.Replayed {
		out.Results = h.replayed(ctx, res.Verdict)
	}
	for _, a := range res.Applied {
		it := ItemResult{Key: a.Evidence.Key, Outcome: string(a.Decision.Outcome), Detail: a.Decision.Exception}
		if !a.New {
			it.Outcome = "already-recorded"
		}
		if a.Decision.Order != nil {
			it.Ref = string(a.Decision.Order.Ref)
			if a.Order.ID != 0 {
				it.Status = string(a.Order.Status())
			}
		}
		out.Results = append(out.Results, it)
	}
	if h.Applied != nil {
		h.Applied(res)
	}
	outcome(w, "accepted")
	if res.Replayed {
		outcome(w, "replayed")
	}
	reply(w, http.StatusOK, out)
}

// replayed reads the verdict the store kept from the first delivery
// (key, outcome, ref, detail) and adds each order's status now, so that a
// sender retrying learns where the order stands, in the same words as the
// first answer. A verdict that cannot be read gives no results rather
// than a failure: the notification is stored either way.
func (h *Handler) replayed(ctx context.Context, verdict string) []ItemResult {
	var items []ItemResult
	if err := json.Unmarshal([]byte(verdict), &items); err != nil || items == nil {
		return []ItemResult{}
	}
	for i, it := range items {
		it.Status = ""
		if ref, err := payment.ParseReference(it.Ref); err == nil {
			if o, err := h.Store.Get(ctx, ref); err == nil {
				it.Status = string(o.Status())
			}
		}
		items[i] = it
	}
	return items
}

// refuse answers a request that is refused before it could mean anything
// (kind says why, for the log) and keeps it for audit: the store keeps a
// prefix of its body, within bounds. Refusals over the limit of their
// source address are answered 429 and not kept.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, kind string, code int, reason string, body []byte) {
	if !h.limiter().Allow(r.RemoteAddr) {
		outcome(w, "rate limited ("+kind+")")
		w.Header().Set("Retry-After", "1")
		reply(w, http.StatusTooManyRequests, errorBody{"too many refused requests from your address; slow down"})
		return
	}
	outcome(w, "refused ("+kind+")")
	if body == nil {
		body = []byte{}
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 5*time.Second)
	defer cancel()
	_ = h.Store.Reject(ctx, r.RemoteAddr, reason, body)
	reply(w, code, errorBody{reason})
}
