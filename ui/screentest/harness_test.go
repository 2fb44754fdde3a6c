package screentest_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mdp/qrterminal/v3"

	"github.com/till-pos/till/ui/qrview"
	"github.com/till-pos/till/ui/screentest"
)

const pixPayload = "00020101021226580014br.gov.bcb.pix01362f8c7a1e-5b3d-4c9a-8e2f-6a1b0c9d7e4f" +
	"52040000530398654051250" + "5802BR5916PADARIA SAO JOAO6009SAO PAULO62140510X7K2M9PQ4D6304"

// decodesUnder reports, per "theme/gap", whether the screen decodes to want.
func decodesUnder(g screentest.Grid, want string) map[string]bool {
	got := map[string]bool{}
	for _, th := range screentest.Themes() {
		for _, gap := range []int{0, 3} {
			s, err := screentest.DecodeScreen(g, th, gap)
			got[fmt.Sprintf("%s/%d", th.Name, gap)] = err == nil && s == want
		}
	}
	return got
}

// TestHarnessRejectsRenderingsThatFailOnRealTerminals draws codes the ways
// tui.md §5 measured as fragile and checks that the harness fails exactly
// where those renderings fail, and passes where they work. Without this,
// a harness that decoded everything (or nothing) would look like success.
func TestHarnessRejectsRenderingsThatFailOnRealTerminals(t *testing.T) {
	tests := []struct {
		name string
		cfg  qrterminal.Config
		want map[string]bool
	}{
		{
			// qrterminal.Generate's colours: SGR 40/47, which the theme remaps.
			name: "full blocks in ANSI 40/47",
			cfg:  qrterminal.Config{BlackChar: qrterminal.BLACK, WhiteChar: qrterminal.WHITE, QuietZone: 4},
			want: map[string]bool{"dark/0": true, "dark/3": true, "light/0": true, "light/3": true,
				"greywhite/0": false, "greywhite/3": false},
		},
		{
			// Black glyphs on an explicit white background: every line gap
			// draws white seams across the black modules.
			name: "half blocks black on white",
			cfg: qrterminal.Config{HalfBlocks: true, QuietZone: 4,
				WhiteChar:      "\x1b[48;2;255;255;255m \x1b[m",
				BlackChar:      "\x1b[38;2;0;0;0;48;2;255;255;255m█\x1b[m",
				WhiteBlackChar: "\x1b[38;2;0;0;0;48;2;255;255;255m▄\x1b[m",
				BlackWhiteChar: "\x1b[38;2;0;0;0;48;2;255;255;255m▀\x1b[m"},
			want: map[string]bool{"dark/0": true, "dark/3": false, "light/0": true, "light/3": false,
				"greywhite/0": true, "greywhite/3": false},
		},
		{
			// qrterminal's default half blocks in theme colours: light
			// modules are glyphs, so a light theme inverts the code.
			name: "half blocks in theme colours",
			cfg:  qrterminal.Config{HalfBlocks: true, QuietZone: 4},
			want: map[string]bool{"dark/0": true, "dark/3": true, "light/0": false, "light/3": false,
				"greywhite/0": false, "greywhite/3": false},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			tt.cfg.Writer, tt.cfg.Level = &buf, qrterminal.M
			qrterminal.GenerateWithConfig(pixPayload, tt.cfg)
			got := decodesUnder(screentest.Screen(buf.Bytes(), 130, 60), pixPayload)
			for k, want := range tt.want {
				if got[k] != want {
					t.Errorf("%s: decoded=%v, want %v (all: %v)", k, got[k], want, got)
				}
			}
		})
	}
}

// TestFromANSIDecodesARealTmuxCapture shows a qrview code in a real tmux
// pane, captures it the way the end-to-end test does, and decodes it.
func TestFromANSIDecodesARealTmuxCapture(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed; .ci/run installs it for the end-to-end tests")
	}
	const w, h = 100, 30
	code, err := qrview.New(pixPayload)
	if err != nil {
		t.Fatal(err)
	}
	l := code.Layout(w, h-1) // leave the last row for the cursor
	if !l.OK {
		t.Fatalf("no layout fits %dx%d: %s", w, h-1, l.Message)
	}
	dir := t.TempDir()
	view := filepath.Join(dir, "view.ans")
	if err := os.WriteFile(view, []byte(l.View), 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "tmux.sock")
	tmux := func(args ...string) ([]byte, error) {
		return exec.Command("tmux", append([]string{"-S", sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
	}
	if out, err := tmux("new-session", "-d", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), "-s", "qr",
		"cat "+view+"; sleep 60"); err != nil {
		t.Fatalf("tmux new-session: %v: %s", err, out)
	}
	t.Cleanup(func() { _, _ = tmux("kill-server") })
	// Until cat has drawn it all: the same capture twice in a row, with a
	// code on it (every module is a glyph, so a half-drawn code has blocks
	// too).
	var capture, last []byte
	deadline := time.Now().Add(20 * time.Second)
	for {
		capture, err = tmux("capture-pane", "-t", "qr", "-e", "-p", "-N")
		if err != nil {
			t.Fatalf("tmux capture-pane: %v: %s", err, capture)
		}
		if (bytes.Count(capture, []byte("█")) > 100 && bytes.Equal(capture, last)) || time.Now().After(deadline) {
			break
		}
		last = capture
		time.Sleep(100 * time.Millisecond)
	}
	emu := screentest.FromANSI(capture, w, h)
	for k, ok := range decodesUnder(emu, pixPayload) {
		if !ok {
			t.Errorf("%s: the captured pane does not decode; screen:\n%s", k, strings.TrimSpace(screentest.Text(emu)))
		}
	}
}
