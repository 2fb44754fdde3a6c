package scheme

import (
	"testing"

	"github.com/till-pos/till/payment"
)

// Each code names, for the customer, the apps that scan it; a merged code
// names every rail it serves, once.
func TestCodesNameTheirApps(t *testing.T) {
	tests := []struct {
		country string
		configs []map[string]any
		want    []string
	}{
		{"BR", []map[string]any{{"type": "pix", "key": "123e4567-e12b-12d1-a456-426655440000"}}, []string{"any PIX bank app"}},
		{"BR", []map[string]any{
			{"type": "pix", "key": "123e4567-e12b-12d1-a456-426655440000"},
			{"type": "emv", "name": "Demo Wallet", "tag": int64(27), "guid": "COM.EXAMPLE.WALLET", "merchant_id": "M-7"},
		}, []string{"any PIX bank app · Demo Wallet app"}},
		{"SG", []map[string]any{{"type": "paynow", "uen": "201403121W"}}, []string{"PayNow / SGQR apps"}},
		{"BR", []map[string]any{{"type": "emv", "name": "demo", "tag": int64(26), "guid": DemoGUID, "merchant_id": "DEMO-0001"}},
			[]string{"any QR reader (practice: no real money)"}},
		{"TH", []map[string]any{{"type": "promptpay", "phone": "080-123-4567"}}, []string{"any Thai bank app (PromptPay)"}},
	}
	for _, tt := range tests {
		m := merchants[tt.country]
		s := mustSet(t, m, tt.configs...)
		codes, err := s.Codes(Charge{Amount: payment.Amount{Minor: 100, Currency: m.Currency}, Ref: "POS0001"})
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range codes {
			if got := s.Apps(c.Schemes); got != tt.want[i] {
				t.Errorf("%s code %d: %q, want %q", c.Label, i, got, tt.want[i])
			}
		}
	}
}
