package common

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	"github.com/charmbracelet/x/ansi"
)

// InputView draws a text input as in.View() does, except the placeholder
// of an empty input, which it draws itself. Bubbles' textinput cuts a
// placeholder by runes, not by the cells a terminal gives them: a Thai
// vowel or tone mark is a rune that takes no cell, so a Thai hint loses
// its end; a Chinese character is one rune in two cells, so a Chinese hint
// overflows its box. Here the hint is cut to the input's width in cells,
// whole characters with their marks, at the end of a word where one fits
// (Clip). Every screen with a text input draws it through this.
func InputView(in textinput.Model) string {
	hint := in.Placeholder
	if hint == "" || in.Value() != "" {
		return in.View()
	}
	// The input's width is the text's; one cell more is the cursor's
	// (textinput draws width+1 cells after the prompt either way).
	w := in.Width()
	st := in.Styles().Blurred
	head := st.Prompt.Render(in.Prompt)
	room := w + 1
	if in.Focused() {
		st = in.Styles().Focused
		// The prompt and the cursor alone: with no placeholder and no
		// width, textinput draws nothing else.
		in.Placeholder = ""
		in.SetWidth(0)
		head = in.View()
		room = w
	}
	if w <= 0 {
		return head + st.Placeholder.Render(hint)
	}
	return head + st.Placeholder.Render(Pad(Clip(hint, room), room))
}

// Clip fits s (plain text, no escape sequences) into n terminal cells: as
// it is when it fits, else cut after the last whole word that fits with
// "…", or, when not even the first word fits (a long German word, Thai
// written without spaces), cut between characters, never inside one
// (a Thai letter keeps its marks, a Chinese character is not halved).
func Clip(s string, n int) string {
	if ansi.StringWidth(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	cut := ansi.Truncate(s, n-1, "")
	if i := strings.LastIndexByte(cut, ' '); i > 0 && s[len(cut)] != ' ' {
		// Mid-word: back to the end of the last whole word.
		cut = strings.TrimRight(cut[:i], " ")
	}
	return strings.TrimRight(cut, " ") + "…"
}

// Pad adds spaces after s up to n terminal cells.
func Pad(s string, n int) string {
	if w := ansi.StringWidth(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// Wrap breaks plain text into lines of at most n cells at spaces, and
// inside a word only when the word alone is wider than n. Unlike
// ansi.Wrap it never breaks at a hyphen, so a reference (AB2CD-3EFGH)
// stays on one line.
func Wrap(s string, n int) string {
	const keep = "\u2011" // a non-breaking hyphen, one cell like "-"
	return strings.ReplaceAll(ansi.Wrap(strings.ReplaceAll(s, "-", keep), n, ""), keep, "-")
}
