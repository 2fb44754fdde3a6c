package setup

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/scheme"
	"github.com/till-pos/till/ui/qrview"
)

// SampleMinor is the amount of the test code, in minor units of the
// merchant's currency (12.34 in a currency with cents).
const SampleMinor = 1234

// SampleReference is the order reference the test code carries. It is a
// valid reference, so the code is built exactly as a real order's.
var SampleReference = func() payment.Reference {
	for _, c := range payment.ReferenceAlphabet {
		if r, err := payment.ParseReference("TESTQR2" + string(c)); err == nil {
			return r
		}
	}
	panic("setup: no check character completes the sample reference")
}()

// preview is the last step: the configuration as it will be saved and a
// test code built from it.
type preview struct {
	answers  Answers
	cfg      *config.Config
	amount   payment.Amount
	codes    []scheme.Code
	qrs      []*qrview.Code
	shown    int  // which code is drawn
	codeOnly bool // the code alone, for small windows
	err      error
}

// newPreview builds the configuration (without hashing a new PIN, which
// is done when saving) and the test codes. Encoding the QR once here keeps
// View to layout only.
func newPreview(o Options, a Answers) *preview {
	p := &preview{answers: a}
	_, cfg, err := build(o.Existing, a, false)
	if err != nil {
		p.err = err
		return p
	}
	p.cfg = cfg
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	p.amount = payment.Amount{Minor: SampleMinor, Currency: cfg.Merchant.Currency}
	p.codes, err = cfg.Schemes.Codes(scheme.Charge{Amount: p.amount, Ref: SampleReference, Expires: now().Add(cfg.Expiry)})
	if err != nil {
		p.err = err
		return p
	}
	for _, c := range p.codes {
		q, err := qrview.New(c.Payload)
		if err != nil {
			p.err = fmt.Errorf("%s: %w", c.Label, err)
			return p
		}
		p.qrs = append(p.qrs, q)
	}
	return p
}

// summaryWidth is the width of the text beside the code.
const summaryWidth = 38

// view draws the preview in w x h cells.
func (p *preview) view(m Model, w, h int) string {
	st, l := m.styles, m.lang
	if p.err != nil {
		msg := l.T("✗ This configuration cannot be saved: %s", l.Text(p.err.Error())) + "\n\n" + l.T("Press esc to go back and change it.")
		return lipgloss.NewStyle().Width(w).Render(st.Error.Render(msg))
	}
	q := p.qrs[p.shown]
	if l := q.Layout(w-summaryWidth-2, h); l.OK {
		text := p.summary(m, w-l.Width-2, true)
		return lipgloss.JoinHorizontal(lipgloss.Top, l.View, "  ", text)
	}
	// No room beside the summary: say what is needed, and how to see it.
	text := p.summary(m, w, false)
	var note string
	if alone := q.Layout(m.width, m.height); alone.OK {
		note = l.T("The test code does not fit beside this text: press v to see it alone, any key to come back.")
	} else {
		note = l.T("The test code needs a window of %d×%d (this one is %d×%d): enlarge it or zoom out to scan it. Its content:",
			alone.NeedWidth, alone.NeedHeight, m.width, m.height) + "\n" + q.Payload()
	}
	return text + "\n\n" + lipgloss.NewStyle().Width(w).Render(st.Notice.Render(note))
}

// summary is the text of the preview: the test code and the settings.
func (p *preview) summary(m Model, w int, withCode bool) string {
	st, l := m.styles, m.lang
	a, c := p.answers, p.cfg
	code := p.codes[p.shown]
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", st.Title.Render(l.T("Test code: %s", l.Money(p.amount))))
	which := code.Label
	if len(p.codes) > 1 {
		which = l.T("%s (%d of %d, tab for the next)", code.Label, p.shown+1, len(p.codes))
	}
	// A PromptPay transfer to a phone carries no reference: saying one
	// would promise the merchant a match the code cannot give.
	if strings.Contains(code.Payload, string(SampleReference)) {
		b.WriteString(l.T("reference %s · %s", SampleReference, which) + "\n")
	} else {
		b.WriteString(l.T("no reference in this code · %s", which) + "\n")
	}
	if withCode {
		b.WriteString(l.T("Scan it: your wallet should show your name and account. Do not pay: it is a real code for your account.") + "\n")
	}
	b.WriteString("\n")
	head := lipgloss.NewStyle().Width(w).Render(strings.TrimRight(b.String(), "\n"))
	b.Reset()
	// A row is a label and a value that wraps under itself; the label
	// column is as wide as the language's longest label.
	labels := []string{l.T("Business"), l.T("Currency"), l.T("Schemes"), l.T("PIN"), l.T("Expiry"), l.T("File")}
	labelWidth := 10
	for _, s := range labels {
		labelWidth = max(labelWidth, lipgloss.Width(s)+1)
	}
	row := func(label, value string) {
		// A path has no spaces to wrap at: break it at its slashes too.
		vw := max(w-labelWidth, 10)
		v := lipgloss.NewStyle().Width(vw).Render(ansi.Wrap(value, vw, "/"))
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, st.Label.Width(labelWidth).Render(label), v) + "\n")
	}
	row(labels[0], c.Merchant.Name)
	row("", fmt.Sprintf("%s, %s", c.Merchant.City, c.Merchant.Country))
	mcc := ""
	if c.Merchant.MCC != "0000" {
		mcc = " · MCC " + c.Merchant.MCC
	}
	row(labels[1], l.T("%s (%d decimals)%s", c.Merchant.Currency.Code, c.Merchant.Currency.Exponent, mcc))
	for i, s := range m.d.schemes {
		label := ""
		if i == 0 {
			label = labels[2]
		}
		row(label, fmt.Sprintf("%d. %s", i+1, s.summary(l)))
	}
	switch {
	case a.PIN != "":
		row(labels[3], l.T("a new PIN, saved as a hash"))
	case c.File.Till.ManagerPIN != "":
		row(labels[3], l.T("kept"))
	default:
		row(labels[3], l.T("none"))
	}
	row(labels[4], minutes(l, c.Expiry))
	row(labels[5], l.T("%s (only you can read it)", m.opts.Path))
	return head + "\n\n" + strings.TrimRight(b.String(), "\n")
}

// minutes is an expiry as the summary says it, the plural form by the
// language's rules: "1 minute", "15 minutes", "15 Minuten".
func minutes(l locale.Locale, d time.Duration) string { return l.T("%d minutes", int(d.Minutes())) }
