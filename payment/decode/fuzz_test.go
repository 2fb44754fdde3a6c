package decode

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/till-pos/till/payment/safetext"
)

// FuzzDecode: no input makes Decode panic or report inconsistently, and a
// code built by till from fuzzed merchant data, amount and reference
// decodes back to the same values (decode(encode(x)) == x) for every
// scheme type.
func FuzzDecode(f *testing.F) {
	for i, v := range allVectors(f) {
		f.Add(v.payload, "Café São João", "São Paulo", int64(1250+i), uint8(i))
	}
	f.Add("", "東京", "", int64(0), uint8(2))
	f.Add("upi://pay?pa=a@b&am=1,0", "Mr & Mrs Smith 100%", "Zürich", int64(-7), uint8(7))
	f.Fuzz(func(t *testing.T, payload, name, city string, minor int64, pick uint8) {
		r := Decode(payload)
		if r.Valid != (len(r.Errors) == 0) {
			t.Fatalf("valid=%v with errors %v", r.Valid, r.Errors)
		}
		switch r.Format {
		case "emv", "upi", "epc", "unknown":
		default:
			t.Fatalf("format %q", r.Format)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatal(err)
		}
		text := r.Text()
		if text == "" {
			t.Fatal("empty text")
		}
		// The payload is anybody's: nothing in it reaches the terminal raw.
		for i, c := range text {
			if c != '\n' && safetext.Unsafe(c) {
				t.Fatalf("%U raw at byte %d of the text of %q:\n%s", c, i, payload, text)
			}
		}
		if !utf8.ValidString(text) {
			t.Fatalf("the text of %q is not UTF-8: %q", payload, text)
		}

		if minor < 0 {
			minor = -(minor + 1)
		}
		minor = minor%99_999_999_999 + 1 // within every scheme's limits
		roundTrip(t, int(pick)%len(configs), name, city, minor, refFrom(name+city))
	})
}

// BenchmarkDecode measures decoding one payload per format.
func BenchmarkDecode(b *testing.B) {
	byID := map[string]string{}
	for _, v := range allVectors(b) {
		byID[v.id] = v.payload
	}
	for _, id := range []string{"pix-utils-generated", "pp-amount", "sgqr-spec-sample-1069", "epc-with-bic", "upi-spec-sample"} {
		p := byID[id]
		b.Run(id, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Decode(p)
			}
		})
	}
}
