package amount_test

import (
	"testing"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/locale/localetest"
	"github.com/till-pos/till/ui/amount"
)

func typed(cur payment.Currency, s string) amount.Field {
	f := amount.New(cur)
	for _, r := range s {
		f = f.Type(r)
	}
	return f
}

// Amount entry takes "." and "," as the decimal mark whatever language
// the screens speak: a German cashier types 12,50, a Thai one 12.50, and
// both charge the same. Grouping as a language writes it for display
// ("1.234,50") is refused with the reason, never read as another amount.
func TestBothDecimalMarks(t *testing.T) {
	eur := payment.MustCurrency("EUR")
	for _, tc := range []struct {
		typed string
		minor int64
	}{
		{"12,50", 1250}, {"12.50", 1250}, {"12,5", 1250}, {"12.5", 1250}, {",5", 50}, {".5", 50},
		{"1234,56", 123456}, {"1234.56", 123456}, {"1250", 1250},
	} {
		f := typed(eur, tc.typed)
		if got, err := f.Minor(); err != nil || got != tc.minor {
			t.Errorf("typed %q: %d, %v; want %d", tc.typed, got, err, tc.minor)
		}
		if p, err := payment.ParseAmount(tc.typed, eur); tc.typed != "1250" && (err != nil || p.Minor != tc.minor) {
			t.Errorf("ParseAmount(%q) = %v, %v; want %d", tc.typed, p, err, tc.minor)
		}
	}
	for _, tag := range locale.Supported {
		shown := locale.New(tag).Number(123450, 2) // "1,234.50" or "1.234,50"
		f := typed(eur, shown)
		if _, err := f.Minor(); err == nil {
			t.Errorf("%v: %q, an amount as written with grouping, was read as an amount", tag, shown)
		}
		if f.Invalid() == "" {
			t.Errorf("%v: %q gave no reason", tag, shown)
		}
		if _, err := payment.ParseAmount(shown, eur); err == nil {
			t.Errorf("%v: ParseAmount(%q) accepted grouping", tag, shown)
		}
	}
}

// The field gives its reasons in its language; every one is in the
// catalog.
func TestReasonsInTheLanguage(t *testing.T) {
	eur, jpy := payment.MustCurrency("EUR"), payment.MustCurrency("JPY")
	th := locale.New(locale.Thai)
	if got := typed(eur, "1,2.3").In(th).Invalid(); got != "ใส่จุดทศนิยมได้ตัวเดียว ไม่ใส่ตัวคั่นหลักพัน" {
		t.Errorf("two marks in Thai: %q", got)
	}
	f := amount.New(jpy).In(locale.New(locale.German)).Type('x')
	if got := f.Refused(); got != "Ziffern eingeben: JPY hat keine Dezimalstellen" {
		t.Errorf("a letter in German: %q", got)
	}
	if got := f.Clear().Type('.').Invalid(); got != "JPY hat keine Dezimalstellen" {
		t.Errorf("the language did not survive Clear: %q", got)
	}
	if got := typed(eur, "1.234").Invalid(); got != "EUR takes at most 2 decimals" {
		t.Errorf("English: %q", got)
	}
	if n := localetest.CheckCalls(t, ".", "T"); n < 7 {
		t.Errorf("found %d translated reasons", n)
	}
}
