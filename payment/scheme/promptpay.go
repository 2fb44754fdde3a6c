package scheme

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/till-pos/till/payment/emv"
)

// PromptPay application identifiers (Thai QR Payment standard).
const (
	PromptPayCreditAID = "A000000677010111" // credit transfer, tag 29
	PromptPayBillAID   = "A000000677010112" // domestic bill payment, tag 30
)

// PromptPay is Thailand's PromptPay. Personal and small-shop codes are a
// credit transfer (tag 29) to a mobile number, a national or tax id, or an
// e-wallet id; they carry no reference, and banks accept them without
// merchant category, name or city, so till leaves those out when
// PromptPay is alone in the code. Businesses registered as billers use
// the bill payment (tag 30): biller id and the order reference as ref1,
// which comes back on the biller's statement.
type PromptPay struct {
	named
	Proxy    string // "01" mobile, "02" national or tax id, "03" e-wallet (tag 29)
	Target   string // the formatted proxy value
	BillerID string // set for a bill payment (tag 30)
	Ref2     string // optional second bill reference
}

var ref1Re = regexp.MustCompile(`^[0-9A-Z]{1,20}$`)

func init() { register("promptpay", newPromptPay) }

// It is better whole: it reads the PromptPay keys, of which exactly one
// proxy (phone, id, ewallet or biller_id) may be given, and checks each
// in turn beside its read, as the configuration documents them.
func newPromptPay(p *Params) (Scheme, error) {
	x := &PromptPay{named: named{p.Name(), "promptpay"}}
	keys := []string{"phone", "id", "ewallet", "biller_id"}
	var given []string
	values := map[string]string{}
	for _, k := range keys {
		v, err := p.String(k)
		if err != nil {
			return nil, err
		}
		if v != "" {
			given = append(given, k)
			values[k] = v
		}
	}
	ref2, err := p.String("ref2")
	if err != nil {
		return nil, err
	}
	switch len(given) {
	case 0:
		return nil, p.Errorf("phone", "one of phone, id, ewallet or biller_id is required (where PromptPay pays to)")
	case 1:
	default:
		return nil, p.Errorf(given[1], "give only one of phone, id, ewallet or biller_id (found %s)", strings.Join(given, " and "))
	}
	k := given[0]
	v := values[k]
	digits := stripAny(v, " -")
	switch k {
	case "phone":
		x.Proxy = "01"
		if x.Target, err = PromptPayPhone(v); err != nil {
			return nil, p.Errorf(k, "%v", err)
		}
	case "id":
		x.Proxy, x.Target = "02", digits
		if len(digits) != 13 || !isDigitString(digits) {
			return nil, p.Errorf(k, "%q must be 13 digits (a Thai national id or tax id), found %d characters", v, len(digits))
		}
		if !ValidThaiID(digits) {
			return nil, p.Errorf(k, "%q is not a valid Thai national or tax id: its check digit does not match", v)
		}
	case "ewallet":
		x.Proxy, x.Target = "03", digits
		if len(digits) != 15 || !isDigitString(digits) {
			return nil, p.Errorf(k, "%q must be 15 digits (a PromptPay e-wallet id), found %d characters", v, len(digits))
		}
	case "biller_id":
		x.BillerID = digits
		if (len(digits) != 13 && len(digits) != 15) || !isDigitString(digits) {
			return nil, p.Errorf(k, "%q must be the biller's 13-digit tax id, optionally followed by its 2-digit suffix (15 digits), found %d characters", v, len(digits))
		}
	}
	if ref2 != "" {
		if x.BillerID == "" {
			return nil, p.Errorf("ref2", "only a bill payment (biller_id) has a second reference")
		}
		if x.Ref2 = strings.ToUpper(ref2); !ref1Re.MatchString(x.Ref2) {
			return nil, p.Errorf("ref2", "%q must be 1 to 20 letters or digits", ref2)
		}
	}
	return x, nil
}

// Requires: PromptPay moves baht in Thailand.
func (x *PromptPay) Requires() (string, string) { return "THB", "TH" }

func (x *PromptPay) omitsMerchantInfo() bool { return true }

// Accounts returns tag 29 (credit transfer) or tag 30 (bill payment).
func (x *PromptPay) Accounts(c Charge) ([]emv.DataObject, error) {
	var t emv.DataObject
	var err error
	if x.BillerID != "" {
		ref := string(c.Ref)
		if ref == "" {
			return nil, fmt.Errorf("a PromptPay bill payment needs the order reference as ref1")
		}
		if !ref1Re.MatchString(ref) {
			return nil, fmt.Errorf("reference %q does not fit PromptPay ref1 (1 to 20 upper-case letters or digits)", ref)
		}
		t, err = emv.Template("30", emv.Object("00", PromptPayBillAID), emv.Object("01", x.BillerID),
			emv.Object("02", ref), emv.Object("03", x.Ref2))
	} else {
		t, err = emv.Template("29", emv.Object("00", PromptPayCreditAID), emv.Object(x.Proxy, x.Target))
	}
	if err != nil {
		return nil, err
	}
	return []emv.DataObject{t}, nil
}

// Additional: PromptPay has no field for the reference outside ref1.
func (x *PromptPay) Additional(Charge) []emv.DataObject { return nil }
