package config

import (
	"strings"
	"testing"
)

// The names, the cashier and the printer command are shown on screens,
// printed on receipts and (the printer) run by a shell: each must be one
// line of printable text of a sensible length, and a refusal names the key.
func TestTextFieldsAreChecked(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(*File)
		want   string // "" when the file is accepted
	}{
		{"Thai, CJK and umlauts", func(f *File) {
			f.Merchant.Name, f.Merchant.City, f.Till.Cashier = "Müller Café 東京", "Zürich", "สมชาย"
			f.Merchant.Language, f.Merchant.LocalName = "TH", "ร้านค้า"
		}, ""},
		{"joiners in a cashier's name", func(f *File) { f.Till.Cashier = "👩\u200d🍳 ana\u200c" }, ""},
		{"a printer command with quotes and a pipe", func(f *File) { f.Till.Printer = `iconv -t CP437 | lp -d "receipt"` }, ""},
		{"escape sequence in the name", func(f *File) { f.Merchant.Name = "Shop\x1b]52;c;cHduZWQ=\a" }, "merchant.name must be printable text on one line, but it holds the character U+001B"},
		{"bidi override in the city", func(f *File) { f.Merchant.City = "Recife\u202e" }, "merchant.city must be printable text on one line, but it holds the character U+202E"},
		{"C1 control in the cashier", func(f *File) { f.Till.Cashier = "ana\u009b2J" }, "till.cashier must be printable text on one line, but it holds the character U+009B"},
		{"line break in the printer command", func(f *File) { f.Till.Printer = "lp\nrm -rf ~" }, "till.printer must be printable text on one line, but it holds the character U+000A"},
		{"isolate in the local name", func(f *File) { f.Merchant.Language, f.Merchant.LocalName = "TH", "\u2067ร้าน" }, "merchant.local_name must be printable text on one line, but it holds the character U+2067"},
		{"byte-order mark in the local city", func(f *File) { f.Merchant.LocalCity = "\ufeffBangkok" }, "merchant.local_city must be printable text on one line, but it holds the character U+FEFF"},
		{"escape sequence in a scheme's name", func(f *File) { f.Schemes[0]["name"] = "pix\x1b[8m" }, "schemes[0].name must be printable text on one line, but it holds the character U+001B"},
		{"bidi override in a scheme's field", func(f *File) { f.Schemes[0]["info"] = "loja\u202e" }, "schemes[0].info must be printable text on one line, but it holds the character U+202E"},
		{"bytes that are not UTF-8", func(f *File) { f.Till.Cashier = "ana\xff" }, "till.cashier must be text (UTF-8)"},
		{"a name too long", func(f *File) { f.Merchant.Name = strings.Repeat("a", 101) }, "merchant.name is 101 characters long; at most 100 are allowed"},
		{"a cashier too long", func(f *File) { f.Till.Cashier = strings.Repeat("é", 65) }, "till.cashier is 65 characters long; at most 64 are allowed"},
		{"a printer command too long", func(f *File) { f.Till.Printer = "lp " + strings.Repeat("x", 1022) }, "till.printer is 1025 characters long; at most 1024 are allowed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := pixFile(t)
			tt.change(&f)
			_, err := Resolve(f)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			// The same through the file, as till reads it (the TOML reader
			// refuses bytes that are not UTF-8 itself).
			if tt.want == "" || strings.Contains(tt.want, "UTF-8") {
				return
			}
			data, err := Encode(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Parse(data); err == nil || !strings.Contains(err.Error(), strings.SplitN(tt.want, " ", 2)[0]) {
				t.Fatalf("Parse: got %v, want an error naming the key of %q", err, tt.want)
			}
		})
	}
}
