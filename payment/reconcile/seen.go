package reconcile

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
)

// Differs says how e differs from before, the line a book imported
// earlier under the same key, or "" when it is the same line again. A key
// the bank guarantees unique that comes back with another amount,
// direction, currency, day or reference is never "already imported" in
// silence: the till's book and the fleet's central book both set it as
// e.Conflict, and a person decides. Days are compared in loc (the book's
// time zone). knownRef false: the book did not keep before's reference,
// which is then not compared.
func Differs(before, e Evidence, knownRef bool, loc *time.Location) string {
	var what []string
	if before.Credit != e.Credit {
		what = append(what, "the direction")
	}
	if before.Amount.Minor != e.Amount.Minor || before.Amount.Currency.Code != e.Amount.Currency.Code {
		exp := e.Amount.Currency.Exponent
		if c, err := payment.LookupCurrency(before.Amount.Currency.Code); err == nil {
			exp = c.Exponent
		}
		what = append(what, fmt.Sprintf("the amount (%s %s before, %s now)", before.Amount.Currency.Code,
			payment.FormatMinor(before.Amount.Minor, exp), e.Amount))
	}
	if day, was := e.At.In(loc).Format(time.DateOnly), before.At.In(loc).Format(time.DateOnly); !e.At.IsZero() && day != was {
		what = append(what, fmt.Sprintf("the day (%s before, %s now)", was, day))
	}
	if knownRef && strings.TrimSpace(before.Reference) != strings.TrimSpace(e.Reference) {
		what = append(what, "the reference")
	}
	if len(what) == 0 {
		return ""
	}
	return fmt.Sprintf("the id %s came before with other content: %s differ; a different payment or a bank error, decide by hand",
		e.Key, strings.Join(what, ", "))
}

// AltKey is the key of a line whose own key came before with other
// content: its key and a hash of what it says, so that importing it again
// finds it.
func AltKey(e Evidence, loc *time.Location) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%t|%d|%s|%s|%s", e.Credit, e.Amount.Minor, e.Amount.Currency.Code,
		e.At.In(loc).Format(time.DateOnly), strings.TrimSpace(e.Reference)))
	return e.Key + "|v:" + hex.EncodeToString(sum[:6])
}
