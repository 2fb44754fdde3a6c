package centralhttp

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/till-pos/till/store/central"
)

// maxPushBody bounds a batch: central.MaxBatch entries of a few hundred
// bytes each.
const maxPushBody = 4 << 20

// PushRequest is the body of POST /v1/push: consecutive outbox entries
// of the till the bearer token names. The protocol is described in
// package central (sync.go).
//
// Closes are the till's own day closes, sent when they changed: the fleet
// day close waits for each till's upload to reach its close.
type PushRequest struct {
	Entries []central.Entry     `json:"entries"`
	Closes  []central.TillClose `json:"closes,omitempty"`
}

// PushReply is the answer: central.PushResult, or with status 409 the
// refusal of a diverged history.
type PushReply = central.PushResult

// DivergedReply is the body of a 409: why, and that the history diverged.
type DivergedReply struct {
	Error    string `json:"error"`
	Diverged bool   `json:"diverged"`
}

func (s *Server) push(w http.ResponseWriter, r *http.Request) {
	t, ok := s.till(w, r)
	if !ok {
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		problem(w, http.StatusRequestEntityTooLarge, "the batch is too large: send at most 1000 entries")
		return
	}
	var req PushRequest
	if err := json.Unmarshal(body, &req); err != nil {
		problem(w, http.StatusBadRequest, `the body must be {"entries": [{"seq": N, "body": "..."}, ...]}`)
		return
	}
	res, err := s.Book.Push(r.Context(), t, req.Entries)
	if err == nil {
		err = s.Book.RecordCloses(r.Context(), t, req.Closes)
	}
	switch {
	case errors.Is(err, central.ErrDiverged):
		reply(w, http.StatusConflict, DivergedReply{Error: err.Error(), Diverged: true})
	case errors.Is(err, central.ErrBadBatch):
		problem(w, http.StatusBadRequest, err.Error())
	case err != nil:
		if s.Log != nil {
			s.Log.Warn("push failed", "till", t.Name, "error", err)
		}
		problem(w, http.StatusServiceUnavailable, "the central book is not available; try again")
	default:
		reply(w, http.StatusOK, res)
	}
}
