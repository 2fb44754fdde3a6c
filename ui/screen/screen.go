// Package screen is what the root model knows of a screen: one interface,
// an adapter that makes any screen model satisfy it, and the envelope that
// brings a command's result back to the screen that issued it.
//
// Screens stay plain Bubble Tea models of their own type (their tests call
// Update and get their type back); Of wraps one for the root's table.
package screen

import (
	"reflect"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/ui/keymap"
)

// Screen is one screen of till as the root model drives it.
type Screen interface {
	Init() tea.Cmd
	Update(tea.Msg) tea.Cmd
	View() string
	// Help is the keys that work now; a screen disables the others.
	Help() keymap.Help
	SetSize(w, h int)
	// Typing: a text field has the keyboard, so letters are text and
	// no shortcut of the root (?, ctrl+p) applies.
	Typing() bool
	// Asking: a question waits for its answer; only the answer's keys
	// work, and nothing may cover the question.
	Asking() bool
	// Model is the screen's own model, for the root's few screen-specific
	// reads (the order the pay screen shows).
	Model() any
}

// Model is what a screen's model provides, in its own type M.
type Model[M any] interface {
	Init() tea.Cmd
	Update(tea.Msg) (M, tea.Cmd)
	View() string
	Help() keymap.Help
	Typing() bool
	Asking() bool
}

// Sizer is the pointer to a screen model, which sizes it in place.
type Sizer[M any] interface {
	*M
	SetSize(w, h int)
}

// Of makes a screen of a model: Of(charge.New(c, cur)).
func Of[M Model[M], P Sizer[M]](m M) Screen { return &page[M, P]{m: m} }

type page[M Model[M], P Sizer[M]] struct{ m M }

func (p *page[M, P]) Init() tea.Cmd     { return p.m.Init() }
func (p *page[M, P]) View() string      { return p.m.View() }
func (p *page[M, P]) Help() keymap.Help { return p.m.Help() }
func (p *page[M, P]) SetSize(w, h int)  { P(&p.m).SetSize(w, h) }
func (p *page[M, P]) Typing() bool      { return p.m.Typing() }
func (p *page[M, P]) Asking() bool      { return p.m.Asking() }
func (p *page[M, P]) Model() any        { return p.m }

func (p *page[M, P]) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	p.m, cmd = p.m.Update(msg)
	return cmd
}

// Envelope is a result addressed to the screen whose command produced it.
// The root opens it: a message the root handles (navigation, notices,
// receipts) it handles; anything else goes to that screen alone, shown or
// not, and never to another. So no screen has to guess whether a result
// is its own, and the root does not list the screens' message types.
type Envelope struct {
	From string // the screen's name in the root's table
	Msg  tea.Msg
}

// Wrap makes cmd's result come back in an Envelope from the named screen.
// Bubble Tea's own messages (quit, raw output, suspend) pass unwrapped,
// for the program; batches and sequences are opened and each of their
// commands wrapped, so their results come back addressed too.
func Wrap(from string, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		msg := cmd()
		if msg == nil {
			return nil
		}
		if !program(msg) {
			return Envelope{From: from, Msg: msg}
		}
		// tea.BatchMsg and Sequence's unexported type are both lists of
		// commands: rebuild the same type with every command wrapped.
		v := reflect.ValueOf(msg)
		if v.Kind() != reflect.Slice || v.Type().Elem() != cmdType {
			return msg
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			out.Index(i).Set(reflect.ValueOf(Wrap(from, c)))
		}
		return out.Interface()
	}
}

var (
	cmdType = reflect.TypeFor[tea.Cmd]()
	teaPkg  = reflect.TypeFor[tea.QuitMsg]().PkgPath()
)

// program reports whether msg is Bubble Tea's own, for the program loop.
func program(msg tea.Msg) bool {
	t := reflect.TypeOf(msg)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == teaPkg
}
