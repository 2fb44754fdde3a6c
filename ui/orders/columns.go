package orders

import (
	"charm.land/bubbles/v2/table"
	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
)

// statusWidth is the widest status in the screens' language, in cells,
// with room for the late mark: the column never cuts one.
func (m Model) statusWidth() int {
	w := 0
	for _, st := range payment.Statuses {
		w = max(w, ansi.StringWidth(m.T(string(st)))+1)
	}
	return w
}

// amountWidth is the widest amount of the orders loaded, as the language
// writes it, in cells (never less than 10, so the column does not jump
// with every page).
func (m Model) amountWidth(money func(store.Order) string) int {
	w := 10
	for _, o := range m.orders {
		w = max(w, ansi.StringWidth(money(o)))
	}
	return w
}

// columns fits the table to w cells: reference, amount and status always;
// the time when there is room for it; the note takes what is left. Every
// width is counted in terminal cells and is at least its title's, so no
// heading and no status is ever cut.
func (m Model) columns(w int) []column {
	l := m.Lang()
	title := func(key string, width int) table.Column {
		t := m.T(key)
		return table.Column{Title: t, Width: max(width, ansi.StringWidth(t))}
	}
	money := func(o store.Order) string { return l.Money(o.Amount) }
	ref := column{title("Reference", 11), func(_ Model, o store.Order) string { return o.Ref.Grouped() }}
	amount := column{title("Amount", m.amountWidth(money)), func(_ Model, o store.Order) string { return money(o) }}
	st := column{title("Status", m.statusWidth()), status}
	cols := []column{ref, amount, st}
	const pad = 2 // each cell's padding
	used := 2
	for _, c := range cols {
		used += c.Width + pad
	}
	if used > w {
		// Too narrow for the usual three: the reference without its
		// hyphen, the amount without its currency (the till has one) in
		// what is left, so no row wraps and the status stays whole.
		ref = column{table.Column{Title: m.T("Reference"), Width: 10}, func(_ Model, o store.Order) string { return string(o.Ref) }}
		amount = column{table.Column{Title: m.T("Amount"), Width: max(w-2-3*pad-10-st.Width, 1)},
			func(_ Model, o store.Order) string { return l.Number(o.Amount.Minor, o.Amount.Currency.Exponent) }}
		return []column{ref, amount, st}
	}
	tw := ansi.StringWidth(when(m, store.Order{CreatedAt: m.Now().AddDate(0, 0, -1)}))
	if t := title("Time", tw); w-used >= t.Width+pad {
		cols = append([]column{{t, when}}, cols...)
		used += t.Width + pad
	}
	if rest := w - used; rest >= 6 {
		cols = append(cols, column{title("Note", rest), func(_ Model, o store.Order) string {
			return common.Clip(safetext.Escape(o.Note), rest) // at a word, not by the table's cut
		}})
	}
	return cols
}

// fillTable gives the table the columns for the width and one row per
// order with exactly one cell per column, keeping a row selected.
func (m *Model) fillTable() {
	cols := m.columns(m.Width)
	tcols := make([]table.Column, len(cols))
	for i, c := range cols {
		tcols[i] = c.Column
	}
	rows := make([]table.Row, 0, len(m.orders))
	for _, o := range m.orders {
		row := make(table.Row, len(cols))
		for i, c := range cols {
			row[i] = c.cell(*m, o)
		}
		rows = append(rows, row)
	}
	// Every render in between must see rows no wider than the columns:
	// empty the table, then set the columns, then the rows.
	cursor := m.table.Cursor()
	m.table.SetRows(nil)
	m.table.SetColumns(tcols)
	m.table.SetRows(rows)
	if len(rows) > 0 {
		// An empty table leaves the cursor at -1; select the first row
		// again rather than nothing.
		if cursor < 0 || cursor >= len(rows) {
			cursor = 0
		}
		m.table.SetCursor(cursor)
	}
}
