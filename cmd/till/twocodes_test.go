package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/screentest"
)

// In a real terminal (tmux, 120×40), a till with two codes (an EMV
// wallet template and a SEPA GiroCode) shows each in turn on Tab, and
// every code captured from the pane decodes to the payload stored for it.
// The renderer redraws only what changed between the two codes, so this
// proves the diff it sends leaves a scannable code on a real terminal.
func TestTmuxTwoCodesSwitch(t *testing.T) {
	x := newTmux(t)
	dir := t.TempDir()
	db, cfgPath := filepath.Join(dir, "till.db"), filepath.Join(dir, "config.toml")
	data, err := config.Encode(config.File{
		Merchant: config.MerchantSection{Name: "Bäckerei Müller", City: "München", Country: "DE", Currency: "EUR"},
		Schemes: []map[string]any{
			{"type": "emv", "name": "wallet", "tag": int64(27), "guid": "COM.EXAMPLE.WALLET", "merchant_id": "M-7"},
			{"type": "epc", "iban": "DE89370400440532013000", "beneficiary": "Baeckerei Mueller"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(cfgPath, data, 0o600)
	x.run("new-session", "-d", "-s", "till", "-x", "120", "-y", "40",
		"env", "TERM=xterm-256color", "COLORTERM=truecolor", tillBinary, "--db", db, "--config", cfgPath)
	x.waitFor("New charge")
	x.run("send-keys", "-t", "till", "7.40", "Enter")
	x.waitFor("code 1 of 2")

	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, _ := st.List(context.Background(), store.Filter{})
	if len(list) != 1 {
		t.Fatalf("orders: %v", list)
	}
	o, _ := st.Get(context.Background(), list[0].Ref)
	for i := range 6 {
		n := i % 2
		if i > 0 {
			x.run("send-keys", "-t", "till", "Tab")
			x.waitFor(fmt.Sprintf("code %d of 2", n+1))
		}
		var got string
		deadline := time.Now().Add(10 * time.Second)
		for {
			emu := screentest.FromANSI([]byte(x.run("capture-pane", "-t", "till", "-e", "-p", "-N")), 120, 40)
			got, err = screentest.DecodeScreen(emu, screentest.Dark, 0)
			if err == nil && got == o.Codes[n].Payload {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("switch %d: code %d does not decode from the pane (%q, %v):\n%s", i, n+1, got, err,
					strings.TrimRight(screentest.Text(emu), "\n"))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	x.run("send-keys", "-t", "till", "C-c")
}
