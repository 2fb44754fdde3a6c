package centralhttp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/till-pos/till/store/central"
)

// Push on the fake book: seq 9 is a diverged history, seq 0 a bad batch.
func (fakeBook) RecordCloses(context.Context, central.Till, []central.TillClose) error { return nil }

func (fakeBook) Push(_ context.Context, _ central.Till, batch []central.Entry) (central.PushResult, error) {
	switch {
	case len(batch) > 0 && batch[0].Seq == 9:
		return central.PushResult{}, central.ErrDiverged
	case len(batch) > 0 && batch[0].Seq == 0:
		return central.PushResult{}, central.ErrBadBatch
	}
	return central.PushResult{Next: int64(len(batch)) + 1, Accepted: len(batch)}, nil
}

// POST /v1/push: a token is needed; a diverged history is a 409 that says
// so; a malformed body or batch a 400.
func TestPushEndpoint(t *testing.T) {
	srv := httptest.NewServer(&Server{Book: fakeBook{}})
	defer srv.Close()
	tests := []struct {
		name, token, body string
		status            int
		want              string
	}{
		{"taken", "TOKEN", `{"entries":[{"seq":1,"body":"{}"}]}`, 200, `"next":2`},
		{"no token", "", `{"entries":[]}`, 401, "join the fleet"},
		{"diverged", "TOKEN", `{"entries":[{"seq":9,"body":"{}"}]}`, 409, `"diverged":true`},
		{"bad batch", "TOKEN", `{"entries":[{"seq":0,"body":"{}"}]}`, 400, "consecutive"},
		{"not json", "TOKEN", `entries`, 400, "the body must be"},
	}
	for _, tc := range tests {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/push", strings.NewReader(tc.body))
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		buf := make([]byte, 4096)
		n, _ := resp.Body.Read(buf)
		sb.Write(buf[:n])
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(sb.String(), tc.want) {
			t.Errorf("%s: %d %s, want %d with %q", tc.name, resp.StatusCode, sb.String(), tc.status, tc.want)
		}
	}
}
