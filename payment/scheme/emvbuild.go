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

// BuildEMV merges EMV-family schemes into one dynamic merchant-presented
// payload: point of initiation 12, the amount, every scheme's merchant
// account templates, the merchant's name and city folded to ASCII, the
// reference wherever a scheme has a field for it, and the CRC.
func BuildEMV(m payment.Merchant, schemes []EMV, c Charge) (Code, error) {
	amount := c.Amount.Decimal()
	if len(amount) > 13 {
		return Code{}, fmt.Errorf("amount %s does not fit an EMV code (at most 13 characters)", amount)
	}
	var accounts []emv.DataObject
	var additional []emv.DataObject
	var names, labels []string
	seenTag := map[string]string{}
	for _, sc := range schemes {
		objs, err := sc.Accounts(c)
		if err != nil {
			return Code{}, fmt.Errorf("%s: %w", sc.Name(), err)
		}
		for _, o := range objs {
			if other, dup := seenTag[o.ID]; dup {
				return Code{}, fmt.Errorf("schemes %s and %s both use EMV tag %s; give one of them another tag", other, sc.Name(), o.ID)
			}
			seenTag[o.ID] = sc.Name()
			accounts = append(accounts, o)
		}
		additional = mergeAdditional(additional, sc.Additional(c))
		names = append(names, sc.Name())
		labels = append(labels, label(sc))
	}
	// Merchant account information in tag order, as wallets list them.
	sort.SliceStable(accounts, func(i, j int) bool { return accounts[i].ID < accounts[j].ID })

	name, err := FoldField("merchant.name", m.Name, maxName)
	if err != nil {
		return Code{}, err
	}
	city, err := FoldField("merchant.city", m.City, maxCity)
	if err != nil {
		return Code{}, err
	}
	mcc := m.MCC
	if mcc == "" {
		mcc = "0000"
	}
	objs := []emv.DataObject{
		emv.Object("00", "01"),
		emv.Object("01", "12"),
	}
	objs = append(objs, accounts...)
	objs = append(objs,
		emv.Object("52", mcc),
		emv.Object("53", m.Currency.Numeric),
		emv.Object("54", amount),
		emv.Object("58", m.Country),
		emv.Object("59", name),
		emv.Object("60", city),
		emv.Object("61", m.PostalCode),
	)
	if len(additional) > 0 {
		t, err := emv.Template("62", additional...)
		if err != nil {
			return Code{}, err
		}
		objs = append(objs, t)
	}
	if m.LocalName != "" && m.Language != "" {
		t, err := emv.Template("64",
			emv.Object("00", strings.ToUpper(m.Language)),
			emv.Object("01", truncateRunes(m.LocalName, maxName)),
			emv.Object("02", truncateRunes(m.LocalCity, maxCity)))
		if err != nil {
			return Code{}, err
		}
		objs = append(objs, t)
	}
	p, err := emv.Payload(objs...)
	if err != nil {
		return Code{}, err
	}
	return Code{Label: strings.Join(labels, " + "), Format: "emv", Schemes: names, Payload: p}, nil
}

// mergeAdditional adds sub-objects of tag 62, keeping the first value of a
// sub-ID: two schemes that both put the reference in 05 share one field.
func mergeAdditional(have, add []emv.DataObject) []emv.DataObject {
	for _, o := range add {
		if _, dup := emv.Find(have, o.ID); !dup && o.Value != "" {
			have = append(have, o)
		}
	}
	sort.SliceStable(have, func(i, j int) bool { return have[i].ID < have[j].ID })
	return have
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}
