package config

import (
	"strings"
	"testing"

	"github.com/till-pos/till/payment/locale"
)

func TestLanguages(t *testing.T) {
	noEnv := func(string) string { return "" }
	thaiEnv := func(k string) string {
		if k == "LANG" {
			return "th_TH.UTF-8"
		}
		return ""
	}
	for _, tc := range []struct {
		name, language, receipt string
		getenv                  func(string) string
		screens, receipts       string
	}{
		{"nothing set", "", "", noEnv, "en", "en"},
		{"from the environment", "", "", thaiEnv, "th", "th"},
		{"configured beats the environment", "de", "", thaiEnv, "de", "de"},
		{"receipts in another language", "en", "pt-BR", thaiEnv, "en", "pt-BR"},
		{"receipts only", "", "zh", thaiEnv, "th", "zh-Hans"},
		{"POSIX spelling", "pt_BR", "ms", noEnv, "pt-BR", "ms"},
	} {
		f := Demo()
		f.Till.Language, f.Till.ReceiptLanguage = tc.language, tc.receipt
		c, err := Resolve(f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := c.Locale(tc.getenv).Tag().String(); got != tc.screens {
			t.Errorf("%s: screens in %s, want %s", tc.name, got, tc.screens)
		}
		if got := c.ReceiptLocale(tc.getenv).Tag().String(); got != tc.receipts {
			t.Errorf("%s: receipts in %s, want %s", tc.name, got, tc.receipts)
		}
	}
}

func TestLanguageRefused(t *testing.T) {
	for _, tc := range []struct{ language, receipt, want string }{
		{"fr", "", `till.language: "fr" is not a supported language; use one of en, pt-BR, es, de, th, zh-Hans, vi, ms, id`},
		{"", "zh-TW", `till.receipt_language: "zh-TW" is not a supported language`},
		{"th!", "", `till.language: "th!" is not a language tag`},
	} {
		f := Demo()
		f.Till.Language, f.Till.ReceiptLanguage = tc.language, tc.receipt
		_, err := Resolve(f)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q/%q: error %v, want %q", tc.language, tc.receipt, err, tc.want)
		}
	}
}

// The languages survive writing and reading the file.
func TestLanguageRoundTrip(t *testing.T) {
	f := Demo()
	f.Till.Language, f.Till.ReceiptLanguage = "th", "en"
	data, err := Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `language = "th"`) || !strings.Contains(string(data), `receipt_language = "en"`) {
		t.Errorf("encoded:\n%s", data)
	}
	c, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if c.Language != locale.Thai || c.ReceiptLanguage != locale.English {
		t.Errorf("read back %v / %v", c.Language, c.ReceiptLanguage)
	}
}
