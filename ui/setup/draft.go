package setup

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/scheme"
)

// PIN choices on the till step.
const (
	pinNone = "none"
	pinKeep = "keep"
	pinSet  = "set"
)

// draft is what has been typed so far. The form fields are bound to it by
// pointer, so it lives on the heap and is shared by every copy of Model.
type draft struct {
	merchant config.MerchantSection // only name, city, country, currency, mcc are typed

	schemes []schemeDraft
	cur     schemeDraft // the scheme being added or edited
	curAt   int         // its index in schemes; len(schemes) when it is new

	hub      string // the choice on the schemes overview
	pinMode  string
	pin      string
	pin2     string
	pinNow   string // the current PIN, to change or remove it
	expiry   string // minutes, as typed
	language string // [till] language, or LanguageSystem

	hadPIN bool // the configuration being edited has a PIN
}

// schemeDraft is one scheme as the form holds it.
type schemeDraft struct {
	Type   string
	Name   string
	Target string // the first key of the chosen target ("phone"), "" for types without
	Values map[string]string
	Bools  map[string]bool
	// Extra are keys of an edited entry that the form does not ask for
	// (an EMV template's extra fields, PayNow's tag); they are kept.
	Extra map[string]any
}

func newSchemeDraft(typ string) schemeDraft {
	return schemeDraft{Type: typ, Values: map[string]string{}, Bools: map[string]bool{}, Extra: map[string]any{}}
}

// newDraft starts from existing answers (empty on a first run).
func newDraft(a Answers, hadPIN bool) *draft {
	d := &draft{hadPIN: hadPIN, pinMode: pinNone}
	d.merchant = config.MerchantSection{Name: a.Name, City: a.City, Country: a.Country, Currency: a.Currency, MCC: a.MCC}
	if hadPIN {
		d.pinMode = pinKeep
	}
	if a.ExpiryMinutes > 0 {
		d.expiry = strconv.Itoa(a.ExpiryMinutes)
	}
	d.language = a.Language
	if d.language == "" {
		d.language = LanguageSystem
	}
	for _, e := range a.Schemes {
		d.schemes = append(d.schemes, draftOf(e))
	}
	return d
}

// draftOf splits an entry into what the form asks and what it keeps.
func draftOf(e map[string]any) schemeDraft {
	typ, _ := e["type"].(string)
	s := newSchemeDraft(typ)
	s.Name, _ = e["name"].(string)
	spec, ok := specFor(typ)
	s.Target = spec.firstTarget()
	for _, t := range spec.Targets {
		if _, has := e[t.Fields[0].Key]; has {
			s.Target = t.Fields[0].Key
		}
	}
	for k, v := range e {
		switch {
		case k == "type" || k == "name":
		case !ok || !spec.knows(k):
			s.Extra[k] = v
		default:
			if b, isBool := v.(bool); isBool {
				s.Bools[k] = b
			} else {
				s.Values[k] = fmt.Sprint(v)
			}
		}
	}
	return s
}

// name is the scheme's name as the till will know it.
func (s schemeDraft) name() string {
	if n := strings.TrimSpace(s.Name); n != "" {
		return n
	}
	return s.Type
}

// entry builds the [[schemes]] entry from the fields of the chosen target.
// Empty fields are left out, as an optional key that is not written.
func (s schemeDraft) entry() map[string]any {
	e := copyEntry(s.Extra)
	e["type"] = s.Type
	if n := strings.TrimSpace(s.Name); n != "" && n != s.Type {
		e["name"] = n
	}
	spec, _ := specFor(s.Type)
	for _, f := range spec.fields(s.Target) {
		switch f.Kind {
		case boolean:
			if s.Bools[f.Key] {
				e[f.Key] = true
			}
		default:
			if typed := strings.TrimSpace(s.Values[f.Key]); typed != "" {
				if v, err := f.value(locale.Locale{}, typed); err == nil {
					e[f.Key] = v
				}
			}
		}
	}
	return e
}

// summary is one line about the scheme for the overview and the preview.
func (s schemeDraft) summary(l locale.Locale) string {
	spec, _ := specFor(s.Type)
	var parts []string
	for _, f := range spec.fields(s.Target) {
		if v := strings.TrimSpace(s.Values[f.Key]); v != "" && !f.Optional {
			parts = append(parts, l.Text(f.Title)+" "+v)
		}
	}
	label := s.Type
	if s.name() != s.Type {
		label = s.name() + " (" + s.Type + ")"
	}
	if len(parts) == 0 {
		return label
	}
	return label + ": " + strings.Join(parts, ", ")
}

// answers turns the draft into Answers.
func (d *draft) answers() Answers {
	a := Answers{Name: d.merchant.Name, City: d.merchant.City, Country: d.merchant.Country,
		Currency: d.merchant.Currency, MCC: d.merchant.MCC}
	for _, s := range d.schemes {
		a.Schemes = append(a.Schemes, s.entry())
	}
	switch d.pinMode {
	case pinSet:
		a.PIN = d.pin
	case pinNone:
		a.RemovePIN = true
	}
	if d.pinMode != pinKeep {
		a.CurrentPIN = d.pinNow
	}
	// An empty field means what its placeholder shows: the default.
	a.ExpiryMinutes = int(config.DefaultExpiry / time.Minute)
	if n, err := strconv.Atoi(strings.TrimSpace(d.expiry)); err == nil {
		a.ExpiryMinutes = n
	}
	a.Language = d.language
	return a
}

// resolvedMerchant is the merchant typed so far, with the currency
// defaulted from the country.
func (d *draft) resolvedMerchant() (payment.Merchant, error) {
	m := d.merchant
	if strings.TrimSpace(m.Currency) == "" {
		m.Currency = config.DefaultCurrency(m.Country)
	}
	return config.ResolveMerchant(m)
}

// checkScheme validates the scheme being edited on its own and with the
// others, as the till will when it loads the file.
func (d *draft) checkScheme() error {
	m, err := d.resolvedMerchant()
	if err != nil {
		return err
	}
	set := scheme.Set{Merchant: m}
	for i := range max(len(d.schemes), d.curAt+1) {
		s := d.cur
		if i != d.curAt {
			s = d.schemes[i]
		}
		sc, err := scheme.New(i, s.entry())
		if err != nil {
			return err
		}
		set.Schemes = append(set.Schemes, sc)
	}
	return set.Validate()
}

// commitScheme stores the scheme being edited.
func (d *draft) commitScheme() {
	if d.curAt < len(d.schemes) {
		d.schemes[d.curAt] = d.cur
	} else {
		d.schemes = append(d.schemes, d.cur)
	}
}
