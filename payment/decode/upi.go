package decode

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/till-pos/till/payment/emv"
	"github.com/till-pos/till/payment/scheme"
)

// upiParams names the parameters of the NPCI UPI linking specification.
var upiParams = map[string]string{
	"pa": "Payee Address (VPA)", "pn": "Payee Name", "mc": "Merchant Category Code",
	"tid": "Transaction ID", "tr": "Transaction Reference", "tn": "Transaction Note",
	"am": "Amount", "mam": "Minimum Amount", "cu": "Currency", "url": "Reference URL",
	"mode": "Mode", "purpose": "Purpose", "orgid": "Organisation ID", "sign": "Signature",
}

// decodeUPI checks a upi://pay link and its parameters.
//
// It is better whole: after reading the query it checks the parameters one
// by one (pa, pn, am, mam, cu, mc, tr, url), each check a few lines next to
// its parameter; the count comes from their number, not from nesting.
func decodeUPI(payload string) Report {
	r := Report{Format: "upi", Schemes: []string{"upi"}}
	errorf := func(tag, format string, args ...any) {
		r.Errors = append(r.Errors, Issue{tag, fmt.Sprintf(format, args...)})
	}
	warnf := func(tag, format string, args ...any) {
		r.Warnings = append(r.Warnings, Issue{tag, fmt.Sprintf(format, args...)})
	}
	rest := payload[len("upi:"):]
	rest = strings.TrimPrefix(rest, "//")
	action, query, _ := strings.Cut(rest, "?")
	if !strings.EqualFold(action, "pay") {
		errorf("", "only upi://pay links ask for a payment; this one is upi://%s", action)
	}
	values := map[string]string{}
	for _, part := range strings.Split(query, "&") {
		if part == "" {
			continue
		}
		key, raw, _ := strings.Cut(part, "=")
		v, err := url.PathUnescape(raw)
		if err != nil {
			errorf(key, "the value %q is not properly percent-encoded", raw)
			v = raw
		}
		if strings.Contains(raw, "+") && (key == "pn" || key == "tn") {
			warnf(key, "'+' stands for itself in a UPI link; some apps show it literally, so a space is written %%20")
		}
		if _, dup := values[key]; dup {
			errorf(key, "parameter %s appears more than once", key)
			continue
		}
		values[key] = v
		r.Fields = append(r.Fields, Field{Tag: key, Name: upiParams[key], Value: v})
	}
	pa, ok := values["pa"]
	switch {
	case !ok:
		errorf("pa", "the payee address (pa) is mandatory: without it no app knows whom to pay")
	default:
		if err := scheme.CheckVPA(pa); err != nil {
			errorf("pa", "%v", err)
		}
	}
	if _, ok := values["pn"]; !ok {
		errorf("pn", "the payee name (pn) is mandatory in a UPI link")
	}
	if am, ok := values["am"]; ok {
		r.Amount = am
		if err := checkUPIAmount(am); err != nil {
			errorf("am", "%v", err)
		}
	}
	if mam, ok := values["mam"]; ok && mam != "null" && mam != "" {
		if err := checkUPIAmount(mam); err != nil {
			errorf("mam", "%v", err)
		}
	}
	r.Currency = "INR"
	if cu, ok := values["cu"]; ok && cu != "INR" {
		errorf("cu", "UPI supports INR only, found %q", cu)
		r.Currency = ""
	}
	if mc, ok := values["mc"]; ok && (len(mc) != 4 || !allDigits(mc)) {
		errorf("mc", "the merchant category code is 4 digits, found %q", mc)
	}
	if tr, ok := values["tr"]; ok {
		r.Reference = tr
		if len(tr) > 35 {
			errorf("tr", "the transaction reference is at most 35 characters, found %d", len(tr))
		}
	}
	if u, ok := values["url"]; ok && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		warnf("url", "the reference URL should be an http(s) address")
	}
	r.MerchantName = values["pn"]
	return r
}

// checkUPIAmount: a decimal with '.' and at most two decimals, not zero.
func checkUPIAmount(s string) error {
	if err := emv.CheckAmount(s); err != nil {
		return fmt.Errorf("amount %q %w", s, err)
	}
	if _, frac, ok := strings.Cut(s, "."); ok && len(frac) > 2 {
		return fmt.Errorf("amount %q has more than 2 decimals", s)
	}
	return nil
}
