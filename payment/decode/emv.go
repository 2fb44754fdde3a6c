package decode

import (
	"fmt"
	"strings"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/emv"
)

// emvDoc is an EMV payload under inspection: the structural verdict, the
// report being filled and the tree with names.
type emvDoc struct {
	r       *Report
	root    []emv.Field
	fields  []Field
	schemes map[string]bool
}

func (d *emvDoc) errorf(tag, format string, args ...any) {
	d.r.Errors = append(d.r.Errors, Issue{tag, fmt.Sprintf(format, args...)})
}

func (d *emvDoc) warnf(tag, format string, args ...any) {
	d.r.Warnings = append(d.r.Warnings, Issue{tag, fmt.Sprintf(format, args...)})
}

// promote turns the structural warnings on tag into errors: a profile that
// requires what EMV merely recommends (Pix and ASCII names, for example).
func (d *emvDoc) promote(tag, why string) {
	kept := d.r.Warnings[:0]
	for _, w := range d.r.Warnings {
		if w.Tag == tag {
			d.r.Errors = append(d.r.Errors, Issue{w.Tag, w.Rule + " (" + why + ")"})
			continue
		}
		kept = append(kept, w)
	}
	d.r.Warnings = kept
}

// value returns the value at path in the parsed tree.
func (d *emvDoc) value(path ...string) (string, bool) {
	f, ok := emv.FindField(d.root, path...)
	return f.Value, ok
}

// node returns the named tree node at path, for profiles to name their
// sub-fields.
func (d *emvDoc) node(path ...string) *Field {
	fs := d.fields
	for i, id := range path {
		found := false
		for j := range fs {
			if fs[j].Tag == id {
				if i == len(path)-1 {
					return &fs[j]
				}
				fs, found = fs[j].Children, true
				break
			}
		}
		if !found {
			return nil
		}
	}
	return nil
}

func (d *emvDoc) addScheme(name string) {
	if !d.schemes[name] {
		d.schemes[name] = true
		d.r.Schemes = append(d.r.Schemes, name)
	}
}

func decodeEMV(payload string) Report {
	in := emv.Inspect(payload)
	r := Report{Format: "emv"}
	for _, e := range in.Errors {
		r.Errors = append(r.Errors, Issue(e))
	}
	for _, w := range in.Warnings {
		r.Warnings = append(r.Warnings, Issue(w))
	}
	d := &emvDoc{r: &r, root: in.Fields, fields: named(nil, in.Fields), schemes: map[string]bool{}}
	d.summary()
	d.profiles()
	r.Fields = d.fields
	return r
}

// named converts the parsed tree, naming each node from the specification.
func named(path []string, fs []emv.Field) []Field {
	out := make([]Field, 0, len(fs))
	for _, f := range fs {
		p := append(path[:len(path):len(path)], f.ID)
		n := Field{Tag: f.ID, Name: emv.Name(p...), Value: f.Value}
		if f.Children != nil {
			n.Children = named(p, f.Children)
		}
		out = append(out, n)
	}
	return out
}

// summary fills amount, currency, merchant and reference, and checks the
// amount against the currency's decimals.
func (d *emvDoc) summary() {
	r := d.r
	r.Amount, _ = d.value("54")
	r.MerchantName, _ = d.value("59")
	r.MerchantCity, _ = d.value("60")
	if num, ok := d.value("53"); ok && len(num) == 3 && allDigits(num) {
		if c, known := payment.CurrencyByNumeric(num); known {
			r.Currency = c.Code
			d.checkDecimals(c)
		} else {
			d.warnf("53", "%s is not an active ISO 4217 currency code", num)
		}
	}
	for _, path := range [][]string{{"62", "05"}, {"62", "01"}} {
		if v, ok := d.value(path...); ok && v != "***" {
			r.Reference = v
			break
		}
	}
}

// checkDecimals applies the "should" of 4.7.4: an amount's decimals match
// the currency's exponent (a JPY amount has none).
func (d *emvDoc) checkDecimals(c payment.Currency) {
	a := d.r.Amount
	if a == "" || emv.CheckAmount(a) != nil {
		return
	}
	_, frac, hasDot := strings.Cut(a, ".")
	if hasDot && frac != "" && len(frac) != c.Exponent {
		d.warnf("54", "amount %s has %d decimals but %s has %d; wallets may round it", a, len(frac), c.Code, c.Exponent)
	}
}

// requireMarket is a national profile's currency and country rule.
func (d *emvDoc) requireMarket(scheme, currency, country string) {
	if num, ok := d.value("53"); ok && allDigits(num) && len(num) == 3 && d.r.Currency != currency {
		d.errorf("53", "%s codes are in %s, but tag 53 says %s", scheme, currency, num)
	}
	if c, ok := d.value("58"); ok && c != country {
		d.errorf("58", "%s codes are for country %s, but tag 58 says %s", scheme, country, c)
	}
}
