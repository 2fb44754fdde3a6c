package orders

import (
	"testing"

	"charm.land/bubbles/v2/key"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/locale/localetest"
)

// Every word the orders screen asks the catalog for is in it: the
// literal keys of its T calls, its labels, the names of the events and
// the statuses, and its keys' help (translated by the root model).
func TestEveryWordInTheCatalog(t *testing.T) {
	if n := localetest.CheckCalls(t, ".", "T"); n < 30 {
		t.Errorf("only %d translated calls found: the check did not look", n)
	}
	words := append([]string(nil), labels...)
	for _, w := range eventWords {
		words = append(words, w)
	}
	for _, st := range payment.Statuses {
		words = append(words, string(st))
	}
	words = append(words, helpWords(newKeys(nil))...)
	words = append(words, detailHelp(newDetailKeys(nil))...)
	for _, w := range words {
		if !locale.Known(w) {
			t.Errorf("%q is not in the catalog", w)
		}
	}
}

func helpWords(k keyMap) []string {
	var out []string
	for _, b := range []key.Binding{k.Day, k.PrevDay, k.NextDay, k.Scheme, k.Clear, k.PageUp, k.PageDown, k.Top, k.Bottom, k.SearchDone, k.SearchCancel} {
		out = append(out, b.Help().Desc)
	}
	return out
}

func detailHelp(k detailKeys) []string {
	return []string{k.ShowCode.Help().Desc, k.ShowAgain.Help().Desc, k.ChargeRest.Help().Desc, k.CashRest.Help().Desc}
}
