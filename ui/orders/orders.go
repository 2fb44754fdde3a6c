// Package orders is the order history: recent orders in a table, filtered
// by status, day and scheme, searched by reference, amount or note, and a
// detail view with the order's whole history and the actions its state
// allows.
package orders

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
)

// PageSize is how many orders the history loads at once.
const PageSize = 200

// keyMap is the history's keys. keys() enables them from the screen's
// state; Update matches only those and Help lists only those.
type keyMap struct {
	Up, Down, Open, Search, Filter, Day, PrevDay, NextDay, Scheme key.Binding
	Clear, Back, Quit                                             key.Binding
	// The table's own moves, offered in the full help.
	PageUp, PageDown, Top, Bottom key.Binding
	// Typing a search.
	SearchDone, SearchCancel key.Binding
}

func newKeys(k *keymap.KeyMap) keyMap {
	if k == nil {
		d := keymap.Default()
		k = &d
	}
	return keyMap{
		Up: k.Up, Down: k.Down, Open: k.Open, Search: k.Search, Filter: k.Filter,
		Day:          key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "day")),
		PrevDay:      key.NewBinding(key.WithKeys("["), key.WithHelp("[", "prev day")),
		NextDay:      key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next day")),
		Scheme:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "scheme")),
		Clear:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filters")),
		PageUp:       key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Top:          key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
		Bottom:       key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),
		Back:         k.Back,
		Quit:         k.Quit,
		SearchDone:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "search")),
		SearchCancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// keys is the key map as the screen's state enables it (the open order
// has its own, see Detail).
func (m Model) keys() keyMap {
	k := m.km
	list := m.detail == nil && !m.seeking
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom, &k.Search, &k.Filter, &k.Day, &k.Quit} {
		b.SetEnabled(list)
	}
	k.Open.SetEnabled(list && len(m.orders) > 0)
	k.PrevDay.SetEnabled(list && !m.day.IsZero())
	k.NextDay.SetEnabled(list && !m.day.IsZero())
	k.Scheme.SetEnabled(list && len(m.schemes()) > 1)
	k.Clear.SetEnabled(list && m.filtered())
	k.Back.SetEnabled(list && !m.filtered())
	k.SearchDone.SetEnabled(m.detail == nil && m.seeking)
	k.SearchCancel.SetEnabled(m.detail == nil && m.seeking)
	return k
}

// Model is the orders screen.
type Model struct {
	common.Common
	table    table.Model
	status   int       // index into filters
	day      time.Time // zero: every day
	scheme   int       // 0: all; else index+1 into the configured schemes
	search   string
	searchIn textinput.Model
	seeking  bool // the search field has the keyboard
	orders   []store.Order
	loaded   bool
	detail   *Detail // the order opened, if any
	// opening is the order the cashier asked to open: only its details
	// open it, not the reload of one just closed arriving late.
	opening payment.Reference
	err     string
	km      keyMap
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
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = c.T("reference, amount or note")
	in.CharLimit = 60
	return Model{Common: c, table: t, searchIn: in, km: newKeys(c.Keys)}
}

// Typing reports whether a text field has the keyboard.
func (m Model) Typing() bool {
	return m.seeking || (m.detail != nil && m.detail.Typing())
}

// Asking reports whether the open order asks a y/n question.
func (m Model) Asking() bool { return m.detail != nil && m.detail.confirm != "" }

// ReceiptRef is the order a receipt is printed for: the one opened, else
// the one under the cursor.
func (m Model) ReceiptRef() (payment.Reference, bool) {
	o, ok := m.Current()
	return o.Ref, ok
}

func (m Model) schemes() []string {
	var out []string
	for _, s := range m.Backend.Config.Schemes.Schemes {
		out = append(out, s.Name())
	}
	return out
}

func (m Model) filter() store.Filter {
	f := store.Filter{Status: filters[m.status], Limit: PageSize, Search: m.search, Currency: m.Backend.Config.Merchant.Currency}
	if !m.day.IsZero() {
		f.Day = m.day.Format(time.DateOnly)
	}
	if m.scheme > 0 {
		f.Scheme = m.schemes()[m.scheme-1]
	}
	return f
}

// Load asks the backend for the current page (and the open order again).
func (m Model) Load() tea.Cmd {
	cmds := []tea.Cmd{m.Backend.List(m.filter())}
	if m.detail != nil {
		cmds = append(cmds, m.Backend.Detail(m.detail.order.Ref))
	}
	return tea.Batch(cmds...)
}

// Init loads the first page.
func (m Model) Init() tea.Cmd { return m.Load() }

// SetSize lays the table out for the area.
func (m *Model) SetSize(w, h int) {
	m.Common.SetSize(w, h)
	m.table.SetWidth(w)
	m.table.SetHeight(max(h-3, 3))
	m.fillTable()
	m.searchIn.SetWidth(max(w-6, 10))
	if m.detail != nil {
		m.detail.SetSize(w, h)
	}
}

// column is one column of the table and how an order fills its cell, so
// that rows are always made for the columns shown (the table indexes the
// columns by the row's cells and panics when a row has more).
type column struct {
	table.Column
	cell func(m Model, o store.Order) string
}

// when is the time of an order made today, else its day (without the
// year, in the language's order) and time.
func when(m Model, o store.Order) string {
	if o.Day != m.Now().Format(time.DateOnly) {
		return m.Lang().DayMonth(o.CreatedAt) + " " + o.CreatedAt.Format("15:04")
	}
	return o.CreatedAt.Format("15:04")
}

func status(m Model, o store.Order) string {
	st := m.T(string(o.Status()))
	if o.State.Late {
		st += "*"
	}
	return st
}

// Update handles the screen's messages and keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.OrdersMsg:
		// Keep the cursor on the order it was on, wherever the reload
		// moved it (a new order on top shifts every index).
		selected, had := m.Selected()
		m.orders, m.loaded = msg.Orders, true
		m.fillTable()
		if had {
			for i, o := range m.orders {
				if o.Ref == selected.Ref {
					m.table.SetCursor(i)
					break
				}
			}
		}
		return m, nil
	case common.StoreChangedMsg:
		return m, m.Load()
	case common.ErrMsg:
		if m.detail != nil {
			d, cmd := m.detail.Update(msg)
			m.detail = &d
			return m, cmd
		}
		m.err = msg.Error()
		return m, nil
	case common.OrderMsg:
		if m.detail != nil && msg.Order.Ref == m.detail.order.Ref {
			d, cmd := m.detail.Update(msg)
			m.detail = &d
			return m, tea.Batch(cmd, m.Backend.List(m.filter()))
		}
		if msg.Detail && msg.Order.Ref == m.opening {
			d := NewDetail(m.Common, msg.Order, msg.Events)
			m.detail, m.opening = &d, ""
		}
		return m, nil
	case closeDetailMsg:
		m.detail = nil
		return m, m.Load()
	case tea.KeyPressMsg:
		if m.detail != nil {
			d, cmd := m.detail.Update(msg)
			m.detail = &d
			return m, cmd
		}
		if m.seeking {
			return m.searchKey(msg)
		}
		return m.key(msg)
	}
	if m.detail != nil {
		d, cmd := m.detail.Update(msg)
		m.detail = &d
		return m, cmd
	}
	var cmd tea.Cmd
	m.table, cmd = m.table.Update(msg)
	return m, cmd
}

func (m Model) key(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys()
	m.err = ""
	switch {
	case key.Matches(msg, k.Clear):
		m.status, m.day, m.scheme, m.search = 0, time.Time{}, 0, ""
		m.searchIn.SetValue("")
		return m, m.Load()
	case key.Matches(msg, k.Back):
		return m, func() tea.Msg { return common.GoChargeMsg{} }
	case key.Matches(msg, k.Filter):
		m.status = (m.status + 1) % len(filters)
		return m, m.Load()
	case key.Matches(msg, k.Day):
		if m.day.IsZero() {
			y, mo, d := m.Now().Date()
			m.day = time.Date(y, mo, d, 0, 0, 0, 0, time.Local)
		} else {
			m.day = time.Time{}
		}
		return m, m.Load()
	case key.Matches(msg, k.PrevDay, k.NextDay):
		step := -1
		if key.Matches(msg, k.NextDay) {
			step = 1
		}
		m.day = m.day.AddDate(0, 0, step)
		return m, m.Load()
	case key.Matches(msg, k.Scheme):
		m.scheme = (m.scheme + 1) % (len(m.schemes()) + 1)
		return m, m.Load()
	case key.Matches(msg, k.Search):
		m.seeking = true
		return m, m.searchIn.Focus()
	case key.Matches(msg, k.Open):
		if o, ok := m.Selected(); ok {
			m.opening = o.Ref
			return m, m.Backend.Detail(o.Ref)
		}
		return m, nil
	}
	// The table moves with these keys and no others (its half pages are
	// not offered).
	m.table.KeyMap = table.KeyMap{LineUp: k.Up, LineDown: k.Down, PageUp: k.PageUp, PageDown: k.PageDown,
		GotoTop: k.Top, GotoBottom: k.Bottom}
	var cmd tea.Cmd
	m.table, cmd = m.table.Update(msg)
	return m, cmd
}

func (m Model) searchKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys()
	switch {
	case key.Matches(msg, k.SearchDone):
		m.seeking = false
		m.searchIn.Blur()
		m.search = strings.TrimSpace(m.searchIn.Value())
		return m, m.Load()
	case key.Matches(msg, k.SearchCancel):
		m.seeking = false
		m.searchIn.Blur()
		m.searchIn.SetValue(m.search)
		return m, nil
	}
	var cmd tea.Cmd
	m.searchIn, cmd = m.searchIn.Update(msg)
	return m, cmd
}

func (m Model) filtered() bool {
	return m.status != 0 || !m.day.IsZero() || m.scheme != 0 || m.search != ""
}

// Current is the order a key would act on: the one opened, else the one
// under the cursor.
func (m Model) Current() (store.Order, bool) {
	if m.detail != nil {
		return m.detail.order, true
	}
	return m.Selected()
}

// Selected is the order under the cursor.
func (m Model) Selected() (store.Order, bool) {
	i := m.table.Cursor()
	if i < 0 || i >= len(m.orders) {
		return store.Order{}, false
	}
	return m.orders[i], true
}

func (m Model) describeFilter() string {
	var parts []string
	if f := filters[m.status]; len(f) == 1 {
		parts = append(parts, m.T(string(f[0])))
	}
	if !m.day.IsZero() {
		parts = append(parts, m.Lang().Date(m.day))
	}
	if m.scheme > 0 {
		parts = append(parts, m.T("scheme %s", m.schemes()[m.scheme-1]))
	}
	if m.search != "" {
		parts = append(parts, fmt.Sprintf("%q", safetext.Escape(m.search)))
	}
	if len(parts) == 0 {
		return m.T("all orders")
	}
	return strings.Join(parts, " · ")
}

// View draws the table, or the open order.
func (m Model) View() string {
	if m.detail != nil {
		return m.detail.View()
	}
	s := m.Styles
	head := s.Title.Render(m.T("Orders")) + "  " + s.Muted.Render(m.T("%s · %d shown", m.describeFilter(), len(m.orders)))
	if len(m.orders) == PageSize {
		head += " " + s.Muted.Render(m.T("(newest; narrow the filter for older)"))
	}
	var line string
	switch {
	case m.seeking:
		line = common.InputView(m.searchIn)
	case m.err != "":
		line = s.Error.Render(safetext.Escape(m.Text(m.err)))
	default:
		line = s.Muted.Render(m.T("* paid after it expired or was cancelled"))
	}
	// Lines longer than the window (a long language, a narrow window)
	// wrap at words, and the table gives up the rows they take.
	head, line = common.Wrap(head, m.Width), common.Wrap(line, m.Width)
	if m.loaded && len(m.orders) == 0 {
		empty := m.T("No orders match.")
		if !m.filtered() {
			empty = m.T("No orders yet: charge an amount and it shows here.")
		}
		return lipgloss.JoinVertical(lipgloss.Left, head, line, "", s.Muted.Render(common.Wrap(empty, m.Width)))
	}
	m.table.SetHeight(max(m.Height-1-lipgloss.Height(head)-lipgloss.Height(line), 3))
	return lipgloss.JoinVertical(lipgloss.Left, head, line, m.table.View())
}

// Help lists the keys that work now.
func (m Model) Help() keymap.Help {
	if m.detail != nil {
		return m.detail.Help()
	}
	k := m.keys()
	short := keymap.Enabled(k.SearchDone, k.SearchCancel, k.Up, k.Down, k.Open, k.Search, k.Filter, k.Day,
		k.PrevDay, k.NextDay, k.Scheme, k.Clear, k.Back, k.Quit)
	h := keymap.Help{Short: short}
	if moves := keymap.Enabled(k.PageUp, k.PageDown, k.Top, k.Bottom); len(moves) > 0 {
		h.Full = keymap.Columns(append(append([]key.Binding(nil), short...), moves...), 4)
	}
	return h
}
