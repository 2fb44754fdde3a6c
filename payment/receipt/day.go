package receipt

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/cases"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/report"
	"github.com/till-pos/till/payment/safetext"
)

// DayOptions say how to lay out a day close.
type DayOptions struct {
	Width    int // columns; 0 is DefaultWidth
	Merchant string
	City     string
	// Live says the figures were computed now although the day is closed
	// (they may differ from the closing's); Hint says how to see the other
	// figures ("use --live for current figures").
	Live     bool
	Hint     string
	ASCII    bool
	Location *time.Location // nil: local time
	Feed     int            // blank lines at the end, for a printer
	// Lang is the language of the day close; the zero Locale is English.
	Lang locale.Locale
}

// MoneyLine is one line of the money summary. The lines are a small sum:
// verified + claimed (+ paid in cash) - refunded = expected, expected +
// cash counted = takings.
type MoneyLine struct {
	Key   string // stable name: verified, claimed, refunded, expected, cash, takings, unpaid
	Sign  string // how it enters the sum: "", "+", "-", "="
	Label string
	Minor int64
	Set   bool // false for cash nobody counted
}

// Money is the day's money summary in the order it adds up.
func Money(d report.Day) []MoneyLine {
	lines := []MoneyLine{
		{"verified", "", "Verified by evidence", d.Verified, true},
		{"claimed", "+", "Claimed, unverified", d.Claimed, true},
	}
	if d.CashPaid != 0 {
		// Shown only on days that took some, so the close of a day
		// without cash reads as it always did.
		lines = append(lines, MoneyLine{"cash_paid", "+", "Paid in cash", d.CashPaid, true})
	}
	return append(lines, []MoneyLine{
		{"refunded", "-", "Refunded", d.Refunded, true},
		{"expected", "=", "Expected", d.Expected, true},
		{"cash", "+", "Cash counted", d.Cash, d.HasCash},
		{"takings", "=", "Takings", d.Takings, true},
		{"unpaid", "", "Unpaid (open and short)", d.Unpaid, true},
	}...)
}

// ClaimedOf is the part of a row's money that rests on the cashier's
// word and is not cash taken.
func ClaimedOf(r report.Row) int64 { return r.Settled - r.Received - r.CashPaid }

// ExpectedOf is what a row's orders leave the merchant holding.
func ExpectedOf(r report.Row) int64 { return r.Settled - r.Refunded }

// Closing says who closed the day and when, or "" for an open day.
func Closing(d report.Day, loc *time.Location) string {
	if d.ClosedBy == "" && d.ClosedUnix == 0 {
		return ""
	}
	if loc == nil {
		loc = time.Local
	}
	who := safetext.Escape(d.ClosedBy)
	if who == "" {
		who = "an unknown cashier"
	}
	return fmt.Sprintf("Closed by %s at %s.", who, time.Unix(d.ClosedUnix, 0).In(loc).Format(TimeLayout))
}

// closingIn is Closing in a language.
func closingIn(d report.Day, loc *time.Location, l locale.Locale) string {
	if d.ClosedBy == "" && d.ClosedUnix == 0 {
		return ""
	}
	who := safetext.Escape(d.ClosedBy)
	if who == "" {
		who = l.T("an unknown cashier")
	}
	return l.T("Closed by %s at %s.", who, l.DateTime(time.Unix(d.ClosedUnix, 0).In(loc)))
}

// DayLines lays the day close out, one string per line, none wider than
// the width. Wide layouts (64 columns and more) show the status and
// scheme rows as tables; narrow ones put each figure on a line of its own.
func DayLines(d report.Day, o DayOptions) []string {
	w := clampWidth(o.Width)
	loc := o.Location
	if loc == nil {
		loc = time.Local
	}
	txt := func(s string) string { return clean(s, o.ASCII) }
	l, tr := words(o.Lang, o.ASCII)
	money := func(minor int64) string { return l.Number(minor, d.Exponent) }
	var out []string
	add := func(lines ...string) { out = append(out, lines...) }

	add(dayHead(d, o, w, loc, l, tr, txt)...)
	add(rule("=", w))

	add(dayTable(tr("By status"), d.ByStatus, d.Total, w, l, tr, txt, money)...)
	add("")
	add(dayTable(tr("By scheme"), d.ByScheme, d.Total, w, l, tr, txt, money)...)
	add("")

	add(wrap(tr("Money (%s)", d.Currency), w)...)
	for _, m := range Money(d) {
		sign := m.Sign
		if sign == "" {
			sign = " "
		}
		value := money(m.Minor)
		if !m.Set {
			value = tr("not counted")
		}
		if m.Key == "unpaid" {
			add("")
		}
		add(pair(sign+" "+tr(m.Label), value, w)...)
	}
	add("")
	add(pair(tr("Late payments"), l.Number(int64(d.LateCount), 0), w)...)

	add(pair(tr("Unverified claims"), l.Number(int64(len(d.Claims)), 0), w)...)
	for _, c := range d.Claims {
		ref := payment.Reference(c.Ref).Grouped()
		add(pair("  "+ref, money(c.Due), w)...)
		add(indent(tr("by %s at %s", txt(c.Actor), l.DateTime(time.Unix(c.AtUnix, 0).In(loc))), 4, w)...)
	}
	add(pair(tr("Open exceptions"), l.Number(int64(d.OpenExceptionCount), 0), w)...)
	for _, x := range d.OpenExceptions {
		label := fmt.Sprintf("  #%d %s", x.ID, txt(x.Kind))
		if x.Ref != "" {
			label += " " + payment.Reference(x.Ref).Grouped()
		}
		add(pair(label, x.Text(d, money), w)...)
		add(indent(txt(x.Detail), 4, w)...)
	}
	if more := d.MoreExceptions(); more > 0 {
		add(indent(tr(moreExceptions, more), 2, w)...)
	}
	add(rule("=", w))
	for range o.Feed {
		add("")
	}
	return out
}

// dayHead is the top of the day close: the merchant, the day and its
// currency, and who closed it when (with the note, and whether the figures
// are those of the closing), or that the day is still open.
func dayHead(d report.Day, o DayOptions, w int, loc *time.Location, l locale.Locale,
	tr func(string, ...any) string, txt func(string) string) []string {
	var out []string
	add := func(lines ...string) { out = append(out, lines...) }
	head := txt(o.Merchant)
	if city := txt(o.City); city != "" {
		head += ", " + city
	}
	add(wrap(head, w)...)
	add(wrap(tr("Day close %s (%s)", dayDate(d.Day, l), d.Currency), w)...)
	if closing := closingIn(d, loc, l); closing != "" {
		add(wrap(txt(closing), w)...)
		if note := strings.TrimSpace(d.Note); note != "" {
			add(wrap(tr("Note: %s", txt(note)), w)...)
		}
		about := tr("Figures as at closing.")
		if o.Live {
			about = tr("Current figures, not those of the closing.")
		}
		if o.Hint != "" {
			about = strings.TrimRight(about, ".。") + " (" + o.Hint + ")."
		}
		add(wrap(about, w)...)
	} else {
		add(wrap(tr("The day is not closed; figures are as of now."), w)...)
	}
	return out
}

// dayTable lays out one breakdown of the day close (by status or by
// scheme) with its total last: as a table when the key column keeps 10
// columns, otherwise one figure a line.
func dayTable(title string, rows []report.Row, total report.Row, w int,
	l locale.Locale, tr func(string, ...any) string, txt func(string) string, money func(int64) string) []string {
	var out []string
	add := func(lines ...string) { out = append(out, lines...) }
	rows = append(rows, total)
	heads := []string{tr("Count"), tr("Due"), tr("Received"), tr("Claimed"), tr("Refunded")}
	mw := 0
	for _, h := range heads[1:] {
		mw = max(mw, TextWidth(h)+2)
	}
	for _, r := range rows {
		for _, v := range []int64{r.Due, r.Received, ClaimedOf(r), r.Refunded} {
			mw = max(mw, len(money(v))+2)
		}
	}
	cw := max(7, TextWidth(heads[0])+2) // count column
	kw := w - cw - 4*mw
	if kw >= 10 {
		add(padRight(title, kw) + padLeft(heads[0], cw) + padLeft(heads[1], mw) + padLeft(heads[2], mw) +
			padLeft(heads[3], mw) + padLeft(heads[4], mw))
		for i, r := range rows {
			if i == len(rows)-1 {
				add(rule("-", w))
			}
			add(padRight(txt(rowKey(r.Key, l)), kw) + padLeft(strconv.Itoa(r.Count), cw) + padLeft(money(r.Due), mw) +
				padLeft(money(r.Received), mw) + padLeft(money(ClaimedOf(r)), mw) + padLeft(money(r.Refunded), mw))
		}
		return out
	}
	add(upper(title, l))
	for i, r := range rows {
		if i == len(rows)-1 {
			add(rule("-", w))
		}
		add(pair(fmt.Sprintf("%s (%d)", txt(rowKey(r.Key, l)), r.Count), money(r.Due), w)...)
		for _, f := range []struct {
			label string
			minor int64
		}{{tr("received"), r.Received}, {tr("claimed"), ClaimedOf(r)}, {tr("refunded"), r.Refunded}} {
			if f.minor != 0 {
				add(pair("  "+f.label, money(f.minor), w)...)
			}
		}
	}
	return out
}

// MoreExceptionsText says how many open exceptions a day close counts
// but does not list, and where to work through them.
func MoreExceptionsText(more int) string {
	return fmt.Sprintf("and %d more — see till reconcile", more)
}

// moreExceptions is the key of MoreExceptionsText's translations.
const moreExceptions = "and %d more — see till reconcile"

// DayText is the day close as one string, lines ending in "\n".
func DayText(d report.Day, o DayOptions) string { return join(DayLines(d, o)) }

// rowKey is a table row's name: a status or "total" in the language (the
// catalog has them), a scheme's name as it is.
func rowKey(key string, l locale.Locale) string {
	if locale.Known(key) {
		return l.T(key)
	}
	return key
}

// upper is a table's title in capitals where the script has them, by the
// language's own rules (German ß, Turkish dotted i) through x/text/cases.
func upper(s string, l locale.Locale) string { return cases.Upper(l.Tag()).String(s) }

// dayDate writes a day ("2026-11-24") in the language's order of day,
// month and year; text that is not a date is printed as it is.
func dayDate(day string, l locale.Locale) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return l.Date(t)
}
