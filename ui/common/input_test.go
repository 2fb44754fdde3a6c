package common_test

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/textinput"
	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/ui/common"
)

// An empty input's placeholder takes exactly the input's cells in every
// script, keeps each character whole with its marks, and is cut at a
// word's end with "…" when it is longer; textinput's own cut (by runes)
// loses Thai text and overflows with Chinese.
func TestInputViewPlaceholder(t *testing.T) {
	cases := []struct {
		name, hint string
		width      int
		want       string // the hint as shown, after the prompt (and cursor)
	}{
		{"English fits", "reference, amount or note", 30, "reference, amount or note"},
		{"English cut at a word", "reference, amount or note", 20, "reference, amount or…"},
		{"Thai fits", "เลขอ้างอิง จำนวนเงิน หรือหมายเหตุ", 40, "เลขอ้างอิง จำนวนเงิน หรือหมายเหตุ"},
		{"Thai cut at a word", "เลขอ้างอิง จำนวนเงิน หรือหมายเหตุ", 20, "เลขอ้างอิง จำนวนเงิน…"},
		{"Chinese fits", "参考号、金额或备注", 20, "参考号、金额或备注"},
		{"Chinese cut between characters", "参考号、金额或备注", 11, "参考号、金…"},
		{"German word longer than the field", "Zahlungsartenverwaltung", 10, "Zahlungsar…"},
	}
	for _, c := range cases {
		for _, focused := range []bool{false, true} {
			in := textinput.New()
			in.Prompt = "/ "
			in.Placeholder = c.hint
			in.SetWidth(c.width)
			if focused {
				in.Focus()
			}
			got := ansi.Strip(common.InputView(in))
			// textinput draws width+1 cells after the prompt: the text's
			// and the cursor's.
			if w := ansi.StringWidth(got); w != 2+c.width+1 {
				t.Errorf("%s (focused %v): %d cells, want %d: %q", c.name, focused, w, 2+c.width+1, got)
			}
			shown := strings.TrimSpace(strings.TrimPrefix(got, "/ "))
			if focused && ansi.StringWidth(shown) > c.width {
				t.Errorf("%s (focused): the hint %q takes more than the %d cells beside the cursor", c.name, shown, c.width)
			}
			if !focused && shown != c.want || focused && !strings.HasPrefix(c.hint, strings.TrimSuffix(shown, "…")) {
				t.Errorf("%s (focused %v): shows %q, want %q", c.name, focused, shown, c.want)
			}
		}
	}
}

// What is typed is drawn by textinput itself.
func TestInputViewValue(t *testing.T) {
	in := textinput.New()
	in.Placeholder = "เลขอ้างอิง"
	in.SetWidth(20)
	in.SetValue("AB2CD")
	if got, want := common.InputView(in), in.View(); got != want {
		t.Errorf("with a value: %q, textinput draws %q", got, want)
	}
}

func TestClip(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"fare to the airport", 19, "fare to the airport"},
		{"fare to the airport", 18, "fare to the…"},
		{"fare to the airport", 12, "fare to the…"},
		{"fare to the airport", 11, "fare to…"},
		{"fare", 3, "fa…"},
		{"ค่ารถไปสนามบิน", 5, "ค่ารถ…"},
		{"两杯咖啡", 5, "两杯…"},
		{"两杯咖啡", 4, "两…"},
		{"x", 0, ""},
	} {
		if got := common.Clip(c.s, c.n); got != c.want || ansi.StringWidth(got) > c.n {
			t.Errorf("Clip(%q, %d) = %q (%d cells), want %q", c.s, c.n, got, ansi.StringWidth(got), c.want)
		}
	}
}

// Wrapped questions keep references whole and lines within the width.
func TestWrap(t *testing.T) {
	got := common.Wrap("BRL 15.00 paid in cash for GLDN5-2DS64? y/n", 37)
	if got != "BRL 15.00 paid in cash for\nGLDN5-2DS64? y/n" {
		t.Errorf("Wrap = %q", got)
	}
}

// Thai's SARA AM is as wide for the layout as for a terminal measuring
// by characters (wcwidth), once written as its two parts.
func TestCellsSaraAm(t *testing.T) {
	s := "ทำเครื่องหมาย GLDN8-2GV3S ว่าชำระแล้ว? y/n"
	if ansi.StringWidth(s) == ansi.StringWidthWc(s) {
		t.Fatalf("the widths of %q already agree: the test shows nothing", s)
	}
	got := common.Cells(s)
	if ansi.StringWidth(got) != ansi.StringWidthWc(got) {
		t.Errorf("Cells(%q): %d cells as graphemes, %d by wcwidth", s, ansi.StringWidth(got), ansi.StringWidthWc(got))
	}
	if common.Cells("ใช่") != "ใช่" {
		t.Error("Cells changed text without SARA AM")
	}
}
