package decode

import (
	"fmt"
	"strings"

	"github.com/till-pos/till/payment/safetext"
)

// formatNames are the formats as people call them.
var formatNames = map[string]string{
	"emv": "EMV merchant-presented QR", "upi": "UPI payment link",
	"epc": "SEPA credit transfer (EPC GiroCode)", "unknown": "unrecognised payload",
}

// Text renders the report for a person: the verdict, what the code asks
// for, the field tree with names, then errors and warnings with the tag
// they concern. This is what `till decode` prints.
func (r Report) Text() string {
	var b strings.Builder
	verdict := "VALID"
	if !r.Valid {
		verdict = "INVALID"
	}
	fmt.Fprintf(&b, "%s: %s", formatNames[r.Format], verdict)
	if n := len(r.Errors); n > 0 {
		fmt.Fprintf(&b, " (%s)", plural(n, "error"))
	}
	if n := len(r.Warnings); n > 0 {
		fmt.Fprintf(&b, " (%s)", plural(n, "warning"))
	}
	b.WriteString("\n")
	// Everything below comes from the payload, which anybody can print on
	// a sticker: each value passes safetext, field values are quoted.
	row := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%-10s %s\n", label+":", safetext.Escape(value))
		}
	}
	row("Schemes", strings.Join(r.Schemes, ", "))
	merchant := r.MerchantName
	if r.MerchantCity != "" {
		merchant += ", " + r.MerchantCity
	}
	row("Merchant", strings.TrimPrefix(merchant, ", "))
	amount := r.Amount
	if amount != "" && r.Currency != "" {
		amount += " " + r.Currency
	} else if amount == "" && r.Format != "unknown" {
		amount = "(not set: the payer types it)"
	}
	row("Amount", amount)
	row("Reference", r.Reference)
	if len(r.Fields) > 0 {
		b.WriteString("\n")
		writeFields(&b, r.Fields, r.Format, "")
	}
	writeIssues(&b, "Errors", r.Errors)
	writeIssues(&b, "Warnings", r.Warnings)
	return b.String()
}

func writeFields(b *strings.Builder, fs []Field, format, indent string) {
	for _, f := range fs {
		tag, width := safetext.Escape(f.Tag), 4
		if format == "epc" {
			tag, width = "line "+tag, 7
		}
		name := safetext.Escape(f.Name)
		if name == "" {
			name = "(unknown)"
		}
		if len(f.Children) > 0 {
			fmt.Fprintf(b, "%s%-*s %s\n", indent, width, tag, name)
			writeFields(b, f.Children, format, indent+"     ")
			continue
		}
		fmt.Fprintf(b, "%s%-*s %-*s %q\n", indent, width, tag, max(1, 44-len(indent)), name, f.Value)
	}
}

func writeIssues(b *strings.Builder, title string, is []Issue) {
	if len(is) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s:\n", title)
	for _, i := range is {
		tag := i.Tag
		if tag == "" {
			tag = "payload"
		}
		fmt.Fprintf(b, "  %s: %s\n", safetext.Escape(tag), safetext.Escape(i.Rule))
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
