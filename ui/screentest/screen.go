// Package screentest checks what a terminal program really shows: it
// replays the program's output into the x/vt emulator, reads the screen as
// text, rasterises the cells to pixels under a chosen theme and line gap,
// and decodes any QR code in the picture with gozxing. It is test support
// for till's UI packages and end-to-end tests, used by no production code.
//
// The raster is geometric, not font-based: block elements (█ ▀ ▄ ▌ ▐ and the
// eighth blocks) are drawn exactly and any other glyph as a grey box. That
// makes it deterministic and strict: it proves the cell grid and its colours
// form a code, with worst-case seams when a line gap is simulated. It does
// not model anti-aliasing, a real font's glyph coverage or a camera.
package screentest

import (
	"bytes"
	"io"
	"regexp"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/vt"
)

// Grid is the part of an emulator the rasteriser reads. *vt.Emulator and
// *vt.SafeEmulator satisfy it.
type Grid interface {
	Width() int
	Height() int
	CellAt(x, y int) *uv.Cell
}

// lnm turns on line feed/new line mode, so a bare "\n" also returns the
// carriage. Bubble Tea writes bare "\n" when its output is not a tty (a
// tty's ONLCR would add the "\r"); without LNM the replay is a staircase.
const lnm = "\x1b[20h"

// Screen replays a program's raw output (for example teatest's output)
// into a new w×h emulator and returns it. The emulator answers the
// program's terminal queries into a pipe and blocks until someone reads
// them, so Screen drains that pipe in a goroutine while it writes; then it
// closes the pipe (later replies are dropped) and the goroutine ends. The
// emulator stays usable: more output can be written to it.
func Screen(out []byte, w, h int) *vt.Emulator {
	emu := vt.NewEmulator(w, h)
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		_, _ = io.Copy(io.Discard, emu)
	}()
	_, _ = emu.WriteString(lnm)
	_, _ = emu.Write(out)
	// Close the reply pipe, not the emulator: Emulator.Close sets a flag
	// that Read checks without a lock, which the race detector reports.
	if pw, ok := emu.InputPipe().(io.Closer); ok {
		_ = pw.Close()
		<-drained
	}
	return emu
}

// FromANSI loads a plain-text-with-SGR screen capture, such as tmux's
// `capture-pane -e -p -N`, into a w×h emulator. Lines are separated by
// "\n"; the trailing newlines are dropped so the last line does not scroll
// the screen up. SGR state carries from one captured line to the next, as
// tmux expects. Keep -N: without it tmux drops trailing blanks that have a
// background colour, and with them a code's quiet zone.
//
// A capture comes from outside the program: numeric parameters of control
// sequences are bounded to 9999 first. The emulator repeats an erase or a
// repeat (ECH, REP) as many times as asked, and "ESC[9997009970b" would
// keep it busy for minutes (FuzzFromANSI found it); no screen needs more.
func FromANSI(capture []byte, w, h int) *vt.Emulator {
	capture = bytes.TrimRight(capture, "\r\n")
	capture = boundedParams.ReplaceAllFunc(capture, func(seq []byte) []byte {
		// C0 controls inside a sequence are carried out by the terminal
		// and do not end it ("ESC[99970\x00997X" erases 99970997
		// characters): they are moved before it, so the digits they split
		// are bounded as one number.
		var controls, rest []byte
		for _, b := range seq {
			if b < 0x20 && b != 0x1b || b == 0x7f {
				controls = append(controls, b)
			} else {
				rest = append(rest, b)
			}
		}
		return append(controls, longNumber.ReplaceAll(rest, []byte("9999"))...)
	})
	return Screen(capture, w, h)
}

var (
	// boundedParams finds a control sequence's parameters (7-bit CSI or
	// C1 CSI) up to its final byte, with the C0 controls a terminal
	// carries out on the way (all but ESC, CAN and SUB, which end it).
	boundedParams = regexp.MustCompile(`(?:\x1b\[|\x{9b})[0-9;:<=>?\x00-\x17\x19\x1c-\x1f\x7f]*[ -/\x00-\x17\x19\x1c-\x1f\x7f]*[@-~]`)
	longNumber    = regexp.MustCompile("[0-9]{5,}")
)

// Text returns the screen as plain text: one line per row, trailing spaces
// and trailing empty lines removed.
func Text(g Grid) string {
	lines := make([]string, g.Height())
	var b strings.Builder
	for y := range lines {
		b.Reset()
		for x := 0; x < g.Width(); x++ {
			c := g.CellAt(x, y)
			switch {
			case c == nil:
				b.WriteByte(' ')
			case c.Width == 0 && c.Content == "":
				// the second half of a wide character
			case c.Content == "":
				b.WriteByte(' ')
			default:
				b.WriteString(c.Content)
			}
		}
		lines[y] = strings.TrimRight(b.String(), " ")
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// Output collects a teatest program's output across teatest.WaitFor calls.
// WaitFor hands its condition everything it has read since WaitFor was
// called, again on every check; appending that each time replays the same
// bytes twice and draws a screen the program never showed (more often on a
// slow machine, where a wait takes more checks). Condition appends only
// what is new.
type Output struct {
	Bytes []byte // everything the program has written so far
}

// Condition adapts cond, which is given the whole output so far, to a
// teatest.WaitFor condition. Use a new one for every WaitFor call.
func (o *Output) Condition(cond func(all []byte) bool) func([]byte) bool {
	seen := 0
	return func(b []byte) bool {
		o.Bytes = append(o.Bytes, b[seen:]...)
		seen = len(b)
		return cond(o.Bytes)
	}
}
