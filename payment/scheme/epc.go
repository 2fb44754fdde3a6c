package scheme

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/till-pos/till/payment"
)

// EPC limits (EPC069-12).
const (
	MaxEPCBytes    = 331
	maxEPCName     = 70
	maxEPCMinor    = 99999999999 // EUR 999999999.99
	epcServiceTag  = "BCD"
	epcVersion     = "002"
	epcCharsetUTF8 = "1"
	epcSCT         = "SCT"
)

var purposeRe = regexp.MustCompile(`^[A-Z0-9]{1,4}$`)

// EPC is the SEPA credit transfer QR code (EPC069-12, "GiroCode"):
// version 002 (BIC optional), UTF-8, SCT, the beneficiary's name and
// IBAN, the amount in euros, and the order reference as an ISO 11649
// creditor reference (RF…), which SEPA banks carry to the statement as is.
type EPC struct {
	named
	IBAN        string
	BIC         string
	Beneficiary string // "" means the merchant's name
	Purpose     string // optional ISO 20022 purpose code
}

func init() { register("epc", newEPC) }

func newEPC(p *Params) (Scheme, error) {
	x := &EPC{named: named{p.Name(), "epc"}}
	raw, err := p.Required("iban", "the account to be paid into")
	if err != nil {
		return nil, err
	}
	x.IBAN = NormalizeIBAN(raw)
	if err := CheckIBAN(x.IBAN); err != nil {
		return nil, p.Errorf("iban", "%v", err)
	}
	bic, err := p.String("bic")
	if err != nil {
		return nil, err
	}
	if bic != "" {
		x.BIC = strings.ToUpper(bic)
		if err := CheckBIC(x.BIC); err != nil {
			return nil, p.Errorf("bic", "%v", err)
		}
	}
	name, err := p.String("beneficiary")
	if err != nil {
		return nil, err
	}
	if name != "" {
		if x.Beneficiary = epcText(name, maxEPCName); x.Beneficiary == "" {
			return nil, p.Errorf("beneficiary", "%q has no printable characters", name)
		}
	}
	purpose, err := p.String("purpose")
	if err != nil {
		return nil, err
	}
	if purpose != "" {
		if x.Purpose = strings.ToUpper(purpose); !purposeRe.MatchString(x.Purpose) {
			return nil, p.Errorf("purpose", "%q must be an ISO 20022 purpose code of up to 4 letters, like GDDS", purpose)
		}
	}
	return x, nil
}

// Format is "epc".
func (x *EPC) Format() string { return "epc" }

// Requires: a GiroCode pays euros.
func (x *EPC) Requires() (string, string) { return "EUR", "" }

// Payload builds the GiroCode text: twelve lines at most, LF-separated,
// nothing after the last filled line.
func (x *EPC) Payload(m payment.Merchant, c Charge) (string, error) {
	if c.Amount.Currency.Code != "EUR" {
		return "", errorf("a GiroCode carries amounts in EUR only, not %s", c.Amount.Currency.Code)
	}
	if c.Amount.Minor > maxEPCMinor {
		return "", errorf("amount %s is more than a GiroCode allows (EUR 999999999.99)", c.Amount.Decimal())
	}
	name := x.Beneficiary
	if name == "" {
		name = epcText(m.Name, maxEPCName)
	}
	if name == "" {
		return "", errorf("merchant.name is empty; a GiroCode needs the beneficiary's name")
	}
	var amount, rf string
	if c.Amount.Minor > 0 {
		amount = "EUR" + c.Amount.Decimal()
	}
	if c.Ref != "" {
		var err error
		if rf, err = CreditorReference(string(c.Ref)); err != nil {
			return "", err
		}
	}
	lines := []string{epcServiceTag, epcVersion, epcCharsetUTF8, epcSCT, x.BIC, name, x.IBAN, amount, x.Purpose, rf}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	out := strings.Join(lines, "\n")
	if len(out) > MaxEPCBytes {
		return "", errorf("the GiroCode is %d bytes long; at most %d fit (shorten the beneficiary name)", len(out), MaxEPCBytes)
	}
	return out, nil
}

// epcText makes one line of GiroCode text: bytes that are not UTF-8 are
// dropped (line 3 promises UTF-8), control characters (a line break would
// shift every following field) become spaces, runs of spaces collapse,
// and the text is cut to max characters.
func epcText(s string, max int) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	if utf8.RuneCountInString(s) > max {
		s = truncateRunes(s, max)
	}
	return s
}

// errorf is fmt.Errorf for messages without wrapped errors; it keeps the
// call sites short.
func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
