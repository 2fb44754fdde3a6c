package setup

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// huh moves between fields with a message it sends itself: Enter makes the
// field answer with a command, and only when the program has run it does
// the next field get the focus. Keys already on their way (a paste, a fast
// typist, a barcode scanner typing into the form) would land in the field
// that was just left. hold keeps them until the form has moved, then gives
// them to the form in the order they came.
type hold struct {
	on    bool
	seq   int
	from  huh.Field // the field that asked to move
	form  *huh.Form // the form it belongs to
	queue []tea.Msg // keys and pastes that came meanwhile
}

// settledMsg follows the commands of a move; late is the last chance of a
// move that needs a second round (the last field of a group).
type settledMsg struct {
	seq  int
	late bool
}

// holdWait bounds how long keys wait for a move: never stuck, whatever
// huh does.
const holdWait = 300 * time.Millisecond

func (m Model) focused() huh.Field {
	if m.form == nil {
		return nil
	}
	return m.form.GetFocusedField()
}

// moved reports whether the move that keys wait for has happened.
func (m Model) moved() bool {
	return m.step >= stepPreview || m.form != m.hold.form || m.focused() != m.hold.from ||
		m.form.State != huh.StateNormal
}

// holdFor starts holding keys after a move key gave cmd, if the move is
// still to come.
func (m Model) holdFor(from huh.Field, form *huh.Form, cmd tea.Cmd) (Model, tea.Cmd) {
	if cmd == nil || m.step >= stepPreview || m.form != form || m.focused() != from || m.form.State != huh.StateNormal {
		return m, cmd
	}
	m.hold.on, m.hold.seq, m.hold.from, m.hold.form = true, m.hold.seq+1, from, form
	seq := m.hold.seq
	return m, tea.Sequence(cmd, func() tea.Msg { return settledMsg{seq: seq} })
}

// settled handles the end of a move's commands.
func (m Model) settled(msg settledMsg) (tea.Model, tea.Cmd) {
	if !m.hold.on || msg.seq != m.hold.seq {
		return m, nil
	}
	if m.moved() || msg.late || (m.focused() != nil && m.focused().Error() != nil) {
		return m.release(nil)
	}
	// Leaving a group takes huh a second message: wait for it, briefly.
	seq := msg.seq
	return m, tea.Tick(holdWait, func(time.Time) tea.Msg { return settledMsg{seq: seq, late: true} })
}

// release gives the held keys to the form, in order, until one of them
// starts another move.
func (m Model) release(cmd tea.Cmd) (tea.Model, tea.Cmd) {
	m.hold.on = false
	cmds := []tea.Cmd{cmd}
	for len(m.hold.queue) > 0 && !m.hold.on {
		msg := m.hold.queue[0]
		m.hold.queue = m.hold.queue[1:]
		next, c := m.Update(msg)
		m = next.(Model)
		cmds = append(cmds, c)
	}
	return m, tea.Batch(cmds...)
}
