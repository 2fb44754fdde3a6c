package decode

import (
	"strings"
	"testing"
)

// White space around a recognised payload is left out with a warning;
// the code itself is read as it is.
func TestWhiteSpaceAroundIsTrimmedWithAWarning(t *testing.T) {
	const demo = "00020101021226340017INVALID.TILL.DEMO0109DEMO-0001520458125303986540512.505802BR5914TILL DEMO CAFE6009DEMO CITY62140510ABCDE1234X630424E9"
	for _, p := range []string{"  " + demo, demo + "\n", "\t" + demo + " \r\n"} {
		r := Decode(p)
		if !r.Valid || r.Reference != "ABCDE1234X" || len(r.Warnings) == 0 || !strings.Contains(r.Warnings[0].Rule, "white space around it") {
			t.Errorf("%q: valid %v, warnings %v, errors %v", p, r.Valid, r.Warnings, r.Errors)
		}
	}
	if r := Decode(demo); len(r.Warnings) != 0 {
		t.Errorf("a clean payload has warnings: %v", r.Warnings)
	}
	if r := Decode("  hello  "); r.Valid {
		t.Error("garbage with spaces is valid")
	}
}
