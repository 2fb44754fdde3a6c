package reconcile

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/locale"
)

// amountText writes minor units in their currency as the language does:
// "EUR 12.50", "12,50 €".
func amountText(l locale.Locale, minor int64, code string) string {
	if c, err := payment.LookupCurrency(code); err == nil {
		return l.Money(payment.Amount{Minor: minor, Currency: c})
	}
	return l.T("%s %d (minor units)", code, minor)
}

// humanBytes writes a size in decimal units, as file managers do, with
// the language's decimal mark; integers only.
func humanBytes(l locale.Locale, n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for v := n / unit; v >= unit; v /= unit {
		div *= unit
		exp++
	}
	return l.Number((n*10+div/2)/div, 1) + " " + string("kMGT"[exp]) + "B"
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

// padCells fills s with spaces to w terminal cells (a Chinese word is
// twice as wide as its runes, a Thai mark takes none), left-aligned, or
// right-aligned when right is set.
func padCells(s string, w int, right bool) string {
	n := w - ansi.StringWidth(s)
	if n <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", n) + s
	}
	return s + strings.Repeat(" ", n)
}
