package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/store/central/pgtest"
	"github.com/till-pos/till/ui"
	"github.com/till-pos/till/ui/screentest"
)

// tillBinary is the real till, built once for the end-to-end tests.
var tillBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "till-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tillBinary = filepath.Join(dir, "till")
	out, err := exec.Command("go", "build", "-o", tillBinary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build till: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	pgtest.StopShared()
	os.RemoveAll(dir)
	os.Exit(code)
}

// tmux is a private tmux server for one test.
type tmux struct {
	t      *testing.T
	socket string
}

func newTmux(t *testing.T) *tmux {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	x := &tmux{t: t, socket: fmt.Sprintf("till-test-%d", time.Now().UnixNano())}
	t.Cleanup(func() { exec.Command("tmux", "-L", x.socket, "kill-server").Run() })
	return x
}

func (x *tmux) run(args ...string) string {
	x.t.Helper()
	cmd := exec.Command("tmux", append([]string{"-L", x.socket, "-f", "/dev/null"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// waitFor polls the pane until it shows text.
func (x *tmux) waitFor(text string) string {
	x.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		screen := x.run("capture-pane", "-t", "till", "-p")
		if strings.Contains(screen, text) {
			return screen
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("the screen never showed %q:\n%s", text, screen)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// The real `till demo` binary in a real terminal (tmux, 100×30): type an
// amount, and the QR captured from the pane decodes to the payload stored
// for that order.
func TestDemoInTmuxShowsScannableQR(t *testing.T) {
	x := newTmux(t)
	db := filepath.Join(t.TempDir(), "demo.db")
	x.run("new-session", "-d", "-s", "till", "-x", "100", "-y", "30",
		"env", "TERM=xterm-256color", "COLORTERM=truecolor", tillBinary, "demo", "--db", db, "--scenario", "none")
	x.waitFor("New charge")
	x.run("send-keys", "-t", "till", "12.50", "Enter")
	x.waitFor("WAITING FOR PAYMENT")
	capture := x.run("capture-pane", "-t", "till", "-e", "-p", "-N")

	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, err := st.List(context.Background(), store.Filter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("orders: %v %v", list, err)
	}
	o, _ := st.Get(context.Background(), list[0].Ref)
	if o.Amount.Minor != 1250 {
		t.Fatalf("amount %d", o.Amount.Minor)
	}
	emu := screentest.FromANSI([]byte(capture), 100, 30)
	for _, theme := range screentest.Themes() {
		got, err := screentest.DecodeScreen(emu, theme, 0)
		if err != nil {
			t.Fatalf("%s: %v\n%s", theme.Name, err, screentest.Text(emu))
		}
		if got != o.Codes[0].Payload {
			t.Fatalf("%s: decoded %q, stored %q", theme.Name, got, o.Codes[0].Payload)
		}
	}
	x.run("send-keys", "-t", "till", "C-c")
}

// `till serve` (the real binary) and the TUI on one database: a signed
// notification posted to serve turns the pay screen PAID.
func TestServeTurnsThePayScreenPaid(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "till.db")
	cfgPath := filepath.Join(dir, "config.toml")
	f := config.Demo()
	secret := "serve-test-secret-0123456789"
	f.Serve.Secrets = []string{secret}
	data, _ := config.Encode(f)
	os.WriteFile(cfgPath, data, 0o600)

	srv := exec.Command(tillBinary, "--db", db, "--config", cfgPath, "serve", "--addr", "127.0.0.1:0")
	stdout, _ := srv.StdoutPipe()
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Process.Signal(os.Interrupt); srv.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("serve did not start: %v", err)
	}
	addr := strings.Fields(strings.TrimPrefix(line, "till serve: listening on "))[0]

	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg, _ := config.Resolve(f)
	w, _ := st.Watch(context.Background())
	defer w.Close()
	tm := teatest.NewTestModel(t, ui.New(ui.Options{Store: st, Config: cfg, Watcher: w, Actor: "t"}),
		teatest.WithInitialTermSize(100, 30), teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
	var out screentest.Output
	waitFor := func(text string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), out.Condition(func(all []byte) bool {
			return strings.Contains(screentest.Text(screentest.Screen(all, 100, 30)), text)
		}), teatest.WithDuration(20*time.Second))
	}
	waitFor("New charge")
	tm.Type("950")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("WAITING FOR PAYMENT")
	list, _ := st.List(context.Background(), store.Filter{})
	ref := list[0].Ref

	body := []byte(fmt.Sprintf(`{"id":"evt-e2e-1","ref":%q,"amount":"9.50","currency":"BRL","payment_id":"psp-1"}`, ref))
	postSigned(t, addr+"/notify", secret, body)
	waitFor("PAID")
	o, _ := st.Get(context.Background(), ref)
	if o.Status() != payment.StatusPaid {
		t.Fatalf("status %s", o.Status())
	}
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
}

// The curl example in the README works as written: the snippet is run
// verbatim by bash, with the real till first on $PATH (TILL_DB and
// TILL_CONFIG point it at a test database whose [serve] secret is the
// README's own), against the real `till serve`. Only the server's address
// is put in, because port 8787 may be taken on the machine running the
// tests. The order the snippet charges must end up paid.
func TestREADMECurlExample(t *testing.T) {
	for _, tool := range []string{"curl", "openssl", "bash", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start := strings.Index(readme, "```sh\nSECRET=")
	if start < 0 {
		t.Fatal("the README has no curl example starting with SECRET=")
	}
	script := readme[start+len("```sh\n"):]
	script = script[:strings.Index(script, "```")]
	secret := strings.TrimPrefix(strings.SplitN(script, "\n", 2)[0], "SECRET=")
	// The configuration example and the snippet use the same secret, so
	// that a reader who copies both runs the snippet unchanged.
	if !strings.Contains(readme, `secrets = ["`+secret+`"]`) {
		t.Fatalf("the README's [serve] example does not hold the snippet's secret %q", secret)
	}
	const readmeURL = "http://127.0.0.1:8787/notify"
	if !strings.Contains(script, readmeURL) {
		t.Fatalf("the snippet does not post to %s:\n%s", readmeURL, script)
	}

	dir := t.TempDir()
	db, cfgPath := filepath.Join(dir, "till.db"), filepath.Join(dir, "config.toml")
	f := config.Demo()
	f.Serve.Secrets = []string{secret}
	cfgData, _ := config.Encode(f)
	os.WriteFile(cfgPath, cfgData, 0o600)
	srv := exec.Command(tillBinary, "--db", db, "--config", cfgPath, "serve", "--addr", "127.0.0.1:0")
	stdout, _ := srv.StdoutPipe()
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Process.Signal(os.Interrupt); srv.Wait() })
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	addr := strings.Fields(strings.TrimPrefix(line, "till serve: listening on "))[0]

	cmd := exec.Command("bash", "-euo", "pipefail", "-c", strings.ReplaceAll(script, readmeURL, addr+"/notify"))
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(tillBinary)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"TILL_DB="+db, "TILL_CONFIG="+cfgPath)
	got, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(got), `"outcome":"paid"`) {
		t.Fatalf("the README's curl example: %v\n%s", err, got)
	}
	st, _ := store.Open(db)
	defer st.Close()
	list, _ := st.List(context.Background(), store.Filter{})
	if len(list) != 1 || list[0].Status() != payment.StatusPaid || !strings.Contains(string(got), string(list[0].Ref)) {
		t.Fatalf("after the snippet: orders %+v, answer %s", list, got)
	}
	t.Logf("the snippet answered %s", got)
}

// postSigned posts body to url signed with secret, as a provider would,
// and fails the test unless it is accepted.
func postSigned(t *testing.T, url, secret string, body []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set(notify.Header, notify.Sign([]byte(secret), time.Now(), body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("post %s: %v", url, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("post %s: status %d", url, resp.StatusCode)
	}
}
