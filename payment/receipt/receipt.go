// Package receipt lays out till's printed text: the receipt of one order
// and the day close (Z-report), as plain lines of a fixed width for a
// thermal printer (32, 42 or 48 columns), a file, or a screen (80).
//
// It is pure: it formats what it is given and reads nothing. A QR code of
// the reference, if wanted, is rendered by the caller (who knows whether
// the text goes to paper or to a terminal) and passed in as lines.
package receipt

import (
	"strings"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/scheme"
)

// Receipt is what one order's receipt says.
type Receipt struct {
	Merchant string // the merchant's name
	City     string
	Ref      payment.Reference
	Amount   payment.Amount // the amount charged
	State    payment.State  // the order's status and money
	Created  time.Time      // when the order was made
	Paid     time.Time      // when the money (or the cashier's word) came; zero if never
	Offered  []string       // the codes or schemes the customer could pay with
	Note     string         // the order's note
	Refunds  []Refund
	// Demo marks a receipt of a demo order, whose codes no wallet can pay.
	Demo bool
}

// Refund is one recorded refund.
type Refund struct {
	Minor  int64
	At     time.Time
	Reason string
}

// QR is a pre-rendered block, such as a QR code of the reference.
type QR struct {
	Lines []string
	// Width is the block's width in columns; 0 measures the lines, which
	// is right unless they carry terminal escape codes.
	Width int
}

// Options say how to lay a receipt out.
type Options struct {
	Width int // columns; 0 is DefaultWidth
	// QR, if set, is printed centred under the figures; a block wider
	// than the receipt is left out rather than broken.
	QR *QR
	// ASCII folds every text to printable ASCII ("São Paulo" → "Sao
	// Paulo"), for printers that do not speak UTF-8.
	ASCII bool
	// Location is the time zone times are written in (nil: local time).
	Location *time.Location
	// Feed adds blank lines at the end so a printer can tear the paper
	// below the last line.
	Feed int
	// Lang is the language of the receipt ([till] receipt_language); the
	// zero Locale is English.
	Lang locale.Locale
}

// TimeLayout is how receipts write a moment: ISO date and local time.
const TimeLayout = "2006-01-02 15:04"

// demoLine is printed on every demo receipt, so that nobody mistakes it
// for proof of a payment.
const demoLine = "DEMO — no money moved"

// statusWords says each status on paper, in English: the keys of their
// translations. "claimed" is the cashier's word,
// and a receipt must not claim more than that.
var statusWords = map[payment.Status]string{
	payment.StatusOpen:      "NOT PAID (open)",
	payment.StatusClaimed:   "PAID (cashier-confirmed)",
	payment.StatusPaid:      "PAID",
	payment.StatusPartial:   "PART PAID",
	payment.StatusOverpaid:  "PAID (overpaid)",
	payment.StatusExpired:   "NOT PAID (expired)",
	payment.StatusCancelled: "CANCELLED",
	payment.StatusRefunded:  "REFUNDED",
}

// Lines lays the receipt out, one string per printed line, none wider
// than the width.
func Lines(r Receipt, o Options) []string {
	w := clampWidth(o.Width)
	loc := o.Location
	if loc == nil {
		loc = time.Local
	}
	txt := func(s string) string { return clean(s, o.ASCII) }
	l, tr := words(o.Lang, o.ASCII)
	when := func(t time.Time) string { return l.DateTime(t.In(loc)) }
	money := func(minor int64) string {
		a := payment.Amount{Minor: minor, Currency: r.Amount.Currency}
		if o.ASCII {
			return l.MoneyCode(a)
		}
		return l.Money(a)
	}
	var out []string
	add := func(lines ...string) { out = append(out, lines...) }

	for _, l := range wrap(txt(r.Merchant), w) {
		add(center(l, w))
	}
	for _, l := range wrap(txt(r.City), w) {
		add(center(l, w))
	}
	add(rule("=", w))
	add(pair(tr("Reference"), r.Ref.Grouped(), w)...)
	add(pair(tr("Date"), when(r.Created), w)...)
	add(pair(tr("Amount"), money(r.Amount.Minor), w)...)
	add(pair(tr("Status"), statusText(r.State.Status, tr, txt), w)...)
	if !r.Paid.IsZero() {
		paid := when(r.Paid)
		// A statement that gives only the booking date says midnight:
		// print the day, not a time nobody paid at.
		if p := r.Paid.In(loc); p.Hour() == 0 && p.Minute() == 0 && p.Second() == 0 && p.Nanosecond() == 0 {
			paid = l.Date(p)
		}
		add(pair(tr("Paid"), paid, w)...)
	}
	// The money received is worth its own line only when it differs from
	// the amount: short, over, or paid and then refunded.
	if st := r.State; st.Received > 0 && st.Received != r.Amount.Minor {
		add(pair(tr("Received"), money(st.Received), w)...)
		if st.Status == payment.StatusPartial {
			add(pair(tr("Still due"), money(r.Amount.Minor-st.Received), w)...)
		}
	}
	if r.State.Late {
		add(indent(tr("Paid after the code had expired or was cancelled."), 0, w)...)
	}
	if len(r.Offered) > 0 {
		add(pair(tr("Pay by"), offeredText(r.Offered, txt), w)...)
	}
	if note := txt(r.Note); note != "" {
		add(wrap(tr("Note: %s", note), w)...)
	}
	add(refundLines(r.Refunds, w, tr, txt, when, money)...)
	if r.Demo {
		add(rule("-", w))
		for _, l := range wrap(tr(demoLine), w) {
			add(center(l, w))
		}
	}
	add(qrBlock(o.QR, r.Ref, w)...)
	add(rule("=", w))
	for range o.Feed {
		add("")
	}
	return out
}

// statusText is the status in the receipt's words: PAID, NOT PAID
// (expired) and so on, or the raw status in capitals for one it does not know.
func statusText(st payment.Status, tr func(string, ...any) string, txt func(string) string) string {
	if words := statusWords[st]; words != "" {
		return tr(words)
	}
	return strings.ToUpper(txt(string(st)))
}

// offeredText lists the schemes the code offered, comma-separated, leaving
// out names that clean to nothing.
func offeredText(offered []string, txt func(string) string) string {
	names := make([]string, 0, len(offered))
	for _, s := range offered {
		if s = txt(s); s != "" {
			names = append(names, s)
		}
	}
	return strings.Join(names, ", ")
}

// refundLines lists the refunds under a rule, each with its time and
// reason, and their sum when there is more than one; nothing without any.
func refundLines(refunds []Refund, w int, tr func(string, ...any) string, txt func(string) string,
	when func(time.Time) string, money func(int64) string) []string {
	if len(refunds) == 0 {
		return nil
	}
	out := []string{rule("-", w)}
	var total int64
	for _, f := range refunds {
		total += f.Minor
		out = append(out, pair(tr("Refund"), money(-f.Minor), w)...)
		out = append(out, indent(when(f.At), 2, w)...)
		out = append(out, indent(txt(f.Reason), 2, w)...)
	}
	if len(refunds) > 1 {
		out = append(out, pair(tr("Refunded in all"), money(-total), w)...)
	}
	return out
}

// qrBlock is the code centred under a blank line with the grouped
// reference below it, or nothing when there is no code or it is wider
// than the paper.
func qrBlock(q *QR, ref payment.Reference, w int) []string {
	if q == nil || len(q.Lines) == 0 {
		return nil
	}
	qw := q.Width
	if qw == 0 {
		for _, l := range q.Lines {
			qw = max(qw, TextWidth(l))
		}
	}
	if qw > w {
		return nil
	}
	out := []string{""}
	pad := strings.Repeat(" ", (w-qw)/2)
	for _, l := range q.Lines {
		out = append(out, pad+l)
	}
	return append(out, center(ref.Grouped(), w))
}

// Text is the receipt as one string, lines ending in "\n".
func Text(r Receipt, o Options) string { return join(Lines(r, o)) }

func join(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(strings.TrimRight(l, " "))
		b.WriteByte('\n')
	}
	return b.String()
}

func foldASCII(s string) string { return scheme.FoldASCII(s) }

// words is the language a receipt is printed in and its translation
// function. A printer without UTF-8 (ASCII) gets the words folded to
// ASCII, which keeps Latin-script languages readable ("Situacao"); Thai
// and Chinese have no ASCII form, so such a printer gets English.
func words(l locale.Locale, ascii bool) (locale.Locale, func(string, ...any) string) {
	if ascii && !l.Latin() {
		l = locale.New(locale.English)
	}
	return l, func(key string, args ...any) string {
		s := l.T(key, args...)
		if ascii {
			return foldASCII(s)
		}
		return s
	}
}
