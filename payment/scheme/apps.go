package scheme

import (
	"slices"
	"strings"
)

// scannedBy says, in the customer's words, which apps read a scheme's
// codes: the customer view prints it under the code so that a customer
// knows at a glance whether their wallet will do.
var scannedBy = map[string]string{
	"pix":       "any PIX bank app",
	"promptpay": "any Thai bank app (PromptPay)",
	"paynow":    "PayNow / SGQR apps",
	"duitnow":   "DuitNow bank and e-wallet apps",
	"vietqr":    "any VietQR bank app",
	"upi":       "any UPI app",
	"epc":       "your bank app (SEPA)",
}

// Apps names, for the customer, the apps that scan a code serving the
// named schemes ("any PIX bank app · Demo Wallet app"), each rail once. A
// generic wallet, or a type with no phrase of its own, is named as the
// merchant named it in the configuration. Names no longer configured are
// left out; "" when none is.
func (s Set) Apps(names []string) string {
	var out []string
	for _, sc := range s.Schemes {
		if !slices.Contains(names, sc.Name()) {
			continue
		}
		phrase, ok := scannedBy[sc.Type()]
		switch g, generic := sc.(*Generic); {
		case generic && g.GUID == DemoGUID:
			phrase = "any QR reader (practice: no real money)"
		case !ok:
			phrase = label(sc) + " app"
		}
		if !slices.Contains(out, phrase) {
			out = append(out, phrase)
		}
	}
	return strings.Join(out, " · ")
}
