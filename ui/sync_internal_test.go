package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
)

// The header says where a joined till's changes are: synced (with the
// time), on their way, waiting while offline, or stopped; an unjoined
// till's header says nothing of a fleet.
func TestHeaderShowsSyncState(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg, err := config.Resolve(config.Demo())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 2, 9, 41, 0, 0, time.UTC)
	now := func() time.Time { return at.Add(5 * time.Minute) }
	for _, tt := range []struct {
		name  string
		state SyncState
		want  string
	}{
		{"synced", SyncState{Online: true, LastOK: at}, "synced 09:41"},
		{"sending", SyncState{Online: true, Waiting: 3, LastOK: at}, "syncing · 3 waiting"},
		{"offline", SyncState{Waiting: 12, LastOK: at}, "offline · 12 waiting"},
		{"refused", SyncState{Online: true, Stopped: true}, "sync stopped: see till sync status"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			state := tt.state
			root := New(Options{Store: st, Config: cfg, Actor: "tester", Demo: true, Now: now,
				Sync: func() SyncState { return state }})
			var m tea.Model = root
			m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
			if strings.Contains(text(m), tt.want) {
				t.Fatalf("the header shows %q before the state was read", tt.want)
			}
			// What the tick reads, as Bubble Tea would deliver it.
			msg := root.syncTick()()
			m, cmd := m.Update(msg)
			if cmd == nil {
				t.Fatal("the header stopped reading the sync state")
			}
			header := strings.SplitN(text(m), "\n", 2)[0]
			if !strings.Contains(header, tt.want) {
				t.Fatalf("header %q, want %q", header, tt.want)
			}
		})
	}
	t.Run("not joined", func(t *testing.T) {
		root := New(Options{Store: st, Config: cfg, Actor: "tester", Demo: true, Now: now})
		if root.syncTick() != nil {
			t.Fatal("an unjoined till reads a sync state")
		}
	})
}
