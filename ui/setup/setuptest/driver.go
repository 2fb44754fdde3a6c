// Package setuptest drives till's setup form without a terminal, for
// tests: it types answers into the real form (setup.Model, with its huh
// fields and their validation) and returns what the form saved.
package setuptest

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/ui/setup"
)

// timerPackages are the packages whose commands are timers (the
// cursor blink): the driver drops them, as a test has no use for a
// blinking cursor and waiting for them would only slow it down.
var timerPackages = []string{"charm.land/bubbles/v2/cursor."}

// Driver runs a setup.Model like a Bubble Tea program does, but one
// message at a time and in order, so that a test types into the field it
// means to.
type Driver struct {
	tb   testing.TB
	M    setup.Model
	Quit bool // the form asked the program to quit
}

// New starts the form in a width x height window.
func New(tb testing.TB, o setup.Options, width, height int) *Driver {
	tb.Helper()
	d := &Driver{tb: tb, M: setup.New(o)}
	d.deliver(d.run(d.M.Init()))
	d.Send(tea.WindowSizeMsg{Width: width, Height: height})
	return d
}

// Send delivers a message and everything that follows from it at once.
func (d *Driver) Send(msg tea.Msg) {
	d.deliver([]tea.Msg{msg})
}

// Key presses a key by name: "enter", "esc", "tab", "shift+tab", "up",
// "down", "ctrl+c", "ctrl+u", or a single character.
func (d *Driver) Key(name string) { d.Send(keyPress(name)) }

// Type pastes text into the focused field, as a terminal delivers a paste.
func (d *Driver) Type(text string) { d.Send(tea.PasteMsg{Content: text}) }

// Clear empties the focused text field.
func (d *Driver) Clear() {
	d.Key("end")
	d.Key("ctrl+u")
}

// Screen is what the window shows, without colours.
func (d *Driver) Screen() string { return ansi.Strip(d.M.Screen()) }

// Expect fails unless the form is at step with the focus on field key
// ("" for any field).
func (d *Driver) Expect(step, key string) {
	d.tb.Helper()
	k, _ := d.M.Field()
	if d.M.Step() != step || (key != "" && k != key) {
		d.tb.Fatalf("form at %s/%s, want %s/%s\n%s", d.M.Step(), k, step, key, d.Screen())
	}
}

// Choose moves the focused select to the option whose value is value.
func (d *Driver) Choose(value any) {
	d.tb.Helper()
	if !d.tryChoose(value) {
		k, v := d.M.Field()
		d.tb.Fatalf("field %s: no option %v (at %v)\n%s", k, value, v, d.Screen())
	}
}

// tryChoose is Choose that reports a missing option instead of failing.
func (d *Driver) tryChoose(value any) bool {
	d.Key("home")
	for range 40 {
		if _, v := d.M.Field(); reflect.DeepEqual(v, value) {
			return true
		}
		d.Key("down")
	}
	return false
}

var cmdType = reflect.TypeFor[tea.Cmd]()

func (d *Driver) deliver(queue []tea.Msg) {
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		switch msg := msg.(type) {
		case nil:
			continue
		case tea.QuitMsg:
			d.Quit = true
			continue
		case tea.BatchMsg:
			for _, c := range msg {
				queue = append(queue, d.run(c)...)
			}
			continue
		}
		// tea.Sequence's message type is not exported: a list of commands.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
			for i := range v.Len() {
				queue = append(queue, d.run(v.Index(i).Interface().(tea.Cmd))...)
			}
			continue
		}
		next, cmd := d.M.Update(msg)
		d.M = next.(setup.Model)
		queue = append(queue, d.run(cmd)...)
	}
}

// run runs a command to its end, as the program would in the background,
// and returns its message. Saving with a new PIN takes a moment (the hash
// is slow on purpose); that is waited for.
func (d *Driver) run(cmd tea.Cmd) []tea.Msg {
	d.tb.Helper()
	if cmd == nil {
		return nil
	}
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	for _, p := range timerPackages {
		if strings.HasPrefix(name, p) {
			return nil
		}
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		return []tea.Msg{msg}
	case <-time.After(time.Minute):
		d.tb.Fatalf("command %s did not return in a minute", name)
		return nil
	}
}

func keyPress(name string) tea.KeyPressMsg {
	codes := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "up": tea.KeyUp, "down": tea.KeyDown,
		"home": tea.KeyHome, "end": tea.KeyEnd, "backspace": tea.KeyBackspace, "space": tea.KeySpace,
	}
	switch {
	case name == "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case strings.HasPrefix(name, "ctrl+") && len(name) == 6:
		return tea.KeyPressMsg{Code: rune(name[5]), Mod: tea.ModCtrl}
	case codes[name] != 0:
		return tea.KeyPressMsg{Code: codes[name]}
	case len([]rune(name)) == 1:
		r := []rune(name)[0]
		return tea.KeyPressMsg{Code: r, Text: name}
	}
	panic(fmt.Sprintf("setuptest: unknown key %q", name))
}

// Walk answers the whole form from its first step as a person would
// (typing each value, choosing each option, Enter after each field),
// saves on the preview and returns the configuration written to o.Path.
// Any value the form refuses fails the test with the form's message.
//
// Schemes are given as [[schemes]] entries; their keys must be ones the
// form asks for. When o.Existing is set, its schemes are removed first,
// so that the result has exactly a.Schemes.
func Walk(tb testing.TB, o setup.Options, a setup.Answers) config.File {
	tb.Helper()
	d := New(tb, o, 100, 40)
	d.Expect("merchant", "name")
	for _, f := range []struct{ key, value string }{
		{"name", a.Name}, {"city", a.City}, {"country", a.Country}, {"currency", a.Currency}, {"mcc", a.MCC},
	} {
		d.Expect("merchant", f.key)
		d.Clear()
		d.Type(f.value)
		d.Key("enter")
	}
	if o.Existing != nil {
		for range len(o.Existing.Schemes) {
			d.Expect("schemes", "hub")
			d.Choose("remove:0")
			d.Key("enter")
		}
	}
	for i, e := range a.Schemes {
		if i > 0 {
			d.Expect("schemes", "hub")
			d.Choose("add")
			d.Key("enter")
		}
		d.answerScheme(e)
	}
	d.Expect("schemes", "hub")
	d.Choose("continue")
	d.Key("enter")

	d.Expect("till", "pin_mode")
	switch {
	case a.PIN != "":
		d.Choose("set")
	case a.RemovePIN || o.Existing == nil || o.Existing.Till.ManagerPIN == "":
		d.Choose("none")
	default:
		d.Choose("keep")
	}
	d.Key("enter")
	d.Expect("till", "expiry")
	d.Clear()
	if a.ExpiryMinutes > 0 {
		d.Type(fmt.Sprint(a.ExpiryMinutes))
	}
	d.Key("enter")
	d.Expect("till", "language")
	if a.Language != "" {
		d.Choose(a.Language)
	}
	d.Key("enter")
	hadPIN := o.Existing != nil && o.Existing.Till.ManagerPIN != ""
	if hadPIN && (a.PIN != "" || a.RemovePIN) {
		d.Expect("till", "pin_current")
		d.Type(a.CurrentPIN)
		d.Key("enter")
	}
	if a.PIN != "" {
		for _, k := range []string{"pin", "pin_repeat"} {
			d.Expect("till", k)
			d.Type(a.PIN)
			d.Key("enter")
		}
	}
	d.Expect("preview", "")
	d.Key("enter")
	f, ok := d.M.Saved()
	if !ok {
		tb.Fatalf("not saved: %s", d.M.Notice())
	}
	return f
}

// answerScheme adds one scheme from the type list on.
func (d *Driver) answerScheme(e map[string]any) {
	d.tb.Helper()
	d.Expect("type", "type")
	d.Choose(e["type"])
	d.Key("enter")
	if d.M.Step() == "target" {
		// The options are the first key of each target: "phone", "id"…
		for k := range e {
			if d.tryChoose(k) {
				break
			}
		}
		d.Key("enter")
	}
	for d.M.Step() == "fields" {
		k, _ := d.M.Field()
		v, given := e[k]
		switch v := v.(type) {
		case bool:
			if v {
				d.Key("y")
			} else {
				d.Key("n")
			}
			continue
		default:
			d.Clear()
			if given {
				d.Type(fmt.Sprint(v))
			}
		}
		d.Key("enter")
		if k2, _ := d.M.Field(); d.M.Step() == "fields" && k2 == k {
			d.tb.Fatalf("field %s refused %v: %s", k, v, d.Screen())
		}
	}
	if d.M.Notice() != "" {
		d.tb.Fatalf("scheme %v refused: %s", e, d.M.Notice())
	}
}
