package qrview_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/till-pos/till/ui/qrview"
	"github.com/till-pos/till/ui/screentest"
)

// payModel is a minimal stand-in for the pay screen: one line above the
// code, the code (or the fallback line) centred, one line below. It lays
// the code out again on every resize, as the real screen must.
type payModel struct {
	code   *qrview.Code
	width  int
	layout qrview.Layout
}

const (
	payHeader  = "Pay EUR 12.50   ref X7K2M9PQ4D"
	payFooter  = "scan with your banking app"
	chromeRows = 2
)

func (m payModel) Init() tea.Cmd { return nil }

func (m payModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width = msg.Width
		m.layout = m.code.Layout(msg.Width, msg.Height-chromeRows)
	case tea.KeyPressMsg:
		if msg.String() == "q" {
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m payModel) View() tea.View {
	if m.width == 0 {
		return tea.NewView("")
	}
	body := m.layout.View
	if !m.layout.OK {
		body = qrview.EnlargeMessage(m.layout.NeedWidth, m.layout.NeedHeight+chromeRows)
	}
	body = lipgloss.PlaceHorizontal(m.width, lipgloss.Center, body)
	v := tea.NewView(payHeader + "\n" + body + "\n" + payFooter)
	v.AltScreen = true
	return v
}

// runPayScreen runs the real Bubble Tea program at w×h and returns the
// screen it drew, read back through the x/vt emulator.
func runPayScreen(t *testing.T, code *qrview.Code, w, h int, profile colorprofile.Profile) screentest.Grid {
	t.Helper()
	tm := teatest.NewTestModel(t, payModel{code: code},
		teatest.WithInitialTermSize(w, h),
		// The output is a buffer, not a tty: without a profile every colour
		// would be stripped.
		teatest.WithProgramOptions(tea.WithColorProfile(profile)))
	var out []byte
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		out = append(out[:0], b...)
		// The footer is drawn after the code, so once it shows, the whole
		// frame has been written.
		return strings.Contains(screentest.Text(screentest.Screen(b, w, h)), payFooter)
	}, teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
	return screentest.Screen(out, w, h)
}

var scanSizes = [][2]int{{80, 24}, {100, 30}, {120, 40}, {200, 60}, {60, 20}}

// scanResult is one row of the measured fit table.
type scanResult struct {
	bytes, w, h int
	shown       string
}

// TestPayScreenScans is issue 4's proof: for every payload size and window
// size the real program's screen, rasterised under three themes and with
// 0 and 3 px line gaps, either decodes to exactly the payload or shows the
// fallback message. A drawn code that does not decode fails the test.
func TestPayScreenScans(t *testing.T) {
	var mu sync.Mutex
	var results []scanResult
	t.Cleanup(func() { logFitTable(t, results) })
	for _, n := range scanLengths {
		payload := emvLike(t, n)
		code, err := qrview.New(payload)
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range scanSizes {
			w, h := size[0], size[1]
			t.Run(fmt.Sprintf("%dB/%dx%d", n, w, h), func(t *testing.T) {
				t.Parallel()
				layout := code.Layout(w, h-chromeRows)
				screen := runPayScreen(t, code, w, h, colorprofile.TrueColor)
				shown := checkScreen(t, screen, layout, payload)
				mu.Lock()
				results = append(results, scanResult{n, w, h, shown})
				mu.Unlock()
			})
		}
	}
}

// TestPayScreenScans256 repeats a slice of the matrix with the program
// downsampling to 256 colours, as it does under tmux and many terminals:
// #000000/#ffffff become palette 16/231, which themes do not remap.
func TestPayScreenScans256(t *testing.T) {
	for _, n := range []int{60, 200} {
		payload := emvLike(t, n)
		code, err := qrview.New(payload)
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range [][2]int{{80, 24}, {200, 60}} {
			w, h := size[0], size[1]
			t.Run(fmt.Sprintf("%dB/%dx%d", n, w, h), func(t *testing.T) {
				t.Parallel()
				screen := runPayScreen(t, code, w, h, colorprofile.ANSI256)
				checkScreen(t, screen, code.Layout(w, h-chromeRows), payload)
			})
		}
	}
}

// checkScreen asserts the screen either carries a code that decodes to
// payload under every theme and gap, or the fallback line and no code.
// It returns what was shown, for the fit table.
func checkScreen(t *testing.T, screen screentest.Grid, layout qrview.Layout, payload string) string {
	t.Helper()
	text := screentest.Text(screen)
	if !strings.Contains(text, payHeader) {
		t.Fatalf("the header is missing; screen:\n%s", text)
	}
	if !layout.OK {
		if !strings.Contains(text, "enlarge the window to") {
			t.Fatalf("no code fits and no fallback message is shown; screen:\n%s", text)
		}
		for _, theme := range screentest.Themes() {
			if got, err := screentest.DecodeScreen(screen, theme, 0); err == nil {
				t.Fatalf("fallback screen decodes to %q", got)
			}
		}
		return "message"
	}
	for _, theme := range screentest.Themes() {
		for _, gap := range []int{0, 3} {
			got, err := screentest.DecodeScreen(screen, theme, gap)
			if err != nil {
				t.Errorf("a %s code is drawn but does not decode: %v", layout.Mode, err)
				continue
			}
			if got != payload {
				t.Errorf("theme %s gap %d decoded %q, want %q", theme.Name, gap, got, payload)
			}
		}
	}
	return fmt.Sprintf("%s %s q%d", layout.Mode, layout.Level, layout.QuietZone)
}

func logFitTable(t *testing.T, results []scanResult) {
	if len(results) == 0 {
		return
	}
	shown := map[[3]int]string{}
	for _, r := range results {
		shown[[3]int{r.bytes, r.w, r.h}] = r.shown
	}
	var b strings.Builder
	b.WriteString("| payload |")
	for _, s := range scanSizes {
		fmt.Fprintf(&b, " %d×%d |", s[0], s[1])
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", len(scanSizes)) + "\n")
	for _, n := range scanLengths {
		fmt.Fprintf(&b, "| %d B |", n)
		for _, s := range scanSizes {
			fmt.Fprintf(&b, " %s |", shown[[3]int{n, s[0], s[1]}])
		}
		b.WriteString("\n")
	}
	t.Logf("what the pay screen shows (window, %d rows of chrome), every code decoded under 3 themes × 2 gaps:\n%s", chromeRows, b.String())
}
