package scheme

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// Pix key types, as the DICT (the Pix directory) knows them.
const (
	PixCPF   = "cpf"
	PixCNPJ  = "cnpj"
	PixPhone = "phone"
	PixEmail = "email"
	PixEVP   = "evp" // random key: a UUID
)

var (
	uuidRe     = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	pixPhoneRe = regexp.MustCompile(`^\+55[1-9][0-9][0-9]{8,9}$`)
	emailRe    = regexp.MustCompile(`^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$`)
	// vpaRe is compiled on first use: its {2,256} unrolls into a program
	// of about 300 KB, which took 3 to 11 ms of every till command's
	// start (GODEBUG=inittrace=1), UPI or not.
	vpaRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[A-Za-z0-9._-]{2,256}@[A-Za-z][A-Za-z0-9.-]{1,63}$`)
	})
	uenRe      = regexp.MustCompile(`^(?:[0-9]{8}[A-Z]|(?:18|19|20)[0-9]{7}[A-Z]|[TSR][0-9]{2}[A-Z]{2}[0-9]{4}[A-Z])$`)
	sgMobileRe = regexp.MustCompile(`^\+65[3689][0-9]{7}$`)
)

// ClassifyPixKey tells which kind of Pix key s is and returns it in the
// form the directory stores: CPF and CNPJ without punctuation, a phone as
// +55 with area code, an e-mail and a random key (EVP) in lower case.
func ClassifyPixKey(s string) (typ, key string, err error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", "", fmt.Errorf("a Pix key is required")
	case strings.Contains(s, "@"):
		if len(s) > 77 || !emailRe.MatchString(s) {
			return "", "", fmt.Errorf("%q is not a valid e-mail key (name@domain, at most 77 characters)", s)
		}
		return PixEmail, strings.ToLower(s), nil
	case strings.HasPrefix(s, "+"):
		p := stripAny(s, " -()")
		if !pixPhoneRe.MatchString(p) {
			return "", "", fmt.Errorf("%q is not a valid phone key: write +55, the area code and the number, like +5511999999999", s)
		}
		return PixPhone, p, nil
	case uuidRe.MatchString(s):
		return PixEVP, strings.ToLower(s), nil
	}
	d := strings.ToUpper(stripAny(s, " .-/"))
	switch {
	case len(d) == 11 && isDigitString(d):
		if !validCPF(d) {
			hint := ""
			if d[2] == '9' {
				hint = "; a phone key is written with +55, like +55" + d
			}
			return "", "", fmt.Errorf("%q has 11 digits but is not a valid CPF (its check digits do not match)%s", s, hint)
		}
		return PixCPF, d, nil
	case len(d) == 14 && isUpperAlnumString(d) && isDigitString(d[12:]):
		if !validCNPJ(d) {
			return "", "", fmt.Errorf("%q has 14 characters but is not a valid CNPJ (its check digits do not match)", s)
		}
		return PixCNPJ, d, nil
	}
	return "", "", fmt.Errorf("%q is not a Pix key of any known type: use a CPF (11 digits), a CNPJ (14), a phone (+55 and the number), an e-mail or a random key (a UUID)", s)
}

// validCPF checks the two mod-11 check digits of a Brazilian CPF. Numbers
// of one repeated digit pass the arithmetic but are not issued.
func validCPF(d string) bool {
	if strings.Count(d, d[:1]) == len(d) {
		return false
	}
	for n := 9; n <= 10; n++ {
		sum := 0
		for i := 0; i < n; i++ {
			sum += int(d[i]-'0') * (n + 1 - i)
		}
		if (sum*10%11)%10 != int(d[n]-'0') {
			return false
		}
	}
	return true
}

// validCNPJ checks the two mod-11 check digits of a CNPJ. Since 2026 the
// first 12 characters may be letters (the alphanumeric CNPJ); a character
// counts as its ASCII code minus 48, which leaves digits unchanged.
func validCNPJ(d string) bool {
	if strings.Count(d, d[:1]) == len(d) || !isDigitString(d[12:]) {
		return false
	}
	weights := []int{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
	for n := 12; n <= 13; n++ {
		sum := 0
		for i := 0; i < n; i++ {
			sum += int(d[i]-'0') * weights[13-n+i]
		}
		dv := 11 - sum%11
		if dv >= 10 {
			dv = 0
		}
		if dv != int(d[n]-'0') {
			return false
		}
	}
	return true
}

// ValidThaiID checks the mod-11 check digit of a 13-digit Thai national id
// or tax id.
func ValidThaiID(d string) bool {
	if len(d) != 13 || !isDigitString(d) {
		return false
	}
	sum := 0
	for i := 0; i < 12; i++ {
		sum += int(d[i]-'0') * (13 - i)
	}
	return (11-sum%11)%10 == int(d[12]-'0')
}

// Luhn reports whether a digit string passes the Luhn (mod 10) check, as
// card numbers and QRIS merchant PANs do.
func Luhn(d string) bool {
	if !isDigitString(d) {
		return false
	}
	sum, double := 0, false
	for i := len(d) - 1; i >= 0; i-- {
		n := int(d[i] - '0')
		if double {
			if n *= 2; n > 9 {
				n -= 9
			}
		}
		sum += n
		double = !double
	}
	return sum%10 == 0
}

// CheckVPA validates a UPI virtual payment address: name@handle.
func CheckVPA(s string) error {
	if !vpaRe().MatchString(s) {
		return fmt.Errorf("%q is not a UPI address: it must look like name@bank (letters, digits, '.', '-' or '_' before the @, a handle of letters after it)", s)
	}
	return nil
}

// CheckUEN validates a Singapore Unique Entity Number in one of its three
// forms: nnnnnnnnX (businesses), yyyynnnnnX (local companies) and
// TyyPQnnnnX (other entities).
func CheckUEN(s string) error {
	if !uenRe.MatchString(s) {
		return fmt.Errorf("%q is not a UEN: expected 8 digits and a letter, a year, 5 digits and a letter, or T/S/R, 2 digits, 2 letters, 4 digits and a letter", s)
	}
	return nil
}

// NormalizeSGMobile writes a Singapore mobile number as PayNow wants it,
// +65 and eight digits, accepting spaces and a missing +65.
func NormalizeSGMobile(s string) (string, error) {
	p := stripAny(s, " -()")
	if len(p) == 8 {
		p = "+65" + p
	}
	if !sgMobileRe.MatchString(p) {
		return "", fmt.Errorf("%q is not a Singapore mobile number (+65 and 8 digits)", s)
	}
	return p, nil
}

// PromptPayPhone formats a Thai mobile number as PromptPay carries it:
// digits only, the leading 0 replaced by the country code 66, left-padded
// with zeros to 13 digits ("080-123-4567" → "0066801234567").
func PromptPayPhone(s string) (string, error) {
	d := stripAny(s, " -()+")
	switch {
	case len(d) == 10 && d[0] == '0':
		d = "66" + d[1:]
	case len(d) == 11 && strings.HasPrefix(d, "66"):
	default:
		return "", fmt.Errorf("%q is not a Thai mobile number (10 digits starting with 0, or +66 and 9 digits)", s)
	}
	if !isDigitString(d) {
		return "", fmt.Errorf("%q is not a Thai mobile number: only digits, spaces, '-' and a leading + are allowed", s)
	}
	return strings.Repeat("0", 13-len(d)) + d, nil
}

func stripAny(s, cut string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(cut, r) {
			return -1
		}
		return r
	}, s)
}

func isUpperAlnumString(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isUpperAlnum(s[i]) {
			return false
		}
	}
	return s != ""
}
