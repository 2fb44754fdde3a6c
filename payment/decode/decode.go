// Package decode inspects any payment payload till knows: EMV
// merchant-presented codes with their national profiles (Pix, PromptPay,
// PayNow/SGQR, DuitNow, QRIS, QR Ph, VietQR, KHQR, UnionPay...), UPI links and SEPA
// GiroCodes. It says what the code asks for (scheme, amount, reference,
// merchant) and everything that is wrong with it, for `till decode` and
// for tests that check what till itself prints.
//
// It is strict on structure and tolerant on profile: a bad CRC, broken
// TLV, a duplicate tag or a malformed amount make a code invalid, but the
// shortcuts real national codes take (no merchant name in a PromptPay
// code, payload format 02 and PayNet's signature in tag 82 in DuitNow,
// long names, amount 00.00) are warnings. testdata/corpus.tsv holds the
// real published codes this is measured against.
package decode

import (
	"strings"
)

// Report is what Decode finds. Its JSON form is what `till decode --json`
// prints; the field names are part of till's documented interface.
type Report struct {
	Valid        bool     `json:"valid"`
	Format       string   `json:"format"`  // "emv", "upi", "epc" or "unknown"
	Schemes      []string `json:"schemes"` // profiles found: "pix", "paynow", "generic:<GUID>"...
	Amount       string   `json:"amount"`  // decimal text as written, or ""
	Currency     string   `json:"currency"`
	Reference    string   `json:"reference"` // txid, ref1, bill number, tr, RF reference...
	MerchantName string   `json:"merchant_name"`
	MerchantCity string   `json:"merchant_city"`
	Fields       []Field  `json:"fields"`
	Errors       []Issue  `json:"errors"`
	Warnings     []Issue  `json:"warnings"`
}

// Field is one node of the payload's tree: an EMV data object (tag "62",
// children "05"...), a UPI parameter ("pa") or a GiroCode line ("7").
type Field struct {
	Tag      string  `json:"tag"`
	Name     string  `json:"name"`
	Value    string  `json:"value"`
	Children []Field `json:"children"`
}

// Issue is one problem: the tag (EMV path such as "62-05", UPI parameter,
// GiroCode line number, or "" for the payload as a whole) and the rule it
// breaks, as a sentence.
type Issue struct {
	Tag  string `json:"tag"`
	Rule string `json:"rule"`
}

// Decode inspects a payload. White space around a payload that is
// otherwise recognised (a copied code with a line break, spaces from a
// document) is left out with a warning, since a stray line break in the
// code itself is a reason some wallets refuse it; inside, nothing is
// changed.
func Decode(payload string) Report {
	// A GiroCode's line breaks are its structure (its trailing empty
	// lines are a rule of their own): only EMV and UPI are trimmed.
	if trimmed := strings.TrimSpace(payload); trimmed != payload && (detect(trimmed) == "emv" || detect(trimmed) == "upi") {
		r := decode(trimmed)
		r.Warnings = append([]Issue{{"", "the payload had white space around it: it was read without it, but a QR code must not carry it"}}, r.Warnings...)
		return r
	}
	return decode(payload)
}

func decode(payload string) Report {
	var r Report
	switch detect(payload) {
	case "emv":
		r = decodeEMV(payload)
	case "upi":
		r = decodeUPI(payload)
	case "epc":
		r = decodeEPC(payload)
	default:
		r = Report{Format: "unknown", Errors: []Issue{{"", unknownRule(payload)}}}
	}
	return r.finish()
}

// detect tells the format from the first characters.
func detect(p string) string {
	switch {
	case len(p) >= 4 && allDigits(p[:4]):
		return "emv"
	case len(p) >= 4 && strings.EqualFold(p[:4], "upi:"):
		return "upi"
	case strings.HasPrefix(p, "BCD\n") || strings.HasPrefix(p, "BCD\r\n"):
		return "epc"
	}
	return "unknown"
}

func unknownRule(p string) string {
	const known = "till reads EMV merchant-presented codes (starting 0002), upi://pay links and SEPA GiroCodes (starting BCD)"
	lower := strings.ToLower(p)
	switch {
	case strings.TrimSpace(p) == "":
		return "the payload is empty"
	case strings.HasPrefix(lower, "bitcoin:"):
		return "this is a Bitcoin (BIP21) URI, not a payment code till supports; " + known
	case strings.HasPrefix(p, "SPC\n") || strings.HasPrefix(p, "SPC\r\n"):
		return "this is a Swiss QR-bill, not a payment code till supports; " + known
	case strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://"):
		return "this is a web address, not a payment code; " + known
	}
	return "not a payment code till recognises: " + known
}

// finish makes every list non-nil (JSON [] rather than null), removes
// repeated schemes and sets Valid.
func (r Report) finish() Report {
	if r.Schemes == nil {
		r.Schemes = []string{}
	}
	if r.Fields == nil {
		r.Fields = []Field{}
	}
	r.Fields = nonNilChildren(r.Fields)
	if r.Errors == nil {
		r.Errors = []Issue{}
	}
	if r.Warnings == nil {
		r.Warnings = []Issue{}
	}
	r.Valid = len(r.Errors) == 0
	return r
}

func nonNilChildren(fs []Field) []Field {
	for i := range fs {
		if fs[i].Children == nil {
			fs[i].Children = []Field{}
		} else {
			fs[i].Children = nonNilChildren(fs[i].Children)
		}
	}
	return fs
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
