package decode

import (
	"strings"
	"testing"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/scheme"
)

func TestText(t *testing.T) {
	byID := map[string]string{}
	for _, v := range allVectors(t) {
		byID[v.id] = v.payload
	}
	tests := []struct {
		id   string
		want []string
	}{
		{"pix-name28-accent", []string{"EMV merchant-presented QR: INVALID (2 errors)", "Schemes:   pix", "Amount:    350.00 BRL",
			"26   Merchant Account Information", "01   Pix key", "Errors:", "60: Merchant City must be printable ASCII"}},
		{"pp-phone-static", []string{"VALID (3 warnings)", "Schemes:   promptpay", "(not set: the payer types it)", "01   Mobile Number", "Warnings:", "52: Merchant Category Code"}},
		{"epc-structured-noamount", []string{"SEPA credit transfer (EPC GiroCode): VALID", "line 10", "RF18539007547034", "payload: the GiroCode ends with empty lines"}},
		{"upi-no-pa", []string{"UPI payment link: INVALID", "pa: the payee address (pa) is mandatory"}},
		{"bip21-amount", []string{"unrecognised payload: INVALID", "payload: this is a Bitcoin"}},
	}
	for _, tt := range tests {
		text := Decode(byID[tt.id]).Text()
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: text lacks %q:\n%s", tt.id, w, text)
			}
		}
	}
}

// TestDemoCode: the code `till demo` shows decodes as a valid EMV code
// whose only wallet is the demo GUID, which no real wallet knows.
func TestDemoCode(t *testing.T) {
	cfg, err := config.Resolve(config.Demo())
	if err != nil {
		t.Fatal(err)
	}
	codes, err := cfg.Schemes.Codes(scheme.Charge{Amount: payment.Amount{Minor: 1990, Currency: cfg.Merchant.Currency}, Ref: refFrom("demo")})
	if err != nil {
		t.Fatal(err)
	}
	r := Decode(codes[0].Payload)
	if !r.Valid || strings.Join(r.Schemes, ",") != "generic:"+scheme.DemoGUID || r.MerchantName != "TILL DEMO CAFE" || r.Amount != "19.90" {
		t.Errorf("demo code %q decodes as %+v", codes[0].Payload, r)
	}
}
