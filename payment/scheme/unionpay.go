package scheme

import (
	"github.com/till-pos/till/payment/emv"
)

// UnionPay is UnionPay International's merchant-presented template: the
// primitive tag 15 (the EMV tag reserved for UnionPay) holding 31
// characters, the acquirer's IIN (8 digits), the forwarding institution's
// IIN (8 digits) and the merchant id (15 characters), as KHQR and SGQR
// codes carry it. The order reference goes in the reference label (62-05).
type UnionPay struct {
	named
	AcquirerIIN   string
	ForwardingIIN string
	MerchantID    string
}

func init() { register("unionpay", newUnionPay) }

func newUnionPay(p *Params) (Scheme, error) {
	x := &UnionPay{named: named{p.Name(), "unionpay"}}
	var err error
	if x.AcquirerIIN, err = p.Required("acquirer_iin", "your acquirer's 8-digit UnionPay IIN"); err != nil {
		return nil, err
	}
	if len(x.AcquirerIIN) != 8 || !isDigitString(x.AcquirerIIN) {
		return nil, p.Errorf("acquirer_iin", "%q must be 8 digits, like 37210116", x.AcquirerIIN)
	}
	if x.ForwardingIIN, err = p.String("forwarding_iin"); err != nil {
		return nil, err
	}
	if x.ForwardingIIN == "" {
		x.ForwardingIIN = x.AcquirerIIN // an acquirer that forwards its own transactions
	}
	if len(x.ForwardingIIN) != 8 || !isDigitString(x.ForwardingIIN) {
		return nil, p.Errorf("forwarding_iin", "%q must be 8 digits", x.ForwardingIIN)
	}
	if x.MerchantID, err = p.Required("merchant_id", "the 15-character merchant id UnionPay knows you by"); err != nil {
		return nil, err
	}
	if len(x.MerchantID) != 15 || !emv.IsANS(x.MerchantID) {
		return nil, p.Errorf("merchant_id", "%q must be exactly 15 printable ASCII characters", x.MerchantID)
	}
	return x, nil
}

// Requires: UnionPay settles in whatever currency the acquirer signed.
func (x *UnionPay) Requires() (string, string) { return "", "" }

// Accounts returns primitive 15.
func (x *UnionPay) Accounts(Charge) ([]emv.DataObject, error) {
	return []emv.DataObject{emv.Object("15", x.AcquirerIIN+x.ForwardingIIN+x.MerchantID)}, nil
}

// Additional puts the reference in the reference label (62-05).
func (x *UnionPay) Additional(c Charge) []emv.DataObject {
	return []emv.DataObject{emv.Object("05", string(c.Ref))}
}
