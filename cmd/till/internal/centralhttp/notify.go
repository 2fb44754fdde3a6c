package centralhttp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/store/central"
)

// LiveBook is what the live endpoints need of the central book.
type LiveBook interface {
	Book
	Notify(ctx context.Context, merchant string, n central.Notification) (central.NotifyResult, error)
	Refuse(ctx context.Context, merchant, remote, reason string, body []byte) error
	Down(ctx context.Context, t central.Till, after int64) ([]central.DownMessage, error)
}

// NotifyReply is the answer to an accepted notification: where each of
// its payments went. A replay answers the first delivery's verdict.
type NotifyReply struct {
	ID       string           `json:"id"`
	Replayed bool             `json:"replayed"`
	Results  []central.Routed `json:"results"`
}

// receive takes POST /notify and /pix exactly as till serve does (same
// signature, body limit, parsers, and refusals kept within bounds and
// rate limited per address), and records the notification centrally.
func (l *Live) receive(w http.ResponseWriter, r *http.Request, kind string) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		problem(w, http.StatusMethodNotAllowed, "use POST")
		return
	}
	if len(l.Secrets) == 0 {
		problem(w, http.StatusNotFound, "this central server takes no notifications: give it [serve] secrets")
		return
	}
	now := l.now()
	if err := notify.Verify(r.Header.Get(notify.Header), nil, l.Secrets, now, l.Tolerance); err != nil && !errors.Is(err, notify.ErrBadSignature) {
		prefix, _ := io.ReadAll(io.LimitReader(r.Body, central.RefusedBodyPrefix))
		l.refuse(w, r, http.StatusUnauthorized, err.Error(), prefix)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, notify.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			l.refuse(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", notify.MaxBody), nil)
			return
		}
		problem(w, http.StatusBadRequest, "could not read the body")
		return
	}
	if err := notify.Verify(r.Header.Get(notify.Header), body, l.Secrets, now, l.Tolerance); err != nil {
		l.refuse(w, r, http.StatusUnauthorized, err.Error(), body)
		return
	}
	var p notify.Parsed
	if kind == "pix" {
		p, err = notify.ParsePIX(body)
	} else {
		p, err = notify.ParseGeneric(body, now)
	}
	if err != nil {
		l.refuse(w, r, http.StatusBadRequest, err.Error(), body)
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 15*time.Second)
	defer cancel()
	res, err := l.Book.Notify(ctx, l.Merchant, central.Notification{ID: p.ID, Kind: p.Kind, Body: body, ReceivedAt: now, Items: p.Items})
	if err != nil {
		if l.Log != nil {
			l.Log.Warn("notification not stored", "error", err)
		}
		problem(w, http.StatusServiceUnavailable, "the notification could not be stored; retry later")
		return
	}
	if res.Items == nil {
		res.Items = []central.Routed{}
	}
	safeReply(w, http.StatusOK, NotifyReply{ID: p.ID, Replayed: res.Replayed, Results: res.Items})
}

// refuse answers a request refused before it could mean anything and
// keeps it for audit, unless its address is over its limit (429).
func (l *Live) refuse(w http.ResponseWriter, r *http.Request, code int, reason string, body []byte) {
	if !l.Limit.Allow(r.RemoteAddr) {
		w.Header().Set("Retry-After", "1")
		problem(w, http.StatusTooManyRequests, "too many refused requests from your address; slow down")
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 5*time.Second)
	defer cancel()
	_ = l.Book.Refuse(ctx, l.Merchant, r.RemoteAddr, reason, body)
	safeReply(w, code, map[string]string{"error": reason})
}
