// Package keymap is till's keyboard: one KeyMap of bindings shared by the
// screens. Each screen offers the subset that works in its current state,
// so the help line never shows a key that would do nothing.
package keymap

import "charm.land/bubbles/v2/key"

// KeyMap holds every binding.
type KeyMap struct {
	Quit    key.Binding
	Help    key.Binding
	Suspend key.Binding

	// Charge screen.
	Digits key.Binding // help only: digits are read directly
	Delete key.Binding
	Clear  key.Binding
	Charge key.Binding
	Note   key.Binding
	Orders key.Binding
	Report key.Binding
	Recon  key.Binding

	// Pay screen.
	Paid       key.Binding
	Cancel     key.Binding
	Next       key.Binding
	SwitchCode key.Binding
	FullScreen key.Binding
	Receipt    key.Binding
	ShowAgain  key.Binding
	ChargeRest key.Binding // a code for what is still due, with its own reference
	CashRest   key.Binding // what is still due, taken in cash

	// Questions.
	Yes key.Binding
	No  key.Binding

	// Lists.
	Up     key.Binding
	Down   key.Binding
	Filter key.Binding
	Search key.Binding
	Open   key.Binding
	Back   key.Binding
	Refund key.Binding
}

// Default is till's standard keyboard. Single letters act only where no
// text is being typed; Enter never marks an order paid, so a cashier who
// presses it twice cannot confirm a payment by accident.
func Default() KeyMap {
	return KeyMap{
		Quit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		// ctrl+z suspends, as in any terminal program (fg brings till
		// back). Control keys are never aliases of the plain letters: a
		// cashier who holds ctrl by mistake must not open another screen.
		Suspend: key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "suspend")),

		Digits: key.NewBinding(key.WithKeys("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", ","), key.WithHelp("0-9 .", "amount")),
		Delete: key.NewBinding(key.WithKeys("backspace"), key.WithHelp("⌫", "delete")),
		Clear:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
		Charge: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "charge")),
		Note:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "note")),
		Orders: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "orders")),
		Report: key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "day close")),
		Recon:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reconcile")),

		Paid:       key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "mark paid")),
		Cancel:     key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "cancel order")),
		Next:       key.NewBinding(key.WithKeys("n", "enter"), key.WithHelp("n", "next charge")),
		SwitchCode: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "other code")),
		FullScreen: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "customer view")),
		Receipt:    key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "receipt")),
		ShowAgain:  key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "show again")),
		ChargeRest: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "charge the rest")),
		// A capital letter, as R (refund) is: money recorded on the
		// cashier's word, asked y/n and with the manager PIN when set.
		CashRest: key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "rest paid in cash")),

		Yes: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
		No:  key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "no")),

		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Filter: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "status filter")),
		Search: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Refund: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "refund")),
	}
}

// Help is a help.KeyMap made of the bindings a screen offers right now.
type Help struct {
	Short []key.Binding
	Full  [][]key.Binding
}

// ShortHelp implements help.KeyMap.
func (h Help) ShortHelp() []key.Binding { return h.Short }

// FullHelp implements help.KeyMap.
func (h Help) FullHelp() [][]key.Binding {
	if h.Full != nil {
		return h.Full
	}
	return [][]key.Binding{h.Short}
}

// Enabled is those of bs that are enabled and have help text, in order.
// Each screen keeps its own key map, enables its bindings from its state
// (key.Binding.SetEnabled), matches keys only with key.Matches (which
// ignores disabled bindings) and lists Enabled(...) as its help: so the
// help shows exactly the keys that act, and nothing else acts.
func Enabled(bs ...key.Binding) []key.Binding {
	out := make([]key.Binding, 0, len(bs))
	for _, b := range bs {
		if b.Enabled() && b.Help().Key != "" {
			out = append(out, b)
		}
	}
	return out
}

// Columns splits keys into columns of at most rows keys, for a full help.
func Columns(keys []key.Binding, rows int) [][]key.Binding {
	var out [][]key.Binding
	for len(keys) > rows {
		out = append(out, keys[:rows:rows])
		keys = keys[rows:]
	}
	return append(out, keys)
}
