package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// SyncState is what the header shows of a joined till's background sync
// to the fleet's central book. Selling never waits on it: it is read from
// memory once a second, off the event loop.
type SyncState struct {
	Online  bool      // the last exchange with central worked
	Waiting int64     // changes not yet acknowledged by central
	LastOK  time.Time // when everything last reached central; zero: never
	Stopped bool      // central refused this database (a copy, a restored backup)
}

// syncStateMsg carries the sync state read by syncTick.
type syncStateMsg SyncState

// syncEvery is how often the header looks at the sync state.
const syncEvery = time.Second

// syncTick reads the sync state after syncEvery; nil when the till is
// not joined to a fleet (Options.Sync unset).
func (m Model) syncTick() tea.Cmd {
	read := m.opts.Sync
	if read == nil {
		return nil
	}
	return tea.Tick(syncEvery, func(time.Time) tea.Msg { return syncStateMsg(read()) })
}

// syncLabel is the header's words for the sync state; empty when the till
// is not joined or nothing has been read yet.
func (m Model) syncLabel() string {
	if m.opts.Sync == nil || m.sync == nil {
		return ""
	}
	s, st := *m.sync, m.c.Styles
	switch {
	case s.Stopped:
		return st.Error.Render(m.c.T("sync stopped: see till sync status"))
	case !s.Online:
		return st.Muted.Render(m.c.T("offline · %d waiting", s.Waiting))
	case s.Waiting > 0:
		return st.Muted.Render(m.c.T("syncing · %d waiting", s.Waiting))
	case !s.LastOK.IsZero():
		return st.Muted.Render(m.c.T("synced %s", s.LastOK.In(m.c.Now().Location()).Format("15:04")))
	}
	return ""
}
