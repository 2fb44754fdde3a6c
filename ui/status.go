package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment/safetext"
)

// How long a remark stays in the status line when no key clears it first.
const (
	noticeLife = 10 * time.Second
	errorLife  = 30 * time.Second
)

// status is the one status line of the header: the last notice or error,
// tagged with the screen that reported it ("" for the till itself: money
// that arrived, the database). A remark from a screen shows only while
// that screen is shown, so what one screen reports in the background
// (an import, a print) never appears on another, least of all on the
// code the customer looks at.
type status struct {
	text string
	err  bool
	from string
	seq  int // identifies the remark, so an old lifetime ends no newer one
}

type statusExpiredMsg struct{ seq int }

// report sets the status line and starts its lifetime.
func (m Model) report(text string, err bool, from string) (Model, tea.Cmd) {
	seq := m.status.seq + 1
	m.status = status{text: text, err: err, from: from, seq: seq}
	life := noticeLife
	if err {
		life = errorLife
	}
	return m, tea.Tick(life, func(time.Time) tea.Msg { return statusExpiredMsg{seq} })
}

// notify shows a passing remark from the named screen ("" for the till).
func (m Model) notify(text, from string) (Model, tea.Cmd) { return m.report(text, false, from) }

// expire ends the remark whose lifetime is over, if it is still shown.
func (s status) expire(msg statusExpiredMsg) status {
	if msg.seq != s.seq {
		return s
	}
	return s.clear()
}

// clear empties the line (a key was pressed: the cashier moved on).
func (s status) clear() status { return status{seq: s.seq} }

// statusLine is the status as the header shows it on the screen shown,
// styled, or "" when there is none for this screen.
func (m Model) statusLine() string {
	s := m.status
	if s.text == "" || (s.from != "" && s.from != m.shown) {
		return ""
	}
	if s.err {
		return m.c.Styles.Error.Render(safetext.Escape(s.text))
	}
	return m.c.Styles.Notice.Render(safetext.Escape(s.text))
}
