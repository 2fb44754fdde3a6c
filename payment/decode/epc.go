package decode

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/scheme"
)

// epcLines names the lines of an EPC069-12 GiroCode.
var epcLines = [...]string{1: "Service Tag", "Version", "Character Set", "Identification", "BIC",
	"Beneficiary Name", "Beneficiary IBAN", "Amount", "Purpose", "Structured Remittance (creditor reference)",
	"Unstructured Remittance", "Beneficiary to Originator Information"}

// epcCharsets are the encodings of line 3 (1 is UTF-8).
var epcCharsets = map[string]encoding.Encoding{
	"2": charmap.ISO8859_1, "3": charmap.ISO8859_2, "4": charmap.ISO8859_4, "5": charmap.ISO8859_5,
	"6": charmap.ISO8859_7, "7": charmap.ISO8859_10, "8": charmap.ISO8859_15,
}

var (
	epcAmountRe  = regexp.MustCompile(`^EUR([0-9]{1,9})(\.[0-9]{1,2})?$`)
	epcPurposeRe = regexp.MustCompile(`^[A-Z0-9]{1,4}$`)
)

// epcMax is each line's maximum length in characters.
var epcMax = [...]int{5: 11, 6: 70, 7: 34, 8: 15, 9: 4, 10: 35, 11: 140, 12: 70}

// decodeEPC checks a GiroCode against EPC069-12 line by line.
//
// It is better whole: once splitEPC has cut the lines, it walks them in
// the order the standard numbers them, each check beside the line it is
// about, so it reads as the spec's table and its findings come out in line
// order. Helpers would each need the lines, the line accessor and both
// finding lists, and the table would be spread over as many functions as
// there are lines.
func decodeEPC(payload string) Report {
	r := Report{Format: "epc", Schemes: []string{"epc"}, Currency: "EUR"}
	errorf := func(tag, format string, args ...any) {
		r.Errors = append(r.Errors, Issue{tag, fmt.Sprintf(format, args...)})
	}
	warnf := func(tag, format string, args ...any) {
		r.Warnings = append(r.Warnings, Issue{tag, fmt.Sprintf(format, args...)})
	}
	if len(payload) > scheme.MaxEPCBytes {
		errorf("", "a GiroCode is at most %d bytes, this one has %d", scheme.MaxEPCBytes, len(payload))
	}
	lines := splitEPC(payload, errorf, warnf)
	line := func(n int) string {
		if n <= len(lines) {
			return lines[n-1]
		}
		return ""
	}
	if enc, ok := epcCharsets[line(3)]; ok {
		for i, l := range lines {
			if s, err := enc.NewDecoder().String(l); err == nil {
				lines[i] = s
			}
		}
	}
	for i, l := range lines {
		r.Fields = append(r.Fields, Field{Tag: strconv.Itoa(i + 1), Name: epcLines[i+1], Value: l})
	}
	if len(lines) < 7 {
		errorf("", "a GiroCode needs at least 7 lines (up to the IBAN), this one has %d", len(lines))
	}
	version := line(2)
	switch {
	case version != "001" && version != "002":
		errorf("2", "the version must be 001 or 002, found %q", version)
	case line(3) != "1" && epcCharsets[line(3)] == nil:
		errorf("3", "the character set must be a digit from 1 (UTF-8) to 8, found %q", line(3))
	case line(3) == "1" && !utf8.ValidString(payload):
		errorf("3", "the character set says UTF-8 but the text is not valid UTF-8")
	}
	if line(4) != "SCT" {
		errorf("4", "the identification must be SCT (SEPA credit transfer), found %q", line(4))
	}
	for n := 5; n <= 12; n++ {
		if c := utf8.RuneCountInString(line(n)); c > epcMax[n] {
			errorf(strconv.Itoa(n), "%s is at most %d characters, found %d", epcLines[n], epcMax[n], c)
		}
	}
	switch bic := line(5); {
	case bic == "" && version == "001":
		errorf("5", "version 001 requires the BIC; leave it out only in version 002")
	case bic != "":
		if err := scheme.CheckBIC(bic); err != nil {
			errorf("5", "%v", err)
		}
	}
	r.MerchantName = line(6)
	if strings.TrimSpace(r.MerchantName) == "" {
		errorf("6", "the beneficiary name is mandatory")
	}
	if err := scheme.CheckIBAN(line(7)); err != nil {
		errorf("7", "%v", err)
	}
	if am := line(8); am != "" {
		r.Amount = strings.TrimPrefix(am, "EUR")
		m := epcAmountRe.FindStringSubmatch(am)
		if m == nil {
			errorf("8", "the amount must be EUR and a decimal with '.' and at most 2 decimals, like EUR12.50; found %q", am)
		} else if minor, err := payment.ParseMinor(r.Amount, 2); err != nil || minor < 1 {
			errorf("8", "the amount must be from EUR0.01 to EUR999999999.99, found %q", am)
		}
	}
	if p := line(9); p != "" && !epcPurposeRe.MatchString(p) {
		errorf("9", "the purpose is an ISO 20022 code of up to 4 letters or digits, found %q", p)
	}
	structured, text := line(10), line(11)
	switch {
	case structured != "" && text != "":
		errorf("11", "a GiroCode carries a structured reference (line 10) or a text (line 11), not both")
	case strings.HasPrefix(structured, "RF"):
		if err := scheme.CheckCreditorReference(structured); err != nil {
			errorf("10", "%v", err)
		}
	}
	r.Reference = structured
	if r.Reference == "" {
		r.Reference = text
	}
	return r
}

// splitEPC cuts a GiroCode into its lines (at most 12, trailing empty
// lines beyond them dropped), saying when the separators are mixed, the
// lines too many, or the code ends with a separator.
func splitEPC(payload string, errorf, warnf func(tag, format string, args ...any)) []string {
	sep := "\n"
	if strings.Contains(payload, "\r\n") {
		sep = "\r\n"
		if strings.Count(payload, "\n") != strings.Count(payload, "\r\n") {
			errorf("", "lines are separated by both CR LF and LF; a GiroCode uses one of them throughout")
		}
	}
	lines := strings.Split(payload, sep)
	for len(lines) > 12 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) > 12 {
		errorf("", "a GiroCode has at most 12 lines, this one has %d", len(lines))
		lines = lines[:12]
	}
	if strings.HasSuffix(payload, sep) {
		warnf("", "the GiroCode ends with empty lines; nothing should follow the last element (some banking apps refuse it)")
	}
	return lines
}
