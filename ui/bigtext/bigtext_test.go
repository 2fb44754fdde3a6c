package bigtext_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/till-pos/till/ui/bigtext"
)

// TestRenderGolden pins the look of amounts and of every glyph at the
// heights the pay and charge screens use. Review a changed golden file by
// eye (go test -update rewrites them).
func TestRenderGolden(t *testing.T) {
	tests := []struct {
		name, text string
		height     int
	}{
		{"amount_h3", "EUR 12,345.67", 3},
		{"amount_h5", "EUR 12,345.67", 5},
		{"amount_h8", "JPY -1,500", 8},
		{"digits_h3", "0123456789 .,-", 3},
		{"digits_h5", "0123456789 .,-", 5},
		{"letters_h3", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 3},
		{"letters_h5", "ABCDEFGHIJKLM NOPQRSTUVWXYZ", 5},
		{"plain_h2", "EUR 12.50", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden.RequireEqual(t, bigtext.Render(tt.text, tt.height)+"\n")
		})
	}
}

var sampleTexts = []string{"", "0", "EUR 12,345.67", "kwd 1.234", "-0.50", "  ", "MNQW", "€12", "a\tb"}

func TestRenderIsARectangleOfBlocks(t *testing.T) {
	for _, s := range sampleTexts {
		for h := 0; h <= 14; h++ {
			out := bigtext.Render(s, h)
			if h < bigtext.MinHeight {
				continue // plain text, checked below
			}
			if s == "" {
				if out != "" {
					t.Fatalf("Render(%q, %d) = %q, want empty", s, h, out)
				}
				continue
			}
			lines := strings.Split(out, "\n")
			if len(lines) != bigtext.Rows(h) || len(lines) > h {
				t.Fatalf("Render(%q, %d): %d lines, Rows says %d", s, h, len(lines), bigtext.Rows(h))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != bigtext.Width(s, h) {
					t.Fatalf("Render(%q, %d) line %d is %d cells, Width says %d", s, h, i, w, bigtext.Width(s, h))
				}
				// Shapes only: block characters and spaces, no colour codes.
				if strings.Trim(l, " █▀▄") != "" {
					t.Fatalf("Render(%q, %d) line %d has %q", s, h, i, l)
				}
			}
		}
	}
	if got := bigtext.Render("EUR 1.50", 2); got != "EUR 1.50" {
		t.Fatalf("below MinHeight the text should come back as it is, got %q", got)
	}
	if got := bigtext.Render("EUR 1.50", 0); got != "" {
		t.Fatalf("height 0 should draw nothing, got %q", got)
	}
}

func TestHeightsUsed(t *testing.T) {
	want := map[int]int{1: 1, 2: 1, 3: 3, 4: 3, 5: 5, 6: 5, 7: 5, 8: 8, 9: 8, 10: 10, 13: 13}
	for h, rows := range want {
		if got := bigtext.Rows(h); got != rows {
			t.Errorf("Rows(%d) = %d, want %d", h, got, rows)
		}
	}
}

func TestGlyphsAreDistinct(t *testing.T) {
	// Digits and letters that look alike in small fonts (0/O, 1/I, 2/Z,
	// 5/S, 8/B) must not render the same, or an amount could be misread.
	seen := map[string]rune{}
	for _, r := range "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.,-?" {
		g := bigtext.Render(string(r), 3)
		if other, dup := seen[g]; dup {
			t.Errorf("%q and %q have the same glyph:\n%s", r, other, g)
		}
		seen[g] = r
	}
}

func TestUnknownAndLowerCase(t *testing.T) {
	if bigtext.Render("eur", 5) != bigtext.Render("EUR", 5) {
		t.Error("lower case should be drawn as upper case")
	}
	if bigtext.Render("€", 5) != bigtext.Render("?", 5) {
		t.Error("a character without a glyph should be drawn as '?'")
	}
}

func TestFitPicksTheLargestThatFits(t *testing.T) {
	// 35 pixels of glyphs and 12 one-pixel gaps: 47 cells at p=1, 94 at
	// p=2 (5 rows), 141 at p=3 (8 rows), 188 at p=4 (10 rows).
	const s = "EUR 12,345.67"
	tests := []struct{ w, h, want int }{
		{200, 40, 10},
		{187, 40, 8},
		{100, 30, 5},
		{100, 7, 5},
		{60, 24, 3},
		{40, 24, 1}, // big text is 47 wide: plain text, 13 cells
		{12, 24, 0}, // not even plain text fits
		{200, 4, 3}, // height-bound
		{200, 2, 1},
		{200, 0, 0},
	}
	for _, tt := range tests {
		got := bigtext.Fit(s, tt.w, tt.h)
		if got != tt.want {
			t.Errorf("Fit(%q, %d, %d) = %d, want %d", s, tt.w, tt.h, got, tt.want)
			continue
		}
		if got > 0 && (bigtext.Width(s, got) > tt.w || bigtext.Rows(got) > tt.h) {
			t.Errorf("Fit(%q, %d, %d) = %d does not fit: %dx%d", s, tt.w, tt.h, got, bigtext.Width(s, got), bigtext.Rows(got))
		}
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range sampleTexts {
		f.Add(s, 5)
	}
	f.Add("9,999,999.99 USD", 1<<30)
	f.Fuzz(func(t *testing.T, s string, h int) {
		if utf8.RuneCountInString(s) > 64 {
			s = string([]rune(s)[:64])
		}
		out := bigtext.Render(s, h)
		if h >= bigtext.MinHeight && s != "" {
			lines := strings.Split(out, "\n")
			if len(lines) != bigtext.Rows(h) {
				t.Fatalf("%d lines, Rows says %d", len(lines), bigtext.Rows(h))
			}
			if w := ansi.StringWidth(lines[0]); w != bigtext.Width(s, h) {
				t.Fatalf("width %d, Width says %d", w, bigtext.Width(s, h))
			}
		}
	})
}
