package setup_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/ui/screentest"
	"github.com/till-pos/till/ui/setup"
	"github.com/till-pos/till/ui/setup/setuptest"
)

// The setup form at 80×24 in every language, driven by the setup test
// driver: the first step, a field's error, the till's step and the
// preview with its test code. Golden files to read; no line wider than
// the window, no word cut, no English left (but for what the person typed
// and the schemes' own error sentences, which stay English by design).
func TestGoldenLanguages(t *testing.T) {
	const w, h = 80, 24
	data := []string{"Bäckerei Kranz Köln DE 5462 DE89 3704 0044 0532 0130 01 Som Tam Stall Bangkok TH 081 234 5678",
		goldenPath, "PromptPay Thailand THB SEPA GiroCode EUR EPC IBAN BIC MCC PIN LANG", "promptpay epc PROMPTPAY"}
	for _, t := range locale.Supported {
		data = append(data, locale.Label(t))
	}
	for _, tag := range locale.Supported {
		t.Run(tag.String(), func(t *testing.T) {
			l := locale.New(tag)
			opts := setup.Options{Path: goldenPath, Now: goldenNow, Lang: l}
			d := setuptest.New(t, opts, w, h)
			merchant := d.Screen()
			walkToIBANError(d)
			ibanError := d.Screen()

			d = setuptest.New(t, opts, w, h)
			walkToTill(d)
			till := d.Screen()
			d.Key("enter")
			d.Key("enter")
			d.Key("enter") // the system's language: the form keeps speaking l
			d.Expect("preview", "")
			preview := d.Screen()

			words := screentest.WordsOf(l, data...)
			for name, screen := range map[string]string{"merchant": merchant, "iban_error": ibanError, "till": till, "preview": preview} {
				screentest.CheckLines(t, name, screen, w, words)
				if len(strings.Split(screen, "\n")) > h {
					t.Errorf("%s: %d lines for a height of %d", name, len(strings.Split(screen, "\n")), h)
				}
				if name != "iban_error" { // the IBAN's own check speaks English
					screentest.NoEnglish(t, name, screen, l, data...)
				}
			}
			golden.RequireEqual(t, []byte(fmt.Sprintf("%s\n---\n%s\n---\n%s\n---\n%s", merchant, ibanError, till, preview)))
		})
	}
}

// walkToIBANError fills in a German bakery and a GiroCode with a mistyped
// IBAN, whose error the form shows.
func walkToIBANError(d *setuptest.Driver) {
	for _, v := range []string{"Bäckerei Kranz", "Köln", "DE", "", "5462"} {
		d.Type(v)
		d.Key("enter")
	}
	d.Choose("epc")
	d.Key("enter")
	d.Type("DE89 3704 0044 0532 0130 01")
	d.Key("enter")
}

// walkToTill fills in a Thai stall paid by PromptPay to a phone, up to the
// till's step (PIN, expiry, language).
func walkToTill(d *setuptest.Driver) {
	for _, v := range []string{"Som Tam Stall", "Bangkok", "TH", "", ""} {
		d.Type(v)
		d.Key("enter")
	}
	d.Choose("promptpay")
	d.Key("enter")
	d.Choose("phone")
	d.Key("enter")
	d.Type("081 234 5678")
	d.Key("enter")
	d.Key("enter")
	d.Choose("continue")
	d.Key("enter")
}
