package reconcile

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment"
	rc "github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
)

// Rows each state draws around its list.
const (
	pickChrome  = 4 // title, folder, options, message
	queueChrome = 8 // title, column names, blank, 3 detail, entry, message
)

// View draws the current state in at most Width x Height.
func (m Model) View() string {
	if m.Width <= 0 || m.Height <= 0 {
		return ""
	}
	var lines []string
	switch m.state {
	case statePick:
		lines = m.pickView()
	case stateImporting:
		lines = m.importingView()
	case stateOutcome:
		lines = m.outcomeView()
	case stateFailed:
		lines = m.failedView()
	case stateQueue:
		lines = m.queueView()
	}
	return fit(lines, m.Width, m.Height)
}

// fit cuts every line to w columns and keeps at most h lines.
func fit(lines []string, w, h int) string {
	var out []string
	for _, l := range lines {
		for _, part := range strings.Split(l, "\n") {
			out = append(out, common.Cut(part, w))
		}
	}
	if len(out) > h {
		out = out[:h]
	}
	return strings.Join(out, "\n")
}

// titleLine puts left and right on one line of width w.
func titleLine(left, right string, w int) string {
	pad := w - lipgloss.Width(left) - lipgloss.Width(right)
	if right == "" || pad < 2 {
		return left
	}
	return left + strings.Repeat(" ", pad) + right
}

func (m Model) openLabel() string {
	if !m.loaded || m.open == 0 {
		return ""
	}
	return m.Styles.Notice.Render(m.T("%d open exceptions", m.open))
}

func (m Model) messageLine() string {
	switch {
	case m.err != "":
		return m.Styles.Error.Render("✗ " + safetext.Escape(m.err))
	case m.notice != "":
		return m.Styles.Notice.Render(safetext.Escape(m.notice))
	}
	return ""
}

func (m Model) pickView() []string {
	s := m.Styles
	onOff := map[bool]string{false: m.T("off"), true: m.T("ON: nothing will be written")}
	opts := m.T("format %s · CSV profile %s · dry run %s", m.formats[m.format], m.profileName(), onOff[m.dryRun])
	if len(m.marked) > 0 {
		opts += " · " + m.T("marked: %s", m.filesTitle(m.marked))
	}
	p := m.picker
	p.Styles = pickerStyles(s, m.T("No files here."))
	// The picker draws file names itself, and a file name can hold
	// anything but "/" and NUL: keep the picker's own styling, escape the
	// rest (an SGR sequence in a name too).
	picker := safetext.StyledOnly(strings.TrimRight(p.View(), "\n"), ownSGR(p.Styles))
	lines := []string{
		titleLine(s.Title.Render(m.T("Reconcile · choose a statement")), m.openLabel(), m.Width),
		s.Muted.Render(m.T("in %s", safetext.Escape(m.picker.CurrentDirectory))),
		m.wrapped(s.Label, opts),
	}
	rows := strings.Split(picker, "\n")
	if len(rows) > m.picker.Height() {
		rows = rows[:m.picker.Height()]
	}
	for len(rows) < m.picker.Height() {
		rows = append(rows, "")
	}
	lines = append(lines, rows...)
	msg := m.messageLine()
	if msg == "" {
		msg = s.Muted.Render(m.T("enter imports the file under the cursor · space marks several for one import"))
	}
	return append(lines, msg)
}

func (m Model) importingView() []string {
	s := m.Styles
	title := m.T("Reconcile · importing %s", m.filesTitle(m.req.Files))
	if m.req.DryRun {
		title += " " + m.T("(dry run)")
	}
	bar := m.bar
	bar.FullColor = s.Title.GetForeground()
	bar.EmptyColor = s.Muted.GetForeground()
	p := m.prog
	status := m.T("%d lines read", p.Lines)
	if p.Total > 0 {
		status += " · " + m.T("%s of %s (%d%%)", humanBytes(m.Lang(), p.Bytes), humanBytes(m.Lang(), p.Total), int(p.Fraction()*100))
	}
	hint := m.messageLine()
	if hint == "" {
		hint = s.Muted.Render(m.T("esc stops the import; nothing is written until it ends"))
	}
	return []string{s.Title.Render(title), "", bar.ViewAs(p.Fraction()), s.Value.Render(status), "", hint}
}

func (m Model) failedView() []string {
	s := m.Styles
	lines := []string{s.Title.Render(m.T("Reconcile · %s refused", m.filesTitle(m.done.Req.Files))), ""}
	// Paths have no spaces to wrap at: break them at their slashes too.
	msg := ansi.Wrap(safetext.Escape(m.forScreen(m.Text(m.done.Err.Error()))), m.Width, "/")
	lines = append(lines, s.Error.Render(msg), "",
		s.Value.Render(m.T("Nothing was written.")),
		m.wrapped(s.Muted, m.T("Fix the file, or try another format (f) or CSV profile (p).")))
	return lines
}

// forScreen words an import error for this screen: the statement reader
// speaks to the command line (--format, --profile), the screen has keys.
func (m Model) forScreen(msg string) string {
	return strings.NewReplacer(
		"give --format and --profile", m.T("choose a format (f) and a CSV profile (p)"),
		"--format", m.T("the format (f)"),
		"--profile", m.T("the CSV profile (p)"),
	).Replace(msg)
}

// wrapped renders a sentence in st over as many lines as the width needs,
// breaking at spaces: a long sentence (German makes many) is never cut.
func (m Model) wrapped(st lipgloss.Style, text string) string {
	return st.Render(ansi.Wrap(text, max(m.Width, 1), ""))
}

// outcomeView is what the import found: the counts every merchant asks
// about, the claims no payment confirms, and the exceptions it raised.
func (m Model) outcomeView() []string {
	s := m.Styles
	r := m.done.Result
	what := m.T("imported")
	right := ""
	if m.done.Req.DryRun {
		what = m.T("checked")
		right = s.Notice.Render(m.T("dry run: nothing was written"))
	}
	summary := m.T("%s, %d new, %d already imported", m.T("%d lines read", r.Lines), r.NewLines, r.AlreadyImported)
	if first, last := m.Lang().Date(r.FirstAt), m.Lang().Date(r.LastAt); r.FirstAt.IsZero() {
	} else if first == last {
		summary += " · " + m.T("booked %s", first)
	} else {
		summary += " · " + m.T("booked %s to %s", first, last)
	}
	lines := []string{
		titleLine(s.Title.Render(m.T("Reconcile · %s %s", m.filesTitle(m.done.Req.Files), what)), right, m.Width),
		s.Muted.Render(summary),
		"",
	}
	lines = append(lines, m.countGrid(r)...)
	if other := m.otherCounts(r); other != "" {
		lines = append(lines, s.Muted.Render(other))
	}
	for _, w := range r.Warnings { // once per file: lines in another currency
		lines = append(lines, s.Notice.Render(m.T("warning: %s", printable(w))))
	}
	room := m.Height - len(lines) - 1 // the last line says how to go on
	if n := len(r.UnverifiedClaims); n > 0 && room > 2 {
		lines = append(lines, "", s.Label.Render(m.T("Marked paid by the cashier, no payment on this statement: %d", n)))
		room -= 2
		show := min(n, max(room/3, 1))
		for _, o := range r.UnverifiedClaims[:show] {
			lines = append(lines, fmt.Sprintf("  %s  %s  %s", s.Reference.Render(o.Ref.Grouped()), m.Lang().Money(o.Amount), m.when(o.CreatedAt)))
		}
		room -= show
		if show < n {
			lines = append(lines, s.Muted.Render("  "+m.T("… and %d more", n-show)))
			room--
		}
	}
	if r.ExceptionCount > 0 && room > 2 {
		label := m.T("Exceptions a person must look at: %d", r.ExceptionCount)
		if m.done.Req.DryRun {
			// Nothing was written: they are not in the queue e opens.
			label = m.T("Exceptions it would raise, not recorded (dry run): %d", r.ExceptionCount)
		}
		lines = append(lines, "", s.Label.Render(label))
		room -= 2
		show := min(len(r.Exceptions), room)
		if show < r.ExceptionCount {
			show = max(show-1, 0)
		}
		w := idWidth(r.Exceptions)
		for _, x := range r.Exceptions[:show] {
			lines = append(lines, m.exceptionRow(x, w, !m.done.Req.DryRun, false))
		}
		if show < r.ExceptionCount {
			lines = append(lines, s.Muted.Render("  "+m.T("… and %d more", r.ExceptionCount-show)))
		}
	}
	for len(lines) < m.Height-1 {
		lines = append(lines, "")
	}
	next := m.T("e works through the open exceptions · i imports another file")
	if m.done.Req.DryRun {
		next = m.T("i imports another file (d turns the dry run off) · e shows the exceptions already open")
	}
	if msg := m.messageLine(); msg != "" {
		next = msg
	} else {
		next = s.Muted.Render(next)
	}
	return append(lines, next)
}

// countGrid lays the ten counts out in as many columns as fit.
func (m Model) countGrid(r store.ImportResult) []string {
	s := m.Styles
	type cell struct {
		label string
		n     int
	}
	cells := []cell{
		{m.T("paid"), r.Counts[rc.Paid]}, {m.T("partial"), r.Counts[rc.Partial]}, {m.T("overpaid"), r.Counts[rc.Overpaid]},
		{m.T("late"), r.Counts[rc.Late]}, {m.T("duplicate"), r.Counts[rc.Duplicate]}, {m.T("refunds"), r.Counts[rc.Refund]},
		{m.T("unmatched"), r.Counts[rc.Unmatched]}, {m.T("suggested"), r.Counts[rc.Suggested]},
		{m.T("already imported"), r.AlreadyImported}, {m.T("unverified claims"), len(r.UnverifiedClaims)},
	}
	numW, labelW := 4, 17
	for _, c := range cells {
		numW = max(numW, ansi.StringWidth(m.Lang().Number(int64(c.n), 0)))
		labelW = max(labelW, ansi.StringWidth(c.label))
	}
	const gap, margin = 2, 2
	cellW := labelW + 1 + numW
	cols := min(max((m.Width-margin+gap)/(cellW+gap), 1), 5)
	var out []string
	for i := 0; i < len(cells); i += cols {
		var b strings.Builder
		b.WriteString(strings.Repeat(" ", margin))
		for j := i; j < min(i+cols, len(cells)); j++ {
			c := cells[j]
			if j > i {
				b.WriteString(strings.Repeat(" ", gap))
			}
			num := padCells(m.Lang().Number(int64(c.n), 0), numW, true)
			label := padCells(c.label, labelW, false) + " "
			if c.n == 0 {
				b.WriteString(s.Muted.Render(label + num))
			} else {
				b.WriteString(s.Label.Render(label) + s.Value.Render(num))
			}
		}
		out = append(out, b.String())
	}
	return out
}

// otherCounts names what changed nothing and needs nobody, so the totals
// still add up to the lines read.
func (m Model) otherCounts(r store.ImportResult) string {
	var parts []string
	for _, c := range []struct {
		outcome rc.Outcome
		key     string // counted: the catalog picks the plural form
	}{
		{rc.Seen, "%d already known from notifications"},
		{rc.Pending, "%d pending lines"},
		{rc.Ignored, "%d other debits"},
		{rc.Review, "%d need review"},
		{rc.Reversed, "%d reversals"},
		{rc.Corrected, "%d lines corrected away"},
	} {
		if n := r.Counts[c.outcome]; n > 0 {
			parts = append(parts, m.T(c.key, n))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "  " + m.T("also: %s", strings.Join(parts, " · "))
}

func (m Model) queueView() []string {
	s := m.Styles
	title := m.T("Exceptions · %d open", m.open)
	if len(m.items) < m.open {
		title += " " + m.T("(showing the oldest %d)", len(m.items))
	}
	lines := []string{titleLine(s.Title.Render(title), s.Muted.Render(m.T("oldest first")), m.Width)}
	if m.loaded && len(m.items) == 0 {
		none := m.T("No open exceptions: every statement line is accounted for.")
		if m.done.Req.DryRun && m.done.Result.ExceptionCount > 0 {
			none = m.T("No open exceptions. The dry run's %d were not recorded: import without the dry run to record them.",
				m.done.Result.ExceptionCount)
		}
		lines = append(lines, "", m.wrapped(s.Value, none),
			s.Muted.Render(m.T("i imports a statement.")))
		for len(lines) < m.Height-1 {
			lines = append(lines, "")
		}
		return append(lines, m.messageLine())
	}
	w := idWidth(m.items)
	kw := m.kindWidth()
	lines = append(lines, s.Label.Render("  "+padCells("#", w, false)+" "+padCells(m.T("Kind"), kw, false)+"  "+
		padCells(m.T("Order"), 11, false)+"  "+padCells(m.T("Amount"), amountWidth, true)+"  "+m.T("Detail")))
	rows := m.queueRows()
	for i := m.top; i < min(m.top+rows, len(m.items)); i++ {
		lines = append(lines, m.exceptionRow(m.items[i], w, true, i == m.cursor))
	}
	for len(lines) < 2+rows {
		lines = append(lines, "")
	}
	lines = append(lines, "")
	lines = append(lines, m.detailLines()...)
	lines = append(lines, m.entryLines()...)
	return lines
}

// detailLines describe the selected exception in full: its facts, and
// the matcher's explanation on up to two lines.
func (m Model) detailLines() []string {
	s := m.Styles
	x, ok := m.selected()
	if !ok {
		return []string{"", ""}
	}
	meta := fmt.Sprintf("#%d %s · %s", x.ID, m.Text(x.Kind), amountText(m.Lang(), x.Amount, x.Currency))
	if x.Due > 0 {
		meta += " · " + m.T("order for %s", amountText(m.Lang(), x.Due, x.Currency))
	}
	meta += " · " + m.moved(x) + " · " + m.T("line %s", safetext.Escape(x.Key))
	detail := lipgloss.NewStyle().Width(m.Width).Render(safetext.Escape(payment.GroupReferences(x.Detail)))
	d := strings.SplitN(detail, "\n", 3)
	if len(d) > 2 {
		d = d[:2]
	}
	for len(d) < 2 {
		d = append(d, "")
	}
	return []string{s.Value.Render(meta), d[0], d[1]}
}

// entryLines are the field being typed, or what can be done, and the
// message line.
func (m Model) entryLines() []string {
	s := m.Styles
	if m.deciding() {
		return m.decisionLines()
	}
	switch m.entry {
	case entryLink:
		status := s.Muted.Render(m.referenceStatus(m.input.Value()))
		if v := strings.TrimSpace(m.input.Value()); v != "" {
			if ref, err := payment.ParseReference(v); err == nil {
				status = s.Notice.Render(m.T("✓ %s is a valid reference; enter links the payment to it", ref.Grouped()))
			} else if !stillTyping(v) {
				status = s.Error.Render("✗ " + safetext.Escape(m.Text(err.Error())))
			}
		}
		if m.err != "" {
			status = m.messageLine()
		}
		return []string{s.Label.Render(m.T("Link #%d to order:", m.entryOf)+" ") + common.InputView(m.input), status}
	case entryDismiss:
		status := s.Muted.Render(m.T("the reason is kept with the exception and on the order's history"))
		if m.err != "" {
			status = m.messageLine()
		}
		return []string{s.Label.Render(m.T("Dismiss #%d because:", m.entryOf)+" ") + common.InputView(m.input), status}
	}
	hint := ""
	if x, ok := m.selected(); ok {
		switch {
		case m.busy:
			hint = m.T("saving…")
		case x.Kind == kindSuggested:
			hint = m.T("a accepts the suggested order · l links another order · x dismisses")
		case linkable(x):
			hint = m.T("l links this payment to an order · x dismisses with a reason")
		default:
			hint = m.T("x dismisses with a reason once it is dealt with")
		}
	}
	return []string{s.Muted.Render(hint), m.messageLine()}
}

// stillTyping says a reference being typed is only too short so far: no
// need to call it wrong yet.
func stillTyping(v string) bool {
	norm := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(v))
	if len(norm) >= payment.MinReferenceLen {
		return false
	}
	for _, r := range norm {
		if !strings.ContainsRune(payment.ReferenceAlphabet, r) {
			return false
		}
	}
	return true
}

func (m Model) referenceStatus(v string) string {
	if n := len(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(v))); n > 0 {
		return m.T("%d characters so far; a reference has %d to %d", n, payment.MinReferenceLen, payment.MaxReferenceLen)
	}
	return m.T("type the order's reference")
}
