package locale

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"golang.org/x/text/language"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want language.Tag
	}{
		{"en", English}, {"en-GB", English}, {"pt-BR", BrazilianPortuguese}, {"pt_BR", BrazilianPortuguese},
		{"pt", BrazilianPortuguese}, {"es", Spanish}, {"es-MX", Spanish}, {"de", German}, {"de-AT", German},
		{"th", Thai}, {"th_TH.UTF-8", Thai}, {"zh", SimplifiedChinese}, {"zh-CN", SimplifiedChinese},
		{"zh-Hans", SimplifiedChinese}, {"vi", Vietnamese}, {"ms", Malay}, {"ms-MY", Malay}, {"id", Indonesian},
	} {
		got, err := Parse(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "fr", "ja", "zh-TW", "xx-yy-zz-1", "english", "th-TH-u-ca-x"} {
		_, err := Parse(bad)
		if err == nil {
			t.Errorf("Parse(%q) accepted a language till does not speak", bad)
			continue
		}
		if !strings.Contains(err.Error(), "pt-BR") || !strings.Contains(err.Error(), "zh-Hans") {
			t.Errorf("Parse(%q) error %q does not list the supported languages", bad, err)
		}
	}
}

func TestChoose(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tc := range []struct {
		name, configured string
		getenv           func(string) string
		want             language.Tag
	}{
		{"nothing set", "", env(), English},
		{"configured wins", "th", env("LC_ALL", "de_DE.UTF-8"), Thai},
		{"LC_ALL first", "", env("LC_ALL", "vi_VN.UTF-8", "LC_MESSAGES", "de_DE", "LANG", "th_TH"), Vietnamese},
		{"LC_MESSAGES next", "", env("LC_MESSAGES", "de_DE@euro", "LANG", "th_TH"), German},
		{"LANG last", "", env("LANG", "pt_BR.UTF-8"), BrazilianPortuguese},
		{"C is English", "", env("LC_ALL", "C", "LANG", "th_TH.UTF-8"), English},
		{"POSIX is English", "", env("LANG", "POSIX"), English},
		{"unsupported is English", "", env("LANG", "fr_FR.UTF-8"), English},
		{"Chinese of China", "", env("LANG", "zh_CN.UTF-8"), SimplifiedChinese},
		{"Indonesian", "", env("LANG", "id_ID.UTF-8"), Indonesian},
		{"invalid configured falls through", "klingon", env("LANG", "ms_MY.UTF-8"), Malay},
	} {
		if got := Choose(tc.configured, tc.getenv); got != tc.want {
			t.Errorf("%s: Choose = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNewAndZero(t *testing.T) {
	var zero Locale
	if !zero.IsEnglish() || zero.Tag() != English || zero.T("Amount") != "Amount" {
		t.Errorf("the zero Locale is not English: %v %q", zero.Tag(), zero.T("Amount"))
	}
	if got := New(language.MustParse("de-CH")).T("Amount"); got != "Betrag" {
		t.Errorf("Swiss German speaks %q, want German", got)
	}
	if got := New(language.Japanese); !got.IsEnglish() {
		t.Errorf("Japanese fell to %v, want English", got.Tag())
	}
	for i, tag := range Supported {
		if got := New(tag).Tag(); got != tag {
			t.Errorf("New(%v).Tag() = %v", tag, got)
		}
		if got, want := New(tag).T("Amount"), find(t, "Amount").Text(i); got != want {
			t.Errorf("%v: Amount is %q, want %q", tag, got, want)
		}
	}
}

func TestPluralFromTheLibrary(t *testing.T) {
	const key = "… %d more lines"
	for _, tc := range []struct {
		tag  language.Tag
		n    int
		want string
	}{
		{English, 1, "… 1 more line"},
		{English, 0, "… 0 more lines"},
		{English, 2, "… 2 more lines"},
		// CLDR: Portuguese counts 0 as "one", English does not.
		{BrazilianPortuguese, 0, "… mais 0 linha"},
		{BrazilianPortuguese, 2, "… mais 2 linhas"},
		{German, 1, "… 1 weitere Zeile"},
		{German, 1500, "… 1.500 weitere Zeilen"},
		{Thai, 1, "… อีก 1 บรรทัด"},
	} {
		if got := New(tc.tag).T(key, tc.n); got != tc.want {
			t.Errorf("%v %d: %q, want %q", tc.tag, tc.n, got, tc.want)
		}
	}
}

// The shortest form of the QR fallback fits 16 cells in every language,
// as ui/qrview promises.
func TestShortQRMessage(t *testing.T) {
	for _, tag := range Supported {
		s := New(tag).T("QR needs %d×%d", 999, 999)
		if n := ansi.StringWidth(s); n > 16 {
			t.Errorf("%v: %q is %d cells", tag, s, n)
		}
	}
}

func TestPaddedVerbs(t *testing.T) {
	if got := New(German).T("expires in %d:%02d", 4, 5); got != "läuft ab in 4:05" {
		t.Errorf("countdown = %q", got)
	}
}

func TestLabel(t *testing.T) {
	for tag, want := range map[language.Tag]string{English: "English", Thai: "ไทย — Thai", BrazilianPortuguese: "português — Brazilian Portuguese", SimplifiedChinese: "简体中文 — Simplified Chinese"} {
		if got := Label(tag); got != want {
			t.Errorf("Label(%v) = %q, want %q", tag, got, want)
		}
	}
}

func TestText(t *testing.T) {
	th := New(Thai)
	if got := th.Text("quit"); got != "ออก" {
		t.Errorf("Text(quit) = %q", got)
	}
	for _, s := range []string{"100% sure: %s %d", "not a message", ""} {
		if got := th.Text(s); got != s {
			t.Errorf("Text(%q) = %q, want it unchanged", s, got)
		}
	}
}
