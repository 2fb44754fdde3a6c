package styles_test

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"charm.land/lipgloss/v2"

	"github.com/till-pos/till/ui/styles"
)

// luminance is WCAG 2's relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is WCAG 2's contrast ratio of two colours, from 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Every text till draws, the help line and secondary text included, reads
// at a contrast of at least 4.5:1 (WCAG AA) on the backgrounds terminals
// really use in each theme, and the status banners on their own colour.
func TestContrast(t *testing.T) {
	backgrounds := map[bool][]string{
		true:  {"#000000", "#1E1E1E", "#282C34"}, // black, VS Code, One Dark
		false: {"#FFFFFF", "#FAFAFA", "#EEEEEE"}, // white, paper-like themes
	}
	for _, dark := range []bool{true, false} {
		s := styles.New(dark, false)
		texts := map[string]lipgloss.Style{
			"Header": s.Header, "Title": s.Title, "Muted": s.Muted, "Label": s.Label,
			"Amount": s.Amount, "AmountDim": s.AmountDim, "Reference": s.Reference,
			"Error": s.Error, "Notice": s.Notice,
			"Help.ShortKey": s.Help.ShortKey, "Help.ShortDesc": s.Help.ShortDesc,
			"Help.ShortSeparator": s.Help.ShortSeparator, "Help.Ellipsis": s.Help.Ellipsis,
			"Help.FullKey": s.Help.FullKey, "Help.FullDesc": s.Help.FullDesc,
		}
		for st, style := range s.Status {
			texts["Status."+string(st)] = style
		}
		for _, bg := range backgrounds[dark] {
			for name, style := range texts {
				fg := style.GetForeground()
				if _, none := fg.(lipgloss.NoColor); none || fg == nil {
					continue // the terminal's own colour
				}
				if r := contrast(fg, lipgloss.Color(bg)); r < 4.5 {
					t.Errorf("dark=%v %s on %s: contrast %.2f, want 4.5 or more", dark, name, bg, r)
				}
			}
		}
		for st, style := range s.Banner {
			if r := contrast(style.GetForeground(), style.GetBackground()); r < 4.5 {
				t.Errorf("dark=%v banner %s: contrast %.2f, want 4.5 or more", dark, st, r)
			}
		}
	}
}

func TestContrastFormula(t *testing.T) {
	// WCAG's own figures: black on white is 21:1, #767676 on white 4.54:1.
	for _, tt := range []struct {
		a, b string
		want float64
	}{{"#000000", "#FFFFFF", 21}, {"#767676", "#FFFFFF", 4.54}, {"#FFFFFF", "#FFFFFF", 1}} {
		if got := contrast(lipgloss.Color(tt.a), lipgloss.Color(tt.b)); fmt.Sprintf("%.2f", got) != fmt.Sprintf("%.2f", tt.want) {
			t.Errorf("%s on %s: %.2f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}
