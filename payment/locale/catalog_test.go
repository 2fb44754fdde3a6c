package locale

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// TestEveryMessageInEveryLanguage fails the build's tests when a message
// lacks a language, a plural form the language's CLDR rules use, or
// keeps placeholders or scheme names other than the English.
func TestEveryMessageInEveryLanguage(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range Messages() {
		if seen[m.Key] {
			t.Errorf("%q is in the catalog twice", m.Key)
		}
		seen[m.Key] = true
		want := placeholders(m.Key)
		for i, tag := range Supported {
			forms := []string{m.Text(i)}
			if needsOne(tag) && m.One != nil {
				forms = append(forms, m.One[i])
			}
			if !needsOne(tag) && m.One != nil && m.One[i] != "" {
				t.Errorf("%q in %v: a form for \"one\", which %v's plural rules do not have", m.Key, tag, tag)
			}
			for _, text := range forms {
				if strings.TrimSpace(text) == "" {
					t.Errorf("%q has no translation in %v", m.Key, tag)
					continue
				}
				if got := placeholders(text); !slices.Equal(got, want) {
					t.Errorf("%q in %v is %q: placeholders %v, want %v", m.Key, tag, text, got, want)
				}
				for _, name := range Keep {
					if strings.Contains(m.Key, name) && !strings.Contains(text, name) {
						t.Errorf("%q in %v is %q: it must keep the name %s", m.Key, tag, text, name)
					}
				}
			}
		}
	}
}

// needsOne reports whether the language's cardinal plural rules (CLDR,
// through golang.org/x/text) put some whole number in "one".
func needsOne(tag language.Tag) bool {
	for n := range 200 {
		if plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0) == plural.One {
			return true
		}
	}
	return false
}

func TestPluralRulesAsExpected(t *testing.T) {
	// The catalog's comment names the languages without "one"; this keeps
	// it honest if CLDR changes.
	var without []string
	for _, tag := range Supported {
		if !needsOne(tag) {
			without = append(without, tag.String())
		}
	}
	if got := strings.Join(without, " "); got != "th zh-Hans vi ms id" {
		t.Errorf("languages without a \"one\" form: %s", got)
	}
}

var verbRe = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// placeholders lists a message's fmt verbs by argument: "1:s", "2:d",
// whatever order the words put them in.
func placeholders(s string) []string {
	var out []string
	next := 1
	for _, m := range verbRe.FindAllStringSubmatch(s, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			next, _ = strconv.Atoi(m[1])
		}
		out = append(out, strconv.Itoa(next)+":"+m[2])
		next++
	}
	slices.Sort(out)
	return out
}

func TestPlaceholders(t *testing.T) {
	if got := placeholders("%[2]s by %[1]d, 100%%"); !slices.Equal(got, []string{"1:d", "2:s"}) {
		t.Errorf("placeholders = %v", got)
	}
	if got := placeholders("%s of %d"); !slices.Equal(got, []string{"1:s", "2:d"}) {
		t.Errorf("placeholders = %v", got)
	}
}

func TestKnown(t *testing.T) {
	if !Known("Reference") || Known("No such message") {
		t.Error("Known does not know the catalog")
	}
}

func find(t *testing.T, key string) Msg {
	t.Helper()
	for _, m := range Messages() {
		if m.Key == key {
			return m
		}
	}
	t.Fatalf("no message %q", key)
	return Msg{}
}

// Every message is as wide to a terminal (wcwidth, per code point) as to
// the layout (by grapheme cluster, charmbracelet/x/ansi): Thai SARA AM,
// one cell to the first and none to the second, is written decomposed.
func TestWidthsAgree(t *testing.T) {
	for _, m := range Messages() {
		for i := range Supported {
			s := m.Text(i)
			if g, w := ansi.StringWidth(s), ansi.WcWidth.StringWidth(s); g != w {
				t.Errorf("%q in %v: %d cells by grapheme, %d by wcwidth", s, Supported[i], g, w)
			}
		}
	}
	if got := New(Thai).T("PAID"); strings.Contains(got, saraAM) {
		t.Errorf("Thai PAID is %q, with SARA AM", got)
	}
}
