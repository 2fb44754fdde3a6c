// Package amount is the one way to type money in till: the charge screen,
// refunds and the cash counted at the day close all read keys through a
// Field, so the same keys do the same thing and the same mistakes are
// refused with the same words everywhere.
//
// Digits fill from the right as on a card terminal (1 2 5 0 is 12.50); a
// typed decimal mark, "." or ",", switches to decimal reading (12,5 is
// 12.50). What cannot be an amount is never read as another one: a
// thousands separator or decimals the currency does not have stay on
// screen with the reason, and the amount is refused until corrected.
package amount

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/locale"
)

// Field is an amount being typed in one currency.
type Field struct {
	cur   payment.Currency
	typed string // the digits and decimal marks as typed, valid or not
	err   string // why the last key was refused
	lang  locale.Locale
}

// New is an empty field for amounts in cur.
func New(cur payment.Currency) Field { return Field{cur: cur} }

// In is the field speaking l: its reasons come in that language (the zero
// Locale is English). Both "." and "," stay decimal marks in every
// language.
func (f Field) In(l locale.Locale) Field { f.lang = l; return f }

// Currency is the field's currency.
func (f Field) Currency() payment.Currency { return f.cur }

// Empty reports whether nothing has been typed.
func (f Field) Empty() bool { return f.typed == "" }

// Set fills the field with an amount, as if typed with its decimal mark
// (a refund offers what can still be refunded).
func (f Field) Set(minor int64) Field {
	f.typed, f.err = payment.FormatMinor(minor, f.cur.Exponent), ""
	if minor == 0 {
		f.typed = ""
	}
	return f
}

// maxTyped bounds what the field keeps, valid or not.
const maxTyped = payment.MaxDigits + 4

// Type adds one typed character. Digits and decimal marks are kept even
// when they make the amount invalid; other characters are refused, with
// a word in Refused.
func (f Field) Type(r rune) Field {
	f.err = ""
	switch {
	case r == '.' || r == ',' || r >= '0' && r <= '9':
		if len(f.typed) >= maxTyped {
			f.err = f.lang.T("at most %d digits", payment.MaxDigits)
			return f
		}
		if r == '0' && f.typed == "0" {
			return f // leading zeros add nothing
		}
		if f.typed == "0" && r >= '1' && r <= '9' {
			f.typed = ""
		}
		if (r == '.' || r == ',') && f.typed == "" {
			f.typed = "0"
		}
		f.typed += string(r)
	default:
		f.err = f.lang.T("type digits, and . or , for decimals")
		if f.cur.Exponent == 0 {
			f.err = f.lang.T("type digits: %s has no decimals", f.cur.Code)
		}
	}
	return f
}

// Paste types each character of s (surrounding space dropped); Refused
// then tells about the last refused one.
func (f Field) Paste(s string) Field {
	refused := ""
	for _, r := range strings.TrimSpace(s) {
		if f = f.Type(r); f.err != "" {
			refused = f.err
		}
	}
	f.err = refused
	return f
}

// Delete removes the last character.
func (f Field) Delete() Field {
	if f.typed != "" {
		f.typed = f.typed[:len(f.typed)-1]
	}
	f.err = ""
	return f
}

// Clear empties the field.
func (f Field) Clear() Field { return Field{cur: f.cur, lang: f.lang} }

// Refused says why the last key was not taken, or "".
func (f Field) Refused() string { return f.err }

// Invalid says why what is typed cannot be an amount as it stands, or ""
// when it can (or is simply not finished).
func (f Field) Invalid() string {
	marks := strings.Count(f.typed, ".") + strings.Count(f.typed, ",")
	cur := f.cur
	switch {
	case marks > 0 && cur.Exponent == 0:
		return f.lang.T("%s has no decimals", cur.Code)
	case marks > 1:
		return f.lang.T("one decimal mark only, no thousands separators")
	}
	digits := len(f.typed) - marks
	if i := strings.IndexAny(f.typed, ".,"); i >= 0 && len(f.typed)-i-1 > cur.Exponent {
		return f.lang.T("%s takes at most %d decimals", cur.Code, cur.Exponent)
	}
	if digits > payment.MaxDigits {
		return f.lang.T("at most %d digits", payment.MaxDigits)
	}
	return ""
}

// Amount is what is typed, when it is a valid amount above zero.
func (f Field) Amount() (payment.Amount, error) {
	if f.typed == "" {
		return payment.Amount{}, payment.ErrAmountEmpty
	}
	if why := f.Invalid(); why != "" {
		return payment.Amount{}, errors.New(why)
	}
	if i := strings.IndexAny(f.typed, ".,"); i >= 0 {
		return payment.ParseAmount(f.typed[:i]+"."+f.typed[i+1:], f.cur)
	}
	// No decimal mark: the digits are minor units.
	a, err := payment.ParseAmount(f.typed, payment.Currency{Code: f.cur.Code, Numeric: f.cur.Numeric})
	if err != nil {
		return a, err
	}
	a.Currency = f.cur
	return a, nil
}

// Minor is what is typed in minor units, zero included: the cash counted
// may be nothing at all ("0"). An empty field is an error.
func (f Field) Minor() (int64, error) {
	a, err := f.Amount()
	switch {
	case errors.Is(err, payment.ErrAmountEmpty):
		return 0, errors.New(f.lang.T("type an amount, 0 for none"))
	case errors.Is(err, payment.ErrAmountZero):
		return 0, nil
	}
	return a.Minor, err
}

// Display is the amount as it stands, with the decimals not yet typed
// apart: typing "12." gives "12." and "00", so a screen can show 12.00
// with the pending zeros dim until the cents arrive.
func (f Field) Display() (typed, pending string) {
	exp := f.cur.Exponent
	if f.Invalid() != "" {
		return f.typed, "" // exactly what was typed, with the reason beside it
	}
	if i := strings.IndexAny(f.typed, ".,"); i >= 0 {
		missing := exp - (len(f.typed) - i - 1)
		return f.typed[:i] + "." + f.typed[i+1:], strings.Repeat("0", max(missing, 0))
	}
	a, err := f.Amount()
	if err != nil {
		return "", payment.FormatMinor(0, exp)
	}
	return a.Decimal(), ""
}

// Key gives a key press to the field, with the charge screen's keys:
// digits and decimal marks type, backspace deletes, ctrl+u clears; other
// text is refused with a word. Keys that mean something else to the
// screen (enter, esc, tab) are the screen's to handle first.
func (f Field) Key(k tea.KeyPressMsg) Field {
	switch {
	case k.Code == tea.KeyBackspace:
		return f.Delete()
	case k.String() == "ctrl+u":
		return f.Clear()
	case len(k.Text) == 1:
		return f.Type(rune(k.Text[0]))
	case k.Text != "":
		return f.Paste(k.Text)
	}
	return f
}
