package payment

import (
	"errors"
	"fmt"
	"strings"
)

// Amount is money: an integer count of the currency's minor unit. Till never
// represents money as a float; every amount that enters is parsed from text
// into minor units and every amount that leaves is formatted from them.
type Amount struct {
	Minor    int64
	Currency Currency
}

// MaxDigits bounds an amount's decimal text. EMV tag 54 allows 13
// characters including the decimal mark, so 12 digits is the most any
// scheme can carry; a larger amount could not be paid by any code.
const MaxDigits = 12

// Errors returned by ParseAmount, so that callers can tell a person which
// rule they broke.
var (
	ErrAmountEmpty    = errors.New("amount is empty")
	ErrAmountZero     = errors.New("amount must be greater than zero")
	ErrAmountNegative = errors.New("amount must not be negative")
	ErrAmountSyntax   = errors.New("amount must be digits with at most one decimal mark, like 12.50")
	ErrAmountTooLarge = errors.New("amount is too large")

	// maxMinor is the largest amount in minor units: MaxDigits nines.
	maxMinor = int64(999_999_999_999)
)

// ParseAmount reads an amount as a person types it at the till: digits with
// at most one decimal mark ('.' or ','), no sign, no exponent, no grouping,
// no more decimals than the currency has, and not zero.
//
// "12.50", "12,5" and "12" are 1250 cents in EUR; "abc", "-5", "1e3",
// "1,234.50", "0" and "1.234" (in EUR) are errors. JPY takes no decimals.
func ParseAmount(s string, c Currency) (Amount, error) {
	minor, err := parseMinor(strings.TrimSpace(s), c.Exponent, false)
	if err != nil {
		return Amount{}, err
	}
	if minor == 0 {
		return Amount{}, ErrAmountZero
	}
	return Amount{Minor: minor, Currency: c}, nil
}

// ParseMinor reads a machine-written decimal ("12.50", "12.5000", "12")
// into minor units of a currency with the given exponent. Unlike
// ParseAmount it accepts zero and extra decimals as long as they are zeros,
// because statements write "12.50000" for 12.50; it still refuses anything
// that would lose money in rounding. Only '.' is a decimal mark here.
func ParseMinor(s string, exponent int) (int64, error) {
	return parseMinor(s, exponent, true)
}

func parseMinor(s string, exponent int, machine bool) (int64, error) {
	if s == "" {
		return 0, ErrAmountEmpty
	}
	if s[0] == '-' {
		return 0, ErrAmountNegative
	}
	intPart, frac, hasMark := s, "", false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= '0' && ch <= '9':
		case ch == '.' || (ch == ',' && !machine):
			if hasMark {
				return 0, ErrAmountSyntax
			}
			hasMark = true
			intPart, frac = s[:i], s[i+1:]
		default:
			return 0, ErrAmountSyntax
		}
	}
	if intPart == "" && frac == "" {
		return 0, ErrAmountSyntax
	}
	if len(frac) > exponent {
		extra := frac[exponent:]
		if !machine || strings.Trim(extra, "0") != "" {
			if exponent == 0 {
				return 0, errors.New("this currency has no decimals")
			}
			return 0, fmt.Errorf("at most %d decimal places", exponent)
		}
		frac = frac[:exponent]
	}
	intPart = strings.TrimLeft(intPart, "0")
	if len(intPart)+exponent > MaxDigits {
		// Say the largest amount, not the digit count: a person types
		// amounts, not minor units.
		return 0, fmt.Errorf("%w: at most %s", ErrAmountTooLarge, FormatMinor(maxMinor, exponent))
	}
	var minor int64
	for _, ch := range intPart + frac + strings.Repeat("0", exponent-len(frac)) {
		minor = minor*10 + int64(ch-'0')
	}
	return minor, nil
}

// Decimal is the amount as plain decimal text with exactly the currency's
// number of decimals and a '.' mark: 1250 EUR is "12.50", 500 JPY is "500".
// It is the form every payment scheme and every export uses.
func (a Amount) Decimal() string { return FormatMinor(a.Minor, a.Currency.Exponent) }

// String is the amount for people: "EUR 12.50".
func (a Amount) String() string { return a.Currency.Code + " " + a.Decimal() }

// IsZero reports whether the amount is zero.
func (a Amount) IsZero() bool { return a.Minor == 0 }

// FormatMinor formats minor units with the given exponent: (-1250, 2) is
// "-12.50".
func FormatMinor(minor int64, exponent int) string {
	sign := ""
	u := uint64(minor)
	if minor < 0 {
		sign = "-"
		u = uint64(-minor) // correct for MinInt64 too, through two's complement
	}
	digits := fmt.Sprintf("%0*d", exponent+1, u)
	if exponent == 0 {
		return sign + digits
	}
	cut := len(digits) - exponent
	return sign + digits[:cut] + "." + digits[cut:]
}

// Grouped formats the amount with thousands separators for display, such
// as on the big customer-facing number: 123456789 EUR is "1,234,567.89".
func (a Amount) Grouped() string {
	d := a.Decimal()
	intPart, frac := d, ""
	if i := strings.IndexByte(d, '.'); i >= 0 {
		intPart, frac = d[:i], d[i:]
	}
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, ch := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	out := b.String() + frac
	if neg {
		out = "-" + out
	}
	return out
}

// LargestAmount is the largest amount till takes in c: MaxDigits nines, as
// minor units (the most any payment code carries).
func LargestAmount(c Currency) Amount { return Amount{Minor: maxMinor, Currency: c} }
