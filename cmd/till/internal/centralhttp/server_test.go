package centralhttp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/till-pos/till/store/central"
)

// fakeBook knows one join code and one token.
type fakeBook struct{}

func (fakeBook) Join(_ context.Context, code string) (central.Till, string, error) {
	if code != "JOIN-GOOD" {
		return central.Till{}, "", central.ErrBadJoinCode
	}
	return central.Till{Merchant: "main", Name: "counter 1", Prefix: "22"}, "TOKEN", nil
}

func (fakeBook) Authenticate(_ context.Context, token string) (central.Till, error) {
	if token != "TOKEN" {
		return central.Till{}, central.ErrBadToken
	}
	return central.Till{Merchant: "main", Name: "counter 1", Prefix: "22"}, nil
}

func TestEndpoints(t *testing.T) {
	srv := httptest.NewServer(&Server{Book: fakeBook{}})
	defer srv.Close()
	tests := []struct {
		method, path, body, token string
		status                    int
		want                      string
	}{
		{"POST", "/v1/join", `{"code":"JOIN-GOOD"}`, "", 200, `"token":"TOKEN"`},
		{"POST", "/v1/join", `{"code":"JOIN-BAD"}`, "", 403, "unknown, used or expired"},
		{"POST", "/v1/join", `not json`, "", 400, `{\"code\"`},
		{"POST", "/v1/join", `{"code":"` + strings.Repeat("x", 5000) + `"}`, "", 413, "too large"},
		{"GET", "/v1/join", "", "", 405, "method not allowed"},
		{"GET", "/v1/whoami", "", "TOKEN", 200, `"prefix":"22"`},
		{"GET", "/v1/whoami", "", "WRONG", 401, "unknown or revoked"},
		{"GET", "/v1/whoami", "", "", 401, "no token"},
		{"GET", "/admin", "", "", 404, "no such endpoint"},
		{"GET", "/healthz", "", "", 200, "ok"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
		if tt.token != "" {
			req.Header.Set("Authorization", "Bearer "+tt.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		buf := make([]byte, 4096)
		n, _ := resp.Body.Read(buf)
		b.Write(buf[:n])
		resp.Body.Close()
		if resp.StatusCode != tt.status || !strings.Contains(b.String(), tt.want) {
			t.Errorf("%s %s: %d %s; want %d with %q", tt.method, tt.path, resp.StatusCode, b.String(), tt.status, tt.want)
		}
	}
}
