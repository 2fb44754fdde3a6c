package screentest

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment/locale"
)

// Words are the whole words a screen may end a line with: every word of
// the catalog in English and in one language, and of the data a test put
// on the screen (names, notes, statement text).
type Words map[string]bool

// WordsOf collects the words of the catalog in l and in English, and of
// data.
func WordsOf(l locale.Locale, data ...string) Words {
	w := Words{}
	i := languageIndex(l)
	for _, m := range locale.Messages() {
		texts := []string{m.Key, m.Text(i)}
		if m.One != nil {
			texts = append(texts, m.One[0], m.One[i])
		}
		for _, t := range texts {
			w.add(t)
		}
	}
	for _, d := range data {
		w.add(d)
	}
	return w
}

func languageIndex(l locale.Locale) int {
	for i, t := range locale.Supported {
		if t == l.Tag() {
			return i
		}
	}
	return 0
}

func (w Words) add(text string) {
	for _, f := range strings.Fields(text) {
		if word := trimWord(f); word != "" {
			w[word] = true
		}
	}
}

// trimWord keeps the letters, digits and marks of a token, dropping the
// punctuation around it ("(Probelauf):" is "Probelauf") and "…".
func trimWord(tok string) string {
	inWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	return strings.TrimFunc(tok, func(r rune) bool { return !inWord(r) })
}

// CheckLines fails t for a line of screen wider than w cells (terminal
// cells: a Chinese character is two, a Thai mark none), and for a word cut
// at a line's end: a line that ends in "…" or reaches the last column must
// end with a whole word (one of words), a number, or Chinese, whose every
// character is a word. name says which screen in the message.
func CheckLines(t testing.TB, name, screen string, w int, words Words) {
	t.Helper()
	for i, line := range strings.Split(ansi.Strip(screen), "\n") {
		n := ansi.StringWidth(line)
		if n > w {
			t.Errorf("%s: line %d is %d cells, wider than %d: %q", name, i+1, n, w, line)
		}
		trimmed := strings.TrimRight(line, " ")
		if !strings.HasSuffix(trimmed, "…") && ansi.StringWidth(trimmed) < w {
			continue
		}
		fields := strings.Fields(trimmed)
		if len(fields) == 0 {
			continue
		}
		// A path breaks at its slashes: what ends in one is whole.
		parts := strings.Split(strings.TrimSuffix(fields[len(fields)-1], "…"), "/")
		last := trimWord(parts[len(parts)-1])
		if last == "" || words[last] || !strings.ContainsFunc(last, unicode.IsLetter) ||
			strings.ContainsFunc(last, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			continue
		}
		t.Errorf("%s: line %d ends in a cut word %q: %q", name, i+1, last, line)
	}
}

// verbRe matches the fmt verbs of a message ("%s", "%[2]d", "%%").
var verbRe = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*\d*(?:\.\d+)?[a-zA-Z%]`)

// NoEnglish fails t when screen, drawn in l, shows English from the
// catalog: a message's words where l says something else. A word the
// language also uses (German "Status", Malay "Detail"), a word of data
// (names, notes, statement text, which stay as they were written) and a
// word shorter than three letters do not count. In English it checks
// nothing.
func NoEnglish(t testing.TB, name, screen string, l locale.Locale, data ...string) {
	t.Helper()
	if l.IsEnglish() {
		return
	}
	i := languageIndex(l)
	own, dataWords := Words{}, Words{}
	for _, m := range locale.Messages() {
		own.add(wordsOnly(m.Text(i)))
		if m.One != nil {
			own.add(wordsOnly(m.One[i]))
		}
	}
	for _, d := range data {
		dataWords.add(wordsOnly(d))
	}
	shown := Words{}
	shown.add(wordsOnly(ansi.Strip(screen)))
	seen := map[string]bool{}
	for _, m := range locale.Messages() {
		if m.Text(i) == m.Key {
			continue
		}
		for _, seg := range verbRe.Split(m.Key, -1) {
			for _, f := range strings.Fields(wordsOnly(seg)) {
				if len([]rune(f)) < 3 || !strings.ContainsFunc(f, unicode.IsLetter) || own[f] || dataWords[f] || !shown[f] || seen[f] {
					continue
				}
				seen[f] = true
				t.Errorf("%s in %v shows the English word %q (of %q)", name, l.Tag(), f, m.Key)
			}
		}
	}
}

// wordsOnly replaces what is not a letter, digit or mark by a space.
func wordsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			return r
		}
		return ' '
	}, s)
}
