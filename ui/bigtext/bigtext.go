// Package bigtext draws text, chiefly amounts such as "EUR 12,345.67", in
// large block letters that a customer can read from two metres away.
//
// Glyphs come from a 5-pixel-high bitmap font and are drawn with the block
// characters █ ▀ ▄ and spaces, so the shapes carry the meaning and the
// output has no colour at all: it is NO_COLOR-safe, and a caller may still
// style it.
//
// A pixel is drawn as p cells wide and p half-rows high (terminal cells
// are about twice as tall as wide, so it comes out square). The scale p is
// the largest whose glyphs fit the height asked for: heights 3 and 4 give
// p=1 (3 rows), 5–7 give p=2 (5 rows), 8–9 give p=3 (8 rows), 10 gives p=4,
// and so on. Below 3 rows the text is returned as it is.
package bigtext

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// MinHeight is the smallest height at which text is drawn big; heights
// above MaxHeight are drawn at MaxHeight (no screen is taller, and it bounds
// the memory a careless caller can ask for).
const (
	MinHeight = 3
	MaxHeight = 200
)

// scale returns the pixel size p for a height, 0 meaning plain text.
func scale(height int) int {
	if height < MinHeight {
		return 0
	}
	return 2 * min(height, MaxHeight) / glyphRows
}

// Rows returns how many lines Render(s, height) produces: at most height.
func Rows(height int) int {
	p := scale(height)
	if p == 0 {
		return min(max(height, 0), 1)
	}
	return (glyphRows*p + 1) / 2
}

// Width returns the width in cells of Render(s, height); every line of
// the result is exactly this wide.
func Width(s string, height int) int {
	p := scale(height)
	if p == 0 {
		return ansi.StringWidth(s)
	}
	w, n := 0, 0
	for _, r := range s {
		w += len(glyph(r)[0]) * p
		n++
	}
	if n > 1 {
		w += (n - 1) * p // one pixel of space between glyphs
	}
	return w
}

// Fit returns the largest height at which s fits in maxWidth×maxHeight
// cells, ready to pass to Render and Width, or 0 if s does not fit even as
// plain text.
func Fit(s string, maxWidth, maxHeight int) int {
	for h := maxHeight; h >= MinHeight; h-- {
		if Width(s, h) <= maxWidth {
			return Rows(h)
		}
	}
	if maxHeight >= 1 && ansi.StringWidth(s) <= maxWidth {
		return 1
	}
	return 0
}

// Render draws s in big letters: Rows(height) lines joined by "\n", each
// Width(s, height) cells wide. Digits, '.', ',', '-', space and A–Z have
// glyphs (lower case is drawn as upper case); any other character is drawn
// as '?', so a typo shows rather than vanishes. Below MinHeight, s is
// returned unchanged.
func Render(s string, height int) string {
	p := scale(height)
	if p == 0 {
		if height < 1 {
			return ""
		}
		return s
	}
	width := Width(s, height)
	if width == 0 {
		return ""
	}
	// ink[y][x]: one entry per half-row and cell; an extra blank half-row
	// when the glyph height is odd, so rows pair up.
	halfRows := glyphRows * p
	if halfRows%2 == 1 {
		halfRows++
	}
	ink := make([][]bool, halfRows)
	for y := range ink {
		ink[y] = make([]bool, width)
	}
	x := 0
	for i, r := range []rune(s) {
		if i > 0 {
			x += p
		}
		g := glyph(r)
		for gy, row := range g {
			for gx, px := range row {
				if px != '#' {
					continue
				}
				for dy := range p {
					for dx := range p {
						ink[gy*p+dy][x+gx*p+dx] = true
					}
				}
			}
		}
		x += len(g[0]) * p
	}
	lines := make([]string, 0, halfRows/2)
	var b strings.Builder
	for y := 0; y < halfRows; y += 2 {
		b.Reset()
		for x := range width {
			b.WriteString(blockFor(ink[y][x], ink[y+1][x]))
		}
		lines = append(lines, b.String())
	}
	return strings.Join(lines, "\n")
}

// blockFor is the character showing a top and a bottom half-row.
func blockFor(top, bottom bool) string {
	switch {
	case top && bottom:
		return "█"
	case top:
		return "▀"
	case bottom:
		return "▄"
	default:
		return " "
	}
}
