package reconcile

import (
	"charm.land/bubbles/v2/filepicker"
	"charm.land/bubbles/v2/key"

	"github.com/till-pos/till/ui/keymap"
)

// keyMap is the screen's keys. enabled() enables them from the screen's
// state; the handlers match only those and Help lists only those.
type keyMap struct {
	// Shared spellings (keymap.Default).
	Up, Down, Back, Quit, Yes, No key.Binding
	// The file picker's moves, offered in the full help.
	PageUp, PageDown, Top, Bottom key.Binding

	// Picking a file.
	Import       key.Binding
	ParentDir    key.Binding
	Mark         key.Binding
	ImportMarked key.Binding
	Format       key.Binding
	Profile      key.Binding
	DryRun       key.Binding
	Queue        key.Binding

	// Importing.
	StopImport key.Binding

	// Outcome and queue.
	Work    key.Binding
	Another key.Binding
	Link    key.Binding
	Accept  key.Binding
	Dismiss key.Binding

	// Typing a reference or a reason.
	Confirm     key.Binding
	CancelEntry key.Binding
}

func defaultKeys(sk *keymap.KeyMap) keyMap {
	if sk == nil {
		d := keymap.Default()
		sk = &d
	}
	return keyMap{
		Up: sk.Up, Down: sk.Down, Back: sk.Back, Quit: sk.Quit, Yes: sk.Yes, No: sk.No,
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),

		Import:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open/import")),
		ParentDir:    key.NewBinding(key.WithKeys("h", "backspace", "left"), key.WithHelp("h", "parent folder")),
		Mark:         key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "mark file")),
		ImportMarked: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "import marked")),
		Format:       key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "format")),
		Profile:      key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "CSV profile")),
		DryRun:       key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "dry run")),
		Queue:        key.NewBinding(key.WithKeys("e", "tab"), key.WithHelp("e", "exceptions")),

		StopImport: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop import")),

		Work:    key.NewBinding(key.WithKeys("e", "enter", "tab"), key.WithHelp("e", "work on exceptions")),
		Another: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "import a file")),
		Link:    key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "link to order")),
		Accept:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "accept suggestion")),
		Dismiss: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "dismiss")),

		Confirm:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")),
		CancelEntry: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// pickerKeys are the file picker's keys: the screen's own, so the picker
// moves with the keys the help offers and no others (not Esc, which
// leaves the screen as everywhere else in till).
func pickerKeys(k keyMap) filepicker.KeyMap {
	return filepicker.KeyMap{
		GoToTop: k.Top, GoToLast: k.Bottom, Down: k.Down, Up: k.Up, PageUp: k.PageUp, PageDown: k.PageDown,
		Back: k.ParentDir, Open: k.Import, Select: k.Import,
	}
}

// enabled is the key map as the screen's state enables it.
func (m Model) enabled() keyMap {
	k := m.keys
	ask := m.ask != nil
	confirm := !ask && m.confirm != ""
	entry := !ask && !confirm && m.entry != entryNone
	k.Confirm.SetEnabled(ask || entry)
	k.CancelEntry.SetEnabled(ask || entry)
	k.Yes.SetEnabled(confirm)
	k.No.SetEnabled(confirm)
	st := m.state
	if ask || confirm || entry {
		st = -1 // no state's keys while something has the keyboard
	}
	m.enablePick(&k, st)
	m.enableQueue(&k, st)
	return k
}

// enablePick enables the keys of choosing a file, importing it and its
// outcome.
func (m Model) enablePick(k *keyMap, st state) {
	pick, failed := st == statePick, st == stateFailed
	// In the picker the file picker moves; Up and Down are its help.
	for _, b := range []*key.Binding{&k.Import, &k.ParentDir, &k.Mark, &k.Queue, &k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(pick)
	}
	k.ImportMarked.SetEnabled(pick && len(m.marked) > 0)
	// A failed import is read again another way from the picker.
	for _, b := range []*key.Binding{&k.Format, &k.Profile, &k.DryRun} {
		b.SetEnabled(pick || failed)
	}
	k.StopImport.SetEnabled(st == stateImporting && m.job != nil)
	k.Work.SetEnabled(st == stateOutcome)
	k.Another.SetEnabled(st == stateOutcome || failed)
	if failed {
		k.Another.SetKeys("i", "enter") // enter: the usual way on from an error
	}
	k.Back.SetEnabled(pick || failed || st == stateOutcome)
}

// enableQueue enables the keys of the exception queue.
func (m Model) enableQueue(k *keyMap, st state) {
	if st != stateQueue {
		for _, b := range []*key.Binding{&k.Link, &k.Accept, &k.Dismiss} {
			b.SetEnabled(false)
		}
		return
	}
	x, hasX := m.selected()
	act := hasX && !m.busy
	k.Up.SetEnabled(len(m.items) > 1)
	k.Down.SetEnabled(len(m.items) > 1)
	k.Link.SetEnabled(act && linkable(x))
	k.Accept.SetEnabled(act && x.Kind == kindSuggested)
	k.Dismiss.SetEnabled(act)
	k.Another.SetEnabled(true)
	k.Back.SetEnabled(true)
}

// Help lists the keys that work now.
func (m Model) Help() keymap.Help {
	k := m.enabled()
	short := keymap.Enabled(k.Confirm, k.CancelEntry, k.Yes, k.No, k.Work, k.Up, k.Down,
		k.Import, k.ParentDir, k.Mark, k.ImportMarked, k.Format, k.Profile, k.DryRun, k.Queue, k.StopImport,
		k.Link, k.Accept, k.Dismiss, k.Another, k.Back, k.Quit)
	h := keymap.Help{Short: short}
	if moves := keymap.Enabled(k.PageUp, k.PageDown, k.Top, k.Bottom); len(moves) > 0 {
		h.Full = keymap.Columns(append(append([]key.Binding(nil), short...), moves...), 4)
	}
	return h
}
