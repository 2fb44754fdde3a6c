package statement

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
)

// Every fixture is recognised by format "auto" and reads the same as with
// its explicit format.
func TestAutoDetect(t *testing.T) {
	tests := []struct {
		file, format, profile, source string
	}{
		{"camt053_v02_batch.xml", "camt", "", "camt.053"},
		{"camt053_v08.xml", "camt", "", "camt.053"},
		{"camt052_v08.xml", "camt", "", "camt.052"},
		{"camt054_v04.xml", "camt", "", "camt.054"},
		{"mt940_de.sta", "mt940", "", "mt940"},
		{"mt940_nl.sta", "mt940", "", "mt940"},
		{"mt942.sta", "mt940", "", "mt942"},
		{"ofx102_sgml.ofx", "ofx", "", "ofx"},
		{"ofx2_creditcard.ofx", "ofx", "", "ofx"},
		{"ofx_oneline.ofx", "ofx", "", "ofx"},
		{"pix_webhook.json", "pix", "", "pix"},
		{"pix_get.json", "pix", "", "pix"},
		{"generic.csv", "csv", "generic", "csv:generic"},
		{"sparkasse.csv", "csv", "sparkasse", "csv:sparkasse"},
		{"alipay.csv", "csv", "alipay", "csv:alipay"},
		{"wechat.csv", "csv", "wechat", "csv:wechat"},
		{"wechat_gb18030.csv", "csv", "wechat", "csv:wechat"},
		{"uk_unicode.txt", "csv", "uk-unicode", "csv:uk-unicode"},
	}
	opts := Options{Profiles: []Profile{ukUnicode}}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			format, profile, err := DetectFormat(data, opts)
			if err != nil || format != tt.format || profile != tt.profile {
				t.Fatalf("DetectFormat = %q, %q, %v; want %q, %q", format, profile, err, tt.format, tt.profile)
			}
			auto := readFixture(t, tt.file, "auto", opts)
			explicit := readFixture(t, tt.file, tt.format, Options{Profile: tt.profile, Profiles: opts.Profiles})
			checkLines(t, auto, explicit)
			if len(auto) == 0 || auto[0].Source != tt.source {
				t.Errorf("source %q, want %q", auto[0].Source, tt.source)
			}
		})
	}
}

func TestDetectUnknown(t *testing.T) {
	for _, doc := range []string{"", "hello\nworld\n", `<?xml version="1.0"?><html/>`, `{"a":1}`, "a;b;c\n1;2;3\n"} {
		_, err := Open(strings.NewReader(doc), "auto", Options{})
		if !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("Open(%q) = %v, want ErrUnknownFormat", doc, err)
		}
	}
	if _, err := Open(strings.NewReader(""), "bai2", Options{}); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("format bai2: %v", err)
	}
	// with a profile named, anything that is not a known format is read as that CSV
	if f, p, err := DetectFormat([]byte("a;b\n"), Options{Profile: "sparkasse"}); f != "csv" || p != "sparkasse" || err != nil {
		t.Errorf("DetectFormat with a profile = %q, %q, %v", f, p, err)
	}
}

// The references till put in the codes are found in each fixture's
// Reference or Text, whatever the bank did to them (lower case, spaces,
// split across MT940 subfields or camt Ustrd lines, wrapped in RF).
func TestFixtureReferencesAreFindable(t *testing.T) {
	want := map[string][]string{
		"camt053_v02_batch.xml": {"NBT568R5FB", "47VU6H7V5C", "9G5T5G4ALS", "UB9MD8ER8X", "65FZVNXXRD"},
		"camt053_v08.xml":       {"MHDH7MZPWY", "L69UCPBZUJ", "KAVKUQSGBV"},
		"camt052_v08.xml":       {"46NPQZX672", "3XQC9Z5FL6"},
		"camt054_v04.xml":       {"KY65MWLSQ6"},
		"mt940_de.sta":          {"9G5T5G4ALS", "NBT568R5FB", "NBT568R5FB"},
		"mt940_nl.sta":          {"3XQC9Z5FL6", "AHTTZ7CWTA"},
		"mt942.sta":             {"46NPQZX672"},
		"ofx102_sgml.ofx":       {"NBT568R5FB", "47VU6H7V5C"},
		"ofx2_creditcard.ofx":   {"65FZVNXXRD"},
		"ofx_oneline.ofx":       {"KY65MWLSQ6"},
		"pix_webhook.json":      {"NBT568R5FB", "MHDH7MZPWY"},
		"pix_get.json":          {"47VU6H7V5C", "47VU6H7V5C", "47VU6H7V5C", "9G5T5G4ALS"},
		"generic.csv":           {"NBT568R5FB", "65FZVNXXRD", "47VU6H7V5C"},
		"sparkasse.csv":         {"UB9MD8ER8X", "KY65MWLSQ6"},
		"alipay.csv":            {"AHTTZ7CWTA", "KAVKUQSGBV", "AHTTZ7CWTA"},
		"wechat.csv":            {"AHTTZ7CWTA", "KAVKUQSGBV", "AHTTZ7CWTA"},
		"wechat_gb18030.csv":    {"AHTTZ7CWTA", "KAVKUQSGBV", "AHTTZ7CWTA"},
		"uk_unicode.txt":        {"NBT568R5FB", "47VU6H7V5C"},
	}
	for file, refs := range want {
		var found []string
		for _, l := range readFixture(t, file, "auto", Options{Profiles: []Profile{ukUnicode}}) {
			for _, r := range payment.FindReferences(l.Reference + " " + l.Text) {
				found = append(found, string(r))
			}
		}
		// FindReferences also returns chance hits that the matcher checks
		// against its orders; every reference of the fixture must be there.
		rest := append([]string(nil), found...)
	next:
		for _, r := range refs {
			for i, f := range rest {
				if f == r {
					rest = append(rest[:i], rest[i+1:]...)
					continue next
				}
			}
			t.Errorf("%s: %s not found; found %v", file, r, found)
		}
		for _, r := range refs {
			if _, err := payment.ParseReference(r); err != nil {
				t.Errorf("%s: fixture reference %s is not valid: %v", file, r, err)
			}
		}
	}
}

type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n > 0 {
		return 0, errors.New("disk on fire")
	}
	f.n++
	return copy(p, "date,amount,currency,reference,counterparty,id\n2026-01-15,1.00,EUR,,,\n"), nil
}

func TestErrorsAreSticky(t *testing.T) {
	r, err := Open(&failingReader{}, "csv", Options{Profile: "generic"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatalf("first line: %v", err)
	}
	_, err1 := r.Next()
	_, err2 := r.Next()
	if err1 == nil || err1 == io.EOF || err1.Error() != err2.Error() || !strings.Contains(err1.Error(), "disk on fire") {
		t.Fatalf("errors %v then %v, want the read error twice", err1, err2)
	}
}

func TestKeyerEviction(t *testing.T) {
	k := newKeyer(false)
	k.limit = 4
	line := func(minute int, text string) Line {
		return Line{Source: "csv:x", BookedAt: time.Date(2026, 1, 15, 10, minute, 0, 0, time.UTC),
			Amount: amt("EUR", 100), Credit: true, Text: text}
	}
	key := func(l Line) string { k.finish(&l); return l.Key }
	// a sorted file: repeats within one time are numbered, memory stays bounded
	var keys []string
	for m := range 10 {
		keys = append(keys, key(line(m, "a")), key(line(m, "a")))
	}
	if len(k.seen) > 4 {
		t.Errorf("%d tuples remembered, want at most 4", len(k.seen))
	}
	for i := 0; i < len(keys); i += 2 {
		if keys[i+1] != keys[i]+"#2" {
			t.Errorf("keys %q, %q: want the repeat numbered #2", keys[i], keys[i+1])
		}
	}
	// coming back to a forgotten time never repeats a key
	back := key(line(0, "a"))
	for _, k := range keys {
		if k == back {
			t.Fatalf("key %q given twice after eviction", back)
		}
	}
	if !strings.Contains(back, "@") {
		t.Errorf("key %q after eviction has no generation mark", back)
	}
	// bank ids are kept; pending lines get their own key
	l := Line{Key: "camt|A|1", Pending: true}
	k.finish(&l)
	if l.Key != "camt|A|1|pending" {
		t.Errorf("pending key %q", l.Key)
	}
}

func TestNormalizeSpace(t *testing.T) {
	for in, want := range map[string]string{"ABC": "ABC", " a  b\tc\n": "A B C", "Müller ": "MÜLLER", "": ""} {
		if got := normalizeSpace(in); got != want {
			t.Errorf("normalizeSpace(%q) = %q, want %q", in, got, want)
		}
	}
}
