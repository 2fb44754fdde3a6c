package scheme

import (
	"github.com/till-pos/till/payment/emv"
)

// DuitNowAID identifies DuitNow QR (PayNet, Malaysia).
const DuitNowAID = "A0000006150001"

// DuitNow is Malaysia's DuitNow QR: tag 26 with the AID, the acquirer's
// 6-digit id (01) and the merchant's account or id there (02). The
// reference goes in the reference label (62-05), as gateway codes do.
type DuitNow struct {
	named
	AcquirerID string
	Account    string
}

func init() { register("duitnow", newDuitNow) }

func newDuitNow(p *Params) (Scheme, error) {
	x := &DuitNow{named: named{p.Name(), "duitnow"}}
	var err error
	if x.AcquirerID, err = p.Required("acquirer_id", "the 6-digit id of the bank or wallet that acquires for you"); err != nil {
		return nil, err
	}
	if len(x.AcquirerID) != 6 || !isDigitString(x.AcquirerID) {
		return nil, p.Errorf("acquirer_id", "%q must be 6 digits, like 501664", x.AcquirerID)
	}
	if x.Account, err = p.Required("account", "your merchant account or id at the acquirer"); err != nil {
		return nil, err
	}
	// 26 = 00 AID (18) + 01 acquirer (10) + 02 account (4 + n) ≤ 99.
	if len(x.Account) > 67 || !emv.IsANS(x.Account) {
		return nil, p.Errorf("account", "%q must be at most 67 printable ASCII characters", x.Account)
	}
	return x, nil
}

// Requires: DuitNow moves ringgit in Malaysia.
func (x *DuitNow) Requires() (string, string) { return "MYR", "MY" }

// Accounts returns template 26.
func (x *DuitNow) Accounts(Charge) ([]emv.DataObject, error) {
	t, err := emv.Template("26", emv.Object("00", DuitNowAID), emv.Object("01", x.AcquirerID), emv.Object("02", x.Account))
	if err != nil {
		return nil, err
	}
	return []emv.DataObject{t}, nil
}

// Additional puts the reference in the reference label (62-05).
func (x *DuitNow) Additional(c Charge) []emv.DataObject {
	return []emv.DataObject{emv.Object("05", string(c.Ref))}
}
