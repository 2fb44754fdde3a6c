package screen_test

import (
	"reflect"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/ui/screen"
)

type result struct{ n int }

func send(n int) tea.Cmd { return func() tea.Msg { return result{n} } }

// run runs cmd as the program would, opening batches and sequences, and
// returns the messages that reach Update.
func run(t *testing.T, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	msg := cmd()
	v := reflect.ValueOf(msg)
	if msg != nil && v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		var out []tea.Msg
		for i := range v.Len() {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			out = append(out, run(t, c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// Every result of a screen's command comes back addressed to it, through
// batches and sequences; Bubble Tea's own messages pass as they are.
func TestWrap(t *testing.T) {
	for _, tt := range []struct {
		name string
		cmd  tea.Cmd
		want []tea.Msg
	}{
		{"nil", nil, nil},
		{"one", send(1), []tea.Msg{screen.Envelope{From: "pay", Msg: result{1}}}},
		{"batch", tea.Batch(send(1), send(2)), []tea.Msg{screen.Envelope{From: "pay", Msg: result{1}}, screen.Envelope{From: "pay", Msg: result{2}}}},
		{"sequence in a batch", tea.Batch(tea.Sequence(send(1), send(2)), send(3)),
			[]tea.Msg{screen.Envelope{From: "pay", Msg: result{1}}, screen.Envelope{From: "pay", Msg: result{2}}, screen.Envelope{From: "pay", Msg: result{3}}}},
		{"quit", tea.Quit, []tea.Msg{tea.QuitMsg{}}},
		{"raw", tea.Raw("\a"), []tea.Msg{tea.Raw("\a")()}},
		{"no message", func() tea.Msg { return nil }, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := run(t, screen.Wrap("pay", tt.cmd)); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}
