package scheme

import (
	"regexp"
	"strings"

	"github.com/till-pos/till/payment/emv"
)

// QR Ph identifiers (BSP and the Philippine Payments Management, Inc.).
const (
	QRPhP2MGUID = "ph.ppmi.p2m"  // person to merchant, tag 28
	QRPhP2PGUID = "com.p2pqrpay" // InstaPay person to person, tag 27
	// qrPhInstaPay is the payment type every published InstaPay code
	// carries in 27-02 (GCash, Maya, BDO, UnionBank, EastWest).
	qrPhInstaPay = "99964403"
)

// bicPattern is an ISO 9362 BIC of a Philippine institution: bank code,
// PH, location, optional branch (GXCHPHM2XXX, BNORPHMM).
var bicPattern = regexp.MustCompile(`^[A-Z]{4}PH[A-Z0-9]{2}([A-Z0-9]{3})?$`)

// QRPh is the Philippines' QR Ph. A merchant (merchant_id, P2M) gets
// tag 28: ph.ppmi.p2m, the acquirer's BIC (01) and the merchant id
// it assigned (03). A person or small shop paid by InstaPay (account,
// P2P) gets tag 27: com.p2pqrpay, the bank's BIC, the InstaPay payment type
// (02) and the account number (04), with the mobile number in 05 when
// given, as GCash, Maya and BDO print them.
// The order reference goes in the reference label (62-05).
type QRPh struct {
	named
	Kind    string // "p2m" or "p2p"
	BIC     string
	ID      string // merchant id (p2m) or account number (p2p)
	Mobile  string
	p2pTags bool
}

func init() { register("qrph", newQRPh) }

func newQRPh(p *Params) (Scheme, error) {
	x := &QRPh{named: named{p.Name(), "qrph"}}
	merchant, err := p.String("merchant_id")
	if err != nil {
		return nil, err
	}
	account, err := p.String("account")
	if err != nil {
		return nil, err
	}
	switch {
	case merchant != "" && account != "":
		return nil, p.Errorf("account", "give merchant_id (a merchant, P2M) or account (an InstaPay account, P2P), not both")
	case account != "":
		x.Kind, x.p2pTags = "p2p", true
	default:
		x.Kind = "p2m"
	}
	if x.BIC, err = p.Required("bic", "the BIC of your bank or wallet, like GXCHPHM2XXX"); err != nil {
		return nil, err
	}
	x.BIC = strings.ToUpper(x.BIC)
	if !bicPattern.MatchString(x.BIC) {
		return nil, p.Errorf("bic", "%q must be a Philippine BIC: 4 letters, PH, 2 letters or digits, optionally 3 more (GXCHPHM2XXX)", x.BIC)
	}
	key, what := "merchant_id", "the merchant id your acquirer assigned"
	if x.p2pTags {
		key, what = "account", "the account number at that bank or wallet"
	}
	if x.ID, err = p.Required(key, what); err != nil {
		return nil, err
	}
	if len(x.ID) > 25 || !emv.IsANS(x.ID) {
		return nil, p.Errorf(key, "%q must be at most 25 printable ASCII characters", x.ID)
	}
	if x.p2pTags {
		if x.Mobile, err = p.String("mobile"); err != nil {
			return nil, err
		}
		if len(x.Mobile) > 25 || !emv.IsANS(x.Mobile) {
			return nil, p.Errorf("mobile", "%q must be at most 25 printable ASCII characters, like +63-917-1234567", x.Mobile)
		}
	}
	return x, nil
}

// Requires: QR Ph moves pesos in the Philippines.
func (x *QRPh) Requires() (string, string) { return "PHP", "PH" }

// Accounts returns template 28 (p2m) or 27 (p2p).
func (x *QRPh) Accounts(Charge) ([]emv.DataObject, error) {
	var t emv.DataObject
	var err error
	if x.p2pTags {
		subs := []emv.DataObject{emv.Object("00", QRPhP2PGUID), emv.Object("01", x.BIC),
			emv.Object("02", qrPhInstaPay), emv.Object("04", x.ID)}
		if x.Mobile != "" {
			subs = append(subs, emv.Object("05", x.Mobile))
		}
		t, err = emv.Template("27", subs...)
	} else {
		t, err = emv.Template("28", emv.Object("00", QRPhP2MGUID), emv.Object("01", x.BIC), emv.Object("03", x.ID))
	}
	if err != nil {
		return nil, err
	}
	return []emv.DataObject{t}, nil
}

// Additional puts the reference in the reference label (62-05).
func (x *QRPh) Additional(c Charge) []emv.DataObject {
	return []emv.DataObject{emv.Object("05", string(c.Ref))}
}
