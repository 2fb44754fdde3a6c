package screentest

import (
	"image/color"

	"github.com/charmbracelet/x/ansi"
)

// Theme is what a terminal's colour scheme decides: the default
// foreground and background and the 16 ANSI colours. Colours 16–255 of the
// 256-colour palette and 24-bit colours are fixed and no theme changes them.
type Theme struct {
	Name   string
	Fg, Bg color.RGBA
	ANSI   [16]color.RGBA
}

func rgb(hex uint32) color.RGBA {
	return color.RGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

// The themes follow VS Code's terminal palettes (Dark+ and Light+), which
// are common and, for Light+, show the remapping that breaks codes drawn
// with ANSI white.
var (
	// Dark is a dark theme: light grey on near-black.
	Dark = Theme{
		Name: "dark",
		Fg:   rgb(0xcccccc), Bg: rgb(0x1e1e1e),
		ANSI: [16]color.RGBA{
			rgb(0x000000), rgb(0xcd3131), rgb(0x0dbc79), rgb(0xe5e510),
			rgb(0x2472c8), rgb(0xbc3fbc), rgb(0x11a8cd), rgb(0xe5e5e5),
			rgb(0x666666), rgb(0xf14c4c), rgb(0x23d18b), rgb(0xf5f543),
			rgb(0x3b8eea), rgb(0xd670d6), rgb(0x29b8db), rgb(0xe5e5e5),
		},
	}
	// Light is a light theme whose ANSI white is still (nearly) white.
	Light = Theme{
		Name: "light",
		Fg:   rgb(0x333333), Bg: rgb(0xffffff),
		ANSI: [16]color.RGBA{
			rgb(0x000000), rgb(0xcd3131), rgb(0x00bc00), rgb(0x949800),
			rgb(0x0451a5), rgb(0xbc05bc), rgb(0x0598bc), rgb(0xe5e5e5),
			rgb(0x666666), rgb(0xcd3131), rgb(0x14ce14), rgb(0xb5ba00),
			rgb(0x0451a5), rgb(0xbc05bc), rgb(0x0598bc), rgb(0xffffff),
		},
	}
	// GreyWhite is a light theme that maps ANSI white and bright white to
	// greys (#555555 and #aaaaaa), so that white text stays readable on its
	// white background, as VS Code's Light+ does. A code whose light
	// modules are ANSI white comes out dark grey and does not scan.
	GreyWhite = Theme{
		Name: "greywhite",
		Fg:   rgb(0x333333), Bg: rgb(0xffffff),
		ANSI: [16]color.RGBA{
			rgb(0x000000), rgb(0xcd3131), rgb(0x00bc00), rgb(0x949800),
			rgb(0x0451a5), rgb(0xbc05bc), rgb(0x0598bc), rgb(0x555555),
			rgb(0x666666), rgb(0xcd3131), rgb(0x14ce14), rgb(0xb5ba00),
			rgb(0x0451a5), rgb(0xbc05bc), rgb(0x0598bc), rgb(0xaaaaaa),
		},
	}
)

// Themes returns the themes every scan check should pass under.
func Themes() []Theme { return []Theme{Dark, Light, GreyWhite} }

// Resolve returns the colour c shows as under the theme; def is the
// theme's default for its role (Fg or Bg) and is used when c is nil.
// Colours 0–15, whether set as SGR 30–37/90–97 or as 38;5;0–15, come from
// the theme, as real terminals do.
func (t Theme) Resolve(c color.Color, def color.RGBA) color.RGBA {
	switch c := c.(type) {
	case nil:
		return def
	case ansi.BasicColor:
		return t.ANSI[c&15]
	case ansi.IndexedColor:
		if c < 16 {
			return t.ANSI[c]
		}
	}
	r, g, b, a := c.RGBA()
	if a == 0 { // "transparent" shows the default
		return def
	}
	return color.RGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0xff}
}
