package scheme

import (
	"strings"
	"testing"

	"github.com/till-pos/till/payment"
)

// TestConfigErrors: a bad entry stops till with one sentence that names
// the entry, the key and the rule.
func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name   string
		values map[string]any
		want   []string // fragments of the message, the key first
	}{
		{"IBAN wrong check digit", map[string]any{"type": "epc", "iban": "DE89370400440532013001"},
			[]string{"schemes[0] (epc): iban:", "wrong check digit"}},
		{"IBAN wrong length", map[string]any{"type": "epc", "iban": "DE8937040044053201300"},
			[]string{"iban:", "from DE has 22"}},
		{"IBAN outside SEPA", map[string]any{"type": "epc", "iban": "US12345678901234"},
			[]string{"iban:", "not a country of the SEPA area"}},
		{"BIC too short", map[string]any{"type": "epc", "iban": "DE89370400440532013000", "bic": "COBADE"},
			[]string{"bic:", "8 or 11"}},
		{"PIX key of no known type", map[string]any{"type": "pix", "key": "loja-do-joao"},
			[]string{"schemes[0] (pix): key:", "not a Pix key of any known type"}},
		{"PIX CPF check digit", map[string]any{"type": "pix", "key": "529.982.247-24"},
			[]string{"key:", "not a valid CPF"}},
		{"PIX phone without +55", map[string]any{"type": "pix", "key": "+1 555 0100"},
			[]string{"key:", "+55"}},
		{"PIX key missing", map[string]any{"type": "pix"}, []string{"key:", "is required"}},
		{"PromptPay id of wrong length", map[string]any{"type": "promptpay", "id": "123456789012"},
			[]string{"schemes[0] (promptpay): id:", "must be 13 digits", "found 12"}},
		{"PromptPay id check digit", map[string]any{"type": "promptpay", "id": "1111111111111"},
			[]string{"id:", "check digit"}},
		{"PromptPay two targets", map[string]any{"type": "promptpay", "phone": "0812345678", "id": "1234567890121"},
			[]string{"id:", "only one"}},
		{"PromptPay phone", map[string]any{"type": "promptpay", "phone": "12345"}, []string{"phone:", "Thai mobile"}},
		{"PromptPay e-wallet length", map[string]any{"type": "promptpay", "ewallet": "12345"}, []string{"ewallet:", "15 digits"}},
		{"PayNow bad UEN", map[string]any{"type": "paynow", "uen": "ACME"}, []string{"uen:", "not a UEN"}},
		{"PayNow mobile", map[string]any{"type": "paynow", "mobile": "+6512"}, []string{"mobile:", "Singapore mobile"}},
		{"PayNow editable not bool", map[string]any{"type": "paynow", "uen": "201403121W", "editable": "yes"}, []string{"editable:", "true or false"}},
		{"DuitNow acquirer", map[string]any{"type": "duitnow", "acquirer_id": "5016", "account": "1"}, []string{"acquirer_id:", "6 digits"}},
		{"VietQR BIN", map[string]any{"type": "vietqr", "bin": "97", "account": "1"}, []string{"bin:", "6-digit"}},
		{"VietQR card", map[string]any{"type": "vietqr", "bin": "970416", "card": "1234"}, []string{"card:", "16 to 19"}},
		{"UPI address", map[string]any{"type": "upi", "vpa": "not an address"}, []string{"vpa:", "name@bank"}},
		{"QRIS NMID", map[string]any{"type": "qris", "guid": "ID.CO.BRI.WWW", "pan": "936000020042411838", "merchant_id": "42411838", "nmid": "1025450016189"}, []string{"schemes[0] (qris): nmid:", "ID and 13 digits"}},
		{"QRIS PAN outside 9360", map[string]any{"type": "qris", "guid": "ID.CO.BRI.WWW", "pan": "123400020042411838", "merchant_id": "1", "nmid": "ID1025450016189"}, []string{"pan:", "starting with 9360"}},
		{"QRIS national GUID as acquirer", map[string]any{"type": "qris", "guid": "ID.CO.QRIS.WWW", "pan": "936000020042411838", "merchant_id": "1", "nmid": "ID1025450016189"}, []string{"guid:", "acquirer"}},
		{"QRIS criteria", map[string]any{"type": "qris", "guid": "ID.CO.BRI.WWW", "pan": "936000020042411838", "merchant_id": "42411838", "nmid": "ID1025450016189", "criteria": "BIG"}, []string{"criteria:", "UMI, UKE"}},
		{"QR Ph BIC", map[string]any{"type": "qrph", "bic": "GXCHSGM2XXX", "merchant_id": "1"}, []string{"schemes[0] (qrph): bic:", "Philippine BIC"}},
		{"QR Ph both targets", map[string]any{"type": "qrph", "bic": "GXCHPHM2XXX", "merchant_id": "1", "account": "2"}, []string{"account:", "not both"}},
		{"QR Ph nothing to pay", map[string]any{"type": "qrph", "bic": "GXCHPHM2XXX"}, []string{"merchant_id:", "is required"}},
		{"KHQR account id", map[string]any{"type": "khqr", "account_id": "shop"}, []string{"schemes[0] (khqr): account_id:", "name@bank"}},
		{"KHQR merchant without bank", map[string]any{"type": "khqr", "account_id": "shop@aclb", "merchant_id": "M1"}, []string{"acquiring_bank:", "required"}},
		{"KHQR field over 32", map[string]any{"type": "khqr", "account_id": "shop@aclb", "account_info": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, []string{"account_info:", "at most 32"}},
		{"UnionPay IIN", map[string]any{"type": "unionpay", "acquirer_iin": "3721011", "merchant_id": "0123456789ABCDE"}, []string{"schemes[0] (unionpay): acquirer_iin:", "8 digits"}},
		{"UnionPay merchant id", map[string]any{"type": "unionpay", "acquirer_iin": "37210116", "merchant_id": "12345"}, []string{"merchant_id:", "exactly 15"}},
		{"generic tag", map[string]any{"type": "emv", "tag": int64(52), "guid": "X", "merchant_id": "1"}, []string{"tag:", "26 to 51"}},
		{"generic GUID", map[string]any{"type": "emv", "tag": int64(26), "merchant_id": "1"}, []string{"guid:", "required"}},
		{"unknown key", map[string]any{"type": "pix", "key": "+5511999999999", "chave": "x"}, []string{`unknown key "chave"`}},
		{"unknown type", map[string]any{"type": "bharatqr"}, []string{"type:", `unknown scheme type "bharatqr"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(0, tt.values)
			if err == nil {
				t.Fatal("accepted")
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%q does not mention %q", msg, w)
				}
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("%q is more than one line", msg)
			}
		})
	}
}

// TestNameFoldsToNothing: a merchant name with no ASCII letters is refused
// by name, both by FoldField (config) and by Validate (a code could not
// be built).
func TestNameFoldsToNothing(t *testing.T) {
	if _, err := FoldField("merchant.name", "東京ラーメン", 25); err == nil || !strings.Contains(err.Error(), "merchant.name") || !strings.Contains(err.Error(), "local_name") {
		t.Errorf("FoldField: %v", err)
	}
	m := merchants["BR"]
	m.Name = "🍜🍜"
	s := Set{Merchant: m}
	sc, err := New(0, sampleConfigs[1].values)
	if err != nil {
		t.Fatal(err)
	}
	s.Schemes = []Scheme{sc}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "merchant.name") {
		t.Errorf("Validate: %v", err)
	}
}

// TestValidateSets: schemes that cannot serve one till together are
// refused at start, naming both.
func TestValidateSets(t *testing.T) {
	br := merchants["BR"]
	tests := []struct {
		name    string
		m       payment.Merchant
		entries []map[string]any
		want    string
	}{
		{"currencies differ", br, []map[string]any{
			{"type": "pix", "key": "+5511999999999"},
			{"type": "promptpay", "phone": "0812345678"}}, "schemes[1] (promptpay) pays in THB but schemes[0] (pix) pays in BRL"},
		{"UPI and EPC", merchants["DE"], []map[string]any{
			{"type": "upi", "vpa": "shop@okaxis"},
			{"type": "epc", "iban": "DE89370400440532013000"}}, "schemes[1] (epc) pays in EUR but schemes[0] (upi) pays in INR"},
		{"merchant currency", merchants["TH"], []map[string]any{
			{"type": "pix", "key": "+5511999999999"}}, "pix pays in BRL only, but merchant.currency is THB"},
		{"same tag", br, []map[string]any{
			{"type": "pix", "key": "+5511999999999"},
			{"type": "emv", "name": "grab", "tag": int64(26), "guid": "COM.GRAB", "merchant_id": "1"}}, "schemes pix and grab both use EMV tag 26"},
		{"same name", br, []map[string]any{
			{"type": "emv", "tag": int64(27), "guid": "A", "merchant_id": "1"},
			{"type": "emv", "tag": int64(28), "guid": "B", "merchant_id": "2"}}, `name "emv" is used twice`},
		{"nothing", br, nil, "no payment scheme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Set{Merchant: tt.m}
			for i, e := range tt.entries {
				sc, err := New(i, e)
				if err != nil {
					t.Fatal(err)
				}
				s.Schemes = append(s.Schemes, sc)
			}
			err := s.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestSampleConfigsValid guards the samples the other tests build on.
func TestSampleConfigsValid(t *testing.T) {
	for _, c := range sampleConfigs {
		mustSet(t, merchants[c.country], c.values)
	}
	if got, want := len(sampleConfigs), len(Types()); got != want {
		t.Errorf("%d sample configs for %d scheme types %v", got, want, Types())
	}
}
