package orders

import (
	"testing"

	"github.com/till-pos/till/payment/locale"
)

// The order details count payments as each language does: "1 payment",
// "2 payments", "1 Zahlung", and one form in Thai.
func TestPaymentsCountedRight(t *testing.T) {
	for _, c := range []struct {
		tag  string
		n    int
		want string
	}{
		{"en", 1, "in 1 payment"}, {"en", 2, "in 2 payments"}, {"en", 0, "in 0 payments"},
		{"de", 1, "in 1 Zahlung"}, {"de", 3, "in 3 Zahlungen"}, {"pt-BR", 1, "em 1 pagamento"},
		{"th", 1, "ใน 1 ครั้ง"}, {"th", 2, "ใน 2 ครั้ง"},
	} {
		tag, err := locale.Parse(c.tag)
		if err != nil {
			t.Fatal(err)
		}
		if got := locale.New(tag).T("in %d payments", c.n); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.tag, c.n, got, c.want)
		}
	}
}
