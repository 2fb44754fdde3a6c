package decode

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/scheme"
)

// market is a merchant's country and currency.
type market struct{ country, currency string }

// configs is one configuration per scheme type with what decode must find
// in its codes.
var configs = []struct {
	market
	values    map[string]any
	scheme    string // as Decode names it
	hasRef    bool   // the scheme has a field for the reference
	short     bool   // PromptPay/VietQR alone leave out 52, 59 and 60
	format    string
	upperName bool // EMV root fields are folded to upper case
}{
	{market{"BR", "BRL"}, map[string]any{"type": "emv", "name": "wallet", "tag": int64(27), "guid": "COM.EXAMPLE.WALLET", "merchant_id": "M-1"}, "generic:COM.EXAMPLE.WALLET", true, false, "emv", true},
	{market{"BR", "BRL"}, map[string]any{"type": "pix", "key": "+5511999999999"}, "pix", true, false, "emv", true},
	{market{"TH", "THB"}, map[string]any{"type": "promptpay", "id": "1234567890121"}, "promptpay", false, true, "emv", true},
	{market{"TH", "THB"}, map[string]any{"type": "promptpay", "biller_id": "010554001234501"}, "promptpay", true, true, "emv", true},
	{market{"SG", "SGD"}, map[string]any{"type": "paynow", "mobile": "+6584554295"}, "paynow", true, false, "emv", true},
	{market{"MY", "MYR"}, map[string]any{"type": "duitnow", "acquirer_id": "890046", "account": "MERCHANT42"}, "duitnow", true, false, "emv", true},
	{market{"VN", "VND"}, map[string]any{"type": "vietqr", "bin": "970403", "account": "0011012345678"}, "vietqr", true, true, "emv", true},
	{market{"IN", "INR"}, map[string]any{"type": "upi", "vpa": "shop@okaxis"}, "upi", true, false, "upi", false},
	{market{"DE", "EUR"}, map[string]any{"type": "epc", "iban": "DE89370400440532013000"}, "epc", true, false, "epc", false},
	// Issue 16's national rails, after the others (tests pick configs by index).
	{market{"ID", "IDR"}, map[string]any{"type": "qris", "guid": "ID.CO.BRI.WWW", "pan": "936000020042411838", "merchant_id": "42411838", "nmid": "ID1025450016189"}, "generic:ID.CO.BRI.WWW,qris", true, false, "emv", true},
	{market{"PH", "PHP"}, map[string]any{"type": "qrph", "bic": "GXCHPHM2XXX", "merchant_id": "217020000054698716099"}, "qrph", true, false, "emv", true},
	{market{"PH", "PHP"}, map[string]any{"type": "qrph", "bic": "BNORPHMMXXX", "account": "006540283953"}, "qrph", true, false, "emv", true},
	{market{"KH", "USD"}, map[string]any{"type": "khqr", "account_id": "shop@aclb", "merchant_id": "M001", "acquiring_bank": "ACLEDA"}, "khqr", true, false, "emv", true},
	{market{"KH", "KHR"}, map[string]any{"type": "khqr", "account_id": "john_smith@devb"}, "khqr", true, false, "emv", true},
	{market{"KH", "USD"}, map[string]any{"type": "unionpay", "acquirer_iin": "37210116", "merchant_id": "0123456789ABCDE"}, "unionpay", true, false, "emv", true},
}

func merchantFor(mk market, name, city string) payment.Merchant {
	return payment.Merchant{Name: name, City: city, Country: mk.country, Currency: payment.MustCurrency(mk.currency), MCC: "5812"}
}

func buildSet(m payment.Merchant, entries ...map[string]any) (scheme.Set, error) {
	s := scheme.Set{Merchant: m}
	for i, e := range entries {
		sc, err := scheme.New(i, e)
		if err != nil {
			return s, err
		}
		s.Schemes = append(s.Schemes, sc)
	}
	return s, s.Validate()
}

// refFrom makes a valid reference from any text, so fuzzed inputs give
// varied references.
func refFrom(seed string) payment.Reference {
	body := make([]byte, 9)
	for i := range body {
		var h byte = byte(i * 7)
		for j := 0; j < len(seed); j++ {
			h = h*31 + seed[j] + byte(i)
		}
		body[i] = payment.ReferenceAlphabet[h%32]
	}
	for _, c := range payment.ReferenceAlphabet {
		if r, err := payment.ParseReference(string(body) + string(c)); err == nil {
			return r
		}
	}
	panic("no check character")
}

// roundTrip builds the codes of config i for a charge and checks that
// decoding them gives back the merchant, amount and reference.
func roundTrip(t *testing.T, i int, name, city string, minor int64, ref payment.Reference) {
	t.Helper()
	c := configs[i]
	m := merchantFor(c.market, name, city)
	s, err := buildSet(m, c.values)
	if err != nil {
		t.Skipf("configuration refused: %v", err)
	}
	ch := scheme.Charge{Amount: payment.Amount{Minor: minor, Currency: m.Currency}, Ref: ref, Expires: time.Now().Add(time.Hour)}
	codes, err := s.Codes(ch)
	if err != nil {
		t.Fatalf("Codes after a successful Validate: %v", err)
	}
	r := Decode(codes[0].Payload)
	if !r.Valid || r.Format != c.format {
		t.Fatalf("%s code %q: valid=%v format=%s errors=%v", c.scheme, codes[0].Payload, r.Valid, r.Format, r.Errors)
	}
	for _, w := range r.Warnings {
		if !(c.short && (w.Tag == "52" || w.Tag == "59" || w.Tag == "60")) {
			t.Errorf("till's own %s code has a warning: %v", c.scheme, w)
		}
	}
	wantName, wantCity := "", ""
	switch {
	case c.format == "upi":
		wantName = scheme.FoldASCII(name)
	case c.format == "epc":
		// GiroCode text: valid UTF-8, control characters and white
		// space runs become one space, at most 70 characters.
		wantName = strings.Join(strings.FieldsFunc(strings.ToValidUTF8(name, ""), func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsControl(r)
		}), " ")
		if r := []rune(wantName); len(r) > 70 {
			wantName = strings.TrimSpace(string(r[:70]))
		}
	case !c.short:
		wantName, _ = scheme.FoldField("name", name, 25)
		wantCity, _ = scheme.FoldField("city", city, 15)
	}
	wantRef := ""
	if c.hasRef {
		wantRef = string(ref)
		if c.format == "epc" {
			wantRef, _ = scheme.CreditorReference(string(ref))
		}
	}
	got := []string{strings.Join(r.Schemes, ","), r.Amount, r.Currency, r.Reference, r.MerchantName, r.MerchantCity}
	want := []string{c.scheme, ch.Amount.Decimal(), m.Currency.Code, wantRef, wantName, wantCity}
	labels := []string{"schemes", "amount", "currency", "reference", "merchant name", "merchant city"}
	for k := range got {
		if got[k] != want[k] {
			t.Errorf("%s: %s = %q, want %q (payload %q)", c.scheme, labels[k], got[k], want[k], codes[0].Payload)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for i, c := range configs {
		t.Run(c.scheme, func(t *testing.T) {
			roundTrip(t, i, "Padaria São José & Filhos Ltda", "São José dos Campos", 123456, refFrom(c.scheme))
		})
	}
}

// TestOneCodeManyWallets: PIX with a generic wallet gives one code that
// decodes with both templates; an EMV scheme with a GiroCode gives two.
func TestOneCodeManyWallets(t *testing.T) {
	br := merchantFor(market{"BR", "BRL"}, "Loja", "Recife")
	s, err := buildSet(br, configs[1].values, configs[0].values)
	if err != nil {
		t.Fatal(err)
	}
	codes, err := s.Codes(scheme.Charge{Amount: payment.Amount{Minor: 990, Currency: br.Currency}, Ref: refFrom("x")})
	if err != nil || len(codes) != 1 {
		t.Fatalf("codes %v, %v", codes, err)
	}
	r := Decode(codes[0].Payload)
	if !r.Valid || strings.Join(r.Schemes, ",") != "pix,generic:COM.EXAMPLE.WALLET" || r.Amount != "9.90" {
		t.Errorf("decoded %+v", r)
	}

	de := merchantFor(market{"DE", "EUR"}, "Kiosk", "Köln")
	wallet := map[string]any{"type": "emv", "name": "wallet", "tag": int64(26), "guid": "COM.EXAMPLE.WALLET", "merchant_id": "1"}
	s, err = buildSet(de, wallet, configs[8].values)
	if err != nil {
		t.Fatal(err)
	}
	codes, err = s.Codes(scheme.Charge{Amount: payment.Amount{Minor: 450, Currency: de.Currency}, Ref: refFrom("y")})
	if err != nil || len(codes) != 2 {
		t.Fatalf("codes %v, %v", codes, err)
	}
	for i, format := range []string{"emv", "epc"} {
		if r := Decode(codes[i].Payload); !r.Valid || r.Format != format || r.Amount != "4.50" {
			t.Errorf("code %d: %+v", i, r)
		}
	}
}
