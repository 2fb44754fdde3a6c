package qrview_test

import (
	"testing"

	"github.com/till-pos/till/payment/emv"
	"github.com/till-pos/till/ui/screentest"
)

// scanLengths are the payload sizes issue 4 asks to be proven scannable.
var scanLengths = screentest.ScanLengths

// emvLike returns a valid EMV payload of exactly n bytes.
func emvLike(tb testing.TB, n int) string {
	tb.Helper()
	p, err := screentest.EMVPayload(n)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestEmvLikeBuildsExactLengths(t *testing.T) {
	for n := 20; n <= 320; n++ {
		if n > 20 && n < 25 {
			continue
		}
		p := emvLike(t, n)
		if _, err := emv.Parse(p); err != nil {
			t.Fatalf("emvLike(%d) is not valid TLV: %v", n, err)
		}
	}
}
