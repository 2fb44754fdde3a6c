package scheme

import (
	"strings"

	"github.com/till-pos/till/payment"
)

// UPI is India's UPI payment link (NPCI UPI Linking Specification):
// upi://pay?pa=VPA&pn=NAME&am=AMOUNT&cu=INR&tr=REF&tn=REF. The reference
// goes in tr (the merchant's transaction reference, mandatory for dynamic
// links) and in tn (the note the payer sees and banks print).
type UPI struct {
	named
	VPA       string
	PayeeName string // "" means the merchant's name
}

func init() { register("upi", newUPI) }

func newUPI(p *Params) (Scheme, error) {
	x := &UPI{named: named{p.Name(), "upi"}}
	var err error
	if x.VPA, err = p.Required("vpa", "your UPI address, like shop@okaxis"); err != nil {
		return nil, err
	}
	if err := CheckVPA(x.VPA); err != nil {
		return nil, p.Errorf("vpa", "%v", err)
	}
	name, err := p.String("payee_name")
	if err != nil {
		return nil, err
	}
	if name != "" {
		if x.PayeeName = FoldASCII(name); x.PayeeName == "" {
			return nil, p.Errorf("payee_name", "%q has no characters a UPI link can carry", name)
		}
	}
	return x, nil
}

// Format is "upi".
func (x *UPI) Format() string { return "upi" }

// Requires: UPI moves rupees in India.
func (x *UPI) Requires() (string, string) { return "INR", "IN" }

// Payload builds the link. Values are percent-encoded with %20 for a
// space: some UPI apps show a '+' literally.
func (x *UPI) Payload(m payment.Merchant, c Charge) (string, error) {
	if c.Amount.Currency.Code != "INR" {
		return "", errorf("UPI carries amounts in INR only, not %s", c.Amount.Currency.Code)
	}
	name := x.PayeeName
	if name == "" {
		name = FoldASCII(m.Name)
	}
	if name == "" {
		return "", errorf("merchant.name has no characters a UPI link can carry; set payee_name")
	}
	var b strings.Builder
	b.WriteString("upi://pay?pa=")
	b.WriteString(upiEscape(x.VPA))
	b.WriteString("&pn=")
	b.WriteString(upiEscape(name))
	if c.Amount.Minor > 0 {
		b.WriteString("&am=")
		b.WriteString(c.Amount.Decimal())
	}
	b.WriteString("&cu=INR")
	if c.Ref != "" {
		b.WriteString("&tr=")
		b.WriteString(upiEscape(string(c.Ref)))
		b.WriteString("&tn=")
		b.WriteString(upiEscape(string(c.Ref)))
	}
	return b.String(), nil
}

// upiEscape percent-encodes everything but RFC 3986 unreserved characters
// and '@', which UPI addresses carry as is.
func upiEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("-._~@", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
