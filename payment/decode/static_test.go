package decode

import (
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/scheme"
)

// TestStaticCorpusCodesBecomeDynamic takes every real static EMV code of
// the corpus that till accepts as a merchant's printed code, makes it the
// code of a sale, and decodes the result: still valid under its national
// profile, asking for the amount, carrying the reference, for the same
// schemes. Codes shown as printed (signed, KHQR) must come back unchanged.
func TestStaticCorpusCodesBecomeDynamic(t *testing.T) {
	made, asIs := 0, 0
	for _, c := range loadCorpus(t) {
		before := Decode(c.payload)
		if c.verdict != "accepted" || before.Format != "emv" || before.Amount != "" {
			continue
		}
		if f := findField(before.Fields, "01"); f != nil && f.Value != "11" {
			continue
		}
		sc, err := scheme.New(0, map[string]any{"type": "static", "payload": c.payload})
		if err != nil {
			t.Errorf("%s: %v", c.id, err)
			continue
		}
		cur, err := payment.LookupCurrency(before.Currency)
		if err != nil {
			t.Errorf("%s: currency %q: %v", c.id, before.Currency, err)
			continue
		}
		m := payment.Merchant{Name: "X", City: "Y", Country: countryOf(before), Currency: cur}
		ref := refFrom(c.id)
		code, err := sc.(scheme.Standalone).Payload(m, scheme.Charge{Amount: payment.Amount{Minor: 1234, Currency: cur}, Ref: ref, Expires: time.Now().Add(time.Hour)})
		if err != nil {
			t.Errorf("%s: %v", c.id, err)
			continue
		}
		if sc.(*scheme.Static).AsIs != "" {
			asIs++
			if code != c.payload {
				t.Errorf("%s is shown as printed (%s) but changed", c.id, sc.(*scheme.Static).AsIs)
			}
			continue
		}
		made++
		after := Decode(code)
		want := payment.Amount{Minor: 1234, Currency: cur}.Decimal()
		if !after.Valid || after.Amount != want || !strings.Contains(code, string(ref)) ||
			strings.Join(after.Schemes, ",") != strings.Join(before.Schemes, ",") {
			t.Errorf("%s: dynamic code %s\nvalid %v amount %q schemes %v (were %v) errors %v", c.id, code, after.Valid, after.Amount, after.Schemes, before.Schemes, after.Errors)
		}
	}
	t.Logf("%d printed corpus codes made dynamic, %d shown as printed", made, asIs)
	if made < 30 || asIs < 1 {
		t.Errorf("only %d made dynamic and %d shown as printed", made, asIs)
	}
}

func countryOf(r Report) string {
	if f := findField(r.Fields, "58"); f != nil {
		return f.Value
	}
	return ""
}

func findField(fs []Field, tag string) *Field {
	for i := range fs {
		if fs[i].Tag == tag {
			return &fs[i]
		}
	}
	return nil
}
