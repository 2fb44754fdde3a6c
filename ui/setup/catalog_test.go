package setup

import (
	"testing"

	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/locale/localetest"
)

// Every message the screen asks for is in the catalog, so it has its
// translations (payment/locale's tests check those are all there).
func TestWordsInTheCatalog(t *testing.T) {
	if n := localetest.CheckCalls(t, ".", "T"); n < 60 {
		t.Errorf("only %d translated messages found: is the screen still translated?", n)
	}
}

// Every scheme's words the form shows (its name, help, targets, fields'
// titles and help) are in the catalog; the examples stay as they are.
func TestSpecsInTheCatalog(t *testing.T) {
	check := func(what, s string) {
		if s != "" && !locale.Known(s) {
			t.Errorf("%s %q is not in the catalog (payment/locale)", what, s)
		}
	}
	fields := func(fs []fieldSpec) {
		for _, f := range fs {
			check("field title", f.Title)
			check("field help", f.Help)
		}
	}
	for _, s := range specs {
		check("scheme", s.Label)
		check("scheme help", s.Help)
		fields(s.Before)
		fields(s.After)
		for _, tg := range s.Targets {
			check("target", tg.Label)
			fields(tg.Fields)
		}
	}
}
