package scheme

import (
	"fmt"
	"time"

	"github.com/till-pos/till/payment/emv"
)

// PayNowGUID identifies the PayNow template inside an SGQR code.
const PayNowGUID = "SG.PAYNOW"

// singapore is Singapore time (UTC+8, no daylight saving): PayNow expiry
// dates are Singapore dates.
var singapore = time.FixedZone("SGT", 8*60*60)

// PayNow is Singapore's PayNow inside an SGQR-style code: a template
// (tag 26 unless configured) with the proxy type (0 mobile, 2 UEN), the
// proxy value, whether the payer may edit the amount (03) and an expiry
// date (04). The order reference goes in the bill number (62-01), which
// PayNow shows the payer and passes to the payee's bank.
type PayNow struct {
	named
	Tag       int
	ProxyType string // "0" mobile, "2" UEN
	Proxy     string
	Editable  bool
}

func init() { register("paynow", newPayNow) }

func newPayNow(p *Params) (Scheme, error) {
	x := &PayNow{named: named{p.Name(), "paynow"}}
	var err error
	if x.Tag, err = p.Int("tag", 26); err != nil {
		return nil, err
	}
	if x.Tag < 26 || x.Tag > 51 {
		return nil, p.Errorf("tag", "must be a template tag from 26 to 51 (got %d)", x.Tag)
	}
	mobile, err := p.String("mobile")
	if err != nil {
		return nil, err
	}
	uen, err := p.String("uen")
	if err != nil {
		return nil, err
	}
	if x.Editable, err = p.Bool("editable", false); err != nil {
		return nil, err
	}
	switch {
	case mobile != "" && uen != "":
		return nil, p.Errorf("uen", "give either mobile or uen, not both")
	case mobile != "":
		x.ProxyType = "0"
		if x.Proxy, err = NormalizeSGMobile(mobile); err != nil {
			return nil, p.Errorf("mobile", "%v", err)
		}
	case uen != "":
		x.ProxyType, x.Proxy = "2", uen
		if err := CheckUEN(uen); err != nil {
			return nil, p.Errorf("uen", "%v", err)
		}
	default:
		return nil, p.Errorf("uen", "a PayNow scheme needs uen (a business) or mobile (a person)")
	}
	return x, nil
}

// Requires: PayNow moves Singapore dollars in Singapore.
func (x *PayNow) Requires() (string, string) { return "SGD", "SG" }

// Accounts returns the PayNow template. A code with an amount is not
// editable unless configured so; a code without one must be.
func (x *PayNow) Accounts(c Charge) ([]emv.DataObject, error) {
	editable := "0"
	if x.Editable || c.Amount.Minor == 0 {
		editable = "1"
	}
	var expiry string
	if !c.Expires.IsZero() {
		expiry = c.Expires.In(singapore).Format("20060102")
	}
	t, err := emv.Template(fmt.Sprintf("%02d", x.Tag),
		emv.Object("00", PayNowGUID),
		emv.Object("01", x.ProxyType),
		emv.Object("02", x.Proxy),
		emv.Object("03", editable),
		emv.Object("04", expiry))
	if err != nil {
		return nil, err
	}
	return []emv.DataObject{t}, nil
}

// Additional puts the reference in the bill number (62-01).
func (x *PayNow) Additional(c Charge) []emv.DataObject {
	return []emv.DataObject{emv.Object("01", string(c.Ref))}
}
