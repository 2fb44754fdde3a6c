package pay

import (
	"strings"
	"unicode"

	"charm.land/lipgloss/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/ui/bigtext"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/qrview"
)

const (
	gap      = 2  // columns between the code and the panel
	minPanel = 26 // narrowest useful information panel
	maxPanel = 46
)

// View lays the screen out for its area. The QR matrix was computed when
// the order was created; here it is only placed.
func (m Model) View() string {
	if !m.Payable() {
		// Paid, void or out of time: the status, never the code.
		return m.place(m.closedView())
	}
	if m.customer {
		return m.customerView()
	}
	qr, ok := m.current()
	if !ok || qr.Err != nil {
		why := m.T("this order has no payment code")
		if qr.Err != nil {
			why = safetext.Escape(qr.Err.Error())
		}
		return m.place(lipgloss.JoinVertical(lipgloss.Left, m.Styles.Error.Render(why), "", m.panel(m.Width)))
	}
	// Side by side: the code on the left, the panel on the right.
	panelW := min(max(m.Width/3, minPanel), maxPanel)
	if l := qr.View.Layout(m.Width-panelW-gap, m.Height); l.OK {
		panelW = min(m.Width-l.Width-gap, maxPanel+10)
		return m.place(lipgloss.JoinHorizontal(lipgloss.Center, l.View, strings.Repeat(" ", gap), m.panel(panelW)))
	}
	// Stacked: the code above a compact panel.
	compact := m.compactPanel(m.Width)
	if l := qr.View.Layout(m.Width, m.Height-lipgloss.Height(compact)); l.OK {
		return m.place(lipgloss.JoinVertical(lipgloss.Center, l.View, compact))
	}
	// Nothing fits: say what would, and still show what is owed.
	qw, qh := qr.View.MinSize()
	needW := max(qw, lipgloss.Width(compact))
	needH := qh + lipgloss.Height(compact) + m.ChromeHeight
	msg := m.Styles.Error.Render(qrview.FitMessage(max(needW, m.Width), max(needH, m.Height+m.ChromeHeight), m.Width))
	return m.place(lipgloss.JoinVertical(lipgloss.Center, msg, "", compact))
}

func (m Model) place(s string) string {
	return lipgloss.Place(m.Width, m.Height, lipgloss.Center, lipgloss.Center, s)
}

// amountText is the amount as the customer reads it: "BRL 12.50".
// amountText is the order's amount as the screens' language writes it,
// with the currency's ISO code where the language puts its symbol ("BRL
// 42,00", "42,00 EUR"): the big font draws letters, digits and marks but no
// "R$" or "€". A space the language groups or separates with (a no-break
// one) becomes a plain space, which the font has.
func (m Model) amountText() string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, m.Lang().MoneyCode(m.order.Amount))
}

// bigAmount renders the amount as large as width allows (5 or 3 rows), or
// in bold text when even that does not fit.
func (m Model) bigAmount(width, maxRows int) string {
	s := m.Styles
	text := m.amountText()
	for _, h := range []int{5, 3} {
		if h <= maxRows && bigtext.Width(text, h) <= width {
			return s.Amount.Render(bigtext.Render(text, h))
		}
	}
	return s.Amount.Render(text)
}

// panel is the information beside the code.
func (m Model) panel(width int) string {
	s := m.Styles
	o := m.order
	lines := []string{
		m.bigAmount(width, 5),
		"",
		s.Value.Render(safetext.Escape(m.Backend.Config.Merchant.Name)),
		s.Label.Render(m.T("reference")+" ") + s.Reference.Render(o.Ref.Grouped()),
	}
	if o.Note != "" {
		label := m.T("note") + " "
		lines = append(lines, s.Label.Render(label)+noteLines(safetext.Escape(o.Note), width-lipgloss.Width(label)))
	}
	if c := m.countdown(); c != "" {
		lines = append(lines, s.Muted.Render(c))
	}
	lines = append(lines, "", m.statusLine())
	if qr, ok := m.current(); ok {
		label := safetext.Escape(qr.Code.Label + " · " + strings.ToUpper(qr.Code.Format))
		if len(m.qr) > 1 {
			label += " · " + m.T("code %d of %d (tab)", m.code+1, len(m.qr))
		}
		head := m.T("code") + " "
		lines = append(lines, "", s.Label.Render(head)+s.Muted.Render(truncate(label, width-lipgloss.Width(head))))
	}
	lines = append(lines, m.messages(width)...)
	return lipgloss.NewStyle().Width(width).Render(lipgloss.JoinVertical(lipgloss.Left, lines...))
}

// compactPanel is the panel squeezed under the code: two or three lines.
func (m Model) compactPanel(width int) string {
	s := m.Styles
	o := m.order
	first := s.Amount.Render(m.amountText()) + "  " + s.Reference.Render(o.Ref.Grouped())
	second := m.statusLine()
	if c := m.countdown(); c != "" {
		second += "  " + s.Muted.Render(c)
	}
	lines := []string{first, second}
	lines = append(lines, m.messages(width)...)
	return lipgloss.JoinVertical(lipgloss.Center, lines...)
}

// messages are the prompt, the y/n question and what went right or
// wrong. They wrap at words: cut to the width, a question longer in
// another language (Thai, German) would lose its end, "y/n" first.
func (m Model) messages(width int) []string {
	s := m.Styles
	wrap := func(text string) string { return common.Wrap(text, width) }
	var out []string
	if m.ask != nil {
		out = append(out, m.ask.View(s, width))
	}
	switch m.confirming {
	case cancelQuestion:
		out = append(out, s.Error.Render(wrap(m.T("Cancel order %s? y/n", m.order.Ref.Grouped()))))
	case paidQuestion:
		out = append(out, s.Error.Render(wrap(m.T("Mark %s paid? y/n", m.order.Ref.Grouped()))))
	}
	if q := m.restQuestion(); q != "" {
		out = append(out, s.Error.Render(wrap(q)))
	}
	if m.err != "" {
		out = append(out, s.Error.Render(wrap(safetext.Escape(m.err))))
	}
	if m.notice != "" {
		out = append(out, s.Notice.Render(wrap(safetext.Escape(m.notice))))
	}
	return out
}

// closedView replaces the code once the order cannot be paid any more:
// a word the whole counter can read (PAID, CANCELLED, EXPIRED...), and
// what came in or is still due. The customer view shows the same, less the
// cashier's hint.
func (m Model) closedView() string {
	s := m.Styles
	o := m.order
	st := o.Status()
	word := strings.ToUpper(string(st))
	switch {
	case st == payment.StatusClaimed:
		word = "MARKED PAID"
	case st == payment.StatusOpen: // out of time, not yet marked expired
		st, word = payment.StatusExpired, "EXPIRED"
	}
	word = m.Text(word)
	big := word
	// The block letters have Latin capitals only: a word in another
	// script, or with accents, is shown as text rather than as question marks.
	if h := bigtext.Fit(word, m.Width, min(m.Height-8, 10)); h >= bigtext.MinHeight && blockLetters(word) {
		big = bigtext.Render(word, h)
	}
	// The cancelled colour strikes text through; on block letters that
	// only blurs them.
	style := s.Status[st].Bold(true).Strikethrough(false)
	lines := []string{style.Render(big), "", m.statusLine(), "",
		s.Amount.Render(m.amountText()) + "  " + s.Reference.Render(o.Ref.Grouped())}
	if st == payment.StatusPartial {
		// The code asks for the full amount: the rest is settled another way.
		due := payment.Amount{Minor: max(o.State.Due-o.State.Covered(), 0), Currency: o.Amount.Currency}
		lines = append(lines, s.Value.Render(m.T("still due %s", m.Lang().Money(due))))
	}
	if !m.customer {
		hint := m.restHint() + m.T("n or enter: next charge")
		if m.outOfTime() {
			hint = m.T("v: show the code again") + " · " + hint
		}
		lines = append(lines, s.Muted.Render(hint))
	}
	lines = append(lines, m.messages(m.Width)...)
	return lipgloss.JoinVertical(lipgloss.Center, lines...)
}

// apps names the apps that scan the code, each phrase in the screens'
// language where the catalog has it ("any PIX bank app"); a wallet the
// merchant named in the configuration stays as named.
func (m Model) apps(schemes []string) string {
	phrases := strings.Split(m.Backend.Config.Schemes.Apps(schemes), " · ")
	for i, p := range phrases {
		phrases[i] = m.Text(p)
	}
	return strings.Join(phrases, " · ")
}

// customerView is the screen turned to the customer: the code as large as
// the window allows, the amount, the merchant and which apps scan it. When
// the window is tight it gives the code all the room: the code beside the
// amount, then the code above one line with the amount, nothing else.
func (m Model) customerView() string {
	s := m.Styles
	qr, ok := m.current()
	merchant := s.Value.Render(truncate(safetext.Escape(m.Backend.Config.Merchant.Name), m.Width))
	if !ok || qr.Err != nil {
		return m.place(lipgloss.JoinVertical(lipgloss.Center, m.bigAmount(m.Width, 5), merchant))
	}
	apps := m.apps(qr.Code.Schemes)
	scan := func(width int) string {
		if apps == "" {
			return ""
		}
		return s.Muted.Render(truncate(m.T("scan with %s", safetext.Escape(apps)), width))
	}
	// The code above the amount, the merchant and the apps.
	for _, rows := range []int{5, 3, 1} {
		info := lipgloss.JoinVertical(lipgloss.Center, m.bigAmount(m.Width, rows), merchant, scan(m.Width))
		if l := qr.View.Layout(m.Width, m.Height-lipgloss.Height(info)); l.OK {
			return m.place(lipgloss.JoinVertical(lipgloss.Center, l.View, info))
		}
	}
	// The code at the window's full height, the rest beside it.
	amount := s.Amount.Render(m.amountText())
	if l := qr.View.Layout(m.Width-gap-lipgloss.Width(amount), m.Height); l.OK {
		w := m.Width - l.Width - gap
		info := lipgloss.JoinVertical(lipgloss.Left, m.bigAmount(w, min(5, m.Height)), "",
			s.Value.Render(truncate(safetext.Escape(m.Backend.Config.Merchant.Name), w)), scan(w))
		return m.place(lipgloss.JoinHorizontal(lipgloss.Center, l.View, strings.Repeat(" ", gap), info))
	}
	// The code and one line with the amount.
	if l := qr.View.Layout(m.Width, m.Height-1); l.OK {
		return m.place(lipgloss.JoinVertical(lipgloss.Center, l.View, amount))
	}
	qw, qh := qr.View.MinSize()
	msg := s.Error.Render(qrview.FitMessage(max(qw, m.Width), max(qh+1, m.Height), m.Width))
	return m.place(lipgloss.JoinVertical(lipgloss.Center, msg, "", amount, merchant))
}

// noteLines is a note in at most two lines of n cells, wrapped at words
// (a longer language's "rest of order AB2CD-3EFGH" keeps its reference),
// the second cut at a word when the note goes on.
func noteLines(note string, n int) string {
	if n <= 1 || lipgloss.Width(note) <= n {
		return note
	}
	first, rest, _ := strings.Cut(common.Wrap(note, n), "\n")
	return lipgloss.JoinVertical(lipgloss.Left, first, truncate(strings.ReplaceAll(rest, "\n", " "), n))
}

// truncate fits plain text in n cells, at a word where one fits
// (common.Clip); with no room at all it leaves the text to the layout.
func truncate(s string, n int) string {
	if n <= 1 {
		return s
	}
	return common.Clip(s, n)
}

// blockLetters reports whether bigtext has a glyph for every character of
// s (A–Z, digits, space and . , -).
func blockLetters(s string) bool {
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(" .,-", r)) {
			return false
		}
	}
	return true
}
