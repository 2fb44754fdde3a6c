package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/receipt"
	"github.com/till-pos/till/payment/report"
	"github.com/till-pos/till/payment/safetext"
)

// twoColumns is the narrowest width at which the money summary is laid
// out in two columns; below it, one.
const twoColumns = 76

// maxColumn and maxKey keep figures near their labels on wide screens.
const (
	maxColumn = 36
	maxKey    = 26
)

// View draws the title line, the figures and the status line in exactly
// the screen's area.
func (m Model) View() string {
	if m.Width <= 0 || m.Height <= 0 {
		return ""
	}
	lines := []string{m.title()}
	if m.Height >= 3 {
		lines = append(lines, m.vp.View())
	}
	if m.Height >= 2 {
		lines = append(lines, m.statusLine())
	}
	return lipgloss.NewStyle().MaxWidth(m.Width).MaxHeight(m.Height).Render(strings.Join(lines, "\n"))
}

func (m Model) title() string {
	s := m.Styles
	left := s.Title.Render("Day close") + " " + s.Value.Render(m.day.Format("2006-01-02 (Mon)")) +
		s.Muted.Render(" · "+m.currency().Code)
	var right string
	switch {
	case !m.loaded:
	case m.shown.Closed:
		who := strings.TrimSuffix(strings.TrimPrefix(receipt.Closing(m.shown.Report, nil), "Closed "), ".")
		if m.shown.Live {
			right = s.Notice.Render("LIVE figures") + s.Muted.Render(" · closed "+who)
		} else {
			right = s.Value.Render("CLOSED") + s.Muted.Render(" "+who)
		}
	default:
		right = s.Notice.Render("OPEN · live figures")
	}
	return spread(left, right, m.Width)
}

// spread puts left and right on one line of width w, dropping the right
// part when both do not fit.
func spread(left, right string, w int) string {
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if right == "" || gap < 1 {
		return ansi.Truncate(left, w, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

func (m Model) statusLine() string {
	s := m.Styles
	var left string
	switch {
	case m.entering:
		typed, pending := m.cashIn.Display()
		left = s.Label.Render("Cash counted ("+m.currency().Code+"): ") + s.Value.Render(typed) + s.Muted.Render(pending)
		if why := m.cashIn.Invalid(); why != "" {
			left += "  " + s.Error.Render(why)
		}
		if m.err != "" {
			left += " " + s.Error.Render(safetext.Escape(m.err))
		}
	case m.confirming:
		left = s.Notice.Render(m.closeQuestion())
	case m.err != "":
		left = s.Error.Render(safetext.Escape(m.err))
	case m.notice != "":
		left = s.Notice.Render(safetext.Escape(m.notice))
	case m.busy:
		left = s.Muted.Render("Working…")
	case !m.loaded:
	case m.shown.Closed && !m.shown.Live && m.shown.Moved:
		left = s.Notice.Render("Sales or payments came in after the closing: v shows the current figures.")
	case m.shown.Closed && !m.shown.Live:
		left = s.Muted.Render("Figures as at closing, unchanged by later payments.")
	case m.shown.Closed:
		left = s.Muted.Render("Current figures; the closing keeps its own.")
	default:
		left = s.Muted.Render("Open day: the figures change as orders do.")
		if m.cash == nil {
			left += s.Muted.Render(" Cash not counted yet.")
		}
	}
	var right string
	if total, h := m.vp.TotalLineCount(), m.vp.Height(); total > h {
		first := m.vp.YOffset() + 1
		right = s.Muted.Render(fmt.Sprintf("%d–%d of %d", first, min(first+h-1, total), total))
	}
	return spread(left, right, m.Width)
}

// body is the scrolling part: the money first (what a cashier closing the
// till looks for), then the tables, then what needs attention.
func (m Model) body() []string {
	if !m.loaded {
		return []string{m.Styles.Muted.Render("Loading " + m.Day() + "…")}
	}
	d := m.current().Report
	var out []string
	out = append(out, m.money(d)...)
	out = append(out, "")
	out = append(out, m.table("Status", d.ByStatus, d.Total, true)...)
	out = append(out, "")
	out = append(out, m.table("Scheme", d.ByScheme, d.Total, false)...)
	out = append(out, "")
	out = append(out, m.attention(d)...)
	for i, l := range out {
		out[i] = ansi.Truncate(l, m.Width, "…")
	}
	return out
}

func (m Model) money(d report.Day) []string {
	s := m.Styles
	amount := func(minor int64) string { return payment.FormatMinor(minor, d.Exponent) }
	type entry struct{ label, value string }
	var left, right []entry
	for _, ml := range receipt.Money(d) {
		label := ml.Label
		if ml.Sign != "" {
			label = ml.Sign + " " + label
		}
		value := s.Value.Render(amount(ml.Minor))
		switch {
		case ml.Key == "cash" && !ml.Set:
			value = s.Muted.Render("not counted")
		case ml.Key == "cash" && !m.shown.Closed:
			label += " (to record)"
		case ml.Key == "expected" || ml.Key == "takings":
			value = s.Title.Render(amount(ml.Minor))
		}
		e := entry{s.Label.Render(label), value}
		switch ml.Key {
		case "verified", "claimed", "refunded", "expected":
			left = append(left, e)
		default:
			right = append(right, e)
		}
	}
	right = append(right, entry{s.Label.Render("Late payments"), s.Value.Render(strconv.Itoa(d.LateCount))})
	out := []string{s.Title.Render("Money")}
	if m.Width >= twoColumns {
		cw := min((m.Width-4)/2, maxColumn)
		for i := range max(len(left), len(right)) {
			var l, r string
			if i < len(left) {
				l = spread(left[i].label, left[i].value, cw)
			}
			if i < len(right) {
				r = spread(right[i].label, right[i].value, cw)
			}
			out = append(out, pad(l, cw)+"    "+r)
		}
		return out
	}
	for _, e := range append(left, right...) {
		out = append(out, spread(e.label, e.value, m.Width))
	}
	return out
}

// pad fills a styled string with spaces to w columns.
func pad(s string, w int) string {
	if n := w - lipgloss.Width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

func padLeft(s string, w int) string {
	if n := w - lipgloss.Width(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// table draws rows with their total; status names keep their words (the
// colour only repeats them).
func (m Model) table(title string, rows []report.Row, total report.Row, statuses bool) []string {
	s := m.Styles
	amount := func(minor int64) string { return payment.FormatMinor(minor, m.shown.Report.Exponent) }
	type column struct {
		name  string
		value func(report.Row) int64
	}
	cols := []column{
		{"Due", func(r report.Row) int64 { return r.Due }},
		{"Received", func(r report.Row) int64 { return r.Received }},
		{"Claimed", receipt.ClaimedOf},
		{"Refunded", func(r report.Row) int64 { return r.Refunded }},
	}
	mw := len("Refunded") + 2
	for _, r := range append(rows, total) {
		for _, c := range cols {
			mw = max(mw, len(amount(c.value(r)))+2)
		}
	}
	const cw = 7
	kw := min(m.Width-cw-len(cols)*mw, maxKey)
	if kw < 10 {
		cols = cols[:2] // the first figures matter most on a narrow screen
		kw = m.Width - cw - len(cols)*mw
	}
	head := pad(s.Title.Render(title), kw) + s.Label.Render(padLeft("Count", cw))
	for _, c := range cols {
		head += s.Label.Render(padLeft(c.name, mw))
	}
	out := []string{head}
	line := func(name string, r report.Row, style func(string) string) string {
		l := pad(name, kw) + style(padLeft(strconv.Itoa(r.Count), cw))
		for _, c := range cols {
			l += style(padLeft(amount(c.value(r)), mw))
		}
		return l
	}
	plain := func(x string) string { return x }
	for _, r := range rows {
		name := r.Key
		if statuses {
			name = s.StatusText(payment.Status(r.Key))
		}
		style := plain
		if r.Count == 0 {
			style = func(x string) string { return s.Muted.Render(x) }
		}
		out = append(out, line(name, r, style))
	}
	if len(rows) == 0 {
		out = append(out, s.Muted.Render("No orders."))
	}
	out = append(out, s.Muted.Render(strings.Repeat("─", min(m.Width, kw+cw+len(cols)*mw))))
	out = append(out, line(s.Value.Render("total"), total, func(x string) string { return s.Value.Render(x) }))
	return out
}

// attention lists the claims nobody has verified and the open exceptions.
func (m Model) attention(d report.Day) []string {
	s := m.Styles
	amount := func(minor int64) string { return payment.FormatMinor(minor, d.Exponent) }
	out := []string{s.Title.Render(fmt.Sprintf("Unverified claims (%d)", len(d.Claims)))}
	if len(d.Claims) == 0 {
		out = append(out, s.Muted.Render("  None: every payment marked by hand is verified."))
	}
	for _, c := range d.Claims {
		at := time.Unix(c.AtUnix, 0).Format("15:04")
		out = append(out, fmt.Sprintf("  %s  %s  %s", s.Reference.Render(payment.Reference(c.Ref).Grouped()),
			s.Value.Render(padLeft(amount(c.Due), 10)), s.Muted.Render("by "+safetext.Escape(c.Actor)+" at "+at)))
	}
	out = append(out, "", s.Title.Render(fmt.Sprintf("Open exceptions (%d)", d.OpenExceptionCount)))
	if len(d.OpenExceptions) == 0 {
		out = append(out, s.Muted.Render("  None to review."))
	}
	for _, x := range d.OpenExceptions {
		ref := ""
		if x.Ref != "" {
			ref = s.Reference.Render(payment.Reference(x.Ref).Grouped()) + "  "
		}
		out = append(out, fmt.Sprintf("  #%d %s  %s%s  %s", x.ID, x.Kind, ref, s.Value.Render(x.Text(d, amount)),
			s.Muted.Render(safetext.Escape(strings.Join(strings.Fields(payment.GroupReferences(x.Detail)), " ")))))
	}
	if more := d.MoreExceptions(); more > 0 {
		out = append(out, s.Muted.Render("  "+receipt.MoreExceptionsText(more)))
	}
	return out
}
