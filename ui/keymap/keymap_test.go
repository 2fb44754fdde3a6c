package keymap_test

import (
	"reflect"
	"testing"

	"charm.land/bubbles/v2/key"

	"github.com/till-pos/till/ui/keymap"
)

func helps(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Help().Key)
	}
	return out
}

// Enabled keeps the enabled bindings that have help, in order.
func TestEnabled(t *testing.T) {
	k := keymap.Default()
	off := k.Paid
	off.SetEnabled(false)
	hidden := key.NewBinding(key.WithKeys("]"))
	got := helps(keymap.Enabled(k.Yes, off, hidden, k.No, k.Quit))
	if want := []string{"y", "n", "ctrl+c"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Enabled = %q, want %q", got, want)
	}
	if got := keymap.Enabled(); len(got) != 0 {
		t.Fatalf("Enabled() = %v", got)
	}
}

func TestColumns(t *testing.T) {
	k := keymap.Default()
	all := []key.Binding{k.Up, k.Down, k.Open, k.Search, k.Filter, k.Back}
	for _, tt := range []struct {
		rows int
		want []int
	}{{4, []int{4, 2}}, {2, []int{2, 2, 2}}, {6, []int{6}}, {10, []int{6}}} {
		var got []int
		for _, c := range keymap.Columns(all, tt.rows) {
			got = append(got, len(c))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Columns(6 keys, %d) = %v, want %v", tt.rows, got, tt.want)
		}
	}
}
