package pay

import (
	"testing"
	"time"

	"github.com/till-pos/till/ui/screentest"
)

// In every state, a key the help does not offer does nothing: the screen
// stays as it was and asks for nothing. (The customer view offers no keys
// because any key turns it back; it is not among these states.)
func TestKeysNotOfferedDoNothing(t *testing.T) {
	for _, tt := range []struct {
		name  string
		setup func(Model) Model
	}{
		{"waiting", func(m Model) Model { return m }},
		{"cancel question", func(m Model) Model { m.confirming = cancelQuestion; return m }},
		{"paid question", func(m Model) Model { m.confirming = paidQuestion; return m }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := time.Now()
			m, _ := newPay(t, &now)
			if acted := screentest.Unoffered(tt.setup(m), screentest.Keys()); len(acted) > 0 {
				t.Errorf("keys not offered that acted: %q", acted)
			}
		})
	}
}
