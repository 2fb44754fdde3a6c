package decode

import (
	"strconv"
	"strings"

	"github.com/till-pos/till/payment/emv"
	"github.com/till-pos/till/payment/scheme"
)

// Application identifiers and GUIDs of the profiles decode knows, beyond
// those till writes (which package scheme defines).
const (
	sgqrGUID      = "SG.SGQR"
	qrisGUID      = "ID.CO.QRIS.WWW"
	vnpayGUID     = "A000000775"
	promptPayXB   = "A000000677012006" // cross-border bill payment
	khqrCountry   = "KH"
	qrisPANPrefix = "9360"
)

// profiles identifies the scheme behind each merchant account object and
// applies that scheme's rules.
func (d *emvDoc) profiles() {
	for _, f := range d.root {
		n, err := strconv.Atoi(f.ID)
		if err != nil {
			continue
		}
		switch {
		case n >= 2 && n <= 25:
			d.addScheme(primitiveScheme(n))
			if n == 15 || n == 16 {
				d.checkUnionPay(f)
			}
		case n >= 26 && n <= 51:
			d.template(f)
		}
	}
}

// primitiveScheme names the card network that owns a primitive tag.
func primitiveScheme(n int) string {
	switch {
	case n <= 3:
		return "visa"
	case n <= 5:
		return "mastercard"
	case n <= 8, n >= 17:
		return "emvco:" + strconv.Itoa(n)
	case n <= 10:
		return "discover"
	case n <= 12:
		return "amex"
	case n <= 14:
		return "jcb"
	}
	return "unionpay"
}

// template identifies one merchant account template by its GUID.
//
// It is better whole: the switch is the table of the merchant account
// templates till knows, one case per scheme with the tag and GUID that
// identify it; the order of the cases is the order they are tried in.
func (d *emvDoc) template(f emv.Field) {
	guid := ""
	if g, ok := emv.FindField(f.Children, "00"); ok {
		guid = g.Value
	}
	country, _ := d.value("58")
	switch {
	case strings.EqualFold(guid, scheme.PixGUI):
		d.addScheme("pix")
		d.pix(f)
	case (f.ID == "29" && guid == scheme.PromptPayCreditAID) ||
		(f.ID == "30" && (guid == scheme.PromptPayBillAID || guid == promptPayXB)):
		d.addScheme("promptpay")
		d.promptPay(f)
	case strings.EqualFold(guid, scheme.PayNowGUID):
		d.addScheme("paynow")
		d.payNow(f)
	case f.ID == "51" && strings.EqualFold(guid, sgqrGUID):
		d.addScheme("sgqr")
		d.nameChildren(f.ID, map[string]string{"01": "SGQR ID", "02": "Version", "03": "Postal Code",
			"04": "Level", "05": "Unit Number", "06": "Miscellaneous", "07": "Revision Date"})
	case guid == scheme.DuitNowAID:
		d.addScheme("duitnow")
		d.duitNow(f)
	case f.ID == "51" && strings.EqualFold(guid, qrisGUID):
		d.addScheme("qris")
		d.qris(f)
	case guid == scheme.VietQRGUID:
		d.addScheme("vietqr")
		d.vietQR(f)
	case guid == vnpayGUID:
		d.addScheme("vnpay")
		d.nameChildren(f.ID, map[string]string{"01": "Merchant ID"})
	case (f.ID == "27" && strings.EqualFold(guid, scheme.QRPhP2PGUID)) || (f.ID == "28" && strings.HasPrefix(strings.ToLower(guid), scheme.QRPhP2MGUID)):
		d.addScheme("qrph")
		d.qrPh(f)
	case (f.ID == "29" || f.ID == "30") && country == khqrCountry && strings.Contains(guid, "@"):
		d.addScheme("khqr")
		d.khqr(f)
	case guid == "":
		d.addScheme("generic")
	default:
		d.addScheme("generic:" + guid)
		if country == "ID" && f.ID <= "45" {
			d.qrisDomestic(f)
		}
	}
}

// nameChildren gives a profile's names to the sub-fields of a template.
func (d *emvDoc) nameChildren(tag string, names map[string]string) {
	n := d.node(tag)
	if n == nil {
		return
	}
	for i := range n.Children {
		if name, ok := names[n.Children[i].Tag]; ok {
			n.Children[i].Name = name
		}
	}
}

func (d *emvDoc) checkUnionPay(f emv.Field) {
	switch {
	case len(f.Value) != 31:
		d.warnf(f.ID, "UnionPay merchant account information is usually 31 characters (acquirer IIN 8, forwarding IIN 8, merchant id 15), found %d", len(f.Value))
	case !allDigits(f.Value[:16]):
		d.errorf(f.ID, "UnionPay merchant account information starts with the acquirer's and the forwarding institution's 8-digit IINs, found %q", f.Value[:16])
	}
}

// pix applies the BR Code rules: a key or a URL in the template, the
// txid rule, and the merchant fields banks validate (ASCII, 25/15, city
// required).
func (d *emvDoc) pix(f emv.Field) {
	t := f.ID
	d.nameChildren(t, map[string]string{"01": "Pix key", "02": "Additional information", "03": "FSS", "25": "Payload URL"})
	key, hasKey := emv.FindField(f.Children, "01")
	url, hasURL := emv.FindField(f.Children, "25")
	switch {
	case !hasKey && !hasURL:
		d.errorf(t, "a Pix template needs the receiver's key (%s-01) or the charge's URL (%s-25)", t, t)
	case hasKey:
		if _, _, err := scheme.ClassifyPixKey(key.Value); err != nil {
			d.errorf(t+"-01", "%v", err)
		}
	}
	if hasURL && (strings.HasPrefix(url.Value, "http://") || strings.HasPrefix(url.Value, "https://")) {
		d.warnf(t+"-25", "a Pix payload URL is written without its https:// prefix")
	}
	d.requireMarket("Pix", "BRL", "BR")
	for _, tag := range []string{"52", "59", "60"} {
		if _, ok := d.value(tag); !ok {
			d.promote(tag, "Pix requires it")
		}
	}
	d.promote("59", "Pix banks refuse anything else")
	d.promote("60", "Pix banks refuse anything else")
	txid, ok := d.value("62", "05")
	if !ok {
		d.warnf("62-05", "a Pix code carries its txid in 62-05 (*** when it has none); some banks refuse a code without it")
		return
	}
	if n := d.node("62", "05"); n != nil {
		n.Name = "Reference Label (Pix txid)"
	}
	if err := scheme.CheckPixTxid(txid); err != nil {
		d.errorf("62-05", "%v", err)
	}
}

// promptPay applies the Thai QR Payment rules to tag 29 or 30.
//
// It is better whole: it is the Thai QR Payment rules for tag 30 (bill
// payment: biller id, reference 1) and tag 29 (credit transfer: exactly
// one target, one case per kind of target); each branch is a rule of
// that one spec, next to the others.
func (d *emvDoc) promptPay(f emv.Field) {
	t := f.ID
	d.requireMarket("PromptPay", "THB", "TH")
	if t == "30" {
		d.nameChildren(t, map[string]string{"01": "Biller ID", "02": "Reference 1", "03": "Reference 2"})
		if b, ok := emv.FindField(f.Children, "01"); !ok {
			d.errorf("30-01", "a PromptPay bill payment needs the biller id (30-01)")
		} else if !allDigits(b.Value) || (len(b.Value) != 13 && len(b.Value) != 15) {
			d.warnf("30-01", "a biller id is a 13-digit tax id, optionally with a 2-digit suffix; found %q", b.Value)
		}
		ref, ok := emv.FindField(f.Children, "02")
		if !ok {
			d.errorf("30-02", "a PromptPay bill payment needs reference 1 (30-02)")
			return
		}
		if !isAlnum(ref.Value) || len(ref.Value) > 20 {
			d.errorf("30-02", "PromptPay reference 1 must be 1 to 20 letters or digits, found %q", ref.Value)
		}
		d.r.Reference = ref.Value
		return
	}
	d.nameChildren(t, map[string]string{"01": "Mobile Number", "02": "National ID or Tax ID", "03": "E-Wallet ID", "04": "Bank Account", "05": "OTA"})
	var proxies []emv.Field
	for _, c := range f.Children {
		if c.ID >= "01" && c.ID <= "05" {
			proxies = append(proxies, c)
		}
	}
	if len(proxies) != 1 {
		d.errorf(t, "a PromptPay credit transfer names exactly one target (mobile 01, id 02, e-wallet 03, account 04 or OTA 05), found %d", len(proxies))
		return
	}
	p := proxies[0]
	tag := t + "-" + p.ID
	switch p.ID {
	case "01":
		if len(p.Value) != 13 || !allDigits(p.Value) || !strings.HasPrefix(p.Value, "0066") {
			d.errorf(tag, "a PromptPay mobile number is 13 digits, 0066 and the number without its leading 0; found %q", p.Value)
		}
	case "02":
		if len(p.Value) != 13 || !allDigits(p.Value) {
			d.errorf(tag, "a PromptPay national or tax id is 13 digits, found %q", p.Value)
		} else if !scheme.ValidThaiID(p.Value) {
			d.warnf(tag, "%s does not pass the check digit of a Thai national or tax id", p.Value)
		}
	case "03":
		if len(p.Value) != 15 || !allDigits(p.Value) {
			d.errorf(tag, "a PromptPay e-wallet id is 15 digits, found %q", p.Value)
		}
	case "04":
		d.warnf(tag, "PromptPay to a bank account (04) is reserved; several Thai bank apps refuse it")
	}
}

// payNow applies the PayNow template rules.
func (d *emvDoc) payNow(f emv.Field) {
	t := f.ID
	d.nameChildren(t, map[string]string{"01": "Proxy Type", "02": "Proxy Value", "03": "Amount Editable", "04": "Expiry Date", "05": "Reference"})
	d.requireMarket("PayNow", "SGD", "SG")
	typ, _ := emv.FindField(f.Children, "01")
	proxy, hasProxy := emv.FindField(f.Children, "02")
	if !hasProxy {
		d.errorf(t+"-02", "a PayNow template needs the proxy value (02): a mobile number or UEN")
	}
	switch typ.Value {
	case "0":
		if _, err := scheme.NormalizeSGMobile(proxy.Value); hasProxy && (err != nil || !strings.HasPrefix(proxy.Value, "+")) {
			d.warnf(t+"-02", "a PayNow mobile proxy is written +65 and 8 digits; found %q", proxy.Value)
		}
	case "2":
		if err := scheme.CheckUEN(proxy.Value); hasProxy && err != nil {
			d.warnf(t+"-02", "%v", err)
		}
	default:
		d.errorf(t+"-01", "PayNow proxy type must be 0 (mobile) or 2 (UEN), found %q", typ.Value)
	}
	if e, ok := emv.FindField(f.Children, "03"); ok && e.Value != "0" && e.Value != "1" {
		d.errorf(t+"-03", "PayNow's amount-editable flag must be 0 or 1, found %q", e.Value)
	}
	if x, ok := emv.FindField(f.Children, "04"); ok {
		// YYYYMMDD, or YYYYMMDDHHMMSS as ShopeePay and other issuers write it.
		d.checkDate(t+"-04", "PayNow expiry date", x.Value)
	}
}

// duitNow applies the DuitNow QR template rules.
func (d *emvDoc) duitNow(f emv.Field) {
	t := f.ID
	d.nameChildren(t, map[string]string{"01": "Acquirer ID", "02": "Merchant Account"})
	d.requireMarket("DuitNow", "MYR", "MY")
	if a, ok := emv.FindField(f.Children, "01"); !ok || len(a.Value) != 6 || !allDigits(a.Value) {
		d.errorf(t+"-01", "DuitNow needs the acquirer's 6-digit id in %s-01, found %q", t, a.Value)
	}
	if _, ok := emv.FindField(f.Children, "02"); !ok {
		d.errorf(t+"-02", "DuitNow needs the merchant account in %s-02", t)
	}
	if sig, ok := emv.FindField(d.root, "82"); ok {
		if n := d.node("82"); n != nil {
			n.Name = "PayNet signature (DuitNow)"
		}
		d.warnf("82", "DuitNow practice: tag 82 carries PayNet's signature of the code (%d characters of hex), which till does not verify; "+
			"a signed code must be shown exactly as issued, never changed", len(sig.Value))
	}
}
