package notifyhttp

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/till-pos/till/payment/safetext"
)

// recorder remembers what a request was answered, for its log line.
type recorder struct {
	http.ResponseWriter
	start   time.Time
	status  int
	outcome string
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// outcome notes what became of a request, for its log line.
func outcome(w http.ResponseWriter, what string) {
	if r, ok := w.(*recorder); ok {
		r.outcome = what
	}
}

// logRequest writes the request's one log line: method, path, source
// address, status, outcome and duration. Never the signature header, the
// body or the reason a parser gave (which may quote the body): those can
// hold secrets or customers' data, and the refused ones are kept, within
// bounds, in the database.
func (h *Handler) logRequest(rec *recorder, r *http.Request) {
	if h.Log == nil {
		return
	}
	// The path is the sender's text: an operator reads the log in a
	// terminal, and JSON leaves C1 and bidi controls raw.
	path := r.URL.Path
	if len(path) > 64 {
		path = path[:64] + "..."
	}
	path = safetext.Escape(path)
	level := slog.LevelInfo
	if rec.status >= 400 {
		level = slog.LevelWarn
	}
	h.Log.LogAttrs(context.Background(), level, "request",
		slog.String("method", safetext.Escape(r.Method)),
		slog.String("path", path),
		slog.String("remote", host(r.RemoteAddr)),
		slog.Int("status", rec.status),
		slog.String("outcome", rec.outcome),
		slog.Int64("bytes", r.ContentLength),
		slog.Duration("duration", time.Since(rec.start)),
	)
}
