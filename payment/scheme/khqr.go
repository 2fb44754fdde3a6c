package scheme

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/till-pos/till/payment/emv"
)

// maxKHQRField is the limit of every KHQR account field (Bakong KHQR SDK).
const maxKHQRField = 32

// KHQR is Cambodia's Bakong KHQR. An individual account (no merchant_id)
// is tag 29: the Bakong account id name@bank (00), optionally the account
// information (01) and the acquiring bank (02). A merchant is tag 30: the
// Bakong account id, the merchant id (01) and the acquiring bank (02,
// required). A code with an amount carries template 99 with its creation
// and expiry time in milliseconds, which KHQR wallets check. KHQR pays
// in riel or US dollars; the reference goes in the bill number (62-01).
type KHQR struct {
	named
	AccountID   string
	MerchantID  string
	AccountInfo string
	Bank        string
}

func init() { register("khqr", newKHQR) }

func newKHQR(p *Params) (Scheme, error) {
	x := &KHQR{named: named{p.Name(), "khqr"}}
	var err error
	if x.AccountID, err = p.Required("account_id", "your Bakong account id, like shop@aclb"); err != nil {
		return nil, err
	}
	if at := strings.IndexByte(x.AccountID, '@'); at < 1 || at == len(x.AccountID)-1 || strings.Count(x.AccountID, "@") != 1 {
		return nil, p.Errorf("account_id", "%q must be a Bakong account id: name@bank", x.AccountID)
	}
	if x.MerchantID, err = p.String("merchant_id"); err != nil {
		return nil, err
	}
	if x.AccountInfo, err = p.String("account_info"); err != nil {
		return nil, err
	}
	if x.Bank, err = p.String("acquiring_bank"); err != nil {
		return nil, err
	}
	if x.MerchantID != "" && x.Bank == "" {
		return nil, p.Errorf("acquiring_bank", "is required for a merchant account (merchant_id is set): the name of your acquiring bank")
	}
	if x.MerchantID != "" && x.AccountInfo != "" {
		return nil, p.Errorf("account_info", "is for an individual account; a merchant account (merchant_id is set) has none")
	}
	for key, v := range map[string]string{"account_id": x.AccountID, "merchant_id": x.MerchantID, "account_info": x.AccountInfo, "acquiring_bank": x.Bank} {
		if len([]rune(v)) > maxKHQRField || !emv.IsANS(v) {
			return nil, p.Errorf(key, "%q must be at most %d printable ASCII characters", v, maxKHQRField)
		}
	}
	return x, nil
}

// Requires: KHQR works in Cambodia; its two currencies are checked per
// charge (Accounts), since Requires names one.
func (x *KHQR) Requires() (string, string) { return "", "KH" }

// Accounts returns template 29 or 30, and template 99 when the code asks
// for an amount.
func (x *KHQR) Accounts(c Charge) ([]emv.DataObject, error) {
	if cur := c.Amount.Currency.Code; cur != "KHR" && cur != "USD" {
		return nil, fmt.Errorf("KHQR pays in KHR or USD, but the merchant charges in %s", cur)
	}
	tag, subs := "29", []emv.DataObject{emv.Object("00", x.AccountID)}
	if x.MerchantID != "" {
		tag = "30"
		subs = append(subs, emv.Object("01", x.MerchantID), emv.Object("02", x.Bank))
	} else {
		if x.AccountInfo != "" {
			subs = append(subs, emv.Object("01", x.AccountInfo))
		}
		if x.Bank != "" {
			subs = append(subs, emv.Object("02", x.Bank))
		}
	}
	t, err := emv.Template(tag, subs...)
	if err != nil {
		return nil, err
	}
	out := []emv.DataObject{t}
	if c.Amount.Minor > 0 {
		created := c.Created
		if created.IsZero() {
			created = time.Now()
		}
		expires := c.Expires
		if expires.IsZero() || !expires.After(created) {
			return nil, fmt.Errorf("a KHQR code with an amount needs an expiry after its creation")
		}
		ts, err := emv.Template("99", emv.Object("00", millis(created)), emv.Object("01", millis(expires)))
		if err != nil {
			return nil, err
		}
		out = append(out, ts)
	}
	return out, nil
}

func millis(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

// Additional puts the reference in the bill number (62-01), where KHQR
// apps show it.
func (x *KHQR) Additional(c Charge) []emv.DataObject {
	return []emv.DataObject{emv.Object("01", string(c.Ref))}
}
