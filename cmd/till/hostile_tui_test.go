package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui"
	"github.com/till-pos/till/ui/screentest"
)

// ownOSC are the OSC sequences till writes itself: the window title (and
// its reset at the end), and
// the question for the terminal's background colour (OSC 11 ?).
var ownOSC = regexp.MustCompile("\x1b\\](([02];(till · [^\x07\x1b]*)?)|(1[01];\\?))(\x07|\x1b\\\\)")

// rawTerminalProblems lists what in a terminal program's output could only
// have come from outside: the output is full of till's own sequences
// (cursor moves, SGR colours, the window title), but till never writes
// OSC 52 or 8, DCS, SOS, PM or APC, SGR 8 (hidden text), BEL (the bell is
// off in this configuration), C1 or bidi controls.
func rawTerminalProblems(out string) []string {
	out = ownOSC.ReplaceAllString(out, "")
	var found []string
	for _, bad := range []string{"\x1b]", "\x1bP", "\x1bX", "\x1b^", "\x1b_", "\x1b[8m", "HIDDEN\x1b", "\a", "\x7f"} {
		if i := strings.Index(out, bad); i >= 0 {
			found = append(found, strings.ToValidUTF8(out[max(i-40, 0):min(i+40, len(out))], "?"))
		}
	}
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRuneInString(out[i:])
		if (r == utf8.RuneError && size == 1) || (r >= 0x80 && safetext.Unsafe(r)) {
			found = append(found, strings.ToValidUTF8(out[max(i-40, 0):min(i+40, len(out))], "?"))
		}
		i += size
	}
	return found
}

// testHostileScreens walks every screen of the till over a database and a
// folder full of hostile text: the orders list, an order's details and its
// receipt, the statement picker over hostile file names, an import's
// outcome, the exception queue, the day close and the pay screen. Each
// screen must show the hostile text escaped (read back from the x/vt
// emulator's cells), and the bytes sent to the terminal must hold none of
// it raw.
func testHostileScreens(t *testing.T) {
	e := newEnv(t)
	dir := filepath.Join(filepath.Dir(e.db), "statements")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	files := hostileStatements(t, dir)
	hostileOrderAndNotification(t, e)
	// Exceptions of today: their line keys and details are the bank's.
	for _, f := range files {
		if strings.HasSuffix(f, "hostile.csv") || strings.HasSuffix(f, "hostile.ofx") {
			if code, _, errs := e.till("reconcile", f); code != 0 {
				t.Fatalf("reconcile %s: %s", f, errs)
			}
		}
	}
	f := config.Demo()
	f.Till.Bell = new(bool) // the bell is the one BEL till sends itself
	cfg, err := config.Resolve(f)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(e.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const w, h = 140, 44
	tm := teatest.NewTestModel(t, ui.New(ui.Options{Store: st, Config: cfg, Actor: "ana", Demo: true, Dir: dir}),
		teatest.WithInitialTermSize(w, h), teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
	var out screentest.Output
	waitFor := func(screen, text string) string {
		t.Helper()
		var shot string
		teatest.WaitFor(t, tm.Output(), out.Condition(func(all []byte) bool {
			shot = screentest.Text(screentest.Screen(all, w, h))
			return strings.Contains(shot, text)
		}), teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
		for i, r := range shot {
			if r != '\n' && safetext.Unsafe(r) {
				t.Errorf("%s: %U in a cell at %d:\n%s", screen, r, i, shot)
				break
			}
		}
		return shot
	}
	// escaped checks that a screen shows the hostile text, escaped.
	escaped := func(screen, shot string) {
		t.Helper()
		if !containsAny(shot, shown) {
			t.Errorf("%s does not show the hostile text escaped:\n%s", screen, shot)
		}
	}
	key := func(k rune) { tm.Send(tea.KeyPressMsg{Code: k, Text: string(k)}) }
	special := func(k rune, mod tea.KeyMod) { tm.Send(tea.KeyPressMsg{Code: k, Mod: mod}) }

	waitFor("charge", "New charge")
	key('o')
	waitFor("orders", "Orders")
	special(tea.KeyEnter, 0)
	escaped("order details", waitFor("order details", "History"))
	special('p', tea.ModCtrl)
	waitFor("receipt", "any key")
	special(tea.KeyEscape, 0) // closes the receipt
	waitFor("order details", "History")
	special(tea.KeyEscape, 0)
	waitFor("orders", "paid after it expired")
	special(tea.KeyEscape, 0)
	waitFor("charge", "New charge")
	key('z')
	escaped("day close", waitFor("day close", "Open exceptions"))
	special(tea.KeyEscape, 0)
	waitFor("charge", "New charge")
	key('r') // with exceptions open, the reconcile screen starts on their queue
	escaped("exception queue", waitFor("exception queue", "oldest first"))
	key('i')
	escaped("statement picker", waitFor("statement picker", "hostile.sta"))
	special(tea.KeyDown, 0) // hostile.json, not imported yet
	special(tea.KeyEnter, 0)
	escaped("import outcome", waitFor("import outcome", "works through the open exceptions"))
	special(tea.KeyEscape, 0)
	waitFor("charge", "New charge")
	key('1')
	key('0')
	key('0')
	special(tea.KeyEnter, 0)
	waitFor("pay", "reference")
	special('p', tea.ModCtrl)
	waitFor("receipt on the pay screen", "any key")

	special('c', tea.ModCtrl)
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
	rest, _ := io.ReadAll(tm.FinalOutput(t))
	if p := rawTerminalProblems(string(out.Bytes) + string(rest)); len(p) > 0 {
		t.Errorf("%d raw sequences or controls reached the terminal, around:\n%q", len(p), p)
	}
}
