package setup_test

import (
	"strings"
	"testing"

	"github.com/till-pos/till/ui/setup"
)

// The language answer sets [till] language, "system" removes it, an
// empty answer keeps it, and a language till does not speak is refused.
func TestBuildLanguage(t *testing.T) {
	existing := shopFile(t)
	existing.Till.Language = "de"
	base := setup.AnswersOf(existing)
	if base.Language != "de" {
		t.Fatalf("AnswersOf language %q", base.Language)
	}
	for _, tc := range []struct{ answer, want string }{{"th", "th"}, {setup.LanguageSystem, ""}, {"", "de"}, {"pt-BR", "pt-BR"}} {
		a := base
		a.Language = tc.answer
		f, err := setup.Build(&existing, a)
		if err != nil || f.Till.Language != tc.want {
			t.Errorf("answer %q: language %q, %v; want %q", tc.answer, f.Till.Language, err, tc.want)
		}
	}
	a := base
	a.Language = "fr"
	if _, err := setup.Build(&existing, a); err == nil || !strings.Contains(err.Error(), "till.language") {
		t.Errorf("French accepted: %v", err)
	}
}
