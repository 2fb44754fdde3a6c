package qrview_test

import (
	"errors"
	"testing"

	"github.com/charmbracelet/colorprofile"

	"github.com/till-pos/till/ui/qrview"
	"github.com/till-pos/till/ui/screentest"
)

// unicodePayloads are codes whose text is not ASCII: a GiroCode whose
// beneficiary and remittance have umlauts (EPC069-12 allows UTF-8), EMV
// Annex B's sample with tag 64 in Chinese, and a PromptPay code with a
// Thai merchant name (maythiwat/promptparse issue #7).
var unicodePayloads = map[string]string{
	"epc-umlauts":    "BCD\n002\n1\nSCT\nCOBADEFFXXX\nMüller & Söhne GmbH\nDE89370400440532013000\nEUR12.50\n\n\nRechnung Nr. 4711 Überweisung\n",
	"emv-64-chinese": "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A",
	"emv-59-thai":    "00020101021251400116A0000006770101120206001234030600123452041234530376454035005802TH5907ร้านค้า6007Bangkok6304599E",
}

// TestUnicodeCodesReadAlikeByTwoDecoders is issue 16's proof that a code
// with non-ASCII bytes reads as the same text in two independent decoders:
// the real program draws it, the screen is rasterised under a dark and a
// light theme, and gozxing (given no character-set hint) and ZBar's
// zbarimg must both return the payload exactly. Without the ECI 26 (UTF-8)
// designator, zbarimg reads "Müller" as Shift-JIS.
func TestUnicodeCodesReadAlikeByTwoDecoders(t *testing.T) {
	for name, payload := range unicodePayloads {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			code, err := qrview.New(payload)
			if err != nil {
				t.Fatal(err)
			}
			const w, h = 200, 60
			screen := runPayScreen(t, code, w, h, colorprofile.TrueColor)
			layout := code.Layout(w, h-chromeRows)
			if !layout.OK {
				t.Fatalf("no code fits %dx%d: %s", w, h, layout.Message)
			}
			for _, theme := range []screentest.Theme{screentest.Dark, screentest.Light} {
				img := screentest.Rasterize(screen, theme, 0)
				got, err := screentest.DecodeQRAs(img, "")
				if err != nil || got != payload {
					t.Errorf("gozxing, theme %s: %q, %v; want %q", theme.Name, got, err, payload)
				}
				got, err = screentest.DecodeZBar(img)
				if errors.Is(err, screentest.ErrNoZBar) {
					t.Skip("zbarimg is missing, so the second decoder cannot run: apt-get install zbar-tools (.ci/run installs it)")
				}
				if err != nil || got != payload {
					t.Errorf("zbarimg, theme %s: %q, %v; want %q", theme.Name, got, err, payload)
				}
			}
			if !t.Failed() {
				t.Logf("%s: %s %s q%d, %d modules, read alike by gozxing and zbarimg", name, layout.Mode, layout.Level, layout.QuietZone, layout.Modules)
			}
		})
	}
}
