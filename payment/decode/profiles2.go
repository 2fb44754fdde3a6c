package decode

import (
	"regexp"
	"strconv"
	"time"

	"github.com/till-pos/till/payment/emv"
	"github.com/till-pos/till/payment/scheme"
)

var (
	qrPhBIC    = regexp.MustCompile(`^[A-Z]{4}PH[A-Z0-9]{2}([A-Z0-9]{3})?$`)
	nmidRe     = regexp.MustCompile(`^ID[0-9]{13}$`)
	qrisLevels = map[string]bool{"UMI": true, "UKE": true, "UME": true, "UBE": true, "URE": true}
)

// qris applies the QRIS national template rules (tag 51).
func (d *emvDoc) qris(f emv.Field) {
	d.nameChildren(f.ID, map[string]string{"02": "National Merchant ID (NMID)", "03": "Merchant Criteria"})
	d.requireMarket("QRIS", "IDR", "ID")
	if n, ok := emv.FindField(f.Children, "02"); !ok || !nmidRe.MatchString(n.Value) {
		d.errorf(f.ID+"-02", "QRIS needs the national merchant id in 51-02: ID and 13 digits, found %q", n.Value)
	}
	if c, ok := emv.FindField(f.Children, "03"); ok && !qrisLevels[c.Value] {
		d.errorf(f.ID+"-03", "QRIS merchant criteria must be UMI, UKE, UME, UBE or URE, found %q", c.Value)
	}
}

// qrisDomestic checks an Indonesian acquirer's template: its merchant PAN
// (digits from 9360) and criteria. The reference mentions a Luhn check
// digit, but real QRIS samples do not pass it, so none is checked.
func (d *emvDoc) qrisDomestic(f emv.Field) {
	d.nameChildren(f.ID, map[string]string{"01": "Merchant PAN", "02": "Merchant ID", "03": "Merchant Criteria"})
	if pan, ok := emv.FindField(f.Children, "01"); ok {
		switch {
		case len(pan.Value) < 16 || len(pan.Value) > 19 || !allDigits(pan.Value):
			d.errorf(f.ID+"-01", "a QRIS merchant PAN is 16 to 19 digits, found %q", pan.Value)
		case pan.Value[:4] != qrisPANPrefix:
			d.warnf(f.ID+"-01", "a domestic QRIS merchant PAN starts with %s, found %s", qrisPANPrefix, pan.Value[:4])
		}
	}
	if c, ok := emv.FindField(f.Children, "03"); ok && !qrisLevels[c.Value] {
		d.errorf(f.ID+"-03", "QRIS merchant criteria must be UMI, UKE, UME, UBE or URE, found %q", c.Value)
	}
}

// vietQR applies the NAPAS rules to tag 38, including its nested
// beneficiary template, which the generic EMV tree cannot know.
func (d *emvDoc) vietQR(f emv.Field) {
	t := f.ID
	d.nameChildren(t, map[string]string{"01": "Beneficiary Organization", "02": "Service Code"})
	d.requireMarket("VietQR", "VND", "VN")
	ben, ok := emv.FindField(f.Children, "01")
	if !ok {
		d.errorf(t+"-01", "VietQR needs the beneficiary (bank BIN and account) in %s-01", t)
	} else {
		subs, err := emv.Parse(ben.Value)
		if err != nil {
			// NAPAS's own static example (§6.1.1) has this defect: it
			// declares a 12-digit account and writes 13. Wallets read the
			// sub-fields they find, so it is a warning, not an error.
			d.warnf(t+"-01", "the VietQR beneficiary template does not parse cleanly (%v); the account may be misread", err)
		}
		if n := d.node(t, "01"); n != nil {
			for _, s := range subs {
				name := map[string]string{"00": "Acquirer ID (BIN)", "01": "Account or Card Number"}[s.ID]
				n.Children = append(n.Children, Field{Tag: s.ID, Name: name, Value: s.Value})
			}
		}
		if bin, _ := emv.Find(subs, "00"); len(bin) != 6 || !allDigits(bin) {
			d.errorf(t+"-01-00", "a VietQR bank BIN is 6 digits, found %q", bin)
		}
		if acct, _ := emv.Find(subs, "01"); acct == "" || len(acct) > 19 {
			d.errorf(t+"-01-01", "a VietQR account or card number is 1 to 19 characters, found %q", acct)
		}
	}
	svc, _ := emv.FindField(f.Children, "02")
	if svc.Value != scheme.VietQRToAccount && svc.Value != scheme.VietQRToCard {
		d.errorf(t+"-02", "the VietQR service code must be %s (to an account) or %s (to a card), found %q", scheme.VietQRToAccount, scheme.VietQRToCard, svc.Value)
	}
	if d.r.Reference == "" {
		if p, ok := d.value("62", "08"); ok {
			d.r.Reference = p
		}
	}
}

// khqr applies the Bakong KHQR rules: account fields of at most 32
// characters, and the timestamp template 99 on dynamic codes.
func (d *emvDoc) khqr(f emv.Field) {
	t := f.ID
	d.nameChildren(t, map[string]string{"00": "Bakong Account ID", "01": "Account Information", "02": "Acquiring Bank"})
	if t == "30" {
		d.nameChildren(t, map[string]string{"01": "Merchant ID"})
	}
	for _, c := range f.Children {
		if len([]rune(c.Value)) > 32 {
			d.errorf(t+"-"+c.ID, "KHQR account fields are at most 32 characters, found %d", len([]rune(c.Value)))
		}
	}
	if cur := d.r.Currency; cur != "" && cur != "KHR" && cur != "USD" {
		d.errorf("53", "KHQR codes are in KHR or USD, found %s", cur)
	}
	poi, _ := d.value("01")
	_, hasAmount := d.value("54")
	ts, hasTS := emv.FindField(d.root, "99")
	if !hasTS {
		if poi == "12" || hasAmount {
			// Codes issued before NBC made the timestamp mandatory (Wing's
			// bill-payment codes, for one) still circulate and are paid.
			d.warnf("99", "a dynamic KHQR code (with an amount) should carry the timestamp template 99 with its expiry; codes issued before that rule omit it and newer wallets may refuse them")
		}
		return
	}
	d.nameChildren("99", map[string]string{"00": "Creation Timestamp", "01": "Expiration Timestamp"})
	for _, c := range ts.Children {
		if c.ID != "00" && c.ID != "01" {
			continue // banks add their own sub-fields (ABA: 67, 68, 69)
		}
		if len(c.Value) != 13 || !allDigits(c.Value) {
			d.errorf("99-"+c.ID, "KHQR timestamps are 13-digit milliseconds since 1970, found %q", c.Value)
		}
	}
	if exp, ok := emv.FindField(ts.Children, "01"); ok && len(exp.Value) == 13 && allDigits(exp.Value) {
		ms, _ := strconv.ParseInt(exp.Value, 10, 64)
		if at := time.UnixMilli(ms).UTC(); at.Before(time.Now()) {
			d.warnf("99-01", "this KHQR code expired on %s", at.Format("2006-01-02 15:04 UTC"))
		}
	}
}

// checkDate checks a YYYYMMDD (or YYYYMMDDHHMMSS) date and warns when it
// has passed.
func (d *emvDoc) checkDate(tag, what, v string) {
	layout := "20060102"
	if len(v) == 14 {
		layout = "20060102150405"
	}
	at, err := time.Parse(layout, v)
	if err != nil || (len(v) != 8 && len(v) != 14) || !allDigits(v) {
		d.errorf(tag, "%s must be a date written YYYYMMDD or YYYYMMDDHHMMSS, found %q", what, v)
		return
	}
	if at.AddDate(0, 0, 1).Before(time.Now()) {
		d.warnf(tag, "%s %s has passed", what, at.Format("2006-01-02"))
	}
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return s != ""
}

// qrPh applies the QR Ph rules (BSP/PPMI) to tag 27 (InstaPay person to
// person) or 28 (person to merchant): the institution's BIC in 01, the
// InstaPay payment type in 27-02 and an account in 27-04 or a merchant id
// in 28-03, pesos and country PH.
func (d *emvDoc) qrPh(f emv.Field) {
	t := f.ID
	d.requireMarket("QR Ph", "PHP", "PH")
	if bic, ok := emv.FindField(f.Children, "01"); !ok || !qrPhBIC.MatchString(bic.Value) {
		d.errorf(t+"-01", "QR Ph needs the BIC of the receiving institution in %s-01 (like GXCHPHM2XXX), found %q", t, bic.Value)
	}
	if t == "27" {
		d.nameChildren(t, map[string]string{"01": "Acquirer BIC", "02": "Payment Type", "03": "Merchant ID", "04": "Account Number", "05": "Mobile Number"})
		if _, ok := emv.FindField(f.Children, "04"); !ok {
			d.errorf(t+"-04", "an InstaPay QR Ph code needs the receiver's account number in 27-04")
		}
		return
	}
	d.nameChildren(t, map[string]string{"01": "Acquirer BIC", "03": "Merchant ID", "05": "Merchant Credit Account"})
	if _, ok := emv.FindField(f.Children, "03"); !ok {
		d.errorf(t+"-03", "a QR Ph merchant code needs the merchant id in 28-03")
	}
}
