package main

import (
	"errors"
	"fmt"

	"github.com/till-pos/till/payment"
)

// parseAmountArg reads an AMOUNT typed on the command line in the
// merchant's currency, naming it in the error.
func parseAmountArg(s string, cur payment.Currency) (payment.Amount, error) {
	a, err := payment.ParseAmount(s, cur)
	if err != nil {
		return a, amountError("amount", s, cur, err)
	}
	return a, nil
}

// amountError says what is wrong with the amount text s given as what
// ("amount", "--cash"); too large an amount is said with the largest one
// in the merchant's currency, code included.
func amountError(what, s string, cur payment.Currency, err error) error {
	if errors.Is(err, payment.ErrAmountTooLarge) {
		return fmt.Errorf("%s %q is too large: at most %s", what, s, payment.LargestAmount(cur))
	}
	return fmt.Errorf("%s %q: %w", what, s, err)
}
