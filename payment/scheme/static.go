package scheme

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/emv"
)

// Static is a code the merchant already has: a printed EMV static code, an
// Alipay or WeChat Pay collection-code URL, a UnionPay code. An EMV static
// code whose scheme allows it becomes a dynamic code for each sale: point
// of initiation 12, the amount in 54, the order's reference in 62-05 and a
// new CRC (and, for KHQR, the sale's creation and expiry time in tag 99),
// everything else exactly as printed. A code that carries a
// signature (DuitNow's tag 82, any raw value in 80–99) or is not EMV at all
// is shown as it is: the customer types the amount, which the pay screen
// shows in large digits, and the reference as a note. Such orders are
// matched from the provider's bill by amount and time.
type Static struct {
	named
	Code     string
	AsIs     string // why the code is shown as printed; "" when it is made dynamic
	currency string // from tag 53 of an EMV code
	country  string // from tag 58
}

func init() { register("static", newStatic) }

func newStatic(p *Params) (Scheme, error) {
	x := &Static{named: named{p.Name(), "static"}}
	var err error
	if x.Code, err = p.Required("payload", "the text of your printed code, as a QR reader shows it"); err != nil {
		return nil, err
	}
	if len(x.Code) > 2953 {
		return nil, p.Errorf("payload", "is %d bytes, more than any QR code holds (2953)", len(x.Code))
	}
	for _, r := range x.Code {
		if unicode.IsControl(r) && r != '\n' || r == unicode.ReplacementChar {
			return nil, p.Errorf("payload", "has a control character (%U); paste the code's text exactly, without line breaks around it", r)
		}
	}
	if !isEMVText(x.Code) {
		x.AsIs = "it is not an EMV code"
		return x, nil
	}
	in := emv.Inspect(x.Code)
	if !in.Valid() {
		e := in.Errors[0]
		return nil, p.Errorf("payload", "the code does not read as an EMV code (%s %s); check that it was copied whole", e.Tag, e.Rule)
	}
	poi, _ := in.Find("01")
	if poi.Value == "12" {
		return nil, p.Errorf("payload", "is a dynamic code (point of initiation 12), made for one sale; use the merchant's static code")
	}
	if num, ok := in.Find("53"); ok {
		c, known := payment.CurrencyByNumeric(num.Value)
		if !known {
			return nil, p.Errorf("payload", "its currency (tag 53) %s is not an active ISO 4217 code", num.Value)
		}
		x.currency = c.Code
	}
	country, _ := in.Find("58")
	x.country = country.Value
	if amount, ok := in.Find("54"); ok && emv.CheckAmount(amount.Value) == nil {
		return nil, p.Errorf("payload", "already asks for %s; use a code without an amount", amount.Value)
	}
	for _, f := range in.Fields {
		if n, _ := strconv.Atoi(f.ID); n >= 80 && f.Children == nil {
			x.AsIs = fmt.Sprintf("it carries a signature in tag %s that any change would break", f.ID)
			if n == 82 {
				x.AsIs = "it carries PayNet's signature (tag 82), which any change would break"
			}
		}
	}
	return x, nil
}

// isEMVText reports whether s looks like an EMV payload (0002 and digits).
func isEMVText(s string) bool {
	return len(s) >= 4 && s[:4] == "0002"
}

// Requires: an EMV code's own currency and country; nothing for others.
func (x *Static) Requires() (string, string) { return x.currency, x.country }

// Format is "emv" for a code made dynamic, "static" for one shown as is.
func (x *Static) Format() string {
	if x.AsIs != "" {
		return "static"
	}
	return "emv"
}

// Payload returns the code for a charge.
func (x *Static) Payload(_ payment.Merchant, c Charge) (string, error) {
	if x.AsIs != "" {
		return x.Code, nil
	}
	return Dynamic(x.Code, c)
}

// Dynamic turns a static EMV payload into the code of one charge: point of
// initiation 12, the amount in 54 (placed after 53), the reference in
// 62-05 (replacing what the printed code had there), the other objects as
// they were, and a new CRC.
//
// It is better whole: it is one pass over the printed code's objects that
// rewrites some in place (01, 54 after 53, 62, and 99 for KHQR) while
// keeping the others in their order; pieces would have to share that
// pass and its flags.
func Dynamic(static string, c Charge) (string, error) {
	objs, err := emv.Parse(static)
	if err != nil {
		return "", fmt.Errorf("the merchant's code: %w", err)
	}
	amount := ""
	if c.Amount.Minor > 0 {
		amount = c.Amount.Decimal()
		if err := emv.CheckAmount(amount); err != nil {
			return "", fmt.Errorf("amount %s does not fit an EMV code: it %w", amount, err)
		}
	}
	var out []emv.DataObject
	hasAdditional := false
	khqr := amount != "" && isKHQR(objs)
	for _, o := range objs {
		if khqr && o.ID == "99" {
			continue // replaced by this sale's timestamps below
		}
		switch o.ID {
		case "01":
			if amount != "" {
				o.Value = "12"
			}
		case "54", "63":
			continue
		case "62":
			hasAdditional = true
			if o, err = withReference(o, c.Ref); err != nil {
				return "", err
			}
		}
		out = append(out, o)
		if o.ID == "00" && amount != "" && !hasPOIIn(objs) {
			out = append(out, emv.Object("01", "12"))
		}
		if o.ID == "53" {
			out = append(out, emv.Object("54", amount))
		}
	}
	if !hasAdditional {
		t, err := emv.Template("62", emv.Object("05", string(c.Ref)))
		if err != nil {
			return "", err
		}
		out = append(out, t)
	}
	if khqr {
		// KHQR wallets refuse a code with an amount but no creation and
		// expiry time (template 99, milliseconds), as till's own builder writes.
		created := c.Created
		if created.IsZero() {
			created = time.Now()
		}
		if !c.Expires.After(created) {
			return "", fmt.Errorf("a KHQR code with an amount needs an expiry after its creation")
		}
		t, err := emv.Template("99", emv.Object("00", millis(created)), emv.Object("01", millis(c.Expires)))
		if err != nil {
			return "", err
		}
		out = append(out, t)
	}
	return emv.Payload(out...)
}

// isKHQR reports whether a payload's objects are a Bakong KHQR code:
// country KH and an account template 29 or 30 whose id is name@bank.
func isKHQR(objs []emv.DataObject) bool {
	if country, _ := emv.Find(objs, "58"); country != "KH" {
		return false
	}
	for _, id := range []string{"29", "30"} {
		v, ok := emv.Find(objs, id)
		if !ok {
			continue
		}
		if subs, err := emv.Parse(v); err == nil {
			if g, _ := emv.Find(subs, "00"); strings.Contains(g, "@") {
				return true
			}
		}
	}
	return false
}

// withReference sets 62-05 of an additional data template to ref.
func withReference(t emv.DataObject, ref payment.Reference) (emv.DataObject, error) {
	subs, err := emv.Parse(t.Value)
	if err != nil {
		return t, fmt.Errorf("the merchant's code: its additional data (tag 62): %w", err)
	}
	placed := false
	for i := range subs {
		if subs[i].ID == "05" {
			subs[i].Value, placed = string(ref), true
		}
	}
	if !placed {
		subs = append(subs, emv.Object("05", string(ref)))
	}
	return emv.Template("62", subs...)
}

// Hint is what the pay screen says beside a code shown as printed: the
// customer types the reference as the payment's note (and the amount,
// which the screen shows in large digits). It is short so that it fits
// the panel of an 80-column screen.
func (x *Static) Hint() string {
	if x.AsIs == "" {
		return ""
	}
	return "ref as note"
}

func hasPOIIn(objs []emv.DataObject) bool {
	_, ok := emv.Find(objs, "01")
	return ok
}
