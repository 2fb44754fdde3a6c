// Package orders is the order history: recent orders in a table, filtered
// by status, with the order under the cursor ready to be opened.
package orders

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
)

// PageSize is how many orders the history loads at once.
const PageSize = 200

// Model is the orders screen.
type Model struct {
	common.Common
	table  table.Model
	filter int // index into filters
	orders []store.Order
	loaded bool
}

// filters are the status filters the cashier cycles through with one key.
var filters = append([][]payment.Status{nil}, func() (out [][]payment.Status) {
	for _, s := range payment.Statuses {
		out = append(out, []payment.Status{s})
	}
	return out
}()...)

// New makes the orders screen.
func New(c common.Common) Model {
	t := table.New(table.WithFocused(true), table.WithStyles(c.Styles.Table))
	return Model{Common: c, table: t}
}

// Load asks the backend for the current page.
func (m Model) Load() tea.Cmd {
	return m.Backend.List(store.Filter{Status: filters[m.filter], Limit: PageSize})
}

// SetSize lays the table out for the area.
func (m *Model) SetSize(w, h int) {
	m.Common.SetSize(w, h)
	m.table.SetWidth(w)
	m.table.SetHeight(max(h-2, 3))
	m.table.SetColumns(columns(w))
	m.table.SetRows(m.rows())
}

func columns(w int) []table.Column {
	// time, ref, amount, status are fixed; the note takes what is left.
	cols := []table.Column{
		{Title: "Time", Width: 11},
		{Title: "Reference", Width: 10},
		{Title: "Amount", Width: 14},
		{Title: "Status", Width: 9},
	}
	used := 0
	for _, c := range cols {
		used += c.Width + 2
	}
	if rest := w - used - 2; rest >= 6 {
		cols = append(cols, table.Column{Title: "Note", Width: rest})
	}
	return cols
}

func (m Model) rows() []table.Row {
	rows := make([]table.Row, 0, len(m.orders))
	today := m.Now().Format(time.DateOnly)
	for _, o := range m.orders {
		when := o.CreatedAt.Format("15:04")
		if o.Day != today {
			when = o.CreatedAt.Format("01-02 15:04")
		}
		rows = append(rows, table.Row{when, string(o.Ref), o.Amount.String(), string(o.Status()), o.Note})
	}
	return rows
}

// Update handles the screen's messages and keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.OrdersMsg:
		m.orders, m.loaded = msg.Orders, true
		m.table.SetRows(m.rows())
		return m, nil
	case common.StoreChangedMsg:
		return m, m.Load()
	case tea.KeyPressMsg:
		k := m.Keys
		switch {
		case key.Matches(msg, k.Back):
			return m, func() tea.Msg { return common.GoChargeMsg{} }
		case key.Matches(msg, k.Filter):
			m.filter = (m.filter + 1) % len(filters)
			return m, m.Load()
		case key.Matches(msg, k.Open):
			if o, ok := m.Selected(); ok {
				return m, func() tea.Msg { return common.GoPayMsg{Ref: o.Ref} }
			}
			return m, nil
		}
	}
	var cmd tea.Cmd
	m.table, cmd = m.table.Update(msg)
	return m, cmd
}

// Selected is the order under the cursor.
func (m Model) Selected() (store.Order, bool) {
	i := m.table.Cursor()
	if i < 0 || i >= len(m.orders) {
		return store.Order{}, false
	}
	return m.orders[i], true
}

func (m Model) filterName() string {
	if f := filters[m.filter]; len(f) == 1 {
		return string(f[0])
	}
	return "all"
}

// View draws the table.
func (m Model) View() string {
	s := m.Styles
	head := s.Title.Render("Orders") + s.Muted.Render(fmt.Sprintf("  showing %s · %d", m.filterName(), len(m.orders)))
	if m.loaded && len(m.orders) == 0 {
		return lipgloss.JoinVertical(lipgloss.Left, head, "", s.Muted.Render("No orders here yet."))
	}
	return lipgloss.JoinVertical(lipgloss.Left, head, m.table.View())
}

// Help lists the keys that work now.
func (m Model) Help() keymap.Help {
	k := m.Keys
	short := []key.Binding{k.Up, k.Down, k.Filter}
	if len(m.orders) > 0 {
		short = append(short, k.Open)
	}
	return keymap.Help{Short: append(short, k.Back, k.Quit)}
}
