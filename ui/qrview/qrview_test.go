package qrview_test

import (
	"fmt"
	"image/color"
	"strings"
	"testing"
	"unsafe"

	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/ui/qrview"
	"github.com/till-pos/till/ui/screentest"
)

func TestNewRejectsWhatNoCodeHolds(t *testing.T) {
	tests := []struct {
		name, payload, wantErr string
	}{
		{"empty", "", "empty"},
		{"bytes", strings.Repeat("a", 2954), "2954 bytes, too long for any QR code (the largest, version 40 at level L, holds 2953 bytes)"},
		{"alphanumeric", strings.Repeat("A", 4297), "holds 4296 upper-case alphanumeric characters"},
		{"numeric", strings.Repeat("7", 7090), "holds 7089 digits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := qrview.New(tt.payload)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New(%d bytes) = %v, %v; want an error containing %q", len(tt.payload), c, err, tt.wantErr)
			}
		})
	}
}

func TestNewAcceptsTheLargestCodes(t *testing.T) {
	// 2953 bytes is exactly version 40-L; M holds only 2331, so only L is
	// available and Layout must use it.
	c, err := qrview.New(strings.Repeat("a", 2953))
	if err != nil {
		t.Fatal(err)
	}
	if c.Modules(qrview.LevelM) != 0 || c.Modules(qrview.LevelL) != 177 {
		t.Fatalf("modules M/L = %d/%d, want 0/177", c.Modules(qrview.LevelM), c.Modules(qrview.LevelL))
	}
	l := c.Layout(400, 200)
	if !l.OK || l.Level != qrview.LevelL || l.Mode != qrview.Full || l.Width != 2*(177+8) {
		t.Fatalf("Layout(400,200) = %+v", summary(l))
	}
}

// summary drops the view so failures print readably.
func summary(l qrview.Layout) string {
	l.View = fmt.Sprintf("<%d bytes>", len(l.View))
	return fmt.Sprintf("%+v", l)
}

// TestLayoutNeverOverflows sweeps areas from tiny to huge: a layout either
// fits the area exactly as it claims, or reports a need that does fit.
func TestLayoutNeverOverflows(t *testing.T) {
	for _, n := range scanLengths {
		c, err := qrview.New(emvLike(t, n))
		if err != nil {
			t.Fatal(err)
		}
		checked := map[qrview.Variant]bool{}
		for w := 10; w <= 220; w += 3 {
			for h := 5; h <= 80; h += 2 {
				l := c.Layout(w, h)
				if !l.OK {
					if l.View != "" || (l.NeedWidth <= w && l.NeedHeight <= h) {
						t.Fatalf("%dB %dx%d: no fit but %s", n, w, h, summary(l))
					}
					if !c.Layout(l.NeedWidth, l.NeedHeight).OK {
						t.Fatalf("%dB: the reported need %dx%d does not fit", n, l.NeedWidth, l.NeedHeight)
					}
					want := fmt.Sprintf("enlarge the window to %d×%d or zoom out", max(w, l.NeedWidth), max(h, l.NeedHeight))
					if l.Message != want {
						t.Fatalf("message %q, want %q", l.Message, want)
					}
					continue
				}
				if l.Width > w || l.Height > h {
					t.Fatalf("%dB %dx%d: layout %dx%d overflows", n, w, h, l.Width, l.Height)
				}
				chosen := qrview.Variant{Mode: l.Mode, Level: l.Level, QuietZone: l.QuietZone}
				// No better variant fits: the choice is the first that does.
				for _, better := range c.Variants() {
					vw, vh, _ := c.Size(better)
					if better == chosen {
						break
					}
					if vw <= w && vh <= h {
						t.Fatalf("%dB %dx%d: chose %v %v q%d although %+v fits", n, w, h, l.Mode, l.Level, l.QuietZone, better)
					}
				}
				if checked[chosen] {
					continue // its lines were measured already
				}
				checked[chosen] = true
				lines := strings.Split(l.View, "\n")
				if len(lines) != l.Height {
					t.Fatalf("%dB %dx%d: %d lines, layout says %d", n, w, h, len(lines), l.Height)
				}
				for i, line := range lines {
					if got := ansi.StringWidth(line); got != l.Width {
						t.Fatalf("%dB %dx%d: line %d is %d cells, layout says %d", n, w, h, i, got, l.Width)
					}
				}
			}
		}
	}
}

func TestVariantOrder(t *testing.T) {
	// 120 bytes in byte mode (lower case, which no other mode takes):
	// v7-M (45) and v6-L (41) differ.
	c, err := qrview.New(strings.Repeat("a", 120))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range c.Variants() {
		got = append(got, fmt.Sprintf("%s-%s-q%d", v.Mode, v.Level, v.QuietZone))
	}
	want := "full-M-q4 full-M-q2 full-L-q4 full-L-q2 half-M-q4 half-M-q2 half-L-q4 half-L-q2"
	if strings.Join(got, " ") != want {
		t.Fatalf("variants %v, want %s", got, want)
	}
	// Where L is no smaller than M it is never offered.
	c, err = qrview.New("000201")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range c.Variants() {
		if v.Level == qrview.LevelL {
			t.Fatalf("%q: L offered although M is as small (%d modules)", "000201", c.Modules(qrview.LevelM))
		}
	}
}

func TestLevelLOnlyWhenItMakesTheCodeFit(t *testing.T) {
	c, err := qrview.New(strings.Repeat("a", 120))
	if err != nil {
		t.Fatal(err)
	}
	nM, nL := c.Modules(qrview.LevelM), c.Modules(qrview.LevelL)
	// Half blocks, quiet zone 2: M needs (nM+4)×(2+(nM+1)/2).
	mW, mH := nM+4, 2+(nM+1)/2
	lW, lH := nL+4, 2+(nL+1)/2
	if l := c.Layout(mW, mH); !l.OK || l.Level != qrview.LevelM || l.QuietZone != 2 {
		t.Fatalf("at %dx%d want half M q2, got %s", mW, mH, summary(l))
	}
	if l := c.Layout(mW-1, mH); !l.OK || l.Level != qrview.LevelL {
		t.Fatalf("at %dx%d want level L, got %s", mW-1, mH, summary(l))
	}
	if l := c.Layout(lW-1, lH); l.OK {
		t.Fatalf("at %dx%d nothing should fit, got %s", lW-1, lH, summary(l))
	} else if l.NeedWidth != lW || l.NeedHeight != lH {
		t.Fatalf("need %dx%d, want %dx%d", l.NeedWidth, l.NeedHeight, lW, lH)
	}
}

// TestRenderedModulesMatchTheMatrix reads every rendering back from the
// emulator's cells, module by module, and compares it with the matrix the
// code was encoded to (rsc.io/qr's, in one mode or in mixed segments):
// right modules, right quiet zone (qrterminal's extra column and row
// included), and only explicit #000000/#ffffff colours. Mixed-case payloads
// (the Pix GUID) take the segmented path, upper-case ones qrterminal's.
func TestRenderedModulesMatchTheMatrix(t *testing.T) {
	mixed := "00020101021226580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-42665544000052040000530398654041.005802BR5913FULANO DE TAL6008BRASILIA62070503***6304ABCD"
	for _, payload := range []string{emvLike(t, 20), emvLike(t, 120), mixed} {
		n := len(payload)
		c, err := qrview.New(payload)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range c.Variants() {
			t.Run(fmt.Sprintf("%dB-%s-%s-q%d", n, v.Mode, v.Level, v.QuietZone), func(t *testing.T) {
				want, err := c.Matrix(v.Level)
				if err != nil {
					t.Fatal(err)
				}
				w, h, _ := c.Size(v)
				l, ok := c.LayoutOf(v)
				if !ok || l.Width != w || l.Height != h || l.Mode != v.Mode || l.Level != v.Level || l.QuietZone != v.QuietZone {
					t.Fatalf("LayoutOf(%+v) = %s, want %dx%d", v, summary(l), w, h)
				}
				emu := screentest.Screen([]byte(l.View), w, h)
				got := readModules(t, emu, v.Mode, w, h)
				q := v.QuietZone
				for y := range got {
					for x := range got[y] {
						if exp := want.Black(x-q, y-q); got[y][x] != exp {
							t.Fatalf("module (%d,%d) dark=%v, want %v", x-q, y-q, got[y][x], exp)
						}
					}
				}
			})
		}
	}
}

var (
	pureBlack = color.RGBA{0, 0, 0, 0xff}
	pureWhite = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// readModules returns dark[y][x] per module from the cells.
func readModules(t *testing.T, g screentest.Grid, mode qrview.Mode, w, h int) [][]bool {
	t.Helper()
	rgb := func(c color.Color) color.RGBA {
		if c == nil {
			t.Fatal("a cell uses the theme's default colour")
		}
		r, g, b, _ := c.RGBA()
		return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0xff}
	}
	var dark [][]bool
	if mode == qrview.Full {
		for y := range h {
			row := make([]bool, w/2)
			for x := range w {
				// A full block in the module's colour on the same
				// background: never a space, which a renderer may send as
				// an erase that a terminal fills with its own colour.
				cell := g.CellAt(x, y)
				if cell.Content != "█" {
					t.Fatalf("cell (%d,%d) is %q, want a full block", x, y, cell.Content)
				}
				bg := rgb(cell.Style.Bg)
				if bg != pureBlack && bg != pureWhite || rgb(cell.Style.Fg) != bg {
					t.Fatalf("cell (%d,%d) %v on %v", x, y, cell.Style.Fg, bg)
				}
				if x%2 == 1 && (bg == pureBlack) != row[x/2] {
					t.Fatalf("cells (%d,%d) and (%d,%d) of one module differ", x-1, y, x, y)
				}
				row[x/2] = bg == pureBlack
			}
			dark = append(dark, row)
		}
		return dark
	}
	for y := range h {
		top, bottom := make([]bool, w), make([]bool, w)
		for x := range w {
			cell := g.CellAt(x, y)
			if rgb(cell.Style.Bg) != pureBlack {
				t.Fatalf("cell (%d,%d) is not on black: %v", x, y, cell.Style.Bg)
			}
			if rgb(cell.Style.Fg) == pureBlack && cell.Content == "█" {
				top[x], bottom[x] = true, true // two dark modules: a black block, never a space
				continue
			}
			if rgb(cell.Style.Fg) != pureWhite {
				t.Fatalf("cell (%d,%d) is not white on black: %v on %v", x, y, cell.Style.Fg, cell.Style.Bg)
			}
			switch cell.Content {
			case "▀":
				bottom[x] = true
			case "▄":
				top[x] = true
			case "█":
			default:
				t.Fatalf("cell (%d,%d) is %q", x, y, cell.Content)
			}
		}
		dark = append(dark, top, bottom)
	}
	return dark
}

func TestLayoutIsCached(t *testing.T) {
	c, err := qrview.New(emvLike(t, 200))
	if err != nil {
		t.Fatal(err)
	}
	a := c.Layout(120, 40)
	c.Layout(200, 60) // another variant in between
	b := c.Layout(121, 41)
	if !a.OK || a.View != b.View || unsafe.StringData(a.View) != unsafe.StringData(b.View) {
		t.Fatal("the second layout of the same variant rendered it again instead of reusing it")
	}
}

func TestSizeTable(t *testing.T) {
	rows := qrview.SizeTable(20, 60, 120, 200, 300, 5000)
	if len(rows) != 5 {
		t.Fatalf("got %d rows, want 5 (5000 bytes fits no code)", len(rows))
	}
	for i, r := range rows {
		c, err := qrview.New(strings.Repeat("a", r.Bytes))
		if err != nil {
			t.Fatal(err)
		}
		w, h, _ := c.Size(qrview.Variant{Mode: qrview.Half, Level: qrview.LevelM, QuietZone: 4})
		if r.HalfBest != [2]int{w, h} {
			t.Fatalf("%d B: half best %v, Size says %dx%d", r.Bytes, r.HalfBest, w, h)
		}
		if mw, mh := c.MinSize(); r.HalfMin != [2]int{mw, mh} {
			t.Fatalf("%d B: half min %v, MinSize says %dx%d", r.Bytes, r.HalfMin, mw, mh)
		}
		if i > 0 && r.ModulesM < rows[i-1].ModulesM {
			t.Fatalf("a longer payload got a smaller code: %+v after %+v", r, rows[i-1])
		}
	}
	t.Logf("cell areas needed by the QR alone (byte-mode payloads):\n%s", qrview.FormatSizeTable(rows))
}

func FuzzLayout(f *testing.F) {
	f.Add("000201010212", 80, 24)
	f.Add(strings.Repeat("a", 300), 200, 60)
	f.Add("br.gov.bcb.pix ü €", 10, 5)
	f.Fuzz(func(t *testing.T, payload string, w, h int) {
		c, err := qrview.New(payload)
		if err != nil {
			return
		}
		w, h = w%300, h%100
		l := c.Layout(w, h)
		if l.OK && (l.Width > w || l.Height > h || strings.Count(l.View, "\n")+1 != l.Height) {
			t.Fatalf("Layout(%d,%d) = %s", w, h, summary(l))
		}
	})
}

func TestLayoutOfRefusesVariantsItDoesNotDraw(t *testing.T) {
	c, err := qrview.New("000201")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []qrview.Variant{
		{Mode: qrview.Half, Level: qrview.LevelM, QuietZone: 3},
		{Mode: qrview.Full, Level: qrview.LevelM, QuietZone: 0},
		{Mode: "sixel", Level: qrview.LevelM, QuietZone: 4},
		{Mode: qrview.Full, Level: "H", QuietZone: 4},
	} {
		if l, ok := c.LayoutOf(v); ok || l.OK {
			t.Errorf("LayoutOf(%+v) = %s, want refused", v, summary(l))
		}
	}
	if l, ok := c.LayoutOf(qrview.Variant{Mode: qrview.Full, Level: qrview.LevelM, QuietZone: 6}); !ok || l.Width != 2*(21+12) {
		t.Errorf("a wider even quiet zone should work: %s", summary(l))
	}
}
