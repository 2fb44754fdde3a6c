package locale

import (
	"slices"
	"testing"
)

// Parse and FromEnv read text from the configuration and the environment:
// whatever they are given, they answer with a language till speaks (or an
// error), and a language Parse accepts reads back as itself.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"th", "pt_BR.UTF-8", "zh-Hant-TW", "de_DE@euro", "C", "", "x-klingon", "en-u-nu-thai", "und"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := FromEnv(s); !slices.Contains(Supported, got) {
			t.Fatalf("FromEnv(%q) = %v, not a supported language", s, got)
		}
		tag, err := Parse(s)
		if err != nil {
			return
		}
		if !slices.Contains(Supported, tag) {
			t.Fatalf("Parse(%q) = %v, not a supported language", s, tag)
		}
		if again, err := Parse(tag.String()); err != nil || again != tag {
			t.Fatalf("Parse(%q) = %v, but %v reads back as %v, %v", s, tag, tag, again, err)
		}
	})
}
