// Package centralhttp is the HTTP side of `till central serve`: the
// endpoints tills call on the fleet's central server. It keeps no state of
// its own; every request reads and writes the central book, so several
// servers can run against one PostgreSQL.
package centralhttp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store/central"
)

// Book is what the server needs of the central book.
type Book interface {
	Join(ctx context.Context, code string) (central.Till, string, error)
	Authenticate(ctx context.Context, token string) (central.Till, error)
	Push(ctx context.Context, t central.Till, batch []central.Entry) (central.PushResult, error)
	RecordCloses(ctx context.Context, t central.Till, closes []central.TillClose) error
}

// Server answers the tills.
type Server struct {
	Book Book
	Log  *slog.Logger // one line per request; nil logs nothing
}

// maxBody bounds a request body: the join request is a few dozen bytes.
const maxBody = 4 << 10

// JoinRequest is the body of POST /v1/join.
type JoinRequest struct {
	Code string `json:"code"`
}

// JoinReply is the answer to a join: who the till is, and its token,
// which it keeps and sends as "Authorization: Bearer TOKEN".
type JoinReply struct {
	Merchant string `json:"merchant"`
	Name     string `json:"name"`
	Prefix   string `json:"prefix"`
	Token    string `json:"token"`
}

// ServeHTTP routes a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if s.Log != nil {
			s.Log.Info("request", "method", safetext.Escape(r.Method), "path", safetext.Escape(r.URL.Path),
				"status", rec.status, "duration", time.Since(start))
		}
	}()
	limit := int64(maxBody)
	if r.URL.Path == "/v1/push" {
		limit = maxPushBody
	}
	r.Body = http.MaxBytesReader(rec, r.Body, limit)
	switch {
	case r.URL.Path == "/healthz":
		reply(rec, http.StatusOK, map[string]string{"status": "ok"})
	case r.URL.Path == "/v1/join" && r.Method == http.MethodPost:
		s.join(rec, r)
	case r.URL.Path == "/v1/whoami" && r.Method == http.MethodGet:
		s.whoami(rec, r)
	case r.URL.Path == "/v1/push" && r.Method == http.MethodPost:
		s.push(rec, r)
	case r.URL.Path == "/v1/join" || r.URL.Path == "/v1/whoami" || r.URL.Path == "/v1/push":
		problem(rec, http.StatusMethodNotAllowed, "method not allowed")
	default:
		problem(rec, http.StatusNotFound, "no such endpoint")
	}
}

func (s *Server) join(w http.ResponseWriter, r *http.Request) {
	var req JoinRequest
	body, err := io.ReadAll(r.Body)
	if err != nil {
		problem(w, http.StatusRequestEntityTooLarge, "the request is too large")
		return
	}
	if err := json.Unmarshal(body, &req); err != nil || req.Code == "" {
		problem(w, http.StatusBadRequest, `the body must be {"code": "JOIN-..."}`)
		return
	}
	t, token, err := s.Book.Join(r.Context(), req.Code)
	switch {
	case errors.Is(err, central.ErrBadJoinCode):
		problem(w, http.StatusForbidden, err.Error())
	case err != nil:
		problem(w, http.StatusServiceUnavailable, "the central book is not available; try again")
	default:
		reply(w, http.StatusOK, JoinReply{Merchant: t.Merchant, Name: t.Name, Prefix: t.Prefix, Token: token})
	}
}

// till authenticates a request by its bearer token.
func (s *Server) till(w http.ResponseWriter, r *http.Request) (central.Till, bool) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		problem(w, http.StatusUnauthorized, "no token: join the fleet first (till join URL CODE)")
		return central.Till{}, false
	}
	t, err := s.Book.Authenticate(r.Context(), token)
	switch {
	case errors.Is(err, central.ErrBadToken):
		problem(w, http.StatusUnauthorized, err.Error())
		return central.Till{}, false
	case err != nil:
		problem(w, http.StatusServiceUnavailable, "the central book is not available; try again")
		return central.Till{}, false
	}
	return t, true
}

func (s *Server) whoami(w http.ResponseWriter, r *http.Request) {
	if t, ok := s.till(w, r); ok {
		reply(w, http.StatusOK, JoinReply{Merchant: t.Merchant, Name: t.Name, Prefix: t.Prefix})
	}
}

type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func problem(w http.ResponseWriter, status int, msg string) {
	reply(w, status, map[string]string{"error": msg})
}
