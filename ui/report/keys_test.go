package report

import (
	"slices"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/ui/screentest"
)

// In each state of the day close a key that neither the help line nor the
// full help offers does nothing; the one exception is → on today, which
// only says that the next day has not begun.
func TestKeysNotOfferedDoNothing(t *testing.T) {
	for _, tt := range []struct {
		name   string
		keys   []string
		asking bool
	}{
		{"today", nil, false},
		{"yesterday", []string{"left"}, false},
		{"close question", []string{"x"}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t, "")
			fx.sampleDay()
			m := fx.screen(80, 22)
			for _, k := range tt.keys {
				var cmd tea.Cmd
				if m, cmd = press(m, k); cmd != nil {
					m = fx.feed(m, cmd)
				}
			}
			if m.Asking() != tt.asking {
				t.Fatalf("asking %v after %v", m.Asking(), tt.keys)
			}
			keys := slices.DeleteFunc(screentest.Keys(), func(k tea.KeyPressMsg) bool {
				return m.isToday() && !m.Asking() && (k.String() == "right" || k.String() == "l")
			})
			if acted := screentest.Unoffered(m, keys); len(acted) > 0 {
				t.Errorf("keys not offered that acted: %q", acted)
			}
		})
	}
}
