package scheme

import (
	"github.com/till-pos/till/payment/emv"
)

// VietQR (NAPAS) identifiers.
const (
	VietQRGUID        = "A000000727"
	VietQRToAccount   = "QRIBFTTA" // NAPAS 247 transfer to an account
	VietQRToCard      = "QRIBFTTC" // to a card
	maxVietQRAccount  = 19
	vietQRBINLength   = 6
	vietQRCardMinimum = 16
)

// VietQR is Vietnam's NAPAS 247 code: tag 38 with the GUID, the
// beneficiary (bank BIN and account or card number) and the service code.
// The reference goes in the purpose of transaction (62-08), which banks
// show as the transfer's content on both statements. NAPAS's own examples
// omit merchant category, name and city, so a code with VietQR alone
// does too.
type VietQR struct {
	named
	BIN     string
	Account string
	Service string
}

func init() { register("vietqr", newVietQR) }

func newVietQR(p *Params) (Scheme, error) {
	x := &VietQR{named: named{p.Name(), "vietqr"}}
	var err error
	if x.BIN, err = p.Required("bin", "the bank's 6-digit NAPAS BIN, like 970436"); err != nil {
		return nil, err
	}
	if len(x.BIN) != vietQRBINLength || !isDigitString(x.BIN) {
		return nil, p.Errorf("bin", "%q must be the bank's 6-digit BIN, like 970436", x.BIN)
	}
	account, err := p.String("account")
	if err != nil {
		return nil, err
	}
	card, err := p.String("card")
	if err != nil {
		return nil, err
	}
	switch {
	case account != "" && card != "":
		return nil, p.Errorf("card", "give either account or card, not both")
	case account != "":
		x.Account, x.Service = stripAny(account, " -"), VietQRToAccount
		if len(x.Account) > maxVietQRAccount || !isUpperAlnumString(x.Account) {
			return nil, p.Errorf("account", "%q must be 1 to 19 digits or upper-case letters", account)
		}
	case card != "":
		x.Account, x.Service = stripAny(card, " -"), VietQRToCard
		if len(x.Account) < vietQRCardMinimum || len(x.Account) > maxVietQRAccount || !isDigitString(x.Account) {
			return nil, p.Errorf("card", "%q must be a card number of 16 to 19 digits", card)
		}
	default:
		return nil, p.Errorf("account", "a VietQR scheme needs account (a bank account) or card (a card number)")
	}
	return x, nil
}

// Requires: VietQR moves dong in Vietnam.
func (x *VietQR) Requires() (string, string) { return "VND", "VN" }

func (x *VietQR) omitsMerchantInfo() bool { return true }

// Accounts returns tag 38 with its nested beneficiary template.
func (x *VietQR) Accounts(Charge) ([]emv.DataObject, error) {
	beneficiary, err := emv.Template("01", emv.Object("00", x.BIN), emv.Object("01", x.Account))
	if err != nil {
		return nil, err
	}
	t, err := emv.Template("38", emv.Object("00", VietQRGUID), beneficiary, emv.Object("02", x.Service))
	if err != nil {
		return nil, err
	}
	return []emv.DataObject{t}, nil
}

// Additional puts the reference in the purpose of transaction (62-08).
func (x *VietQR) Additional(c Charge) []emv.DataObject {
	return []emv.DataObject{emv.Object("08", string(c.Ref))}
}
