package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/store/central/pgtest"
)

// The real binaries, wired as users run them: two `till central serve`
// processes on one PostgreSQL, taking notifications with the secrets of
// their configuration; a joined till whose `till serve` long-polls server
// B; a signed webhook to server A turns the till's order paid, and the
// payment reaches the central book through the till's upload.
func TestWebhookThroughTheRealCentralServers(t *testing.T) {
	url := pgtest.Shared(t).NewDatabase(t)
	const secret = "central-test-secret-0123456789"
	f := config.Demo()
	f.Serve.Secrets = []string{secret}
	data, _ := config.Encode(f)
	cfg := filepath.Join(t.TempDir(), "central.toml")
	if err := os.WriteFile(cfg, data, 0o600); err != nil {
		t.Fatal(err)
	}
	startCentral := func() string {
		srv := exec.Command(tillBinary, "--config", cfg, "central", "serve", "--pg", url, "--addr", "127.0.0.1:0")
		stdout, _ := srv.StdoutPipe()
		srv.Stderr = os.Stderr
		if err := srv.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { srv.Process.Signal(os.Interrupt); srv.Wait() })
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil {
			t.Fatalf("central serve did not start: %v", err)
		}
		return strings.Fields(strings.TrimPrefix(line, "till central serve: listening on "))[0]
	}
	a, b := startCentral(), startCentral()
	e := joinEnv(t, url, b, "counter 1")
	os.WriteFile(e.config, data, 0o600) // till serve needs secrets of its own
	srv := exec.Command(tillBinary, "--db", e.db, "--config", e.config, "serve", "--addr", "127.0.0.1:0")
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Process.Signal(os.Interrupt); srv.Wait() })
	var o orderJSON
	json.Unmarshal([]byte(e.ok("charge", "3.00", "--json")), &o)
	body := []byte(`{"id":"w-1","ref":"` + o.Ref + `","amount":"3.00","currency":"` + o.Currency + `"}`)
	req, _ := http.NewRequest(http.MethodPost, a+"/notify", bytes.NewReader(body))
	req.Header.Set(notify.Header, notify.Sign([]byte(secret), time.Now(), body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var reply struct {
		Results []struct{ Outcome, Till string }
	}
	json.NewDecoder(resp.Body).Decode(&reply)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(reply.Results) != 1 || reply.Results[0].Outcome != "sent" || reply.Results[0].Till != "counter 1" {
		t.Fatalf("webhook: %s %+v", resp.Status, reply)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var orders []orderJSON
		json.Unmarshal([]byte(e.ok("orders", "--json")), &orders)
		if len(orders) == 1 && orders[0].Status == "paid" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the till's order never turned paid: %+v", orders)
		}
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if got := e.ok("central", "orders", "--pg", url); strings.Contains(got, o.Ref) && strings.Contains(got, "paid") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the payment never reached the central book")
		}
	}
}
