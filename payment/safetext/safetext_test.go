package safetext

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"plain ASCII", "Padaria Sao Joao 12.50", "Padaria Sao Joao 12.50"},
		{"umlauts", "Müller & Söhne, Straße", "Müller & Söhne, Straße"},
		{"Thai", "ร้านค้า กรุงเทพ", "ร้านค้า กรุงเทพ"},
		{"CJK", "业务明细 支付宝", "业务明细 支付宝"},
		{"emoji with joiners", "👩\u200d👩\u200d👧 family \u200c", "👩\u200d👩\u200d👧 family \u200c"},
		{"Arabic text without controls", "مقهى", "مقهى"},
		{"replacement character itself", "a\ufffdb", "a\ufffdb"},
		{"backslash stays", `C:\till`, `C:\till`},
		{"ESC CSI", "\x1b[2J\x1b[Hpaid", `\x1b[2J\x1b[Hpaid`},
		{"OSC 52 clipboard", "\x1b]52;c;ZWNobyBwd25lZA==\x07", `\x1b]52;c;ZWNobyBwd25lZA==\x07`},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", `\x1b]8;;https://evil.example\x1b\click\x1b]8;;\x1b\`},
		{"OSC title", "\x1b]0;pwned\x07", `\x1b]0;pwned\x07`},
		{"DCS", "\x1bP1$r0m\x1b\\", `\x1bP1$r0m\x1b\`},
		{"SOS PM APC", "\x1bXa\x1b\\\x1b^b\x1b\\\x1b_c\x1b\\", `\x1bXa\x1b\\x1b^b\x1b\\x1b_c\x1b\`},
		{"BEL", "ding\a", `ding\x07`},
		{"NUL", "a\x00b", `a\x00b`},
		{"DEL", "a\x7fb", `a\x7fb`},
		{"C1 CSI as a character", "a\u009b2Jb", `a\u009b2Jb`},
		{"C1 OSC and ST", "\u009d0;x\u009c", `\u009d0;x\u009c`},
		{"NEL", "a\u0085b", `a\u0085b`},
		{"C1 as a raw byte", "a\x9b2Jb", `a\x9b2Jb`},
		{"invalid UTF-8", "a\xff\xfeb", `a\xff\xfeb`},
		{"line break in a value", "line1\nline2\r\n", `line1\x0aline2\x0d\x0a`},
		{"tab in a value", "a\tb", `a\x09b`},
		{"right-to-left override", "total \u202e05.21", `total \u202e05.21`},
		{"every embedding and override", "\u202a\u202b\u202c\u202d\u202e", `\u202a\u202b\u202c\u202d\u202e`},
		{"isolates", "\u2066a\u2067b\u2068c\u2069", `\u2066a\u2067b\u2068c\u2069`},
		{"marks", "\u200e\u200f\u061c", `\u200e\u200f\u061c`},
		{"line and paragraph separators", "a\u2028b\u2029c", `a\u2028b\u2029c`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Escape(c.in); got != c.want {
				t.Errorf("Escape(%q) = %q, want %q", c.in, got, c.want)
			}
			if got := IsSafe(c.in); got != (c.in == c.want) {
				t.Errorf("IsSafe(%q) = %v", c.in, got)
			}
		})
	}
}

func TestLinesKeepsLineBreaksAndTabs(t *testing.T) {
	in := "Shop\x1b]52;c;eA==\x07\r\nnote:\tcafé\u202e\nlone\rreturn\n"
	want := "Shop\\x1b]52;c;eA==\\x07\r\nnote:\tcafé\\u202e\nlone\\x0dreturn\n"
	if got := Lines(in); got != want {
		t.Errorf("Lines(%q) = %q, want %q", in, got, want)
	}
	if got := Lines("a\nb\tc"); got != "a\nb\tc" {
		t.Errorf("Lines changed clean text: %q", got)
	}
}

func TestStyledKeepsOnlySGR(t *testing.T) {
	in := "\x1b[1;38;2;255:0:0mPAID\x1b[m\n\x1b]52;c;eA==\x07\x1b[2J\x1b[31\x1b\u202e\x9b\x1b["
	want := "\x1b[1;38;2;255:0:0mPAID\x1b[m\n" + `\x1b]52;c;eA==\x07\x1b[2J\x1b[31\x1b\u202e\x9b\x1b[`
	if got := Styled(in); got != want {
		t.Errorf("Styled(%q) =\n%q, want\n%q", in, got, want)
	}
}

// encoding/json writes C1 and bidi controls raw; JSON escapes them and
// the value stays the same.
func TestJSON(t *testing.T) {
	v := map[string]string{"name": "a\u009b2J\u202eb\u2066\x1b\a\u2028é\u200d", "x": "<&>"}
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	got := JSON(raw)
	for _, r := range string(got) {
		if Unsafe(r) {
			t.Fatalf("%U raw in %s", r, got)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(got, &back); err != nil || back["name"] != v["name"] || back["x"] != v["x"] {
		t.Fatalf("JSON changed the value: %q (%v)", back, err)
	}
	if !strings.Contains(string(got), `\u009b2J\u202eb\u2066`) {
		t.Errorf("not escaped: %s", got)
	}
	if clean := []byte(`{"a":"é"}`); &JSON(clean)[0] != &clean[0] {
		t.Error("clean JSON was copied")
	}
}

func TestStyledOnlyKeepsOwnSGR(t *testing.T) {
	own := OwnSGR("\x1b[1;38;2;90;63;214mx\x1b[m", "\x1b[2mx\x1b[m")
	in := "\x1b[1;38;2;90;63;214mreport.csv\x1b[m \x1b[8mHIDDEN\x1b[m \x1b[2mx\x1b[0m"
	want := "\x1b[1;38;2;90;63;214mreport.csv\x1b[m " + `\x1b[8mHIDDEN` + "\x1b[m \x1b[2mx\x1b[0m"
	if got := StyledOnly(in, own); got != want {
		t.Errorf("StyledOnly(%q) =\n%q, want\n%q", in, got, want)
	}
}

func TestEscapeDoesNotCopyCleanText(t *testing.T) {
	s := strings.Repeat("ร้านค้า café ", 20)
	if n := testing.AllocsPerRun(100, func() { _ = Escape(s) }); n != 0 {
		t.Errorf("Escape of clean text allocates %v times", n)
	}
}

// checkSafe fails when out holds anything a terminal would obey.
func checkSafe(t *testing.T, in, out string, multiline bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("output of %q is not UTF-8: %q", in, out)
	}
	for i, r := range out {
		if multiline && (r == '\n' || r == '\t' || (r == '\r' && strings.HasPrefix(out[i:], "\r\n"))) {
			continue
		}
		if Unsafe(r) {
			t.Fatalf("output of %q holds %U raw at byte %d: %q", in, r, i, out)
		}
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b]52;c;eA==\x07", "\u202e", "\x9b", "ร้าน\u200d", "\r\n\t", "\xff", `\x1b`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Escape(s)
		checkSafe(t, s, out, false)
		lines := Lines(s)
		checkSafe(t, s, lines, true)
		// JSON keeps the value and leaves nothing raw.
		raw, _ := json.Marshal(s)
		safe := JSON(raw)
		checkSafe(t, s, string(safe), false)
		var back, want string
		json.Unmarshal(raw, &want)
		if err := json.Unmarshal(safe, &back); err != nil || back != want {
			t.Fatalf("JSON(%s) = %s decodes to %q, want %q (%v)", raw, safe, back, want, err)
		}
		// Styled lets through SGR sequences and nothing else.
		styled := Styled(s)
		for i := 0; i < len(styled); i++ {
			if styled[i] == 0x1b {
				n := sgrLen(styled[i:])
				if n == 0 {
					t.Fatalf("Styled(%q) = %q: ESC at byte %d starts no SGR sequence", s, styled, i)
				}
				i += n - 1
			}
		}
		checkSafe(t, s, strings.Map(func(r rune) rune {
			if r == 0x1b {
				return 'E'
			}
			return r
		}, styled), true)
		// Nothing but the unsafe characters changes: text that is already
		// safe comes back as it was, and escaping twice changes nothing more
		// than escaping once (the escapes themselves are printable ASCII).
		if IsSafe(s) != (out == s) {
			t.Fatalf("IsSafe(%q) = %v but Escape gave %q", s, IsSafe(s), out)
		}
		if Escape(out) != out || Lines(lines) != lines {
			t.Fatalf("escaping %q twice changed it again", s)
		}
		// Every character is either kept as it was or replaced by its
		// escape, in order: nothing is dropped, reordered or invented.
		rest := out
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case strings.HasPrefix(rest, s[i:i+size]) && !Unsafe(r) && !(r == utf8.RuneError && size == 1):
				rest = rest[size:]
			case strings.HasPrefix(rest, `\x`) || strings.HasPrefix(rest, `\u`):
				n := 4
				if rest[1] == 'u' {
					n = 6
				}
				rest = rest[n:]
			default:
				t.Fatalf("Escape(%q) = %q: the character at byte %d is neither kept nor escaped", s, out, i)
			}
			i += size
		}
		if rest != "" {
			t.Fatalf("Escape(%q) = %q: %q added at the end", s, out, rest)
		}
	})
}
