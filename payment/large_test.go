package payment

import "testing"

func TestLargeAmount(t *testing.T) {
	for _, tt := range []struct {
		code string
		want int64
		ok   bool
	}{{"BRL", 500000, true}, {"JPY", 150000, true}, {"VND", 25000000, true}, {"XOF", 0, false}} {
		c, err := LookupCurrency(tt.code)
		if err != nil {
			t.Fatal(err)
		}
		a, ok := LargeAmount(c)
		if a.Minor != tt.want || ok != tt.ok {
			t.Errorf("%s: %d %v, want %d %v", tt.code, a.Minor, ok, tt.want, tt.ok)
		}
	}
}
