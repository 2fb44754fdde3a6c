package reconcile

import (
	"testing"

	"github.com/till-pos/till/ui/screentest"
)

// In each state of the screen (choosing a file, an import's outcome, a
// failed import, the exception queue) a key that neither the help line
// nor the full help offers does nothing.
func TestKeysNotOfferedDoNothing(t *testing.T) {
	for _, tt := range []struct {
		name  string
		file  string
		keys  string
		state state
	}{
		{"picker", "", "", statePick},
		{"outcome", "statement.csv", "", stateOutcome},
		{"failed", "malformed.csv", "", stateFailed},
		{"queue", "statement.csv", "e", stateQueue},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.statementOrders()
			e.write("statement.csv", nil)
			e.write("malformed.csv", nil)
			d := e.open(100, 30)
			if tt.file != "" {
				d.importFile(tt.file)
			}
			d.keys(tt.keys)
			if d.m.state != tt.state {
				t.Fatalf("state %d, want %d", d.m.state, tt.state)
			}
			if acted := screentest.Unoffered(d.m, screentest.Keys()); len(acted) > 0 {
				t.Errorf("keys not offered that acted: %q", acted)
			}
		})
	}
}
