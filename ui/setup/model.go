package setup

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/ui/styles"
)

// Options configure the setup form.
type Options struct {
	// Path is where the configuration is saved.
	Path string
	// Existing is the configuration to edit, nil on a first run. What the
	// form does not ask (serve, CSV profiles, cashier…) is kept.
	Existing *config.File
	// NoColor draws without colour (NO_COLOR); the test QR keeps its own.
	NoColor bool
	// Now is the clock for the test code's expiry; time.Now when nil.
	Now func() time.Time
	// Lang is the language the form speaks (the zero Locale is English):
	// the configured one, else the system's. Once the person picks a
	// language, the preview speaks it.
	Lang locale.Locale
}

// step is where the form is.
type step int

const (
	stepMerchant step = iota
	stepHub           // the schemes overview
	stepType          // which scheme to add
	stepTarget        // where it pays to, for schemes with alternatives
	stepFields        // its keys
	stepTill          // manager PIN and expiry
	stepPreview       // test code and summary; Enter saves
	stepDone          // saved, or cancelled
)

var stepNames = map[step]string{
	stepMerchant: "merchant", stepHub: "schemes", stepType: "type", stepTarget: "target",
	stepFields: "fields", stepTill: "till", stepPreview: "preview", stepDone: "done",
}

// Model is the setup form as a Bubble Tea model. It quits the program
// once the configuration is saved or the person cancels (ctrl+c); Saved
// then tells which.
type Model struct {
	opts   Options
	lang   locale.Locale
	d      *draft
	step   step
	form   *huh.Form
	notice string // a problem with the step as a whole, shown above the form
	prev   *preview
	// currency is the merchant form's currency field, whose help follows
	// the country typed.
	currency *huh.Input

	width, height int
	styles        *styles.Styles
	keys          keys
	help          help.Model

	saving bool
	saved  *config.File
	hold   hold // keys waiting for huh to move to the next field
	// bg is the terminal's background, once known; every new form is told,
	// as huh picks its colours by it.
	bg *tea.BackgroundColorMsg
}

type keys struct {
	Back, Quit, Save, NextCode, ShowCode, Move key.Binding
}

// newKeys are the form's own keys, their help in the language.
func newKeys(l locale.Locale) keys {
	return keys{
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", l.T("previous step"))),
		Quit:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", l.T("quit"))),
		Save:     key.NewBinding(key.WithKeys("enter", "y"), key.WithHelp("enter", l.T("save"))),
		NextCode: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", l.T("next code"))),
		ShowCode: key.NewBinding(key.WithKeys("v"), key.WithHelp("v", l.T("view the code"))),
		// The keys by which a huh field moves on or back (its own
		// key map's Next and Prev), which burst.go waits for.
		Move: key.NewBinding(key.WithKeys("enter", "tab", "shift+tab")),
	}
}

// New returns the form, at its first step.
func New(o Options) Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	a := Answers{}
	hadPIN := false
	if o.Existing != nil {
		a = AnswersOf(*o.Existing)
		hadPIN = o.Existing.Till.ManagerPIN != ""
	}
	st := styles.New(true, o.NoColor)
	l := o.Lang
	m := Model{
		opts: o, lang: l, d: newDraft(a, hadPIN), width: 80, height: 24, styles: st,
		keys: newKeys(l),
		help: help.New(),
	}
	m.help.Styles = st.Help
	m.form = m.merchantForm()
	m.resize()
	return m
}

// Init starts the first form and asks the terminal for its background.
func (m Model) Init() tea.Cmd { return tea.Batch(m.form.Init(), tea.RequestBackgroundColor) }

// Step names where the form is: merchant, schemes, type, target, fields,
// till, preview or done. For tests and scripts.
func (m Model) Step() string { return stepNames[m.step] }

// Field returns the key and current value of the focused field ("" when
// the preview is shown). For tests and scripts.
func (m Model) Field() (key string, value any) {
	if m.step >= stepPreview || m.form == nil {
		return "", nil
	}
	f := m.form.GetFocusedField()
	return f.GetKey(), f.GetValue()
}

// Saved returns the configuration written, once the form has saved it.
func (m Model) Saved() (config.File, bool) {
	if m.saved == nil {
		return config.File{}, false
	}
	return *m.saved, true
}

// Notice is the message about the step as a whole, if any (a scheme that
// does not fit with the others, a failed save).
func (m Model) Notice() string { return m.notice }

// savedMsg reports the end of a save.
type savedMsg struct {
	file config.File
	err  error
}

// Update handles a message. Keys that come while a field is moving on
// wait for the move (burst.go).
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case settledMsg:
		return m.settled(msg)
	case tea.PasteMsg:
		if m.hold.on {
			m.hold.queue = append(m.hold.queue, msg)
			return m, nil
		}
	case tea.KeyPressMsg:
		if m.hold.on && !key.Matches(msg, m.keys.Quit) {
			m.hold.queue = append(m.hold.queue, msg)
			return m, nil
		}
		if key.Matches(msg, m.keys.Move) {
			from, form := m.focused(), m.form
			next, cmd := m.update(msg)
			return next.(Model).holdFor(from, form, cmd)
		}
	}
	next, cmd := m.update(msg)
	if n := next.(Model); n.hold.on && n.moved() {
		return n.release(cmd)
	}
	return next, cmd
}

// update handles a message in the order it comes.
func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return m, nil
	case tea.BackgroundColorMsg:
		m.bg = &msg
		m.styles = styles.New(msg.IsDark(), m.opts.NoColor)
		m.help.Styles = m.styles.Help
		if m.form != nil {
			m.form.Update(msg)
		}
		return m, nil
	case savedMsg:
		m.saving = false
		if msg.err != nil {
			m.notice = m.lang.T("Not saved: %s", m.lang.Text(msg.err.Error()))
			return m, nil
		}
		m.saved = &msg.file
		m.step = stepDone
		return m, tea.Quit
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.Quit) {
			m.step = stepDone
			return m, tea.Quit
		}
		if m.saving || m.step == stepDone {
			return m, nil
		}
		if m.step == stepPreview {
			return m.updatePreview(msg)
		}
		if key.Matches(msg, m.keys.Back) && m.step != stepMerchant {
			return m.back()
		}
	}
	if m.step >= stepPreview {
		return m, nil
	}
	form, cmd := m.form.Update(msg)
	if f, ok := form.(*huh.Form); ok {
		m.form = f
	}
	if m.step == stepMerchant {
		m.refreshCurrency()
	}
	if m.form.State == huh.StateCompleted {
		return m.advance()
	}
	return m, cmd
}

// advance moves on once the current step's form is complete.
func (m Model) advance() (tea.Model, tea.Cmd) {
	d := m.d
	m.notice = ""
	switch m.step {
	case stepMerchant:
		if len(d.schemes) == 0 {
			return m.startScheme(0)
		}
		return m.goTo(stepHub)
	case stepHub:
		switch {
		case d.hub == hubContinue:
			return m.goTo(stepTill)
		case d.hub == hubAdd:
			return m.startScheme(len(d.schemes))
		case d.hub == hubMerchant:
			return m.goTo(stepMerchant)
		case strings.HasPrefix(d.hub, hubEdit):
			i, _ := strconv.Atoi(strings.TrimPrefix(d.hub, hubEdit))
			return m.startScheme(i)
		case strings.HasPrefix(d.hub, hubRemove):
			i, _ := strconv.Atoi(strings.TrimPrefix(d.hub, hubRemove))
			if i >= 0 && i < len(d.schemes) {
				d.schemes = append(d.schemes[:i], d.schemes[i+1:]...)
			}
			if len(d.schemes) == 0 {
				return m.startScheme(0)
			}
			return m.goTo(stepHub)
		}
	case stepType:
		spec, _ := specFor(d.cur.Type)
		if len(spec.Targets) > 0 {
			return m.goTo(stepTarget)
		}
		return m.goTo(stepFields)
	case stepTarget:
		return m.goTo(stepFields)
	case stepFields:
		if err := d.checkScheme(); err != nil {
			m.notice = m.lang.Text(err.Error())
			return m.goTo(stepFields)
		}
		d.commitScheme()
		return m.goTo(stepHub)
	case stepTill:
		m.speak(d.language)
		return m.goTo(stepPreview)
	}
	return m, nil
}

// speak switches the form to the language just chosen, so the preview
// and what follows are in it; "the system's" and an empty answer keep
// the one it started in.
func (m *Model) speak(answer string) {
	if t, err := locale.Parse(answer); err == nil && answer != LanguageSystem {
		m.lang = locale.New(t)
		m.keys = newKeys(m.lang)
	}
}

// back returns to the step before.
func (m Model) back() (tea.Model, tea.Cmd) {
	m.notice = ""
	switch m.step {
	case stepHub:
		return m.goTo(stepMerchant)
	case stepPreview:
		return m.goTo(stepTill)
	case stepType:
		if len(m.d.schemes) > 0 {
			return m.goTo(stepHub)
		}
		return m.goTo(stepMerchant)
	case stepTarget:
		return m.goTo(stepType)
	case stepFields:
		if spec, _ := specFor(m.d.cur.Type); len(spec.Targets) > 0 {
			return m.goTo(stepTarget)
		}
		return m.goTo(stepType)
	case stepTill:
		return m.goTo(stepHub)
	}
	return m, nil
}

// startScheme begins adding (i == len(schemes)) or editing scheme i.
func (m Model) startScheme(i int) (tea.Model, tea.Cmd) {
	d := m.d
	d.curAt = i
	if i < len(d.schemes) {
		d.cur = cloneScheme(d.schemes[i])
	} else {
		d.cur = newSchemeDraft("")
	}
	return m.goTo(stepType)
}

func cloneScheme(s schemeDraft) schemeDraft {
	c := s
	c.Values = map[string]string{}
	c.Bools = map[string]bool{}
	for k, v := range s.Values {
		c.Values[k] = v
	}
	for k, v := range s.Bools {
		c.Bools[k] = v
	}
	c.Extra = copyEntry(s.Extra)
	return c
}

// goTo shows a step with a new form built from the draft.
func (m Model) goTo(s step) (tea.Model, tea.Cmd) {
	m.step = s
	spec, _ := specFor(m.d.cur.Type)
	switch s {
	case stepMerchant:
		m.form = m.merchantForm()
	case stepHub:
		m.form = m.hubForm()
	case stepType:
		m.form = m.typeForm()
	case stepTarget:
		m.form = m.targetForm(spec)
	case stepFields:
		m.form = m.fieldsForm(spec)
	case stepTill:
		m.form = m.tillForm()
	case stepPreview:
		m.prev = newPreview(m.opts, m.d.answers())
		m.resize()
		return m, nil
	}
	if m.bg != nil {
		m.form.Update(*m.bg)
	}
	m.resize()
	return m, m.form.Init()
}

// updatePreview handles the keys of the preview.
func (m Model) updatePreview(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if m.prev.codeOnly { // any key brings the summary back
		m.prev.codeOnly = false
		return m, nil
	}
	switch {
	case key.Matches(msg, m.keys.Back):
		return m.back()
	case key.Matches(msg, m.keys.NextCode) && len(m.prev.codes) > 1:
		m.prev.shown = (m.prev.shown + 1) % len(m.prev.codes)
	case key.Matches(msg, m.keys.ShowCode):
		m.prev.codeOnly = !m.prev.codeOnly
	case key.Matches(msg, m.keys.Save) && m.prev.err == nil:
		m.saving = true
		m.notice = ""
		path, existing, answers := m.opts.Path, m.opts.Existing, m.d.answers()
		return m, func() tea.Msg {
			f, err := Apply(path, existing, answers)
			return savedMsg{f, err}
		}
	}
	return m, nil
}
