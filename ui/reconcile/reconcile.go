// Package reconcile is the screen where bank and provider statements meet
// the orders: pick a statement file, watch it import, read what it did,
// and work through the exceptions a person must decide (link a payment to
// an order, accept a suggestion, dismiss with a reason).
package reconcile

import (
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/filepicker"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/payment/statement"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/prompt"
)

// StatementExtensions are the file names the picker offers for import.
var StatementExtensions = []string{".xml", ".sta", ".mt940", ".txt", ".ofx", ".qfx", ".json", ".csv", ".tsv"}

// QueueLimit is how many open exceptions the queue loads at once; the
// count shown is always the true total.
const QueueLimit = 500

type state int

const (
	statePick      state = iota // choosing a file
	stateImporting              // the import runs
	stateOutcome                // what the import did
	stateFailed                 // the file was refused; nothing written
	stateQueue                  // open exceptions, one at a time
)

type entryKind int

const (
	entryNone    entryKind = iota
	entryLink              // typing the reference of the order to link to
	entryDismiss           // typing the reason to dismiss
)

// Exception kinds the queue treats specially.
const (
	kindSuggested = "suggested"
	kindUnmatched = "unmatched"
)

// Model is the reconcile screen.
type Model struct {
	common.Common
	keys  keyMap
	state state

	// Picking.
	picker   filepicker.Model
	formats  []string
	format   int
	profiles []string // "" first: let the format detection choose
	profile  int
	dryRun   bool
	marked   []string
	touched  bool // a key was pressed: never switch state by ourselves

	// Importing.
	job  *common.ImportJob
	req  common.ImportRequest
	prog common.ImportProgress
	bar  progress.Model

	// Outcome.
	done common.ImportDoneMsg

	// Queue.
	items   []store.ExceptionItem
	open    int
	loaded  bool
	cursor  int
	top     int // first row shown
	entry   entryKind
	input   textinput.Model
	busy    bool // an action is being saved
	notice  string
	err     string
	entryOf int64 // the exception the entry is for

	// A decision waiting for a yes or the manager PIN (decide.go).
	act     *decision
	confirm string        // the y/n question about act
	ask     *prompt.Model // asking the manager PIN for act
}

// New makes the screen, its file picker starting in dir ("" for the
// current directory).
func New(c common.Common, dir string) Model {
	if dir == "" {
		dir = "."
	}
	keys := defaultKeys(c.Keys)
	fp := filepicker.New()
	fp.CurrentDirectory = dir
	fp.AllowedTypes = StatementExtensions
	fp.AutoHeight = false
	fp.KeyMap = pickerKeys(keys)
	fp.Cursor = "›"

	profiles := []string{""}
	if c.Backend != nil && c.Backend.Config != nil {
		for _, p := range c.Backend.Config.Profiles {
			profiles = append(profiles, p.Name)
		}
	}
	for _, p := range statement.Profiles() {
		profiles = append(profiles, p.Name)
	}

	ti := textinput.New()
	ti.Prompt = ""
	ti.CharLimit = 200
	ti.SetStyles(inputStyles(c.Styles))

	bar := progress.New(progress.WithFillCharacters('█', '░'), progress.WithoutPercentage())
	m := Model{Common: c, keys: keys, picker: fp, formats: statement.Formats(), profiles: profiles, input: ti, bar: bar}
	m.SetSize(c.Width, c.Height)
	return m
}

// Init reads the folder and loads the open exceptions.
func (m Model) Init() tea.Cmd {
	return tea.Batch(m.picker.Init(), m.Load())
}

// Load asks for the open exceptions.
func (m Model) Load() tea.Cmd { return m.Backend.Exceptions(QueueLimit) }

// Typing reports whether a text field or a question has the keyboard.
func (m Model) Typing() bool { return m.entry != entryNone || m.deciding() }

// Asking reports whether a y/n question waits for its answer.
func (m Model) Asking() bool { return m.confirm != "" }

// Importing reports whether an import is running.
func (m Model) Importing() bool { return m.state == stateImporting }

// SetSize lays the components out for the area.
func (m *Model) SetSize(w, h int) {
	m.Common.SetSize(w, h)
	m.picker.SetHeight(max(h-pickChrome, 1))
	m.bar.SetWidth(max(min(w, 72), 10))
	m.input.SetWidth(max(w-30, 12))
}

// Update handles the screen's messages and keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.ImportProgressMsg:
		if m.job == nil || msg.Job != m.job.ID {
			return m, nil // from an import already finished
		}
		m.prog = msg.ImportProgress
		return m, m.job.Progress()
	case common.ImportDoneMsg:
		if m.job == nil || msg.Job != m.job.ID {
			return m, nil
		}
		return m.finished(msg)
	case common.ExceptionsMsg:
		return m.exceptionsLoaded(msg), nil
	case common.ExceptionResolvedMsg:
		return m.resolved(msg)
	case common.LinkTargetMsg:
		return m.linkTargetRead(msg)
	case common.StoreChangedMsg:
		if m.state == stateImporting {
			return m, nil // the import reloads when it ends
		}
		return m, m.Load()
	case common.ErrMsg:
		m.busy = false
		m.err = msg.Error()
		return m, nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		if m.ask != nil {
			return m.updateDecision(msg)
		}
		if m.entry != entryNone {
			var cmd tea.Cmd
			m.input, cmd = m.input.Update(msg)
			return m, cmd
		}
		return m, nil
	}
	// Components' own messages: the cursor's blink, a folder read (kept
	// whatever the state, so the list is ready when the picker shows).
	var c1, c2 tea.Cmd
	if m.entry != entryNone {
		m.input, c1 = m.input.Update(msg)
	}
	if m.ask != nil {
		m, c1 = m.updateDecision(msg)
	}
	m.picker, c2 = m.picker.Update(msg)
	return m, tea.Batch(c1, c2)
}

// key gives a key to what has the keyboard: the question or PIN, the
// entry, else the state's keys.
func (m Model) key(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	m.touched = true
	if m.deciding() {
		return m.updateDecision(msg)
	}
	if m.entry != entryNone {
		return m.updateEntry(msg)
	}
	m.notice = ""
	switch m.state {
	case statePick:
		return m.updatePick(msg)
	case stateImporting:
		return m.updateImporting(msg)
	case stateOutcome, stateFailed:
		return m.updateOutcome(msg)
	case stateQueue:
		return m.updateQueue(msg)
	}
	return m, nil
}

func goCharge() tea.Msg { return common.GoChargeMsg{} }

// startImport runs the import of files in the background.
func (m Model) startImport(files []string) (Model, tea.Cmd) {
	opts := statement.Options{Profile: m.profiles[m.profile]}
	if m.Backend.Config != nil {
		opts.Profiles = m.Backend.Config.Profiles
	}
	m.req = common.ImportRequest{Files: files, Format: m.formats[m.format], Options: opts, DryRun: m.dryRun}
	if m.Backend.Config != nil {
		m.req.Currency = m.Backend.Config.Merchant.Currency.Code
	}
	job, run := m.Backend.Import(m.req)
	m.job, m.state, m.prog, m.err = job, stateImporting, common.ImportProgress{}, ""
	return m, tea.Batch(run, job.Progress())
}

func (m Model) updateImporting(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if key.Matches(msg, m.enabled().StopImport) {
		// The job ends with a cancelled ImportDoneMsg; the state follows then.
		m.job.Cancel()
		m.notice = "stopping the import…"
	}
	return m, nil
}

// finished shows what an import did, or why it wrote nothing.
func (m Model) finished(msg common.ImportDoneMsg) (Model, tea.Cmd) {
	m.job, m.done = nil, msg
	switch {
	case msg.Cancelled():
		m.state = statePick
		m.notice = "import stopped; nothing was written"
		if msg.Result.Lines > 0 && !msg.Req.DryRun {
			m.notice = "import stopped; the lines already imported are kept (import the file again to finish)"
		}
		return m, nil
	case msg.Err != nil:
		m.state = stateFailed
		return m, nil
	}
	m.state, m.marked = stateOutcome, nil
	return m, m.Load()
}

func (m Model) updateOutcome(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.enabled()
	switch {
	case key.Matches(msg, k.Back):
		return m, goCharge
	case key.Matches(msg, k.Another):
		m.state = statePick
		return m, m.picker.Init() // the folder may have changed meanwhile
	case key.Matches(msg, k.Format, k.Profile, k.DryRun):
		// Choosing another reading of the same file: back to the picker,
		// still on that file.
		m.state = statePick
		return m.updatePick(msg)
	case key.Matches(msg, k.Work):
		m.state = stateQueue
		return m, m.Load()
	}
	return m, nil
}

// exceptionsLoaded keeps the cursor on the same exception when it is still
// open, else at the same place in the list.
func (m Model) exceptionsLoaded(msg common.ExceptionsMsg) Model {
	if msg.Err != nil {
		m.err = m.T("loading exceptions: %s", m.Text(msg.Err.Error()))
		return m
	}
	var keep int64 = -1
	if x, ok := m.selected(); ok {
		keep = x.ID
	}
	m.items, m.open, m.loaded = msg.Items, msg.Open, true
	for i, x := range m.items {
		if x.ID == keep {
			m.cursor = i
		}
	}
	m.cursor = min(m.cursor, max(len(m.items)-1, 0))
	m.scroll()
	if m.state == statePick && !m.touched && m.open > 0 {
		// Opening the screen with work waiting: show the work.
		m.state = stateQueue
	}
	return m
}

// pickerSelection is what enter or i would import: the marked files, and
// the file chosen now.
func (m Model) pickerSelection(chosen string) []string {
	files := append([]string(nil), m.marked...)
	if chosen != "" && !contains(files, chosen) {
		files = append(files, chosen)
	}
	return files
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func isStatementName(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return contains(StatementExtensions, ext)
}

func (m Model) profileName() string {
	if p := m.profiles[m.profile]; p != "" {
		return safetext.Escape(p) // a name from the configuration
	}
	return m.T("detect")
}

func (m Model) filesTitle(files []string) string {
	if len(files) == 0 {
		return ""
	}
	first := safetext.Escape(filepath.Base(files[0]))
	if len(files) > 1 {
		return m.T("%s and %d more", first, len(files)-1)
	}
	return first
}
