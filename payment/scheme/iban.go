package scheme

import (
	"fmt"
	"strings"
)

// ibanLength is the IBAN length of each country of the SEPA scheme area
// (EPC409-09 list of countries, IBAN registry lengths). A GiroCode can only
// pay into one of these.
var ibanLength = map[string]int{
	"AD": 24, "AL": 28, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24,
	"DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23,
	"GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20,
	"LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MT": 31, "NL": 18,
	"NO": 15, "PL": 28, "PT": 25, "RO": 24, "RS": 22, "SE": 24, "SI": 19, "SK": 24,
	"SM": 27, "VA": 22,
}

// NormalizeIBAN removes the spaces people write IBANs with and upper-cases
// it: "de89 3704 0044 0532 0130 00" → "DE89370400440532013000".
func NormalizeIBAN(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// CheckIBAN validates an IBAN (already normalised): a SEPA country, that
// country's length, letters and digits only, and the ISO 13616 check digits
// (mod 97 of the rearranged number is 1).
func CheckIBAN(iban string) error {
	if len(iban) < 5 {
		return fmt.Errorf("%q is too short for an IBAN", iban)
	}
	for i := 0; i < len(iban); i++ {
		if !isUpperAlnum(iban[i]) {
			return fmt.Errorf("%q has %q, but an IBAN is letters and digits only", iban, iban[i])
		}
	}
	country := iban[:2]
	want, ok := ibanLength[country]
	if !ok {
		return fmt.Errorf("%q starts with %q, which is not a country of the SEPA area", iban, country)
	}
	if len(iban) != want {
		return fmt.Errorf("%q has %d characters, but an IBAN from %s has %d", iban, len(iban), country, want)
	}
	if !isDigitString(iban[2:4]) {
		return fmt.Errorf("%q: the check digits after the country code must be two digits", iban)
	}
	if r := mod97(iban[4:] + iban[:4]); r != 1 {
		return fmt.Errorf("%q has a wrong check digit (mod 97 gives %d instead of 1): a character is mistyped", iban, r)
	}
	return nil
}

// mod97 computes the ISO 7064 MOD 97-10 remainder of an alphanumeric
// string, letters counting as 10 (A) to 35 (Z). It works digit by digit,
// so no big integers are needed.
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			r = (r*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			r = (r*100 + int(c-'A') + 10) % 97
		}
	}
	return r
}

// CreditorReference builds the ISO 11649 structured creditor reference for
// an alphanumeric reference: "RF", two check digits, then the reference
// (at most 21 characters). Banks carry it unchanged to the payee's
// statement, which is what makes it matchable.
func CreditorReference(ref string) (string, error) {
	ref = strings.ToUpper(ref)
	if ref == "" || len(ref) > 21 {
		return "", fmt.Errorf("reference %q must have 1 to 21 characters to fit a creditor reference", ref)
	}
	for i := 0; i < len(ref); i++ {
		if !isUpperAlnum(ref[i]) {
			return "", fmt.Errorf("reference %q may only have letters and digits to fit a creditor reference", ref)
		}
	}
	check := 98 - mod97(ref+"RF00")
	return fmt.Sprintf("RF%02d%s", check, ref), nil
}

// CheckCreditorReference validates an ISO 11649 reference such as
// "RF18539007547034": RF, two check digits, 1 to 21 letters or digits,
// and mod 97 of the rearranged reference equal to 1.
func CheckCreditorReference(rf string) error {
	if len(rf) < 5 || len(rf) > 25 || !strings.HasPrefix(rf, "RF") || !isDigitString(rf[2:4]) {
		return fmt.Errorf("creditor reference %q must be RF, two check digits and 1 to 21 letters or digits", rf)
	}
	for i := 4; i < len(rf); i++ {
		if !isUpperAlnum(rf[i]) {
			return fmt.Errorf("creditor reference %q may only have upper-case letters and digits", rf)
		}
	}
	if mod97(rf[4:]+rf[:4]) != 1 {
		return fmt.Errorf("creditor reference %q has wrong check digits", rf)
	}
	return nil
}

// CheckBIC validates a BIC (ISO 9362): 4 letters (institution), 2 letters
// (country), 2 letters or digits (location), optionally 3 more (branch).
func CheckBIC(bic string) error {
	if len(bic) != 8 && len(bic) != 11 {
		return fmt.Errorf("BIC %q must have 8 or 11 characters", bic)
	}
	for i := 0; i < len(bic); i++ {
		c := bic[i]
		if i < 6 && !(c >= 'A' && c <= 'Z') || !isUpperAlnum(c) {
			return fmt.Errorf("BIC %q must be 6 letters (bank and country) then letters or digits", bic)
		}
	}
	return nil
}

func isUpperAlnum(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' }

func isDigitString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
