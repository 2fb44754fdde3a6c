package pay

import (
	"testing"

	"github.com/till-pos/till/payment/locale/localetest"
)

// Every literal key the pay screen (and its rest) asks the catalog for
// is in it.
func TestEveryWordInTheCatalog(t *testing.T) {
	if n := localetest.CheckCalls(t, ".", "T"); n < 20 {
		t.Errorf("only %d translated calls found: the check did not look", n)
	}
}
