package setup

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/scheme"
)

// The form offers every scheme type till knows, and only those.
func TestSpecsCoverEveryType(t *testing.T) {
	var types []string
	for _, s := range specs {
		types = append(types, s.Type)
	}
	slices.Sort(types)
	if !slices.Equal(types, scheme.Types()) {
		t.Fatalf("form offers %v; till knows %v", types, scheme.Types())
	}
}

// Every example is a valid value, for every target: the placeholders never
// show something the form would refuse, and requires() learns the truth.
func TestExamplesAreValid(t *testing.T) {
	for _, s := range specs {
		targets := []string{""}
		for _, tg := range s.Targets {
			targets = append(targets, tg.Fields[0].Key)
		}
		if len(s.Targets) > 0 {
			targets = targets[1:]
		}
		for _, tg := range targets {
			d := newSchemeDraft(s.Type)
			d.Target = tg
			for _, f := range s.fields(tg) {
				if f.Kind == boolean {
					d.Bools[f.Key] = true
				} else {
					d.Values[f.Key] = f.Example
				}
			}
			if err := schemeNew(0, d.entry()); err != nil {
				t.Errorf("%s/%s: %v", s.Type, tg, err)
			}
		}
		// Schemes bound to a country agree with the currency the form
		// proposes for that country (KHQR names none: it takes KHR or USD).
		if cur, country := s.requires(); country != "" && cur != "" && config.DefaultCurrency(country) != cur {
			t.Errorf("%s pays in %s in %s, but the default currency there is %q", s.Type, cur, country, config.DefaultCurrency(country))
		}
	}
	if cur, country := mustSpec(t, "epc").requires(); cur != "EUR" || country != "" {
		t.Errorf("epc requires %s %s", cur, country)
	}
}

func mustSpec(t *testing.T, typ string) typeSpec {
	t.Helper()
	s, ok := specFor(typ)
	if !ok {
		t.Fatalf("no spec for %s", typ)
	}
	return s
}

func TestKeyErrorNamesTheField(t *testing.T) {
	entry := map[string]any{"type": "epc", "iban": "DE89370400440532013001"}
	err := schemeNew(2, entry)
	if got := keyError(err, 2, entry, "iban", "IBAN"); got == nil || !strings.HasPrefix(got.Error(), "IBAN: ") || !strings.Contains(got.Error(), "check digit") {
		t.Fatalf("iban: %v (from %v)", got, err)
	}
	// An error about another key is not this field's.
	if got := keyError(err, 2, entry, "bic", "BIC"); got != nil {
		t.Fatalf("bic got %v", got)
	}
	// A named entry: the name is in the prefix.
	named := map[string]any{"type": "upi", "name": "counter", "vpa": "nope"}
	if got := keyError(schemeNew(0, named), 0, named, "vpa", "UPI address"); got == nil || !strings.HasPrefix(got.Error(), "UPI address: ") {
		t.Fatalf("named: %v", got)
	}
	if keyError(nil, 0, entry, "iban", "IBAN") != nil || keyError(errors.New("other"), 0, entry, "iban", "IBAN") != nil {
		t.Fatal("unrelated errors must not be attributed")
	}
}

func TestDraftKeepsWhatTheFormDoesNotAsk(t *testing.T) {
	e := map[string]any{"type": "paynow", "name": "counter", "uen": "201403121W", "editable": true, "tag": int64(30)}
	d := draftOf(e)
	if d.Target != "uen" || d.Name != "counter" || !d.Bools["editable"] || d.Values["uen"] != "201403121W" || d.Extra["tag"] != int64(30) {
		t.Fatalf("draft %+v", d)
	}
	back := d.entry()
	if len(back) != len(e) {
		t.Fatalf("entry %v, want %v", back, e)
	}
	for k, v := range e {
		if back[k] != v {
			t.Errorf("%s: %v, want %v", k, back[k], v)
		}
	}
	// A target not chosen leaves its keys out.
	d2 := draftOf(map[string]any{"type": "promptpay", "phone": "0812345678"})
	d2.Values["id"] = "1234567890121"
	if e := d2.entry(); e["id"] != nil || e["phone"] != "0812345678" {
		t.Fatalf("entry: %v", e)
	}
}

// FuzzFieldRules types anything into every field: the rules never panic,
// and a refusal always starts with the field's title, so the person knows
// which field it is about.
func FuzzFieldRules(f *testing.F) {
	for _, s := range specs {
		for _, fs := range s.fields(s.firstTarget()) {
			f.Add(fs.Example)
		}
	}
	for _, seed := range []string{"", " ", "DE89 3704 0044 0532 0130 01", "123456789012", "loja", "९७०", "\x00", "26x", "-1", "99999999999999999999"} {
		f.Add(seed)
	}
	m := New(Options{Path: "unused"})
	m.d.merchant = config.MerchantSection{Name: "Shop", City: "City", Country: "BR", Currency: "BRL"}
	f.Fuzz(func(t *testing.T, v string) {
		for _, s := range specs {
			m.d.cur = newSchemeDraft(s.Type)
			m.d.cur.Target = s.firstTarget()
			for _, fs := range s.fields(m.d.cur.Target) {
				if fs.Kind == boolean {
					continue
				}
				if err := m.fieldRule(fs)(v); err != nil && !strings.HasPrefix(err.Error(), fs.Title+": ") {
					t.Fatalf("%s.%s(%q): %q does not name the field", s.Type, fs.Key, v, err)
				}
			}
		}
		for key, title := range map[string]string{"name": "Business name", "city": "City", "country": "Country", "currency": "Currency", "mcc": "Merchant category code"} {
			if err := m.merchantRule(key, title)(v); err != nil && !strings.HasPrefix(err.Error(), title) {
				t.Fatalf("%s(%q): %q does not name the field", key, v, err)
			}
		}
	})
}

func TestWithoutColour(t *testing.T) {
	tests := map[string]string{
		"\x1b[1;38;5;99mA\x1b[m":           "\x1b[1mA\x1b[m",
		"\x1b[38;2;1;2;3;48;5;7;4mB":       "\x1b[4mB",
		"\x1b[37m> \x1b[m":                 "> \x1b[m",
		"\x1b[7m \x1b[m":                   "\x1b[7m \x1b[m",
		"\x1b[38:2::10:20:30;1mC":          "\x1b[1mC",
		"\x1b[91;103;2mD\x1b[39;49m plain": "\x1b[2mD plain",
	}
	for in, want := range tests {
		if got := withoutColour(in); got != want {
			t.Errorf("withoutColour(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzWithoutColour: the text is unchanged and no colour is left, for
// the input withoutColour is given: text whose only escapes are SGR
// sequences, in UTF-8. Other inputs (a stray ESC, a sequence cut short,
// broken UTF-8) are skipped.
func FuzzWithoutColour(f *testing.F) {
	f.Add("\x1b[1;38;5;99mA\x1b[m")
	f.Add("\x1b[38;2;1;2;3;48;5;7;4mB")
	f.Add("\x1b[38;5m")
	f.Add("plain")
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Contains(sgr.ReplaceAllString(s, ""), "\x1b") || !utf8.ValidString(s) {
			t.Skip("not rendered text: an escape that is not SGR, or bytes that are not UTF-8")
		}
		out := withoutColour(s)
		if ansi.Strip(out) != ansi.Strip(s) {
			t.Fatalf("text changed: %q → %q", s, out)
		}
		if withoutColour(out) != out {
			t.Fatalf("not idempotent: %q → %q", out, withoutColour(out))
		}
		for _, m := range sgr.FindAllStringSubmatch(out, -1) {
			for _, p := range strings.Split(m[1], ";") {
				switch p {
				case "30", "31", "32", "33", "34", "35", "36", "37", "38", "39",
					"40", "41", "42", "43", "44", "45", "46", "47", "48", "49", "58":
					t.Fatalf("colour %s left in %q (from %q)", p, out, s)
				}
			}
		}
	})
}
