package reconcile

import (
	"testing"
	"time"

	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
)

// The queue says when the money moved, as the line says: the date alone
// for a line dated by day only, the clock for a timed one, never the time
// of the import.
func TestExceptionSaysWhenTheMoneyMoved(t *testing.T) {
	now := time.Date(2026, 12, 2, 15, 0, 0, 0, time.Local)
	m := Model{Common: common.Common{Now: func() time.Time { return now }}}
	imported := now.Add(-time.Minute)
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 28, 0, 0, 0, 0, time.Local), "moved 2026-11-28"},
		{time.Date(2026, 12, 2, 9, 41, 0, 0, time.Local), "moved 09:41"},
		{time.Date(2026, 11, 30, 18, 5, 0, 0, time.Local), "moved 11-30 18:05"},
		{time.Time{}, "recorded 14:59"},
	} {
		if got := m.moved(store.ExceptionItem{At: c.at, CreatedAt: imported}); got != c.want {
			t.Errorf("%v: %q, want %q", c.at, got, c.want)
		}
	}
}
