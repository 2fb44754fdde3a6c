package scheme

import (
	"fmt"
	"sort"
	"strings"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/emv"
)

// Root field limits of EMV MPM (table 3.6).
const (
	maxName = 25
	maxCity = 15
)

// compact is implemented by schemes whose wallets accept codes without a
// merchant category, name and city (tags 52, 59, 60), as PromptPay and
// VietQR personal codes are printed. A code made only of such schemes
// leaves them out: fewer characters, a smaller QR.
type compact interface{ omitsMerchantInfo() bool }

// BuildEMV merges EMV-family schemes into one merchant-presented payload:
// the point of initiation (12, dynamic, for an amount; 11 for a code
// without one), the amount, every scheme's merchant account templates in
// tag order, the merchant's name and city folded to ASCII, the reference
// wherever a scheme has a field for it, the local-language template and
// the CRC. Two schemes on one tag, or asking different values of one
// additional-data field, are refused with both names.
func BuildEMV(m payment.Merchant, schemes []EMV, c Charge) (Code, error) {
	if len(schemes) == 0 {
		return Code{}, fmt.Errorf("no EMV scheme to build a code from")
	}
	if c.Amount.Minor < 0 {
		return Code{}, fmt.Errorf("amount %s is negative; a payment code asks for a positive amount", c.Amount.Decimal())
	}
	var amount string
	if c.Amount.Minor > 0 {
		amount = c.Amount.Decimal()
		if err := emv.CheckAmount(amount); err != nil {
			return Code{}, fmt.Errorf("amount %s does not fit an EMV code: it %w", amount, err)
		}
	}
	var accounts, additional []emv.DataObject
	var names, labels []string
	tagOwner := map[string]string{}
	subOwner := map[string]string{}
	short := true
	for _, sc := range schemes {
		objs, err := sc.Accounts(c)
		if err != nil {
			return Code{}, fmt.Errorf("%s: %w", sc.Name(), err)
		}
		for _, o := range objs {
			if other, dup := tagOwner[o.ID]; dup {
				return Code{}, fmt.Errorf("schemes %s and %s both use EMV tag %s; give one of them another tag (26 to 51)", other, sc.Name(), o.ID)
			}
			tagOwner[o.ID] = sc.Name()
			accounts = append(accounts, o)
		}
		if additional, err = mergeAdditional(additional, sc.Additional(c), subOwner, sc.Name()); err != nil {
			return Code{}, err
		}
		names = append(names, sc.Name())
		labels = append(labels, label(sc))
		if cp, ok := sc.(compact); !ok || !cp.omitsMerchantInfo() {
			short = false
		}
	}
	// Merchant account information in tag order, as wallets list them.
	sort.SliceStable(accounts, func(i, j int) bool { return accounts[i].ID < accounts[j].ID })

	poi := "11"
	if amount != "" {
		poi = "12"
	}
	objs := []emv.DataObject{emv.Object("00", "01"), emv.Object("01", poi)}
	objs = append(objs, accounts...)
	tail, err := merchantObjects(m, amount, short)
	if err != nil {
		return Code{}, err
	}
	objs = append(objs, tail...)
	if len(additional) > 0 {
		t, err := emv.Template("62", additional...)
		if err != nil {
			return Code{}, fmt.Errorf("the additional data (tag 62) of %s: %w", strings.Join(names, " and "), err)
		}
		objs = append(objs, t)
	}
	if lang := languageTemplate(m); lang != nil {
		t, err := emv.Template("64", lang...)
		if err != nil {
			return Code{}, fmt.Errorf("merchant.local_name: %w", err)
		}
		objs = append(objs, t)
	}
	p, err := emv.Payload(objs...)
	if err != nil {
		return Code{}, err
	}
	return Code{Label: strings.Join(labels, " + "), Format: "emv", Schemes: names, Payload: p}, nil
}

// merchantObjects are the root objects 52 to 61 in tag order: the category
// code, currency, amount (left out when empty), country, and the name,
// city and postal code folded to ASCII. A short code (only schemes that
// omit merchant information) has no 52, 59, 60 or 61.
func merchantObjects(m payment.Merchant, amount string, short bool) ([]emv.DataObject, error) {
	var objs []emv.DataObject
	if !short {
		mcc := m.MCC
		if mcc == "" {
			mcc = "0000"
		}
		objs = append(objs, emv.Object("52", mcc))
	}
	objs = append(objs,
		emv.Object("53", m.Currency.Numeric),
		emv.Object("54", amount),
		emv.Object("58", m.Country))
	if !short {
		name, err := FoldField("merchant.name", m.Name, maxName)
		if err != nil {
			return nil, err
		}
		city, err := FoldField("merchant.city", m.City, maxCity)
		if err != nil {
			return nil, err
		}
		objs = append(objs,
			emv.Object("59", name),
			emv.Object("60", city),
			emv.Object("61", cut(Fold(m.PostalCode), 10)))
	}
	return objs, nil
}

// languageTemplate is tag 64: the merchant's name (and city) in a local
// script, which root fields cannot carry because they are ASCII only.
func languageTemplate(m payment.Merchant) []emv.DataObject {
	name := truncateRunes(m.LocalName, maxName)
	if name == "" || len(m.Language) != 2 {
		return nil
	}
	return []emv.DataObject{
		emv.Object("00", strings.ToUpper(m.Language)),
		emv.Object("01", name),
		emv.Object("02", truncateRunes(m.LocalCity, maxCity)),
	}
}

// mergeAdditional adds sub-objects of tag 62. Two schemes that put the
// same value in one sub-ID (the reference in 05) share the field; two that
// want different values cannot both be served by one code.
func mergeAdditional(have, add []emv.DataObject, owner map[string]string, name string) ([]emv.DataObject, error) {
	for _, o := range add {
		if o.Value == "" {
			continue
		}
		if v, dup := emv.Find(have, o.ID); dup {
			if v != o.Value {
				return nil, fmt.Errorf("schemes %s and %s both need additional data field 62-%s, with different values (%q and %q); they cannot share one code", owner[o.ID], name, o.ID, v, o.Value)
			}
			continue
		}
		owner[o.ID] = name
		have = append(have, o)
	}
	sort.SliceStable(have, func(i, j int) bool { return have[i].ID < have[j].ID })
	return have, nil
}
