package report

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/receipt"
	"github.com/till-pos/till/payment/report"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/ui/common"
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
	left := s.Title.Render(m.T("Day close")) + " " + s.Value.Render(m.dayText()) +
		s.Muted.Render(" · "+m.currency().Code)
	var right string
	switch {
	case !m.loaded:
	case m.shown.Closed:
		who := m.closedBy(m.shown.Report)
		if m.shown.Live {
			right = s.Notice.Render(m.T("LIVE figures")) + s.Muted.Render(" · "+m.T("closed %s", who))
		} else {
			right = s.Value.Render(m.T("CLOSED")) + s.Muted.Render(" "+who)
		}
	default:
		right = s.Notice.Render(m.T("OPEN · live figures"))
	}
	return spread(left, right, m.Width)
}

// spread puts left and right on one line of width w. When both do not
// fit, a short right part (a figure, a position) keeps its place and the
// left is cut at a word's end; a long one is dropped.
func spread(left, right string, w int) string {
	rw := lipgloss.Width(right)
	if right == "" || rw > w/3 && lipgloss.Width(left)+rw+1 > w {
		return common.Cut(left, w)
	}
	if lipgloss.Width(left)+rw+1 > w {
		left = common.Cut(left, w-rw-1)
	}
	return left + strings.Repeat(" ", max(w-lipgloss.Width(left)-rw, 1)) + right
}

func (m Model) statusLine() string {
	s := m.Styles
	var left string
	switch {
	case m.entering:
		typed, pending := m.cashIn.Display()
		left = s.Label.Render(m.T("Cash counted (%s):", m.currency().Code)+" ") + s.Value.Render(typed) + s.Muted.Render(pending)
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
		left = s.Muted.Render(m.T("Working…"))
	case !m.loaded:
	case m.shown.Closed && !m.shown.Live && m.shown.Moved:
		left = s.Notice.Render(m.T("Sales or payments came in after the closing: v shows the current figures."))
	case m.shown.Closed && !m.shown.Live:
		left = s.Muted.Render(m.T("Figures as at closing, unchanged by later payments."))
	case m.shown.Closed:
		left = s.Muted.Render(m.T("Current figures; the closing keeps its own."))
	default:
		left = m.T("Open day: the figures change as orders do.")
		// The second sentence only when it fits whole beside the position.
		if more := common.Sentences(left, m.T("Cash not counted yet.")); m.cash == nil &&
			lipgloss.Width(more)+lipgloss.Width(m.position())+1 <= m.Width {
			left = more
		}
		left = s.Muted.Render(left)
	}
	right := m.position()
	return spread(left, right, m.Width)
}

// body is the scrolling part: the money first (what a cashier closing the
// till looks for), then the tables, then what needs attention.
func (m Model) body() []string {
	if !m.loaded {
		return []string{m.Styles.Muted.Render(m.T("Loading %s…", m.Lang().Date(m.day)))}
	}
	d := m.current().Report
	var out []string
	out = append(out, m.money(d)...)
	out = append(out, "")
	out = append(out, m.table(m.T("Status"), d.ByStatus, d.Total, true)...)
	out = append(out, "")
	out = append(out, m.table(m.T("Scheme"), d.ByScheme, d.Total, false)...)
	out = append(out, "")
	out = append(out, m.attention(d)...)
	return m.fitLines(out)
}

func (m Model) money(d report.Day) []string {
	s := m.Styles
	amount := func(minor int64) string { return m.Lang().Number(minor, d.Exponent) }
	type entry struct{ label, value string }
	var left, right []entry
	for _, ml := range receipt.Money(d) {
		label := m.T(ml.Label)
		if ml.Sign != "" {
			label = ml.Sign + " " + label
		}
		value := s.Value.Render(amount(ml.Minor))
		switch {
		case ml.Key == "cash" && !ml.Set:
			value = s.Muted.Render(m.T("not counted"))
		case ml.Key == "cash" && !m.shown.Closed:
			label += " " + m.T("(to record)")
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
	right = append(right, entry{s.Label.Render(m.T("Late payments")), s.Value.Render(m.Lang().Number(int64(d.LateCount), 0))})
	out := []string{s.Title.Render(m.T("Money"))}
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
	amount := func(minor int64) string { return m.Lang().Number(minor, m.shown.Report.Exponent) }
	type column struct {
		name  string
		value func(report.Row) int64
	}
	cols := []column{
		{m.T("Due"), func(r report.Row) int64 { return r.Due }},
		{m.T("Received"), func(r report.Row) int64 { return r.Received }},
		{m.T("Claimed"), receipt.ClaimedOf},
		{m.T("Refunded"), func(r report.Row) int64 { return r.Refunded }},
	}
	mw := 0
	for _, c := range cols {
		mw = max(mw, lipgloss.Width(c.name)+2)
	}
	for _, r := range append(rows, total) {
		for _, c := range cols {
			mw = max(mw, lipgloss.Width(amount(c.value(r)))+2)
		}
	}
	cw := max(7, lipgloss.Width(m.T("Count"))+2)
	kw := min(m.Width-cw-len(cols)*mw, maxKey)
	if kw < 10 {
		cols = cols[:2] // the first figures matter most on a narrow screen
		kw = m.Width - cw - len(cols)*mw
	}
	head := pad(s.Title.Render(title), kw) + s.Label.Render(padLeft(m.T("Count"), cw))
	for _, c := range cols {
		head += s.Label.Render(padLeft(c.name, mw))
	}
	out := []string{head}
	line := func(name string, r report.Row, style func(string) string) string {
		l := pad(name, kw) + style(padLeft(m.Lang().Number(int64(r.Count), 0), cw))
		for _, c := range cols {
			l += style(padLeft(amount(c.value(r)), mw))
		}
		return l
	}
	plain := func(x string) string { return x }
	for _, r := range rows {
		name := r.Key
		if statuses {
			name = m.statusWord(payment.Status(r.Key))
		}
		style := plain
		if r.Count == 0 {
			style = func(x string) string { return s.Muted.Render(x) }
		}
		out = append(out, line(name, r, style))
	}
	if len(rows) == 0 {
		out = append(out, s.Muted.Render(m.T("No orders.")))
	}
	out = append(out, s.Muted.Render(strings.Repeat("─", min(m.Width, kw+cw+len(cols)*mw))))
	out = append(out, line(s.Value.Render(m.T("total")), total, func(x string) string { return s.Value.Render(x) }))
	return out
}

// attention lists the claims nobody has verified and the open exceptions.
func (m Model) attention(d report.Day) []string {
	s := m.Styles
	amount := func(minor int64) string { return m.Lang().Number(minor, d.Exponent) }
	out := []string{s.Title.Render(m.T("Unverified claims (%d)", len(d.Claims)))}
	if len(d.Claims) == 0 {
		out = append(out, s.Muted.Render("  "+m.T("None: every payment marked by hand is verified.")))
	}
	for _, c := range d.Claims {
		at := time.Unix(c.AtUnix, 0).Format("15:04")
		out = append(out, fmt.Sprintf("  %s  %s  %s", s.Reference.Render(payment.Reference(c.Ref).Grouped()),
			s.Value.Render(padLeft(amount(c.Due), 10)), s.Muted.Render(m.T("by %s at %s", safetext.Escape(c.Actor), at))))
	}
	out = append(out, "", s.Title.Render(m.T("Open exceptions (%d)", d.OpenExceptionCount)))
	if len(d.OpenExceptions) == 0 {
		out = append(out, s.Muted.Render("  "+m.T("None to review.")))
	}
	for _, x := range d.OpenExceptions {
		ref := ""
		if x.Ref != "" {
			ref = s.Reference.Render(payment.Reference(x.Ref).Grouped()) + "  "
		}
		out = append(out, fmt.Sprintf("  #%d %s  %s%s  %s", x.ID, m.Text(x.Kind), ref, s.Value.Render(x.Text(d, amount)),
			s.Muted.Render(safetext.Escape(strings.Join(strings.Fields(payment.GroupReferences(x.Detail)), " ")))))
	}
	if more := d.MoreExceptions(); more > 0 {
		out = append(out, s.Muted.Render("  "+m.T("and %d more — see till reconcile", more)))
	}
	return out
}

// dayText is the day shown in the title: English keeps its ISO date and
// weekday ("2026-11-24 (Tue)"); other languages write the date their way
// (x/text has no weekday names to give).
func (m Model) dayText() string {
	if m.Lang().IsEnglish() {
		return m.day.Format("2006-01-02 (Mon)")
	}
	return m.Lang().Date(m.day)
}

// closedBy says who closed the day and when: "by Ana at 2026-11-24 18:00".
func (m Model) closedBy(d report.Day) string {
	who := safetext.Escape(d.ClosedBy)
	if who == "" {
		who = m.T("an unknown cashier")
	}
	return m.T("by %s at %s", who, m.Lang().DateTime(time.Unix(d.ClosedUnix, 0).Local()))
}

// closing is the notice once the day is closed: "Closed by Ana at ...".
func (m Model) closing(d report.Day) string {
	who := safetext.Escape(d.ClosedBy)
	if who == "" {
		who = m.T("an unknown cashier")
	}
	return m.T("Closed by %s at %s.", who, m.Lang().DateTime(time.Unix(d.ClosedUnix, 0).Local()))
}

// statusWord is an order status in the screens' language and its colour.
func (m Model) statusWord(st payment.Status) string {
	word := m.Text(string(st))
	if style, ok := m.Styles.Status[st]; ok {
		return style.Render(word)
	}
	return word
}

// fitLines cuts each line to the width in terminal cells, at a word's end
// where there is one, so that no word is cut in the middle.
func (m Model) fitLines(lines []string) []string {
	for i, l := range lines {
		lines[i] = common.Cut(l, m.Width)
	}
	return lines
}

// position says which lines of the figures are shown, when they scroll.
func (m Model) position() string {
	total, h := m.vp.TotalLineCount(), m.vp.Height()
	if total <= h {
		return ""
	}
	first := m.vp.YOffset() + 1
	return m.Styles.Muted.Render(m.T("%d–%d of %d", first, min(first+h-1, total), total))
}
