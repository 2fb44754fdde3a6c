package statement

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/till-pos/till/payment"
)

// cleanCell removes what spreadsheets and exporters wrap around values:
// surrounding white space (tabs after Alipay ids), WeChat's leading
// backtick, Excel's ="…" formula form. strict also drops a leading
// apostrophe (Excel's "text" marker), for ids, dates and amounts only,
// since in a name it may be real.
func cleanCell(s string, strict bool) string {
	s = strings.TrimFunc(s, isCellSpace)
	s = strings.Trim(s, "`")
	if len(s) >= 3 && strings.HasPrefix(s, `="`) && strings.HasSuffix(s, `"`) {
		s = s[2 : len(s)-1]
	}
	if strict {
		s = strings.TrimPrefix(s, "'")
	}
	return strings.TrimFunc(s, isCellSpace)
}

func isCellSpace(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' || r == '\u200b' }

var errNoDigits = errors.New("has no digits")

// parseCSVAmount reads an amount as banks write them in CSV: with a
// currency symbol or code ("R$ 1.234,56", "12.50 EUR"), grouping
// ("1,234.56", "1.234,56", "1'234.56", "1 234,56" with a no-break space,
// the Indian "1,23,456.78"), and a sign written as "-12", "12-", "−12" or
// "(12.00)". decimal is '.' or ','. Grouping must sit where grouping goes,
// so that "1,5" in a '.'-decimal file is an error, not fifteen.
func parseCSVAmount(s string, decimal byte, exponent int) (minor int64, negative bool, err error) {
	s = cleanCell(s, true)
	symbol := func(r rune) bool { return isCellSpace(r) || unicode.Is(unicode.Sc, r) || unicode.IsLetter(r) }
	for range 3 { // sign and symbol may come in either order: "-€12", "€-12", "(€12)"
		s = strings.TrimFunc(s, symbol)
		switch {
		case strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")"):
			negative, s = !negative, s[1:len(s)-1]
		case strings.HasPrefix(s, "-"), strings.HasSuffix(s, "-"):
			negative, s = !negative, strings.TrimSuffix(strings.TrimPrefix(s, "-"), "-")
		case strings.HasPrefix(s, "\u2212"):
			negative, s = !negative, strings.TrimPrefix(s, "\u2212")
		case strings.HasPrefix(s, "+"), strings.HasSuffix(s, "+"):
			s = strings.TrimSuffix(strings.TrimPrefix(s, "+"), "+")
		}
	}
	if s == "" {
		return 0, false, errNoDigits
	}
	intPart, frac := s, ""
	if i := strings.LastIndexByte(s, decimal); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
		if !allDigits(frac) {
			return 0, false, errors.New("has something other than digits after the decimal mark")
		}
	}
	digits, err := ungroup(intPart, decimal)
	if err != nil {
		return 0, false, err
	}
	if digits == "" && frac == "" {
		return 0, false, errNoDigits
	}
	number := digits
	if frac != "" {
		number += "." + frac
	}
	minor, err = payment.ParseMinor(number, exponent)
	if err != nil {
		return 0, false, err
	}
	return minor, negative && minor != 0, nil
}

// ungroup removes thousands separators from the integer part, checking
// that groups after the first have 2 or 3 digits and the last has 3.
func ungroup(s string, decimal byte) (string, error) {
	var groups []string
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= '0' && r <= '9':
		case isGroupMark(r, decimal):
			groups = append(groups, s[start:i])
			start = i + size
		default:
			return "", errors.New("must be digits with a decimal mark and optional grouping")
		}
		i += size
	}
	if len(groups) == 0 {
		return s, nil
	}
	groups = append(groups, s[start:])
	for i, g := range groups {
		ok := len(g) == 3 || (i == 0 && len(g) >= 1 && len(g) <= 3) || (i > 0 && i < len(groups)-1 && len(g) == 2)
		if !ok {
			return "", errors.New("has a thousands separator in the wrong place; check decimal_mark")
		}
	}
	return strings.Join(groups, ""), nil
}

func isGroupMark(r rune, decimal byte) bool {
	switch r {
	case ' ', '\u00a0', '\u202f', '\u2009', '\'', '\u2019':
		return true
	case '.':
		return decimal == ','
	case ',':
		return decimal == '.'
	}
	return false
}

// inSet reports whether v is one of set, ignoring case and surrounding
// space.
func inSet(v string, set []string) bool {
	v = strings.TrimSpace(v)
	for _, s := range set {
		if strings.EqualFold(v, strings.TrimSpace(s)) {
			return true
		}
	}
	return false
}
