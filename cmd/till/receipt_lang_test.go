package main

import (
	"os"
	"strings"
	"testing"

	"github.com/till-pos/till/payment/config"
)

// `till receipt` prints in [till] receipt_language when the merchant set
// one, and never follows LANG: the command line stays what scripts read.
func TestReceiptLanguage(t *testing.T) {
	t.Setenv("LANG", "de_DE.UTF-8")
	t.Setenv("LC_ALL", "")
	e := newEnv(t)
	o := chargeAndConfirm(t, e)
	if out := e.ok("receipt", o.Ref); !strings.Contains(out, "PAID (cashier-confirmed)") || !strings.Contains(out, "BRL 12.50") {
		t.Errorf("LANG changed the receipt:\n%s", out)
	}

	f := config.Demo()
	f.Till.ReceiptLanguage = "pt-BR"
	data, err := config.Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(e.config, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out := e.ok("receipt", o.Ref)
	for _, s := range []string{"Referência", "R$ 12,50", "PAGO (confirmado pelo caixa)", "Obs.: table 4", "DEMO — nenhum dinheiro foi movimentado"} {
		if !strings.Contains(out, s) {
			t.Errorf("Portuguese receipt has no %q:\n%s", s, out)
		}
	}
	out = e.ok("receipt", o.Ref, "--ascii")
	if !strings.Contains(out, "Referencia") || !strings.Contains(out, "BRL 12,50") {
		t.Errorf("Portuguese --ascii receipt:\n%s", out)
	}
	if out := e.ok("orders", "--json"); !strings.Contains(out, `"status": "claimed"`) && !strings.Contains(out, `"status":"claimed"`) {
		t.Errorf("orders --json changed with the receipt language:\n%s", out)
	}
}
