package orders

import (
	"context"
	"testing"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/ui/screentest"
)

// In each state of the history (the list with and without filters, the
// search field, an open order and its question, a short order and its
// "rest paid in cash" question) a key that neither the
// help line nor the full help offers does nothing.
func TestKeysNotOfferedDoNothing(t *testing.T) {
	for _, tt := range []struct {
		name   string
		keys   string // pressed before the check; \n is enter
		short  bool   // every order got 3.00 of its 7.00: it has a rest
		asking bool
	}{
		{"list", "", false, false},
		{"filtered by status", "s", false, false},
		{"one day", "d", false, false},
		{"open order", "\n", false, false},
		{"cancel question", "\nxgone\n", false, true}, // the reason, then "cancel order? y/n"
		{"short order", "\n", true, false},
		{"rest in cash question", "\nC", true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, 100, 30)
			for range 30 {
				o := f.charge(700, "")
				if tt.short {
					if _, err := f.st.Apply(context.Background(), o.Ref, payment.Event{Kind: payment.EventPayment, Amount: 300, Source: "test", Actor: "bank"}); err != nil {
						t.Fatal(err)
					}
				}
			}
			f.load()
			for _, r := range tt.keys {
				if r == '\n' {
					f.run(press("enter"))
					continue
				}
				f.run(press(string(r)))
			}
			if f.m.Asking() != tt.asking {
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
