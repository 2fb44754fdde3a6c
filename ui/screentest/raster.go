package screentest

import (
	"image"
	"image/color"

	uv "github.com/charmbracelet/ultraviolet"
)

// Default cell size in pixels: a typical 1:2 terminal cell.
const (
	CellWidth  = 8
	CellHeight = 16
)

// Raster turns terminal cells into pixels.
type Raster struct {
	Theme Theme
	// CellW and CellH are the glyph box of one cell in pixels.
	CellW, CellH int
	// Gap adds this many pixels below every row, painted with the cell's
	// background, as a terminal with line-height > 1 does: block glyphs
	// then no longer touch the row below. 0 means rows touch.
	Gap int
}

// Rasterize draws g with 8×16 cells under theme, with gap pixels between rows.
func Rasterize(g Grid, theme Theme, gap int) *image.RGBA {
	return Raster{Theme: theme, CellW: CellWidth, CellH: CellHeight, Gap: gap}.Image(g)
}

// Image draws every cell of g.
func (r Raster) Image(g Grid) *image.RGBA {
	rowH := r.CellH + r.Gap
	img := image.NewRGBA(image.Rect(0, 0, g.Width()*r.CellW, g.Height()*rowH))
	fill(img, img.Bounds(), r.Theme.Bg)
	for y := 0; y < g.Height(); y++ {
		for x := 0; x < g.Width(); {
			c := g.CellAt(x, y)
			span := 1
			if c != nil && c.Width > 1 {
				span = c.Width
			}
			if c != nil && !(c.Width == 0 && c.Content == "") {
				box := image.Rect(x*r.CellW, y*rowH, (x+span)*r.CellW, y*rowH+rowH)
				r.cell(img, box, c)
			}
			x += span
		}
	}
	return img
}

// colours returns the foreground and background a cell shows in.
func (r Raster) colours(c *uv.Cell) (fg, bg color.RGBA) {
	fg = r.Theme.Resolve(c.Style.Fg, r.Theme.Fg)
	bg = r.Theme.Resolve(c.Style.Bg, r.Theme.Bg)
	if c.Style.Attrs&uv.AttrReverse != 0 {
		fg, bg = bg, fg
	}
	if c.Style.Attrs&uv.AttrConceal != 0 {
		fg = bg
	}
	return fg, bg
}

// cell paints one cell into box (glyph area plus gap below it).
func (r Raster) cell(img *image.RGBA, box image.Rectangle, c *uv.Cell) {
	fg, bg := r.colours(c)
	fill(img, box, bg)
	glyph := image.Rect(box.Min.X, box.Min.Y, box.Max.X, box.Min.Y+r.CellH)
	w, h := glyph.Dx(), glyph.Dy()
	part := func(x0, y0, x1, y1 int) { // fractions of the glyph box, in 1/8
		fill(img, image.Rect(glyph.Min.X+x0*w/8, glyph.Min.Y+y0*h/8,
			glyph.Min.X+x1*w/8, glyph.Min.Y+y1*h/8), fg)
	}
	var ch rune
	for _, ch = range c.Content {
		break
	}
	switch {
	case c.Content == "" || c.Content == " " || ch == '\u00a0':
		// background only
	case ch == '█':
		part(0, 0, 8, 8)
	case ch == '▀':
		part(0, 0, 8, 4)
	case ch == '▔': // upper one eighth
		part(0, 0, 8, 1)
	case ch >= '▁' && ch <= '▇': // lower one to seven eighths
		n := int(ch-'▁') + 1
		part(0, 8-n, 8, 8)
	case ch >= '▉' && ch <= '▏': // left seven eighths down to one eighth
		n := 8 - int(ch-'▉') - 1
		part(0, 0, n, 8)
	case ch == '▐':
		part(4, 0, 8, 8)
	case ch == '▕': // right one eighth
		part(7, 0, 8, 8)
	case ch >= '░' && ch <= '▓': // light, medium and dark shade
		fill(img, glyph, mix(fg, bg, int(ch-'░')+1))
	default:
		// Any other glyph: a box of the average colour, inset as text is.
		// Text must not look like modules, but must not vanish either.
		inset := image.Rect(glyph.Min.X+w/8, glyph.Min.Y+h/4, glyph.Max.X-w/8, glyph.Max.Y-h/8)
		fill(img, inset, mix(fg, bg, 2))
	}
}

// mix blends quarters of fg into bg: 2 is half and half.
func mix(fg, bg color.RGBA, quarters int) color.RGBA {
	blend := func(a, b uint8) uint8 { return uint8((int(a)*quarters + int(b)*(4-quarters)) / 4) }
	return color.RGBA{R: blend(fg.R, bg.R), G: blend(fg.G, bg.G), B: blend(fg.B, bg.B), A: 0xff}
}

// fill paints r with c. It writes the pixel bytes directly: a 200×60
// screen is a million pixels, and draw.Draw with a uniform source is
// several times slower (tests run this under the race detector).
func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Bounds())
	if r.Empty() {
		return
	}
	first := img.PixOffset(r.Min.X, r.Min.Y)
	row := img.Pix[first : first+4*r.Dx()]
	for i := 0; i < len(row); i += 4 {
		row[i], row[i+1], row[i+2], row[i+3] = c.R, c.G, c.B, c.A
	}
	for y := r.Min.Y + 1; y < r.Max.Y; y++ {
		o := img.PixOffset(r.Min.X, y)
		copy(img.Pix[o:o+len(row)], row)
	}
}
