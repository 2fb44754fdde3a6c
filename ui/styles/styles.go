// Package styles holds till's look: one Styles value built for the
// terminal's background, shared by every screen. With NO_COLOR set the
// styles keep their layout (bold, reverse, borders) and drop colour. The QR
// code is not styled here: it is an image with colours of its own.
package styles

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/table"
	"charm.land/lipgloss/v2"

	"github.com/till-pos/till/payment"
)

// Styles is every style till draws with.
type Styles struct {
	NoColor bool

	Header    lipgloss.Style // the top line: merchant and screen
	Title     lipgloss.Style
	Demo      lipgloss.Style // the DEMO badge
	Muted     lipgloss.Style
	Label     lipgloss.Style
	Value     lipgloss.Style
	Amount    lipgloss.Style // the big amount
	AmountDim lipgloss.Style // amount digits not yet typed
	Reference lipgloss.Style
	Error     lipgloss.Style
	Notice    lipgloss.Style
	Focused   lipgloss.Style // the field being typed into
	Blurred   lipgloss.Style
	Banner    map[payment.Status]lipgloss.Style // PAID / PARTIAL / ... on the pay screen
	Status    map[payment.Status]lipgloss.Style // status words in lists
	Help      help.Styles
	Table     table.Styles
	Box       lipgloss.Style
	Key       lipgloss.Style
}

// New builds the styles for a dark or light background.
func New(dark, noColor bool) *Styles {
	ld := lipgloss.LightDark(dark)
	c := func(light, darkHex string) color.Color {
		if noColor {
			return lipgloss.NoColor{}
		}
		return ld(lipgloss.Color(light), lipgloss.Color(darkHex))
	}
	accent := c("#5A3FD6", "#A994FF")
	// Secondary text (help, hints, labels) still reads at 4.5:1 (WCAG AA)
	// on the backgrounds terminals use, from black to One Dark's #282C34
	// and from white to #EEEEEE (TestContrast).
	muted := c("#616161", "#9E9E9E")
	s := &Styles{NoColor: noColor}
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(c("#1A1A1A", "#F0F0F0"))
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Demo = lipgloss.NewStyle().Bold(true).Reverse(noColor).Padding(0, 1).
		Foreground(c("#FFFFFF", "#1A1A1A")).Background(c("#C2410C", "#FDBA74"))
	s.Muted = lipgloss.NewStyle().Foreground(muted)
	s.Label = lipgloss.NewStyle().Foreground(muted)
	s.Value = lipgloss.NewStyle().Bold(true)
	s.Amount = lipgloss.NewStyle().Bold(true).Foreground(c("#111111", "#FFFFFF"))
	s.AmountDim = lipgloss.NewStyle().Foreground(muted)
	s.Reference = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Error = lipgloss.NewStyle().Bold(true).Foreground(c("#B91C1C", "#F87171"))
	s.Notice = lipgloss.NewStyle().Foreground(c("#1D4ED8", "#93C5FD"))
	s.Focused = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1)
	s.Blurred = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(muted).Padding(0, 1)
	s.Box = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(muted).Padding(0, 1)
	s.Key = lipgloss.NewStyle().Bold(true)

	green, amber, red := c("#166534", "#4ADE80"), c("#92400E", "#FBBF24"), c("#B91C1C", "#F87171")
	s.Status = map[payment.Status]lipgloss.Style{
		payment.StatusOpen:      lipgloss.NewStyle().Foreground(accent),
		payment.StatusClaimed:   lipgloss.NewStyle().Foreground(amber),
		payment.StatusPaid:      lipgloss.NewStyle().Foreground(green).Bold(true),
		payment.StatusPartial:   lipgloss.NewStyle().Foreground(amber).Bold(true),
		payment.StatusOverpaid:  lipgloss.NewStyle().Foreground(amber).Bold(true),
		payment.StatusExpired:   lipgloss.NewStyle().Foreground(muted),
		payment.StatusCancelled: lipgloss.NewStyle().Foreground(muted).Strikethrough(true),
		payment.StatusRefunded:  lipgloss.NewStyle().Foreground(red),
	}
	banner := lipgloss.NewStyle().Bold(true).Padding(0, 2).Reverse(noColor)
	onColor := c("#FFFFFF", "#0A0A0A")
	s.Banner = map[payment.Status]lipgloss.Style{
		payment.StatusPaid:      banner.Foreground(onColor).Background(green),
		payment.StatusPartial:   banner.Foreground(onColor).Background(amber),
		payment.StatusOverpaid:  banner.Foreground(onColor).Background(amber),
		payment.StatusClaimed:   banner.Foreground(onColor).Background(amber),
		payment.StatusExpired:   banner.Foreground(onColor).Background(muted),
		payment.StatusCancelled: banner.Foreground(onColor).Background(muted),
		payment.StatusRefunded:  banner.Foreground(onColor).Background(red),
		payment.StatusOpen:      banner.Foreground(onColor).Background(accent),
	}
	// bubbles' default help colours are decoration-dim (1.3:1 to 3:1);
	// the help line is how a new cashier learns the keys, so it reads as
	// well as any secondary text.
	helpKey, helpDesc := lipgloss.NewStyle().Foreground(c("#3F3F3F", "#C8C8C8")), lipgloss.NewStyle().Foreground(muted)
	s.Help = help.Styles{
		ShortKey: helpKey, ShortDesc: helpDesc, ShortSeparator: helpDesc, Ellipsis: helpDesc,
		FullKey: helpKey, FullDesc: helpDesc, FullSeparator: helpDesc,
	}
	if noColor {
		plain := lipgloss.NewStyle()
		s.Help = help.Styles{ShortKey: plain.Bold(true), ShortDesc: plain, ShortSeparator: plain,
			Ellipsis: plain, FullKey: plain.Bold(true), FullDesc: plain, FullSeparator: plain}
	}
	s.Table = table.Styles{
		Header:   lipgloss.NewStyle().Bold(true).Padding(0, 1).BorderStyle(lipgloss.NormalBorder()).BorderBottom(true).BorderForeground(muted),
		Cell:     lipgloss.NewStyle().Padding(0, 1),
		Selected: lipgloss.NewStyle().Bold(true).Reverse(true),
	}
	return s
}

// StatusText renders a status word in its colour.
func (s *Styles) StatusText(st payment.Status) string {
	if style, ok := s.Status[st]; ok {
		return style.Render(string(st))
	}
	return string(st)
}
