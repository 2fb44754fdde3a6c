package reconcile

import (
	"charm.land/bubbles/v2/filepicker"
	"charm.land/bubbles/v2/key"

	"github.com/till-pos/till/ui/keymap"
)

// keyMap is the screen's own keys; the shared ones (Up, Down, Back, Quit)
// come from keymap.Default through Common.Keys.
type keyMap struct {
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

func defaultKeys() keyMap {
	return keyMap{
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

// pickerKeys are the file picker's keys without Esc, which leaves the
// screen as everywhere else in till.
func pickerKeys(k keyMap) filepicker.KeyMap {
	fk := filepicker.DefaultKeyMap()
	fk.Back = k.ParentDir
	return fk
}

// Help lists the keys that work now.
func (m Model) Help() keymap.Help {
	k, sk := m.keys, m.Keys
	var short []key.Binding
	switch {
	case m.ask != nil:
		short = []key.Binding{k.Confirm, k.CancelEntry}
	case m.confirm != "":
		short = []key.Binding{sk.Yes, sk.No}
	case m.entry != entryNone:
		short = []key.Binding{k.Confirm, k.CancelEntry}
	case m.state == statePick:
		short = []key.Binding{sk.Up, sk.Down, k.Import, k.ParentDir, k.Mark}
		if len(m.marked) > 0 {
			short = append(short, k.ImportMarked)
		}
		short = append(short, k.Format, k.Profile, k.DryRun, k.Queue, sk.Back)
	case m.state == stateImporting:
		short = []key.Binding{k.StopImport}
	case m.state == stateOutcome, m.state == stateFailed:
		if m.state == stateOutcome {
			short = append(short, k.Work)
		} else {
			short = append(short, k.Format, k.Profile)
		}
		short = append(short, k.Another, sk.Back)
	case m.state == stateQueue:
		if len(m.items) > 1 {
			short = append(short, sk.Up, sk.Down)
		}
		if x, ok := m.selected(); ok && !m.busy {
			if linkable(x) {
				short = append(short, k.Link)
			}
			if x.Kind == kindSuggested {
				short = append(short, k.Accept)
			}
			short = append(short, k.Dismiss)
		}
		short = append(short, k.Another, sk.Back)
	}
	return keymap.Help{Short: append(short, sk.Quit)}
}
