package setup

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/scheme"
)

// kind is how a field is typed in and stored in the TOML entry.
type kind int

const (
	text    kind = iota // a string
	number              // an integer (an EMV tag)
	boolean             // true or false, asked as yes/no
)

// fieldSpec is one key of a [[schemes]] entry as the form asks for it. The
// rules are not repeated here: every value is checked by scheme.New, and
// the form only names the field the error is about.
type fieldSpec struct {
	Key      string
	Title    string
	Help     string
	Example  string // the placeholder; a valid value (the tests build every type from them)
	Kind     kind
	Optional bool
}

// target is one of the mutually exclusive ways a scheme names where the
// money goes (PromptPay to a phone, an id, an e-wallet or as a biller).
type target struct {
	Label  string
	Fields []fieldSpec // the first is the key that selects this target
}

// typeSpec is what the form asks for one scheme type.
type typeSpec struct {
	Type    string
	Label   string // in the type list
	Help    string
	Before  []fieldSpec // asked first
	Targets []target    // empty, or two or more to choose from
	After   []fieldSpec // asked after the target's fields
}

// specs is every scheme type the form knows, in the order of the type
// list. TestSpecsCoverEveryType keeps it in step with scheme.Types().
var specs = []typeSpec{
	{
		Type: "pix", Label: "Pix (Brazil, BRL)", Help: "A BR Code paid by any Brazilian bank app.",
		Before: []fieldSpec{
			{Key: "key", Title: "Pix key", Help: "CPF, CNPJ, phone (+55…), e-mail or random key", Example: "+5511999999999"},
			{Key: "info", Title: "Message to the payer", Help: "optional, a few words", Example: "Obrigado", Optional: true},
		},
	},
	{
		Type: "promptpay", Label: "PromptPay (Thailand, THB)", Help: "Thai QR Payment, paid by any Thai bank app.",
		Targets: []target{
			{Label: "a mobile number", Fields: []fieldSpec{{Key: "phone", Title: "Mobile number", Help: "10 digits starting with 0", Example: "0812345678"}}},
			{Label: "a national id or tax id", Fields: []fieldSpec{{Key: "id", Title: "National id or tax id", Help: "13 digits", Example: "1234567890121"}}},
			{Label: "an e-wallet id", Fields: []fieldSpec{{Key: "ewallet", Title: "E-wallet id", Help: "15 digits", Example: "123456789012345"}}},
			{Label: "a registered biller (bill payment with the order reference)", Fields: []fieldSpec{
				{Key: "biller_id", Title: "Biller id", Help: "13-digit tax id, or 15 digits with the suffix", Example: "123456789012300"},
				{Key: "ref2", Title: "Second reference", Help: "optional, up to 20 letters or digits", Example: "SHOP1", Optional: true},
			}},
		},
	},
	{
		Type: "paynow", Label: "PayNow / SGQR (Singapore, SGD)", Help: "PayNow inside an SGQR code.",
		Targets: []target{
			{Label: "a business (UEN)", Fields: []fieldSpec{{Key: "uen", Title: "UEN", Help: "the business's Unique Entity Number", Example: "201403121W"}}},
			{Label: "a person (mobile number)", Fields: []fieldSpec{{Key: "mobile", Title: "Mobile number", Help: "+65 and 8 digits", Example: "+6591234567"}}},
		},
		After: []fieldSpec{
			{Key: "editable", Title: "May the payer change the amount?", Kind: boolean, Optional: true},
		},
	},
	{
		Type: "duitnow", Label: "DuitNow QR (Malaysia, MYR)", Help: "The account details come from your acquiring bank or wallet.",
		Before: []fieldSpec{
			{Key: "acquirer_id", Title: "Acquirer id", Help: "6 digits, from your bank or wallet", Example: "501664"},
			{Key: "account", Title: "Merchant account", Help: "your merchant account or id at the acquirer", Example: "MY0001"},
		},
	},
	{
		Type: "vietqr", Label: "VietQR (Vietnam, VND)", Help: "A NAPAS 247 transfer, paid by any Vietnamese bank app.",
		Before: []fieldSpec{
			{Key: "bin", Title: "Bank BIN", Help: "the bank's 6-digit NAPAS BIN", Example: "970436"},
		},
		Targets: []target{
			{Label: "a bank account", Fields: []fieldSpec{{Key: "account", Title: "Account number", Help: "up to 19 digits or letters", Example: "0011001932418"}}},
			{Label: "a card number", Fields: []fieldSpec{{Key: "card", Title: "Card number", Help: "16 to 19 digits", Example: "9704360000000000"}}},
		},
	},
	{
		Type: "qris", Label: "QRIS (Indonesia, IDR)", Help: "The details are printed on your QRIS sticker and in your acquirer's app.",
		Before: []fieldSpec{
			{Key: "guid", Title: "Acquirer GUID", Help: "your acquirer's id, like ID.CO.BRI.WWW or COM.GO-JEK.WWW", Example: "ID.CO.BRI.WWW"},
			{Key: "pan", Title: "Merchant PAN", Help: "16 to 19 digits starting with 9360", Example: "936000020042411838"},
			{Key: "merchant_id", Title: "Merchant id", Help: "your id at the acquirer", Example: "42411838"},
			{Key: "nmid", Title: "NMID", Help: "National Merchant ID: ID and 13 digits", Example: "ID1025450016189"},
			{Key: "criteria", Title: "Merchant criteria", Help: "optional: UMI (default), UKE, UME, UBE or URE", Example: "UMI", Optional: true},
		},
	},
	{
		Type: "qrph", Label: "QR Ph (Philippines, PHP)", Help: "Paid by GCash, Maya and every Philippine bank app.",
		Before: []fieldSpec{
			{Key: "bic", Title: "BIC", Help: "your bank's or wallet's BIC, like GXCHPHM2XXX", Example: "GXCHPHM2XXX"},
		},
		Targets: []target{
			{Label: "a merchant (P2M, from your acquirer)", Fields: []fieldSpec{{Key: "merchant_id", Title: "Merchant id", Help: "as your acquirer assigned it", Example: "217020000054698716099"}}},
			{Label: "an InstaPay account (P2P)", Fields: []fieldSpec{
				{Key: "account", Title: "Account number", Help: "at that bank or wallet", Example: "006540283953"},
				{Key: "mobile", Title: "Mobile number", Help: "optional, like +63-917-1234567", Example: "+63-917-1234567", Optional: true},
			}},
		},
	},
	{
		Type: "khqr", Label: "KHQR (Cambodia, KHR or USD)", Help: "Bakong KHQR, paid by any Cambodian bank app.",
		Before: []fieldSpec{
			{Key: "account_id", Title: "Bakong account id", Help: "name@bank", Example: "shop@aclb"},
			{Key: "merchant_id", Title: "Merchant id", Help: "optional: a merchant account's id (then the acquiring bank is required)", Example: "M001", Optional: true},
			{Key: "acquiring_bank", Title: "Acquiring bank", Help: "optional for a personal account", Example: "ACLEDA", Optional: true},
		},
	},
	{
		Type: "upi", Label: "UPI (India, INR)", Help: "A upi:// link, paid by any UPI app.",
		Before: []fieldSpec{
			{Key: "vpa", Title: "UPI address", Help: "name@bank", Example: "shop@okaxis"},
			{Key: "payee_name", Title: "Payee name", Help: "optional; the merchant name if empty", Example: "My Shop", Optional: true},
		},
	},
	{
		Type: "epc", Label: "SEPA GiroCode (EUR)", Help: "An EPC QR for a SEPA credit transfer from a European bank app.",
		Before: []fieldSpec{
			{Key: "iban", Title: "IBAN", Help: "the account to be paid into", Example: "DE89370400440532013000"},
			{Key: "bic", Title: "BIC", Help: "optional", Example: "COBADEFFXXX", Optional: true},
			{Key: "beneficiary", Title: "Beneficiary name", Help: "optional; the merchant name if empty", Example: "My Shop GmbH", Optional: true},
			{Key: "purpose", Title: "Purpose code", Help: "optional ISO 20022 code, like GDDS", Example: "GDDS", Optional: true},
		},
	},
	{
		Type: "unionpay", Label: "UnionPay (any currency)", Help: "UnionPay International's merchant code (EMV tag 15), from your acquirer.",
		Before: []fieldSpec{
			{Key: "acquirer_iin", Title: "Acquirer IIN", Help: "8 digits", Example: "37210116"},
			{Key: "forwarding_iin", Title: "Forwarding IIN", Help: "optional, 8 digits; the acquirer's if empty", Example: "37210116", Optional: true},
			{Key: "merchant_id", Title: "Merchant id", Help: "15 characters", Example: "0123456789ABCDE"},
		},
	},
	{
		Type: "static", Label: "A code you already have (printed QR, Alipay or WeChat Pay collection code)",
		Help: "An EMV static code becomes dynamic per sale; a signed or non-EMV code is shown as printed.",
		Before: []fieldSpec{
			{Key: "payload", Title: "The code's text", Help: "scan your printed code with a QR reader app and paste its text", Example: "https://qr.alipay.com/fkx12345abcdefghijklmn"},
		},
	},
	{
		Type: "emv", Label: "Other EMV wallet (Alipay+, GrabPay, a bank's app…)", Help: "A merchant account template: the wallet gives you the tag, GUID and merchant id.",
		Before: []fieldSpec{
			{Key: "tag", Title: "Tag", Help: "26 to 51 for a template, 02 to 25 for a card network", Example: "26", Kind: number},
			{Key: "guid", Title: "GUID", Help: "the network's id (not for tags 02–25)", Example: "COM.EXAMPLE.WALLET", Optional: true},
			{Key: "merchant_id", Title: "Merchant id", Help: "your id at this network", Example: "M-000123"},
		},
	},
}

// specFor returns the spec of a scheme type.
func specFor(typ string) (typeSpec, bool) {
	for _, s := range specs {
		if s.Type == typ {
			return s, true
		}
	}
	return typeSpec{}, false
}

// fields returns the fields asked for a target, named by its first key
// ("" or an unknown key for none), in the order the form asks them.
func (s typeSpec) fields(target string) []fieldSpec {
	out := append([]fieldSpec(nil), s.Before...)
	for _, t := range s.Targets {
		if t.Fields[0].Key == target {
			out = append(out, t.Fields...)
		}
	}
	return append(out, s.After...)
}

// firstTarget is the key of the type's first target ("" when it has none).
func (s typeSpec) firstTarget() string {
	if len(s.Targets) == 0 {
		return ""
	}
	return s.Targets[0].Fields[0].Key
}

// knows reports whether key is one the form asks for (in any target).
func (s typeSpec) knows(key string) bool {
	if key == "type" || key == "name" {
		return true
	}
	for _, f := range s.fields("") {
		if f.Key == key {
			return true
		}
	}
	for _, t := range s.Targets {
		for _, f := range t.Fields {
			if f.Key == key {
				return true
			}
		}
	}
	return false
}

// sample is a valid entry of the type built from the examples, for
// learning what the scheme requires before the merchant types anything.
func (s typeSpec) sample() map[string]any {
	e := map[string]any{"type": s.Type}
	for _, f := range s.fields(s.firstTarget()) {
		if v, err := f.value(locale.Locale{}, f.Example); err == nil && f.Kind != boolean {
			e[f.Key] = v
		}
	}
	return e
}

// requires returns the currency and country the scheme type works in
// ("" for any), asking the scheme itself through a sample entry.
func (s typeSpec) requires() (currency, country string) {
	sc, err := scheme.New(0, s.sample())
	if err != nil {
		return "", ""
	}
	if b, ok := sc.(interface{ Requires() (string, string) }); ok {
		return b.Requires()
	}
	return "", ""
}

// value converts what was typed to the TOML value of the field.
func (f fieldSpec) value(l locale.Locale, typed string) (any, error) {
	typed = strings.TrimSpace(typed)
	switch f.Kind {
	case number:
		n, err := strconv.ParseInt(typed, 10, 64)
		if err != nil {
			return nil, errors.New(l.T("%s: %q is not a whole number", l.Text(f.Title), typed))
		}
		return n, nil
	case boolean:
		return typed == "true", nil
	}
	return typed, nil
}

// keyError turns an error of scheme.New into one for the form when it is
// about key: "IBAN: wrong check digit…". It returns nil when the error is
// about another key (a field further down that is not filled in yet).
func keyError(err error, index int, entry map[string]any, key, title string) error {
	if err == nil {
		return nil
	}
	name, _ := entry["name"].(string)
	if name == "" {
		name, _ = entry["type"].(string)
	}
	// scheme.Params writes "schemes[i] (name): key: rule".
	prefix := fmt.Sprintf("schemes[%d] (%s): %s: ", index, name, key)
	msg := err.Error()
	if !strings.HasPrefix(msg, prefix) {
		return nil
	}
	return fmt.Errorf("%s: %s", title, strings.TrimPrefix(msg, prefix))
}

// schemeNew validates an entry with the scheme's own rules.
func schemeNew(index int, entry map[string]any) error {
	_, err := scheme.New(index, entry)
	return err
}
