package setup_test

import (
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/till-pos/till/ui/screentest"
	"github.com/till-pos/till/ui/setup"
)

// Keys that arrive faster than the form moves between fields (a paste, a
// fast typist right after Enter) still land in the field they were typed
// for: the whole form is typed in one burst to the real program, without
// waiting for a single screen, and every field saved is checked.
func TestBurstOfKeysFillsEveryField(t *testing.T) {
	for run := range 3 {
		path := filepath.Join(t.TempDir(), "config.toml")
		tm := teatest.NewTestModel(t, setup.New(setup.Options{Path: path}), teatest.WithInitialTermSize(100, 40))
		typeText := func(s string) {
			for _, r := range s {
				tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
		}
		enter := func() { tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) }
		for _, v := range []string{"Corner Shop", "Capital", "BR", "", ""} {
			typeText(v)
			enter()
		}
		enter() // Pix, the first scheme offered in Brazil
		typeText("+5511999999999")
		for range 3 {
			enter()
		}
		enter() // continue
		enter() // no PIN
		enter() // default expiry
		enter() // the system's language
		enter() // save from the preview
		// Saving quits the program; a form that went astray waits for
		// keys: once the screen is quiet, ctrl+c ends it either way.
		var out screentest.Output
		last, quietSince := -1, time.Now()
		teatest.WaitFor(t, tm.Output(), out.Condition(func(all []byte) bool {
			if len(all) != last {
				last, quietSince = len(all), time.Now()
			}
			return time.Since(quietSince) >= time.Second
		}), teatest.WithDuration(30*time.Second), teatest.WithCheckInterval(50*time.Millisecond))
		tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
		fm := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(setup.Model)
		f, ok := fm.Saved()
		if !ok {
			t.Fatalf("run %d: not saved; the screen:\n%s", run, screentest.Text(screentest.Screen(out.Bytes, 100, 40)))
		}
		if f.Merchant.Name != "Corner Shop" || f.Merchant.City != "Capital" || f.Merchant.Country != "BR" ||
			f.Merchant.Currency != "BRL" || len(f.Schemes) != 1 || f.Schemes[0]["key"] != "+5511999999999" {
			t.Fatalf("run %d: saved %+v", run, f)
		}
	}
}
