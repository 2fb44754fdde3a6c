package ui_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/screentest"
)

// TestPrintedCodes runs the real till with a merchant's existing codes
// (issue 16): a printed Pix static code is shown as the dynamic code of the
// sale (the amount and the reference in it), and an Alipay collection-code
// URL is shown exactly as printed, with the hint to type the amount and
// the reference. Both are read back from the screen by gozxing and zbarimg.
func TestPrintedCodes(t *testing.T) {
	const pix = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
	const alipay = "https://qr.alipay.com/fkx12345abcdefghijklmn"
	for _, tt := range []struct {
		name, country, currency, payload string
		asIs                             bool
		w, h                             int
	}{
		{"pix static made dynamic", "BR", "BRL", pix, false, 120, 40},
		// 80×24: the hint must fit beside the code.
		{"alipay URL as printed", "CN", "CNY", alipay, true, 80, 24},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := startWith(t, config.File{
				Merchant: config.MerchantSection{Name: "Loja", City: "Rio", Country: tt.country, Currency: tt.currency},
				Schemes:  []map[string]any{{"type": "static", "name": "printed", "payload": tt.payload}},
			}, false, tt.w, tt.h, "PRNTDCDES")
			h.waitFor("New charge")
			h.tm.Type("12.50")
			h.enter()
			screen := h.waitFor("WAITING FOR PAYMENT")
			h.settle()
			list, _ := h.st.List(context.Background(), store.Filter{})
			o, _ := h.st.Get(context.Background(), list[0].Ref)
			want := o.Codes[0].Payload
			switch {
			case tt.asIs && (want != tt.payload || o.Codes[0].Format != "static"):
				t.Fatalf("code %+v, want the printed payload as it is", o.Codes[0])
			case tt.asIs && !strings.Contains(screen, "ref as note"):
				t.Errorf("no hint to type the reference:\n%s", screen)
			case !tt.asIs && (!strings.Contains(want, "540512.50") || !strings.Contains(want, string(o.Ref)) || !strings.Contains(want, "010212")):
				t.Fatalf("dynamic code %q lacks the amount, the reference or 01=12", want)
			}
			img := screentest.Rasterize(screentest.Screen(h.out.Bytes, h.w, h.h), screentest.Dark, 0)
			if got, err := screentest.DecodeQR(img); err != nil || got != want {
				t.Errorf("gozxing read %q, %v; want %q", got, err, want)
			}
			got, err := screentest.DecodeZBar(img)
			switch {
			case errors.Is(err, screentest.ErrNoZBar):
				t.Log("zbarimg is missing (apt-get install zbar-tools): second decoder skipped")
			case err != nil || got != want:
				t.Errorf("zbarimg read %q, %v; want %q", got, err, want)
			}
			h.quit()
		})
	}
}
