// Package qrview draws a payment QR code in a terminal so that a phone can
// scan it on any theme, and never draws one that cannot be scanned.
//
// New encodes the payload once (per order); Layout picks, for the cell area
// the screen has left, the best rendering that fits and returns it ready to
// print. Renderings are cached on the Code, so laying out again on every
// window resize costs a map lookup, not an encode.
//
// Two renderings exist, both with explicit colours (#000000 and #ffffff),
// never the theme's default colours and never ANSI 40/47, because themes
// remap those (a light theme whose ANSI white is grey breaks the code):
//
//   - full: two cells per module, spaces with an explicit black or white
//     background. No glyphs, so fonts, ambiguous-width characters and line
//     gaps cannot break it. Preferred whenever it fits.
//   - half: one cell per two modules stacked, drawn as white glyphs
//     (█ ▀ ▄ and space) on an explicit black background. Half the size, and
//     the only half-block variant that survives line gaps (the inverse,
//     black glyphs on white, leaves white seams across black modules).
//
// The quiet zone is 4 modules and shrinks to 2 only when 4 does not fit;
// error correction is M and drops to L only when that is what makes the code
// fit. When nothing fits, Layout says so and how big the area must be; it
// never returns a clipped or stretched code.
//
// NO_COLOR: the code keeps its explicit colours even when NO_COLOR is set,
// because a QR code is an image, not decoration; without its colours it is
// blank. Bubble Tea drops every colour when it detects NO_COLOR, so a program
// that honours NO_COLOR should pass tea.WithColorProfile(ColorProfile(...))
// (which ignores NO_COLOR) and keep its own styles colourless instead.
package qrview

import (
	"fmt"
	"sync"

	"rsc.io/qr"
)

// Mode names a rendering.
type Mode string

const (
	// Full draws each module as two cells of coloured background.
	Full Mode = "full"
	// Half draws two vertically stacked modules per cell with block glyphs.
	Half Mode = "half"
)

// Level is the QR error-correction level used for a layout.
type Level string

const (
	// LevelM recovers about 15% damage; the default (EPC QR mandates it).
	LevelM Level = "M"
	// LevelL recovers about 7%; used only when it is what makes a code fit.
	LevelL Level = "L"
)

// Quiet zones tried, widest first: 4 modules is what the QR specification
// asks for; 2 still scans with phone cameras and is used only when 4 does
// not fit.
const (
	QuietZone    = 4
	MinQuietZone = 2
)

// Code is one payload's QR matrices and the renderings made from them so far.
// It is safe for concurrent use.
type Code struct {
	payload  string
	sides    map[Level]int // modules per side; a level is absent if the payload does not fit it
	variants []Variant     // best first; fixed once sides are known

	mu    sync.Mutex
	cache map[Variant]string
}

// Variant identifies one rendering of a Code.
type Variant struct {
	Mode      Mode
	Level     Level
	QuietZone int
}

// Layout is the rendering chosen for an area, or the reason there is none.
type Layout struct {
	// OK is true when a code fits; View then holds it.
	OK bool
	// View is the code: Height lines joined by "\n", each exactly Width
	// cells wide, with explicit colours. Empty when !OK.
	View string
	// Width and Height are the size of View in terminal cells.
	Width, Height int
	// Mode, Level, QuietZone and Modules (modules per side, quiet zone
	// excluded) describe the chosen rendering.
	Mode      Mode
	Level     Level
	QuietZone int
	Modules   int
	// NeedWidth and NeedHeight are set when !OK: the smallest area in
	// which some rendering fits.
	NeedWidth, NeedHeight int
	// Message is set when !OK: one line for the person at the terminal.
	// It speaks of the area passed to Layout; a screen with other content
	// around the code should build its own with EnlargeMessage.
	Message string
}

// New encodes payload at levels M and L and returns the Code. It fails with
// a clear error when the payload is empty or too long for any QR version:
// the renderer (qrterminal) would panic on such a payload.
func New(payload string) (*Code, error) {
	if payload == "" {
		return nil, fmt.Errorf("qr payload is empty; there is nothing to encode")
	}
	c := &Code{payload: payload, sides: map[Level]int{}, cache: map[Variant]string{}}
	for _, lv := range []Level{LevelM, LevelL} {
		code, _, err := encode(payload, lv)
		if err != nil {
			continue // too long at this level; the other may still fit
		}
		c.sides[lv] = code.Size
	}
	if len(c.sides) == 0 {
		return nil, fmt.Errorf("qr payload is %d bytes, too long for any QR code "+
			"(the largest, version 40 at level L, holds %s)", len(payload), capacityHint(payload))
	}
	c.variants = c.rankVariants()
	return c, nil
}

// capacityHint names the version-40-L capacity for the encoding rsc.io/qr
// would pick for payload, so the error says what the limit actually is.
func capacityHint(payload string) string {
	numeric, alnum := true, true
	for i := 0; i < len(payload); i++ {
		b := payload[i]
		isDigit := b >= '0' && b <= '9'
		if !isDigit {
			numeric = false
		}
		if !isDigit && !(b >= 'A' && b <= 'Z') && !isAlnumPunct(b) {
			alnum = false
		}
	}
	switch {
	case numeric:
		return "7089 digits"
	case alnum:
		return "4296 upper-case alphanumeric characters"
	default:
		return "2953 bytes"
	}
}

func isAlnumPunct(b byte) bool {
	switch b {
	case ' ', '$', '%', '*', '+', '-', '.', '/', ':':
		return true
	}
	return false
}

func qrLevel(lv Level) qr.Level {
	if lv == LevelL {
		return qr.L
	}
	return qr.M
}

// Payload returns the text the code carries.
func (c *Code) Payload() string { return c.payload }

// Modules returns the modules per side at a level (quiet zone excluded), or
// 0 if the payload does not fit that level.
func (c *Code) Modules(lv Level) int { return c.sides[lv] }

// Size returns the cell area a variant occupies, quiet zone included, or
// ok=false if the payload does not fit the variant's level.
//
// qrterminal writes Size+1 modules per row and per column (the extra one is
// white and takes the place of one quiet-zone module on the right and
// bottom), so the total is n+2q modules either way. Half blocks pack two
// module rows per line: q/2 lines of top quiet zone, (n+1)/2 lines of code
// (n is always odd), q/2 lines of bottom quiet zone.
func (c *Code) Size(v Variant) (width, height int, ok bool) {
	n, ok := c.sides[v.Level]
	if !ok {
		return 0, 0, false
	}
	side := n + 2*v.QuietZone
	if v.Mode == Full {
		return 2 * side, side, true
	}
	return side, v.QuietZone + (n+1)/2, true
}

// Variants returns the renderings worth trying, best first: full blocks
// before half blocks (bigger modules, no glyphs), then level M before L,
// then a quiet zone of 4 before 2. Level L is left out when it does not
// make the code smaller, since it would only weaken it.
func (c *Code) Variants() []Variant { return append([]Variant(nil), c.variants...) }

func (c *Code) rankVariants() []Variant {
	var out []Variant
	for _, mode := range []Mode{Full, Half} {
		for _, lv := range []Level{LevelM, LevelL} {
			n, ok := c.sides[lv]
			if !ok {
				continue
			}
			if lv == LevelL && c.sides[LevelM] == n {
				continue
			}
			for _, q := range []int{QuietZone, MinQuietZone} {
				out = append(out, Variant{Mode: mode, Level: lv, QuietZone: q})
			}
		}
	}
	return out
}

// Layout returns the best rendering that fits in width×height cells, or,
// when none does, the smallest area that would fit and a message saying so.
// The first call for a variant renders it; later calls reuse the result.
func (c *Code) Layout(width, height int) Layout {
	for _, v := range c.variants {
		w, h, _ := c.Size(v)
		if w > width || h > height {
			continue
		}
		l, _ := c.LayoutOf(v)
		return l
	}
	needW, needH := c.MinSize()
	return Layout{
		NeedWidth: needW, NeedHeight: needH,
		Message: EnlargeMessage(max(width, needW), max(height, needH)),
	}
}

// LayoutOf returns the layout of one variant whatever the area, for a
// screen that lets the user pick the rendering by hand; ok is false if the
// payload does not fit the variant's level or the variant is not one this
// package draws (the quiet zone must be even and at least 2, so that in
// half-block mode it is whole lines).
func (c *Code) LayoutOf(v Variant) (l Layout, ok bool) {
	w, h, ok := c.Size(v)
	if !ok || (v.Mode != Full && v.Mode != Half) || v.QuietZone < 2 || v.QuietZone%2 != 0 {
		return Layout{}, false
	}
	return Layout{
		OK: true, View: c.rendered(v), Width: w, Height: h,
		Mode: v.Mode, Level: v.Level, QuietZone: v.QuietZone, Modules: c.sides[v.Level],
	}, true
}

// MinSize returns the smallest cell area any rendering of the code needs
// (the last variant: half blocks, smallest level, quiet zone 2).
func (c *Code) MinSize() (width, height int) {
	w, h, _ := c.Size(c.variants[len(c.variants)-1])
	return w, h
}

// EnlargeMessage is the one-line fallback shown instead of a code that does
// not fit; width×height is the window size that would show it.
func EnlargeMessage(width, height int) string {
	return fmt.Sprintf("enlarge the window to %d×%d or zoom out", width, height)
}

// Prerender renders every variant now, so that no later Layout call does
// any encoding work. Call it from a tea.Cmd if even the first layout must
// be instant; Layout works without it.
func (c *Code) Prerender() {
	for _, v := range c.variants {
		c.rendered(v)
	}
}

func (c *Code) rendered(v Variant) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.cache[v]; ok {
		return s
	}
	s := render(c.payload, v)
	c.cache[v] = s
	return s
}

// Matrix is the QR matrix of the code at lv, as it is drawn: rsc.io/qr's
// single-mode encoding, or mixed segments or the UTF-8 designator where
// those apply (segment.go, eci.go).
func (c *Code) Matrix(lv Level) (*qr.Code, error) {
	code, _, err := encode(c.payload, lv)
	return code, err
}
