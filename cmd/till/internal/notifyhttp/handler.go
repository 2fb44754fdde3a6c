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
	"net/http"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/payment/reconcile"
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

type errorBody struct {
	Error string `json:"error"`
}

func reply(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// ServeHTTP routes a request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/healthz":
		h.health(w, r)
	case "/notify":
		h.receive(w, r, "generic")
	case "/pix", "/pix/":
		h.receive(w, r, "pix")
	default:
		reply(w, http.StatusNotFound, errorBody{"no such endpoint: use POST /notify, POST /pix or GET /healthz"})
	}
}

func (h *Handler) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if _, err := h.Store.OpenExceptionCount(ctx); err != nil {
		reply(w, http.StatusServiceUnavailable, errorBody{"database unavailable"})
		return
	}
	reply(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (h *Handler) receive(w http.ResponseWriter, r *http.Request, kind string) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		reply(w, http.StatusMethodNotAllowed, errorBody{"use POST"})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, notify.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.reject(r, "body too large", nil)
			reply(w, http.StatusRequestEntityTooLarge, errorBody{fmt.Sprintf("body larger than %d bytes", notify.MaxBody)})
			return
		}
		reply(w, http.StatusBadRequest, errorBody{"could not read the body"})
		return
	}
	if err := notify.Verify(r.Header.Get(notify.Header), body, h.Secrets, h.now(), h.Tolerance); err != nil {
		h.reject(r, err.Error(), body)
		reply(w, http.StatusUnauthorized, errorBody{err.Error()})
		return
	}
	var p notify.Parsed
	if kind == "pix" {
		p, err = notify.ParsePIX(body)
	} else {
		p, err = notify.ParseGeneric(body, h.now())
	}
	if err != nil {
		h.reject(r, err.Error(), body)
		reply(w, http.StatusBadRequest, errorBody{err.Error()})
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 15*time.Second)
	defer cancel()
	res, err := h.Store.Notify(ctx, store.Notification{ID: p.ID, Kind: p.Kind, Body: body, ReceivedAt: h.now()},
		p.Items, reconcile.Options{Actor: "till serve", Currency: h.Currency})
	if err != nil {
		// Not stored: the sender must retry, so say so with a 5xx.
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

// reject keeps a refused notification for audit (at most 4 KiB of its
// body: enough to investigate, too little to fill the disk).
func (h *Handler) reject(r *http.Request, reason string, body []byte) {
	if len(body) > 4096 {
		body = body[:4096]
	}
	if body == nil {
		body = []byte{}
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 5*time.Second)
	defer cancel()
	_ = h.Store.Reject(ctx, r.RemoteAddr, reason, body)
}
