package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/ui/common"
)

// watch asks the watcher, every watchEvery, whether the database changed
// (by this process or another); the root then reads the changes, and the
// screen shown and the order on the pay screen are read again.
func (m Model) watch() tea.Cmd {
	w := m.opts.Watcher
	if w == nil {
		return nil
	}
	return tea.Tick(watchEvery, func(time.Time) tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		changed, err := w.Changed(ctx)
		if err != nil {
			return common.ErrMsg{Err: err}
		}
		if changed {
			return common.StoreChangedMsg{}
		}
		return watchMsg{}
	})
}

func (m Model) expireTick() tea.Cmd {
	return tea.Tick(expireEvery, func(time.Time) tea.Msg { return expireTickMsg{} })
}

// storeChanged reads what changed, and has the screen shown read again
// what it shows.
func (m Model) storeChanged() (tea.Model, tea.Cmd) {
	cmds := []tea.Cmd{m.watch()}
	if m.lastEvent >= 0 {
		cmds = append(cmds, m.c.Backend.Changes(m.lastEvent))
	}
	if m.showsPay() {
		// Also read the shown order itself, to be sure it is current.
		cmds = append(cmds, m.c.Backend.Reload(m.pay().Order().Ref))
	}
	next, cmd := m.deliver(m.shown, common.StoreChangedMsg{})
	return next, tea.Batch(append(cmds, cmd)...)
}

// changes redraws the order on the pay screen if it changed, and
// announces money that arrived for any other order, which must never look
// like the current customer paying.
func (m Model) changes(msg common.ChangesMsg) (tea.Model, tea.Cmd) {
	m.lastEvent = max(m.lastEvent, msg.Last)
	var cmds []tea.Cmd
	for _, o := range msg.Orders {
		// By what is on screen: the order the cashier just left is
		// "another order" now and its money is announced.
		if m.showsPay() && o.Ref == m.pay().Order().Ref {
			next, cmd := m.deliver(payScreen, common.OrderMsg{Order: o})
			m, cmds = next.(Model), append(cmds, cmd)
			continue
		}
		if o.Status().HasMoney() && o.State.Received > 0 {
			var cmd tea.Cmd
			m, cmd = m.notify(m.c.T("%s for order %s (%s)", m.c.Text(string(o.Status())), o.Ref.Grouped(), m.c.Lang().Money(o.Amount)), "")
			cmds = append(cmds, cmd)
		}
	}
	return m, tea.Batch(cmds...)
}
