package orders

import "testing"

// The order details count payments as people do: "1 payment".
func TestPaymentsCountedRight(t *testing.T) {
	for n, want := range map[int]string{1: "1 payment", 2: "2 payments", 0: "0 payments"} {
		if got := payments(n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}
