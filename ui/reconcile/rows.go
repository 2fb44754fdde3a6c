package reconcile

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
)

// exceptionRow is one exception on one line: id, kind, order, amount,
// detail. The selected row is marked by a pointer and reverse video, so it
// shows without colour too.
func (m Model) exceptionRow(x store.ExceptionItem, idW int, showID, selected bool) string {
	s := m.Styles
	id := "#" + strconv.FormatInt(x.ID, 10)
	if !showID {
		id = "" // a dry run's exceptions were rolled back: their numbers mean nothing
	}
	ref := "—"
	if x.Ref != "" {
		ref = payment.Reference(x.Ref).Grouped()
	}
	ref = fmt.Sprintf("%-11s", safetext.Escape(ref))
	detail := safetext.Escape(payment.GroupReferences(x.Detail))
	kind := padCells(m.Text(x.Kind), m.kindWidth(), false)
	amount := padCells(amountText(m.Lang(), x.Amount, x.Currency), amountWidth, true)
	if selected {
		row := fmt.Sprintf("› %-*s %s  %s  %s  %s", idW, id, kind, ref, amount, detail)
		row = common.Cut(row, m.Width)
		return s.Table.Selected.Render(row + strings.Repeat(" ", max(m.Width-ansi.StringWidth(row), 0)))
	}
	return fmt.Sprintf("  %-*s %s  %s  %s  %s", idW, id, kind, s.Reference.Render(ref), amount, detail)
}

func idWidth(items []store.ExceptionItem) int {
	w := 2
	for _, x := range items {
		w = max(w, len(strconv.FormatInt(x.ID, 10))+1)
	}
	return w
}

// moved is when the exception's money moved, as its line or notification
// says (not when it was imported): the date alone for a line dated by day
// only (read as midnight), never a time that did not happen.
func (m Model) moved(x store.ExceptionItem) string {
	t := x.At
	if t.IsZero() {
		return m.T("recorded %s", m.when(x.CreatedAt))
	}
	if h, mi, sec := t.Clock(); h == 0 && mi == 0 && sec == 0 && t.Nanosecond() == 0 {
		return m.T("moved %s", m.Lang().Date(t))
	}
	return m.T("moved %s", m.when(t))
}

// when is a time as a cashier reads it: the clock for today, else the date too.
func (m Model) when(t time.Time) string {
	if m.Now != nil && t.Format(time.DateOnly) == m.Now().Format(time.DateOnly) {
		return t.Format("15:04")
	}
	if !m.Lang().IsEnglish() {
		return m.Lang().DateTime(t)
	}
	return t.Format("01-02 15:04")
}

// amountWidth is the amount column's width, as wide as "EUR 99,999.99".
const amountWidth = 13

// kindWidth is the kind column's width: the widest kind's name in the
// language, in terminal cells.
func (m Model) kindWidth() int {
	w := 9
	for _, k := range []string{"late", "duplicate", "unmatched", "suggested", "refund", "partial", "overpaid"} {
		w = max(w, ansi.StringWidth(m.Text(k)))
	}
	return w
}
