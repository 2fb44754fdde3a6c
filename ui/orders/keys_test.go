package orders

import (
	"testing"

	"github.com/till-pos/till/ui/screentest"
)

// In each state of the history (the list with and without filters, the
// search field, an open order and its question) a key that neither the
// help line nor the full help offers does nothing.
func TestKeysNotOfferedDoNothing(t *testing.T) {
	for _, tt := range []struct {
		name string
		keys string // pressed before the check; \n is enter
	}{
		{"list", ""},
		{"filtered by status", "s"},
		{"one day", "d"},
		{"open order", "\n"},
		{"cancel question", "\nxgone\n"}, // the reason, then "cancel order? y/n"
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, 100, 30)
			for range 30 {
				f.charge(700, "")
			}
			f.load()
			for _, r := range tt.keys {
				if r == '\n' {
					f.run(press("enter"))
					continue
				}
				f.run(press(string(r)))
			}
			if f.m.Asking() != (tt.name == "cancel question") {
				t.Fatalf("asking %v after %q", f.m.Asking(), tt.keys)
			}
			if f.m.Typing() {
				t.Fatalf("a text field has the keyboard after %q", tt.keys)
			}
			if acted := screentest.Unoffered(f.m, screentest.Keys()); len(acted) > 0 {
				t.Errorf("keys not offered that acted: %q", acted)
			}
		})
	}
}
