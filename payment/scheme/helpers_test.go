package scheme

import (
	"testing"
	"time"

	"github.com/till-pos/till/payment"
)

// merchants for the markets of each scheme type.
var merchants = map[string]payment.Merchant{
	"BR": {Name: "Café São João", City: "São Paulo", Country: "BR", Currency: payment.MustCurrency("BRL"), MCC: "5812"},
	"TH": {Name: "Som Tam Shop", City: "Bangkok", Country: "TH", Currency: payment.MustCurrency("THB"), MCC: "5814"},
	"SG": {Name: "Kopi Corner", City: "Singapore", Country: "SG", Currency: payment.MustCurrency("SGD"), MCC: "5812"},
	"MY": {Name: "Kedai Runcit", City: "Kuala Lumpur", Country: "MY", Currency: payment.MustCurrency("MYR"), MCC: "5411"},
	"VN": {Name: "Phở Hà Nội", City: "Hà Nội", Country: "VN", Currency: payment.MustCurrency("VND"), MCC: "5812"},
	"IN": {Name: "Chai Point", City: "Bengaluru", Country: "IN", Currency: payment.MustCurrency("INR"), MCC: "5814"},
	"ID": {Name: "Toko Digital HSN", City: "Sidoarjo", Country: "ID", Currency: payment.MustCurrency("IDR"), MCC: "8999", PostalCode: "61261"},
	"PH": {Name: "Sari-Sari Store", City: "Makati City", Country: "PH", Currency: payment.MustCurrency("PHP"), MCC: "5411"},
	"KH": {Name: "Kafe Angkor", City: "Phnom Penh", Country: "KH", Currency: payment.MustCurrency("USD"), MCC: "5812"},
	"DE": {Name: "Bäckerei Müller", City: "München", Country: "DE", Currency: payment.MustCurrency("EUR"), MCC: "5462"},
}

// sampleConfigs is one valid configuration entry per scheme type, with
// the country of its merchant.
var sampleConfigs = []struct {
	country string
	values  map[string]any
}{
	{"BR", map[string]any{"type": "emv", "name": "wallet", "tag": int64(27), "guid": "COM.EXAMPLE.WALLET", "merchant_id": "M-0001", "fields": map[string]any{"02": "STORE7"}}},
	{"BR", map[string]any{"type": "pix", "key": "123e4567-e12b-12d1-a456-426655440000", "info": "Obrigado!"}},
	{"TH", map[string]any{"type": "promptpay", "phone": "081-234-5678"}},
	{"SG", map[string]any{"type": "paynow", "uen": "201403121W"}},
	{"MY", map[string]any{"type": "duitnow", "acquirer_id": "501664", "account": "123456789"}},
	{"VN", map[string]any{"type": "vietqr", "bin": "970416", "account": "257678859"}},
	{"IN", map[string]any{"type": "upi", "vpa": "chaipoint@okaxis"}},
	{"DE", map[string]any{"type": "epc", "iban": "DE89 3704 0044 0532 0130 00", "bic": "COBADEFFXXX"}},
	{"ID", map[string]any{"type": "qris", "guid": "COM.GO-JEK.WWW", "pan": "936009143292229702", "merchant_id": "G292229702", "nmid": "ID1026503892287"}},
	{"PH", map[string]any{"type": "qrph", "bic": "GXCHPHM2XXX", "merchant_id": "217020000054698716099"}},
	{"KH", map[string]any{"type": "khqr", "account_id": "mann_yivfouy@bkrt", "merchant_id": "1664699", "acquiring_bank": "ABA"}},
	{"KH", map[string]any{"type": "unionpay", "acquirer_iin": "37210116", "merchant_id": "0123456789ABCDE"}},
	{"BR", map[string]any{"type": "static", "payload": "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"}},
}

// mustSet builds and validates a set from configuration entries.
func mustSet(t testing.TB, m payment.Merchant, entries ...map[string]any) Set {
	t.Helper()
	s := Set{Merchant: m}
	for i, e := range entries {
		sc, err := New(i, e)
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		s.Schemes = append(s.Schemes, sc)
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	return s
}

// ref is a valid order reference for tests.
func ref(t testing.TB) payment.Reference {
	t.Helper()
	for _, c := range payment.ReferenceAlphabet {
		if r, err := payment.ParseReference("TESTREF2" + string(c)); err == nil {
			return r
		}
	}
	t.Fatal("no reference")
	return ""
}

func charge(t testing.TB, m payment.Merchant, minor int64) Charge {
	return Charge{Amount: payment.Amount{Minor: minor, Currency: m.Currency}, Ref: ref(t),
		Expires: time.Date(2030, 12, 31, 12, 0, 0, 0, time.UTC)}
}
