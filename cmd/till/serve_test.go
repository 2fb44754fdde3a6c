package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// logBuffer collects the server's log across goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServe runs serve on addr with opt until the test ends, and returns
// the URL it listens on.
func startServe(t *testing.T, addr string, opt serveOptions) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	go func() { done <- serve(ctx, addr, h, opt, func(u string) { urls <- u }) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case u := <-urls:
		return u
	case err := <-done:
		t.Fatalf("serve: %v", err)
	}
	return ""
}

// A warning at start when till listens beyond loopback without TLS.
func TestServeWarnsOffLoopbackWithoutTLS(t *testing.T) {
	cert, key, _ := selfSigned(t)
	for _, tc := range []struct {
		addr string
		tls  bool
		warn bool
	}{
		{"127.0.0.1:0", false, false},
		{"[::1]:0", false, false},
		{"0.0.0.0:0", false, true},
		{":0", false, true},
		{"0.0.0.0:0", true, false},
	} {
		var logs logBuffer
		opt := serveOptions{Log: slog.New(slog.NewTextHandler(&logs, nil))}
		if tc.tls {
			opt.CertFile, opt.KeyFile = cert, key
		}
		if tc.addr == "[::1]:0" {
			if ln, err := net.Listen("tcp", tc.addr); err != nil {
				continue // no IPv6 loopback here
			} else {
				ln.Close()
			}
		}
		startServe(t, tc.addr, opt)
		if got := strings.Contains(logs.String(), "level=WARN") && strings.Contains(logs.String(), "without TLS"); got != tc.warn {
			t.Errorf("%s (TLS %v): warned %v, want %v: %q", tc.addr, tc.tls, got, tc.warn, logs.String())
		}
	}
}

// --tls-cert and --tls-key serve HTTPS: a client that trusts the
// certificate is answered, plain HTTP is not.
func TestServeTLS(t *testing.T) {
	cert, key, pool := selfSigned(t)
	url := startServe(t, "127.0.0.1:0", serveOptions{CertFile: cert, KeyFile: key, Log: slog.New(slog.DiscardHandler)})
	if !strings.HasPrefix(url, "https://") {
		t.Fatalf("serve says it listens on %s", url)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get(url + "/healthz")
	if err != nil {
		t.Fatalf("HTTPS: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.TLS == nil {
		t.Fatalf("HTTPS answered %d, TLS %v", resp.StatusCode, resp.TLS != nil)
	}
	resp, err = http.Get("http://" + strings.TrimPrefix(url, "https://") + "/healthz")
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Fatal("plain HTTP was answered by the TLS server")
		}
	}
}

func TestServeTLSFlags(t *testing.T) {
	e := newEnv(t)
	cert, _, _ := selfSigned(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--tls-cert", cert}, 2, "--tls-cert and --tls-key go together"},
		{[]string{"serve", "--tls-key", cert}, 2, "--tls-cert and --tls-key go together"},
	} {
		code, _, errs := e.till(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("till %v: %d %q", tc.args, code, errs)
		}
	}
	// A key that does not fit: one sentence, before listening.
	err := serve(context.Background(), "127.0.0.1:0", http.NotFoundHandler(), serveOptions{CertFile: cert, KeyFile: cert}, nil)
	if err == nil || !strings.Contains(err.Error(), "--tls-cert") {
		t.Fatalf("a certificate without its key: %v", err)
	}
}

// selfSigned writes a self-signed certificate for 127.0.0.1 and its key,
// and returns their files and a pool that trusts the certificate.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "till test"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")},
		DNSNames:     []string{"localhost"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	parsed, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(parsed)
	return certFile, keyFile, pool
}

// `till check` says what is kept of refused notifications and how many
// were dropped to stay within bounds.
func TestCheckShowsRefusedNotifications(t *testing.T) {
	e := newEnv(t)
	code, _ := refusedRepeatedly(3)(t, e)
	if code != 401 {
		t.Fatalf("unsigned: %d", code)
	}
	code, out, errs := e.till("check")
	if code != 0 || !strings.Contains(out, "refused notifications: 3 kept (") || !strings.Contains(out, "0 dropped") {
		t.Fatalf("check: %d %q %q", code, out, errs)
	}
}
