package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/receipt"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/ui/common"
)

// receiptFrame is the columns the receipt's box takes around its text:
// border and padding on each side.
const receiptFrame = 4

// receiptWidth is how wide an on-screen receipt is made: the printer's
// usual width when the window has room, narrower in a narrow window.
func (m Model) receiptWidth() int {
	return max(min(receipt.DefaultWidth, m.width-receiptFrame), receipt.MinWidth)
}

// receiptView shows a receipt in a box in the middle of the screen, or as
// plain lines cut to the window when the box would not fit (the window
// shrank after the receipt was made, or is narrower than any receipt).
func (m Model) receiptView(height int) string {
	// receipt.Text guards its fields already; this guards the overlay.
	lines := strings.Split(strings.TrimRight(safetext.Lines(m.receipt), "\n"), "\n")
	widest := 0
	for _, l := range lines {
		widest = max(widest, lipgloss.Width(l))
	}
	if widest+receiptFrame > m.width {
		lines = cutReceipt(m.c.Lang(), lines, height)
		for i, l := range lines {
			lines[i] = ansi.Truncate(l, m.width, "")
		}
		return lipgloss.Place(m.width, height, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n"))
	}
	lines = cutReceipt(m.c.Lang(), lines, max(height-2, 1))
	box := m.c.Styles.Box.Render(strings.Join(lines, "\n"))
	return lipgloss.Place(m.width, height, lipgloss.Center, lipgloss.Center, box)
}

// cutReceipt keeps at most height lines of a receipt; when it must drop
// some, its last line says how many, so a cut receipt never passes for
// a whole one, in the screens' language.
func cutReceipt(l locale.Locale, lines []string, height int) []string {
	if len(lines) <= height {
		return lines
	}
	keep := max(height-1, 0)
	more := l.T("… %d more lines", len(lines)-keep)
	return append(lines[:keep:keep], more)
}

// printFailure is the text of a failed print for the overlay: the whole
// message, wrapped to the window.
func (m Model) printFailure(msg common.PrintFailedMsg) string {
	width := max(m.width-receiptFrame, 20)
	body := lipgloss.NewStyle().Width(width).Render(safetext.Escape(m.c.Text(msg.Err.Error())))
	return m.c.T("Printing the %s failed:", msg.What) + "\n\n" + body + "\n\n" + m.c.T("any key closes this")
}
