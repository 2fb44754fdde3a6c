package scheme

import (
	"strconv"
	"strings"
	"testing"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/emv"
)

// Real printed codes (payment/decode/testdata/corpus.tsv names where each
// was published).
const (
	staticPix     = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
	staticQRIS    = "00020101021126610014COM.GO-JEK.WWW01189360091432922297020210G2922297020303UMI51440014ID.CO.QRIS.WWW0215ID10265038922870303UMI5204899953033605802ID5925Toko digital HSN, Digital6008SIDOARJO61056126162070703A016304A581"
	staticPP      = "00020101021129370016A000000677010111011300668012345675802TH530376463046197"
	signedDuitNow = "00020201021126490014A000000615000101065898360212014107775108030115204000053034585802MY5917GOVINDARAJ SELVAM6002MY82640362fe1d2be9fd944680b854e2e50bae2314f3f34bcdcf76e59300cab8735c646304DD8A"
	alipayURL     = "https://qr.alipay.com/fkx12345abcdefghijklmn"
	staticKHQR    = "00020101021129190015john_smith@devb5204599953038405802KH5910John Smith6010Phnom Penh6304F714"
)

// TestStaticBecomesDynamic: a printed static code is made the code of one
// sale, field by field: 01 becomes 12, 54 the amount, 62-05 the reference
// (replacing Pix's ***), a new CRC, and every other object as printed.
func TestStaticBecomesDynamic(t *testing.T) {
	for _, tt := range []struct {
		name, code, country, amount string
		minor                       int64
	}{
		{"pix", staticPix, "BR", "12.50", 1250},
		{"qris", staticQRIS, "ID", "25000.00", 2500000},
		{"promptpay", staticPP, "TH", "4.22", 422},
		{"khqr", staticKHQR, "KH", "9.90", 990},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := merchants[tt.country]
			s := mustSet(t, m, map[string]any{"type": "static", "payload": tt.code})
			codes, err := s.Codes(charge(t, m, tt.minor))
			if err != nil || len(codes) != 1 {
				t.Fatalf("codes %v, %v", codes, err)
			}
			got := codes[0]
			if got.Format != "emv" || got.Label != "STATIC" {
				t.Errorf("format %q label %q", got.Format, got.Label)
			}
			in := emv.Inspect(got.Payload)
			if !in.Valid() {
				t.Fatalf("%s: %v", got.Payload, in.Errors)
			}
			before := emv.Inspect(tt.code)
			for _, f := range before.Fields {
				after, _ := in.Find(f.ID)
				switch f.ID {
				case "01":
					if after.Value != "12" {
						t.Errorf("01 = %q, want 12", after.Value)
					}
				case "62":
					// checked below
				case "63":
				default:
					if after.Value != f.Value {
						t.Errorf("%s changed: %q → %q", f.ID, f.Value, after.Value)
					}
				}
			}
			if a, _ := in.Find("54"); a.Value != tt.amount {
				t.Errorf("54 = %q, want %s", a.Value, tt.amount)
			}
			if r, _ := in.Find("62", "05"); r.Value != string(ref(t)) {
				t.Errorf("reference %q", r.Value)
			}
			if ts, ok := in.Find("99"); (tt.country == "KH") != ok {
				t.Errorf("timestamp template 99 = %q, want it for KHQR only", ts.Value)
			} else if ok {
				c := charge(t, m, tt.minor)
				if exp, _ := in.Find("99", "01"); exp.Value != strconv.FormatInt(c.Expires.UnixMilli(), 10) {
					t.Errorf("99-01 = %q, want the expiry in ms", exp.Value)
				}
			}
		})
	}
}

// TestStaticShownAsIs: a signed code and a code that is not EMV are shown
// exactly as printed, whatever the charge, with the hint for the customer.
func TestStaticShownAsIs(t *testing.T) {
	for _, tt := range []struct{ name, code, country, why string }{
		{"duitnow signed", signedDuitNow, "MY", "PayNet's signature"},
		{"alipay url", alipayURL, "BR", "not an EMV code"},
		{"wechat url", "wxp://f2f0abcdefghijklmnopqrstuvwxyz0123456789", "BR", "not an EMV code"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := merchants[tt.country]
			if tt.country == "KH" {
				m.Currency = payment.MustCurrency("USD")
			}
			s := mustSet(t, m, map[string]any{"type": "static", "name": "printed", "payload": tt.code})
			if why := s.Schemes[0].(*Static).AsIs; !strings.Contains(why, tt.why) {
				t.Errorf("as-is reason %q, want %q", why, tt.why)
			}
			codes, err := s.Codes(charge(t, m, 990))
			if err != nil || len(codes) != 1 {
				t.Fatalf("codes %v, %v", codes, err)
			}
			if codes[0].Payload != tt.code || codes[0].Format != "static" || !strings.Contains(codes[0].Label, "ref as note") {
				t.Errorf("code %+v", codes[0])
			}
		})
	}
}

func TestStaticRefusals(t *testing.T) {
	for _, tt := range []struct{ name, code, want string }{
		{"dynamic code", strings.Replace(staticPP, "010211", "010212", 1), "does not read"}, // CRC no longer matches
		{"dynamic code, valid", "00020101021229370016A000000677010111011300660000000005802TH530376454044.226304E469", "dynamic code"},
		{"broken CRC", staticPix[:len(staticPix)-1] + "E", "does not read"},
		{"control character", "https://qr.alipay.com/x\x00", "control character"},
		{"empty", "", "is required"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(0, map[string]any{"type": "static", "payload": tt.code})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "payload:") {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
	// A printed code in another currency than the till's.
	s := Set{Merchant: merchants["MY"]}
	sc, err := New(0, map[string]any{"type": "static", "payload": staticPix})
	if err != nil {
		t.Fatal(err)
	}
	s.Schemes = append(s.Schemes, sc)
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "BRL") {
		t.Errorf("Validate = %v", err)
	}
}
