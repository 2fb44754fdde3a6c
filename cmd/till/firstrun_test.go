package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/till-pos/till/cmd/till/internal/notifyhttp"
	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/decode"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui"
	"github.com/till-pos/till/ui/screentest"
	"github.com/till-pos/till/ui/setup"
	"github.com/till-pos/till/ui/setup/setuptest"
)

// From an empty configuration to a first paid order: the setup form is
// filled in (a bakery in Recife taking PIX), the file it writes is what
// till then runs on, the first charge shows a PIX code that scans and
// decodes as valid PIX, and the PSP's webhook turns the screen PAID.
func TestSetupToFirstPaidOrder(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "till", "config.toml")
	f := setuptest.Walk(t, setup.Options{Path: cfgPath}, setup.Answers{
		Name: "Padaria São João", City: "Recife", Country: "BR",
		Schemes: []map[string]any{{"type": "pix", "key": "+5581999998888"}},
	})
	fi, err := os.Stat(cfgPath)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("config file: %v %v", fi, err)
	}
	// The merchant adds a notification secret to the file setup wrote.
	secret := "first-run-secret-0123456789"
	f.Serve.Secrets = []string{secret}
	if err := config.Save(cfgPath, f); err != nil {
		t.Fatal(err)
	}
	e := env{t: t, db: filepath.Join(dir, "till.db"), config: cfgPath}
	cfg, err := e.app().loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(e.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w, _ := st.Watch(context.Background())
	defer w.Close()
	tm := teatest.NewTestModel(t, ui.New(ui.Options{Store: st, Config: cfg, Watcher: w, Actor: "ana"}),
		teatest.WithInitialTermSize(100, 30), teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
	var out screentest.Output
	waitFor := func(text string) screentest.Grid {
		t.Helper()
		var emu screentest.Grid
		teatest.WaitFor(t, tm.Output(), out.Condition(func(all []byte) bool {
			emu = screentest.Screen(all, 100, 30)
			return strings.Contains(screentest.Text(emu), text)
		}), teatest.WithDuration(15*time.Second))
		return emu
	}
	waitFor("Padaria São João")
	tm.Type("8.50")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	screen := waitFor("WAITING FOR PAYMENT")

	payload, err := screentest.DecodeScreen(screen, screentest.Light, 0)
	if err != nil {
		t.Fatal(err)
	}
	r := decode.Decode(payload)
	if !r.Valid || r.Amount != "8.50" || r.Currency != "BRL" || len(r.Schemes) != 1 || r.Schemes[0] != "pix" || r.MerchantName != "PADARIA SAO JOAO" {
		t.Fatalf("the first code is not a valid PIX code for 8.50: %+v", r)
	}
	ref := payment.Reference(r.Reference)

	// The PSP's webhook (through a relay that signs it) pays the order.
	srv := httptest.NewServer(&notifyhttp.Handler{Store: st, Secrets: cfg.Secrets})
	defer srv.Close()
	body := []byte(fmt.Sprintf(`{"pix":[{"endToEndId":"E0000000020261125143000000000001","txid":%q,"valor":"8.50","horario":"2026-11-25T14:30:00Z"}]}`, ref))
	postSigned(t, srv.URL+"/pix", secret, body)
	waitFor("PAID")
	o, _ := st.Get(context.Background(), ref)
	if o.Status() != payment.StatusPaid {
		t.Fatalf("status %s", o.Status())
	}
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
}

// app is an app reading this env's files, for tests that need its methods.
func (e env) app() *app {
	return &app{dbFlag: e.db, configFlag: e.config, stdin: strings.NewReader(""),
		stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: func(string) string { return "" }}
}
