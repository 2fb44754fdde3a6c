package report

import (
	"testing"

	"github.com/till-pos/till/payment/locale/localetest"
)

// Every message the screen asks for is in the catalog, so it has its
// translations (payment/locale's tests check those are all there).
func TestWordsInTheCatalog(t *testing.T) {
	if n := localetest.CheckCalls(t, ".", "T"); n < 20 {
		t.Errorf("only %d translated messages found: is the screen still translated?", n)
	}
}
