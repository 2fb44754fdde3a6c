package main

import (
	"errors"
	"fmt"
	"strings"

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
// ("amount", "--cash"). payment.ErrAmountTooLarge counts the digits of
// minor units, which a person does not type: say the largest amount
// instead.
func amountError(what, s string, cur payment.Currency, err error) error {
	if errors.Is(err, payment.ErrAmountTooLarge) {
		return fmt.Errorf("%s %q is too large: at most %s", what, s, largestAmount(cur))
	}
	return fmt.Errorf("%s %q: %w", what, s, err)
}

// largestAmount is the largest amount any code can carry in cur:
// payment.MaxDigits nines, as minor units.
func largestAmount(cur payment.Currency) payment.Amount {
	minor, _ := payment.ParseMinor(strings.Repeat("9", payment.MaxDigits), 0)
	return payment.Amount{Minor: minor, Currency: cur}
}
