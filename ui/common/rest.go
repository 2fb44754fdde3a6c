package common

import (
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/scheme"
	"github.com/till-pos/till/store"
)

// RestCodes builds the codes for the rest of an order with the merchant's
// schemes, refusing (before anything is saved) a payload no QR can hold.
// The CLI's `till charge --rest` uses it too.
func RestCodes(set scheme.Set) store.RestCodes {
	return func(ref payment.Reference, amount payment.Amount, expires time.Time) ([]scheme.Code, error) {
		return OrderCodes(set, amount)(ref, expires)
	}
}
