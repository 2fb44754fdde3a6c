package ui_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/ui"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/screentest"
)

// langProgram runs the real program speaking l at w×h and returns a way
// to wait for text on its screen (or, with a leading "!", for it to go)
// and the screen as last seen.
func langProgram(t *testing.T, l locale.Locale, w, h int) (*teatest.TestModel, func(string) string, *screentest.Output) {
	t.Helper()
	st, cfg := goldenStore(t)
	st.Now = func() time.Time { return goldenClock }
	tm := teatest.NewTestModel(t, ui.New(ui.Options{Store: st, Config: cfg, Actor: "ana", Demo: true, Dir: t.TempDir(),
		Now: func() time.Time { return goldenClock }, Lang: l, ReceiptLang: l}),
		teatest.WithInitialTermSize(w, h), teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
	out := &screentest.Output{}
	wait := func(text string) string {
		t.Helper()
		text = common.Cells(text) // as the screens write it
		var screen string
		teatest.WaitFor(t, tm.Output(), out.Condition(func(all []byte) bool {
			screen = screentest.Text(screentest.Screen(all, w, h))
			if gone, ok := strings.CutPrefix(text, "!"); ok {
				return !strings.Contains(screen, gone)
			}
			return strings.Contains(screen, text)
		}), teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
		return screen
	}
	return tm, wait, out
}

// settle waits until nothing new has been drawn for 200 ms.
func settle(t *testing.T, tm *teatest.TestModel, out *screentest.Output) {
	t.Helper()
	last, quietSince := -1, time.Now()
	teatest.WaitFor(t, tm.Output(), out.Condition(func(all []byte) bool {
		if len(all) != last {
			last, quietSince = len(all), time.Now()
		}
		return time.Since(quietSince) >= 200*time.Millisecond
	}), teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

// The whole loop in Thai: the charge screen, the code (which still scans),
// marking it paid, and back for the next charge, with the help line and
// the banner in Thai.
func TestLoopInThai(t *testing.T) {
	th := locale.New(locale.Thai)
	const w, h = 80, 24
	tm, wait, out := langProgram(t, th, w, h)
	wait(th.T("New charge"))
	wait(th.T("type the amount, then enter"))
	keys(tm, "42.00\n")
	wait(th.T("WAITING FOR PAYMENT"))
	settle(t, tm, out)
	screen := wait(th.T("mark paid"))
	if strings.Contains(screen, "WAITING FOR PAYMENT") || strings.Contains(screen, "mark paid") {
		t.Errorf("English on the Thai pay screen:\n%s", screen)
	}
	if got, err := screentest.DecodeScreen(screentest.Screen(out.Bytes, w, h), screentest.Dark, 0); err != nil || got == "" {
		t.Errorf("the code does not scan on the Thai pay screen: %v\n%s", err, screen)
	}
	keys(tm, "p")
	wait(th.T("yes"))
	keys(tm, "y")
	wait(th.T("MARKED PAID · unverified"))
	screen = wait(th.T("n or enter: next charge"))
	if strings.Contains(screen, "MARKED PAID") {
		t.Errorf("English on the Thai paid screen:\n%s", screen)
	}
	keys(tm, "n")
	wait(th.T("New charge"))
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
}

// The charge and pay screens at 80×24 in every language: golden files to
// read, nothing wider than the window, and the code still scans.
func TestLoopGoldenLanguages(t *testing.T) {
	for _, tag := range locale.Supported {
		l := locale.New(tag)
		t.Run(tag.String(), func(t *testing.T) {
			const w, h = 80, 24
			tm, wait, out := langProgram(t, l, w, h)
			wait(l.T("New charge"))
			keys(tm, "12.5")
			settle(t, tm, out)
			charge := wait(l.T("New charge"))
			tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
			keys(tm, "42.00\n")
			wait(l.T("WAITING FOR PAYMENT"))
			settle(t, tm, out)
			pay := wait(l.T("WAITING FOR PAYMENT"))
			if got, err := screentest.DecodeScreen(screentest.Screen(out.Bytes, w, h), screentest.Dark, 0); err != nil || got == "" {
				t.Errorf("the code does not scan: %v", err)
			}
			// The customer view: the code as large as it fits, the amount,
			// the merchant and which apps scan it, in the language.
			keys(tm, "f")
			wait("!" + l.T("WAITING FOR PAYMENT"))
			settle(t, tm, out)
			customer := screentest.Text(screentest.Screen(out.Bytes, w, h))
			if got, err := screentest.DecodeScreen(screentest.Screen(out.Bytes, w, h), screentest.Dark, 0); err != nil || got == "" {
				t.Errorf("the code does not scan in the customer view: %v", err)
			}
			if scan, _, _ := strings.Cut(common.Cells(l.T("scan with %s", "")), " "); !strings.Contains(customer, scan) {
				t.Errorf("the customer view does not say %q:\n%s", scan, customer)
			}
			for name, screen := range map[string]string{"charge": charge, "pay": pay, "customer": customer} {
				for i, line := range strings.Split(screen, "\n") {
					if n := ansi.StringWidth(line); n > w {
						t.Errorf("%s line %d is %d cells: %q", name, i+1, n, line)
					}
				}
			}
			golden.RequireEqual(t, []byte(fmt.Sprintf("%s\n---\n%s\n---\n%s", charge, pay, customer)))
			tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
			tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
		})
	}
}
