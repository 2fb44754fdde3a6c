package reconcile

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/till-pos/till/payment"
)

// amountText writes minor units in their currency: "EUR 12.50".
func amountText(minor int64, code string) string {
	if c, err := payment.LookupCurrency(code); err == nil {
		return payment.Amount{Minor: minor, Currency: c}.String()
	}
	return code + " " + strconv.FormatInt(minor, 10) + " (minor units)"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return groupThousands(n) + " " + many
}

// groupThousands writes 12000 as "12,000".
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return s
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// humanBytes writes a size in decimal units, as file managers do.
func humanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for v := n / unit; v >= unit; v /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGT"[exp])
}

// printable keeps control characters of a file name out of the terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
}
