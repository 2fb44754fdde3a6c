package screentest_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"rsc.io/qr"

	"github.com/till-pos/till/ui/screentest"
)

func TestScreenTreatsBareLineFeedAsNewLine(t *testing.T) {
	// Bubble Tea writes bare "\n" when its output is not a tty.
	got := screentest.Text(screentest.Screen([]byte("total\n12.50\nEUR"), 20, 5))
	if want := "total\n12.50\nEUR"; got != want {
		t.Fatalf("screen %q, want %q (a staircase means LNM is off)", got, want)
	}
}

func TestScreenDoesNotBlockOnTerminalQueries(t *testing.T) {
	// Queries Bubble Tea v2 sends at start-up; the emulator answers each
	// into an unbuffered pipe.
	var out bytes.Buffer
	for range 100 {
		out.WriteString("\x1b[c\x1b[?2026$p\x1b[6n\x1b[>c")
	}
	out.WriteString("ready")
	done := make(chan string, 1)
	go func() { done <- screentest.Text(screentest.Screen(out.Bytes(), 20, 3)) }()
	select {
	case got := <-done:
		if got != "ready" {
			t.Fatalf("screen %q, want %q", got, "ready")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Screen blocked: the emulator's replies are not drained")
	}
}

func TestTextTrimsAndKeepsWideCharacters(t *testing.T) {
	emu := screentest.Screen([]byte("a  \x1b[44m  \x1b[m\n日本語 x\n\n"), 12, 6)
	want := "a\n日本語 x"
	if got := screentest.Text(emu); got != want {
		t.Fatalf("text %q, want %q", got, want)
	}
}

func TestFromANSIKeepsTopLineAndCarriesSGR(t *testing.T) {
	// Three lines in a three-line pane, with the trailing newline tmux
	// prints: it must not scroll the first line away. The red set on line 1
	// is not reset, so line 2 is red too, as in tmux's capture format.
	capture := []byte("\x1b[31mone\ntwo\x1b[0m\nthree\n")
	emu := screentest.FromANSI(capture, 10, 3)
	if got, want := screentest.Text(emu), "one\ntwo\nthree"; got != want {
		t.Fatalf("text %q, want %q", got, want)
	}
	if fg := emu.CellAt(0, 1).Style.Fg; fg != ansi.Red {
		t.Fatalf("line 2 colour %v, want red carried over", fg)
	}
	if fg := emu.CellAt(0, 2).Style.Fg; fg != nil {
		t.Fatalf("line 3 colour %v, want default after the reset", fg)
	}
}

func TestThemeResolve(t *testing.T) {
	def := color.RGBA{1, 2, 3, 0xff}
	tests := []struct {
		name  string
		theme screentest.Theme
		in    color.Color
		want  color.RGBA
	}{
		{"default", screentest.Light, nil, def},
		{"transparent", screentest.Light, color.Transparent, def},
		{"SGR 47 on light", screentest.Light, ansi.White, color.RGBA{0xe5, 0xe5, 0xe5, 0xff}},
		{"SGR 47 on greywhite", screentest.GreyWhite, ansi.White, color.RGBA{0x55, 0x55, 0x55, 0xff}},
		{"SGR 107 on greywhite", screentest.GreyWhite, ansi.BrightWhite, color.RGBA{0xaa, 0xaa, 0xaa, 0xff}},
		{"palette 7 is themed too", screentest.GreyWhite, ansi.IndexedColor(7), color.RGBA{0x55, 0x55, 0x55, 0xff}},
		{"palette 16 is fixed black", screentest.GreyWhite, ansi.IndexedColor(16), color.RGBA{0, 0, 0, 0xff}},
		{"palette 231 is fixed white", screentest.GreyWhite, ansi.IndexedColor(231), color.RGBA{0xff, 0xff, 0xff, 0xff}},
		{"truecolor", screentest.Dark, color.RGBA{0x12, 0x34, 0x56, 0xff}, color.RGBA{0x12, 0x34, 0x56, 0xff}},
	}
	for _, tt := range tests {
		if got := tt.theme.Resolve(tt.in, def); got != tt.want {
			t.Errorf("%s: %v → %v, want %v", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestRasterDrawsBlocksGeometrically(t *testing.T) {
	red := color.RGBA{0xff, 0, 0, 0xff}
	blue := color.RGBA{0, 0, 0xff, 0xff}
	emu := screentest.Screen([]byte("\x1b[38;2;255;0;0;48;2;0;0;255m█▀▄▌▐▂ x\x1b[7m▀\x1b[m"), 10, 1)
	img := screentest.Raster{Theme: screentest.Dark, CellW: 8, CellH: 16, Gap: 2}.Image(emu)
	if b := img.Bounds(); b.Dx() != 80 || b.Dy() != 18 {
		t.Fatalf("image %v, want 80x18", b)
	}
	at := func(cell, x, y int) color.RGBA { return img.RGBAAt(cell*8+x, y) }
	checks := []struct {
		name       string
		cell, x, y int
		want       color.RGBA
	}{
		{"█ top", 0, 0, 0, red}, {"█ bottom", 0, 7, 15, red}, {"█ gap is background", 0, 3, 16, blue},
		{"▀ top", 1, 3, 7, red}, {"▀ bottom", 1, 3, 8, blue},
		{"▄ top", 2, 3, 7, blue}, {"▄ bottom", 2, 3, 8, red},
		{"▌ left", 3, 3, 5, red}, {"▌ right", 3, 4, 5, blue},
		{"▐ left", 4, 3, 5, blue}, {"▐ right", 4, 4, 5, red},
		{"▂ above", 5, 3, 11, blue}, {"▂ inside", 5, 3, 12, red},
		{"space", 6, 3, 8, blue},
		{"text is a half-tone box", 7, 4, 8, color.RGBA{0x7f, 0, 0x7f, 0xff}},
		{"text box leaves a margin", 7, 4, 1, blue},
		{"reverse ▀ top", 8, 3, 3, blue}, {"reverse ▀ bottom", 8, 3, 12, red},
		{"reverse gap uses reversed background", 8, 3, 17, red},
		{"unwritten cell is theme background", 9, 3, 3, screentest.Dark.Bg},
	}
	for _, c := range checks {
		if got := at(c.cell, c.x, c.y); got != c.want {
			t.Errorf("%s: pixel %v, want %v", c.name, got, c.want)
		}
	}
}

func TestDecodeQR(t *testing.T) {
	const payload = "00020101021226360014br.gov.bcb.pix0114+5561999999995204000053039865802BR5913FULANO DE TAL6008BRASILIA6304ABCD"
	code, err := qr.Encode(payload, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	got, err := screentest.DecodeQR(code.Image())
	if err != nil || got != payload {
		t.Fatalf("DecodeQR = %q, %v; want %q", got, err, payload)
	}

	// Light modules on dark: many phone scanners refuse it, so must we.
	inverted := image.NewRGBA(code.Image().Bounds())
	draw.Draw(inverted, inverted.Bounds(), code.Image(), image.Point{}, draw.Src)
	for i := 0; i < len(inverted.Pix); i += 4 {
		inverted.Pix[i], inverted.Pix[i+1], inverted.Pix[i+2] = 255-inverted.Pix[i], 255-inverted.Pix[i+1], 255-inverted.Pix[i+2]
	}
	if got, err := screentest.DecodeQR(inverted); !errors.Is(err, screentest.ErrNoCode) {
		t.Fatalf("an inverted code decoded to %q (err %v)", got, err)
	}
	blank := image.NewRGBA(image.Rect(0, 0, 100, 100))
	if _, err := screentest.DecodeQR(blank); !errors.Is(err, screentest.ErrNoCode) || !strings.Contains(err.Error(), "100x100") {
		t.Fatalf("blank image: err %v, want ErrNoCode naming the size", err)
	}
}

func FuzzFromANSI(f *testing.F) {
	f.Add([]byte("\x1b[31mone\ntwo\x1b[0m\nthree\n"), 10, 3)
	f.Add([]byte("\x1b[48;5;231m  \x1b[48;5;16m  \x1b[m\n\x1b[38;2;255;255;255m█▀▄\n"), 80, 24)
	f.Add([]byte("\x1b[c\x1b[?2026$p\x1b]11;?\x07\x1bP+q544e\x1b\\"), 5, 2)
	f.Fuzz(func(t *testing.T, capture []byte, w, h int) {
		w, h = 1+mod(w, 120), 1+mod(h, 50)
		emu := screentest.FromANSI(capture, w, h)
		if n := strings.Count(screentest.Text(emu), "\n") + 1; n > h {
			t.Fatalf("%d lines on a %d-line screen", n, h)
		}
		screentest.Rasterize(emu, screentest.GreyWhite, 1)
	})
}

// mod is n modulo m, never negative.
func mod(n, m int) int { return (n%m + m) % m }

// A valid code (zbar reads it) whose modules hold a pattern that looks
// like a finder: gozxing's single reader gives up on it, the multi
// reader fallback reads it. The picture is the pay screen of a SEPA
// GiroCode as the rasteriser drew it.
func TestDecodeQRFalseFinder(t *testing.T) {
	f, err := os.Open("testdata/false-finder.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := screentest.DecodeQR(img)
	want := "BCD\n002\n1\nSCT\n\nBaeckerei Mueller\nDE89370400440532013000\nEUR7.40\n\nRF51SQJLUQFG6S"
	if err != nil || got != want {
		t.Fatalf("DecodeQR = %q, %v", got, err)
	}
}

// TestDecodeZBar: the second decoder reads what the first reads, names
// the picture's size when there is nothing to read, and is skipped with a
// clear reason only when zbarimg is not installed.
func TestDecodeZBar(t *testing.T) {
	const payload = "00020101021229370016A000000677010111011300668012345675802TH530376463046197"
	code, err := qr.Encode(payload, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	// rsc.io/qr's Image is one pixel per module with no quiet zone, which
	// gozxing reads and zbar, like a phone, does not: draw 6 px modules
	// and a quiet zone of 4.
	const px, quiet = 6, 4
	side := (code.Size + 2*quiet) * px
	framed := image.NewGray(image.Rect(0, 0, side, side))
	for y := range side {
		for x := range side {
			if !code.Black(x/px-quiet, y/px-quiet) {
				framed.Pix[y*framed.Stride+x] = 0xff
			}
		}
	}
	got, err := screentest.DecodeZBar(framed)
	if errors.Is(err, screentest.ErrNoZBar) {
		t.Skip(err)
	}
	if err != nil || got != payload {
		t.Fatalf("DecodeZBar = %q, %v; want %q", got, err, payload)
	}
	blank := image.NewRGBA(image.Rect(0, 0, 100, 100))
	if got, err := screentest.DecodeZBar(blank); !errors.Is(err, screentest.ErrNoCode) || !strings.Contains(err.Error(), "100x100") {
		t.Fatalf("blank image: %q, err %v, want ErrNoCode naming the size", got, err)
	}
}
