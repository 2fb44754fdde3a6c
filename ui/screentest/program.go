package screentest

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"
)

// Program is a Bubble Tea model running for a test, the one harness of
// till's UI packages: teatest/v2 drives the real program, and its output is
// replayed into the x/vt emulator, so waits, goldens and QR decoding read
// the screen as a terminal shows it.
type Program struct {
	TM   *teatest.TestModel
	W, H int
	Out  Output // everything the program has written so far
	// Wait bounds each wait (15 s: generous for a loaded 2-core machine).
	Wait time.Duration
	t    testing.TB
}

// Start runs m in a w×h terminal with true colour (teatest's output is a
// buffer, not a tty: without a profile every colour, and so the QR, would
// be stripped).
func Start(t testing.TB, m tea.Model, w, h int) *Program {
	t.Helper()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
	return &Program{TM: tm, W: w, H: h, Wait: 15 * time.Second, t: t}
}

// Until waits until ok holds for the screen's text and returns the text.
func (p *Program) Until(ok func(screen string) bool) string {
	p.t.Helper()
	var screen string
	teatest.WaitFor(p.t, p.TM.Output(), p.Out.Condition(func(all []byte) bool {
		screen = Text(Screen(all, p.W, p.H))
		return ok(screen)
	}), teatest.WithDuration(p.Wait), teatest.WithCheckInterval(20*time.Millisecond))
	return screen
}

// WaitFor waits until the screen shows text and returns the screen.
func (p *Program) WaitFor(text string) string {
	p.t.Helper()
	return p.Until(func(s string) bool { return strings.Contains(s, text) })
}

// WaitGone waits until the screen no longer shows text.
func (p *Program) WaitGone(text string) string {
	p.t.Helper()
	return p.Until(func(s string) bool { return !strings.Contains(s, text) })
}

// Settle waits until nothing new has been written for 200 ms (the last
// write may be a partial redraw) and returns the screen.
func (p *Program) Settle() string {
	p.t.Helper()
	last, quietSince := -1, time.Now()
	teatest.WaitFor(p.t, p.TM.Output(), p.Out.Condition(func(all []byte) bool {
		if len(all) != last {
			last, quietSince = len(all), time.Now()
		}
		return time.Since(quietSince) >= 200*time.Millisecond
	}), teatest.WithDuration(p.Wait), teatest.WithCheckInterval(20*time.Millisecond))
	return p.Text()
}

// Screen is the emulated terminal as the output so far leaves it.
func (p *Program) Screen() *vt.Emulator { return Screen(p.Out.Bytes, p.W, p.H) }

// Text is the screen as text, as the last wait saw it.
func (p *Program) Text() string { return Text(p.Screen()) }

// Golden compares the screen's text with testdata/<test name>.golden
// (`go test -update` rewrites it).
func (p *Program) Golden(t *testing.T) {
	t.Helper()
	golden.RequireEqual(t, []byte(p.Text()))
}

// DecodeQR reads the QR code off the screen under a theme and line gap.
func (p *Program) DecodeQR(theme Theme, gap int) (string, error) {
	return DecodeScreen(p.Screen(), theme, gap)
}

// Key presses a printable key.
func (p *Program) Key(r rune) { p.TM.Send(tea.KeyPressMsg{Code: r, Text: string(r)}) }

// Press presses a key by code: tea.KeyEnter, tea.KeyEscape, tea.KeyTab…
func (p *Program) Press(code rune) { p.TM.Send(tea.KeyPressMsg{Code: code}) }

// Ctrl presses ctrl and a letter.
func (p *Program) Ctrl(r rune) { p.TM.Send(tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl}) }

// Type types s, one key per character.
func (p *Program) Type(s string) { p.TM.Type(s) }

// Quit presses ctrl+c and returns the model the program ended with.
func (p *Program) Quit() tea.Model {
	p.t.Helper()
	p.Ctrl('c')
	return p.Final()
}

// Final waits for the program to end by itself and returns its model.
func (p *Program) Final() tea.Model {
	p.t.Helper()
	return p.TM.FinalModel(p.t, teatest.WithFinalTimeout(p.Wait))
}
