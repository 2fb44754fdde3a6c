package locale

import (
	"strings"
	"time"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/number"

	"github.com/till-pos/till/payment"
)

// format is how a language writes amounts and dates beyond what
// golang.org/x/text formats itself. golang.org/x/text gives the digits'
// grouping, the decimal mark and the currency symbols; it does not place
// the symbol as the locale does (it always writes "symbol amount") and
// formats no dates, so those come from the CLDR patterns, written here
// for the nine languages.
type format struct {
	// symbolAfter: CLDR's currency pattern puts ¤ after the number
	// ("#,##0.00 ¤" in de, es, vi).
	symbolAfter bool
	// spaced: the pattern has a space between ¤ and the number (pt-BR's
	// "¤ #,##0.00"); a symbol made of letters ("THB", "RM") always gets
	// one, as CLDR's currency spacing rule says.
	spaced bool
	// isoCode writes the ISO code rather than the symbol. English keeps
	// the codes till has always printed ("EUR 12.50"): the English screens
	// serve every market, where "$" would not say which dollar.
	isoCode bool
	// date and dateTime are Go layouts of CLDR's short date pattern with
	// a four-digit year, and a 24-hour time.
	date string
}

// formats follows the order of Supported.
var formats = []format{
	{isoCode: true, spaced: true, date: "2006-01-02"},     // en: ISO dates, as till always printed
	{spaced: true, date: "02/01/2006"},                    // pt-BR: ¤ #,##0.00, dd/MM/y
	{symbolAfter: true, spaced: true, date: "02/01/2006"}, // es: #,##0.00 ¤, d/M/y
	{symbolAfter: true, spaced: true, date: "02.01.2006"}, // de: #,##0.00 ¤, dd.MM.y
	{date: "02/01/2006"},                                  // th: ¤#,##0.00, d/M/y (Gregorian years)
	{date: "2006/01/02"},                                  // zh-Hans: ¤#,##0.00, y/M/d
	{symbolAfter: true, spaced: true, date: "02/01/2006"}, // vi: #,##0.00 ¤, dd/MM/y
	{date: "02/01/2006"},                                  // ms: ¤#,##0.00, d/MM/y
	{date: "02/01/2006"},                                  // id: ¤#,##0.00, dd/MM/y
}

// Number writes minor units as a decimal in the language: grouped and
// with its decimal mark ((123456, 2) is "1,234.56" in English, "1.234,56"
// in German). It works on the integer; no float is involved.
func (l Locale) Number(minor int64, exponent int) string {
	l = l.get()
	sign := ""
	u := uint64(minor)
	if minor < 0 {
		sign = "-"
		u = uint64(-minor) // right for MinInt64 too, through two's complement
	}
	div := uint64(1)
	for range exponent {
		div *= 10
	}
	s := sign + l.p.Sprint(number.Decimal(u/div))
	if exponent > 0 {
		frac := payment.FormatMinor(int64(u%div), exponent)
		s += l.decimalMark() + frac[strings.IndexByte(frac, '.')+1:]
	}
	return s
}

// decimalMark is the language's decimal separator, as golang.org/x/text
// writes zero with one decimal ("0.0", "0,0").
func (l Locale) decimalMark() string {
	s := l.p.Sprint(number.Decimal(0, number.MinFractionDigits(1)))
	return strings.TrimSuffix(strings.TrimPrefix(s, "0"), "0")
}

// Money writes an amount as the language does: "EUR 1,234.50" in English,
// "R$ 1.234,50" in Brazilian Portuguese, "1.234,50 €" in German,
// "฿1,234.50" or "THB 1,234.50" in Thai, by what golang.org/x/text knows
// of the symbol.
func (l Locale) Money(a payment.Amount) string {
	l = l.get()
	sym := a.Currency.Code
	if unit, err := currency.ParseISO(a.Currency.Code); err == nil && !l.form.isoCode {
		sym = l.p.Sprint(currency.Symbol(unit))
	}
	return l.place(sym, a)
}

// MoneyCode writes an amount with the currency's ISO code where the
// language puts its symbol ("1.234,50 EUR" in German): for printers that
// print ASCII only, which have no "€".
func (l Locale) MoneyCode(a payment.Amount) string { return l.get().place(a.Currency.Code, a) }

func (l Locale) place(sym string, a payment.Amount) string {
	num := l.Number(a.Minor, a.Currency.Exponent)
	sign := ""
	if strings.HasPrefix(num, "-") {
		sign, num = "-", num[1:]
	}
	sep := ""
	if l.form.spaced || hasLetter(sym) {
		sep = " "
	}
	if l.form.symbolAfter {
		return sign + num + sep + sym
	}
	return sign + sym + sep + num
}

func hasLetter(s string) bool {
	for _, r := range s {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return true
		}
	}
	return false
}

// Latin reports whether the language is written in Latin letters, which
// fold to ASCII (for printers without UTF-8) with their meaning intact.
func (l Locale) Latin() bool {
	script, _ := l.Tag().Script()
	return script == language.MustParseScript("Latn")
}

// DateLayout is the Go layout of the language's short date.
func (l Locale) DateLayout() string { return l.get().form.date }

// Date writes the day of t in the language's order of day, month and year.
func (l Locale) Date(t time.Time) string { return t.Format(l.get().form.date) }

// DateTime writes t as its date and a 24-hour time.
func (l Locale) DateTime(t time.Time) string { return t.Format(l.get().form.date + " 15:04") }
