package qrview

import (
	"bytes"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/mdp/qrterminal/v3"
)

var (
	black = lipgloss.Color("#000000")
	white = lipgloss.Color("#ffffff")
)

// token is one styled piece qrterminal writes: the SGR that opens it, the
// glyphs, and the reset after it. Knowing the pieces lets render merge runs
// of equally styled pieces into one, so a 77-module code is a few kilobytes
// instead of a hundred (Bubble Tea parses the view on every frame).
type token struct {
	styled, open, glyph, reset string
}

func newToken(st lipgloss.Style, glyph string) token {
	styled := st.Render(glyph)
	i := strings.Index(styled, glyph)
	if i < 0 { // cannot happen with lipgloss's SGR output; keep the piece whole
		return token{styled: styled, glyph: styled}
	}
	return token{styled: styled, open: styled[:i], glyph: glyph, reset: styled[i+len(glyph):]}
}

// charset is the four qrterminal pieces of one mode. In full mode only
// white and black are used; in half mode the names say top/bottom.
type charset struct {
	white, black, whiteBlack, blackWhite token
}

// Modules are drawn with glyphs, never with spaces: a renderer sends a run
// of coloured spaces as "erase characters" (ECH), and a terminal without
// background-colour erase (tmux among them) erases to its own background,
// which wipes the white modules off a code in a real terminal. A full
// block in the module's colour on the same background fills the cell and
// its line gap alike.
func fullChars() charset {
	w := newToken(lipgloss.NewStyle().Foreground(white).Background(white), "██")
	b := newToken(lipgloss.NewStyle().Foreground(black).Background(black), "██")
	return charset{white: w, black: b, whiteBlack: w, blackWhite: b}
}

// halfChars draws light modules as white glyph halves on an explicit black
// background (tui.md §4): a line gap then shows as a thin black seam, which
// decoders tolerate, where black-on-white shows white seams across black
// modules and fails.
func halfChars() charset {
	st := lipgloss.NewStyle().Foreground(white).Background(black)
	return charset{
		white:      newToken(st, "█"),
		black:      newToken(lipgloss.NewStyle().Foreground(black).Background(black), "█"), // a glyph, not a space (fullChars)
		whiteBlack: newToken(st, "▀"),                                                      // top white, bottom black
		blackWhite: newToken(st, "▄"),                                                      // top black, bottom white
	}
}

// render draws payload as v with qrterminal. The caller has checked with
// rsc.io/qr that the payload fits v.Level, because qrterminal ignores the
// encoder's error and panics on a nil code.
func render(payload string, v Variant) string {
	cs := fullChars()
	if v.Mode == Half {
		cs = halfChars()
	}
	var buf bytes.Buffer
	code, own, err := encode(payload, v.Level)
	if err != nil { // New checked that it fits; keep the area blank rather than panic
		return ""
	}
	if own {
		buf.WriteString(drawMatrix(code, v, cs))
		return finish(buf.String(), v, cs)
	}
	// GenerateWithConfig, not Generate: Generate probes the tty for sixel
	// support, which fights Bubble Tea for the terminal's input.
	qrterminal.GenerateWithConfig(payload, qrterminal.Config{
		Level:          qrLevel(v.Level),
		Writer:         &buf,
		HalfBlocks:     v.Mode == Half,
		BlackChar:      cs.black.styled,
		WhiteChar:      cs.white.styled,
		WhiteBlackChar: cs.whiteBlack.styled,
		BlackWhiteChar: cs.blackWhite.styled,
		QuietZone:      v.QuietZone,
	})
	return finish(buf.String(), v, cs)
}

// finish makes the drawn lines ready to print: a clean bottom edge in half
// mode and merged colour runs.
func finish(drawn string, v Variant, cs charset) string {
	lines := strings.Split(strings.TrimSuffix(drawn, "\n"), "\n")
	if v.Mode == Half && len(lines) > 1 {
		// qrterminal ends a half-block code with a row of ▀, which leaves a
		// half-row black bar under the quiet zone (qrterminal issue #39).
		// The first line is all white; repeating it keeps the size and
		// gives a clean edge.
		lines[len(lines)-1] = lines[0]
	}
	pieces := []token{cs.white, cs.black, cs.whiteBlack, cs.blackWhite}
	for i, l := range lines {
		lines[i] = mergeRuns(l, pieces)
	}
	return strings.Join(lines, "\n")
}

// mergeRuns rewrites a line made of the given pieces so that neighbours
// with the same opening SGR share one open and one reset. A line that is
// not made only of those pieces is returned unchanged.
func mergeRuns(line string, pieces []token) string {
	var out strings.Builder
	out.Grow(len(line) / 4)
	open := "" // style of the run being written; "" = no run
	var reset string
	rest := line
	for rest != "" {
		var t *token
		for i := range pieces {
			if pieces[i].open != "" && strings.HasPrefix(rest, pieces[i].styled) {
				t = &pieces[i]
				break
			}
		}
		if t == nil {
			return line
		}
		if t.open != open {
			out.WriteString(reset)
			out.WriteString(t.open)
			open, reset = t.open, t.reset
		}
		out.WriteString(t.glyph)
		rest = rest[len(t.styled):]
	}
	out.WriteString(reset)
	return out.String()
}
