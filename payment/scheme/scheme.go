// Package scheme turns an order into payment codes: the payloads of the
// QR rails a merchant has configured (EMV merchant-presented codes with
// their national profiles, UPI links, SEPA GiroCodes).
//
// EMV-family schemes are merged into one code carrying all their merchant
// account templates, so one QR serves several wallets, as SGQR does. Other
// formats get a code of their own.
package scheme

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/emv"
)

// Scheme is one configured way of getting paid.
type Scheme interface {
	// Name is the scheme's name in the configuration, unique per merchant
	// (it defaults to the type). `till charge --scheme NAME` uses it.
	Name() string
	// Type is the scheme type as written in the configuration: "emv", "pix"...
	Type() string
}

// EMV is a scheme of the EMV merchant-presented family. Several of them
// merge into one payload.
type EMV interface {
	Scheme
	// Requires names the currency and country the rail works in ("" when
	// any will do); merging schemes that disagree is a configuration error.
	Requires() (currency, country string)
	// Accounts returns the scheme's root data objects for a charge: its
	// merchant account information (a template in 26–51 or a primitive in
	// 02–25) and any other root objects it owns.
	Accounts(c Charge) ([]emv.DataObject, error)
	// Additional returns the sub-objects of tag 62 (additional data) the
	// scheme fills for a charge, typically the reference label (05) or the
	// bill number (01).
	Additional(c Charge) []emv.DataObject
}

// Standalone is a scheme with a payload format of its own (UPI, EPC).
// Those that work in one currency only also have Requires, like EMV
// schemes, and Set.Validate checks it.
type Standalone interface {
	Scheme
	// Format names the payload format: "upi", "epc".
	Format() string
	Payload(m payment.Merchant, c Charge) (string, error)
}

// Charge is what one code asks for.
type Charge struct {
	Amount  payment.Amount
	Ref     payment.Reference
	Expires time.Time // zero when the code does not expire
	Created time.Time // when the order was made; zero for now (KHQR writes it)
}

// Code is one payment code to show: the payload a QR carries and which
// configured schemes it serves.
type Code struct {
	Label   string   // for the pay screen: "PIX + Demo Wallet", "UPI"
	Format  string   // "emv", "upi", "epc", or "static" for a printed code shown as it is
	Schemes []string // the names of the schemes this code serves
	Payload string
}

// Set is a merchant with their configured schemes.
type Set struct {
	Merchant payment.Merchant
	Schemes  []Scheme
}

// Validate checks that the schemes can work together for this merchant:
// unique names, schemes that agree with each other and with the merchant
// on currency and country, and EMV schemes that fit into one code (no two
// templates on one tag, no clash in the additional data). It builds a
// sample code for that, so a configuration that passes can always be
// charged.
func (s Set) Validate() error {
	if len(s.Schemes) == 0 {
		return errors.New("no payment scheme is configured: add at least one [[schemes]] entry")
	}
	names := map[string]bool{}
	for i, sc := range s.Schemes {
		if names[sc.Name()] {
			return fmt.Errorf("schemes[%d]: name %q is used twice; give each scheme its own name", i, sc.Name())
		}
		names[sc.Name()] = true
	}
	// Schemes against each other first: "pix and promptpay disagree" says
	// more than "promptpay disagrees with the merchant".
	for i := range s.Schemes {
		if err := s.agree(i, false); err != nil {
			return err
		}
	}
	for i := range s.Schemes {
		if err := s.agree(i, true); err != nil {
			return err
		}
	}
	sample := Charge{Amount: payment.Amount{Minor: 1, Currency: s.Merchant.Currency}, Ref: sampleReference, Expires: time.Now().Add(time.Hour)}
	if _, err := s.Codes(sample); err != nil {
		return err
	}
	return nil
}

// bound is a scheme that works in one currency or country only.
type bound interface {
	Requires() (currency, country string)
}

// agree checks scheme i against the schemes before it, or against the
// merchant. Two rails in different currencies cannot serve one till,
// which charges in merchant.currency; naming the other scheme makes that
// plain.
func (s Set) agree(i int, merchant bool) error {
	sc := s.Schemes[i]
	b, ok := sc.(bound)
	if !ok {
		return nil
	}
	cur, country := b.Requires()
	if merchant {
		if cur != "" && cur != s.Merchant.Currency.Code {
			return fmt.Errorf("schemes[%d] (%s): %s pays in %s only, but merchant.currency is %s", i, sc.Name(), sc.Type(), cur, s.Merchant.Currency.Code)
		}
		if country != "" && country != s.Merchant.Country {
			return fmt.Errorf("schemes[%d] (%s): %s works in country %s only, but merchant.country is %s", i, sc.Name(), sc.Type(), country, s.Merchant.Country)
		}
		return nil
	}
	for j, other := range s.Schemes[:i] {
		ob, ok := other.(bound)
		if !ok {
			continue
		}
		oc, ok2 := ob.Requires()
		if cur != "" && oc != "" && cur != oc {
			return fmt.Errorf("schemes[%d] (%s) pays in %s but schemes[%d] (%s) pays in %s; one till charges in one currency, so configure only schemes for %s", i, sc.Name(), cur, j, other.Name(), oc, s.Merchant.Currency.Code)
		}
		if country != "" && ok2 != "" && country != ok2 {
			return fmt.Errorf("schemes[%d] (%s) works in country %s but schemes[%d] (%s) works in %s; they cannot serve one merchant", i, sc.Name(), country, j, other.Name(), ok2)
		}
	}
	return nil
}

// sampleReference is a valid reference for trial builds.
var sampleReference = func() payment.Reference {
	for _, c := range payment.ReferenceAlphabet {
		if r, err := payment.ParseReference("SAMPLE2" + string(c)); err == nil {
			return r
		}
	}
	panic("scheme: no check character completes the sample reference")
}()

// Only returns the set restricted to the scheme called name.
func (s Set) Only(name string) (Set, error) {
	var names []string
	for _, sc := range s.Schemes {
		if sc.Name() == name {
			return Set{Merchant: s.Merchant, Schemes: []Scheme{sc}}, nil
		}
		names = append(names, sc.Name())
	}
	return Set{}, fmt.Errorf("no scheme is called %q; configured: %s", name, strings.Join(names, ", "))
}

// Codes builds the payment codes for a charge: one merged EMV code for all
// EMV-family schemes (if any), then one code per standalone scheme, in
// configuration order.
func (s Set) Codes(c Charge) ([]Code, error) {
	if c.Amount.Currency != s.Merchant.Currency {
		return nil, fmt.Errorf("the charge is in %s but the merchant charges in %s", c.Amount.Currency.Code, s.Merchant.Currency.Code)
	}
	var emvs []EMV
	var out []Code
	for _, sc := range s.Schemes {
		if e, ok := sc.(EMV); ok {
			emvs = append(emvs, e)
		}
	}
	if len(emvs) > 0 {
		code, err := BuildEMV(s.Merchant, emvs, c)
		if err != nil {
			return nil, err
		}
		out = append(out, code)
	}
	for _, sc := range s.Schemes {
		st, ok := sc.(Standalone)
		if !ok {
			continue
		}
		p, err := st.Payload(s.Merchant, c)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sc.Name(), err)
		}
		lbl := label(sc)
		if h, ok := sc.(interface{ Hint() string }); ok && h.Hint() != "" {
			lbl += ": " + h.Hint()
		}
		out = append(out, Code{Label: lbl, Format: st.Format(), Schemes: []string{sc.Name()}, Payload: p})
	}
	return out, nil
}

func label(sc Scheme) string {
	if n := sc.Name(); n != sc.Type() {
		return n
	}
	return strings.ToUpper(sc.Type())
}
