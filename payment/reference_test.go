package payment

import (
	"errors"
	"strings"
	"testing"
)

func TestNewReferenceIsValid(t *testing.T) {
	seen := map[Reference]bool{}
	for range 10000 {
		r := NewReference()
		if len(r) != DefaultReferenceLen {
			t.Fatalf("length %d: %s", len(r), r)
		}
		if strings.ContainsAny(string(r), "01OI") {
			t.Fatalf("look-alike character in %s", r)
		}
		if _, err := ParseReference(string(r)); err != nil {
			t.Fatalf("NewReference made an invalid reference %s: %v", r, err)
		}
		if seen[r] {
			t.Fatalf("repeat after %d references: %s", len(seen), r)
		}
		seen[r] = true
	}
}

// The check character catches every single substitution and every swap of
// neighbouring characters, check character included. This is exhaustive
// over all positions and symbols for a sample of references.
func TestReferenceCheckCatchesTypos(t *testing.T) {
	for range 200 {
		r := string(NewReference())
		for i := 0; i < len(r); i++ {
			for j := 0; j < len(ReferenceAlphabet); j++ {
				c := ReferenceAlphabet[j]
				if c == r[i] {
					continue
				}
				typo := r[:i] + string(c) + r[i+1:]
				if _, err := ParseReference(typo); err == nil {
					t.Fatalf("substitution %s → %s not detected", r, typo)
				}
			}
			if i+1 < len(r) && r[i] != r[i+1] {
				swap := r[:i] + string(r[i+1]) + string(r[i]) + r[i+2:]
				if _, err := ParseReference(swap); err == nil {
					t.Fatalf("transposition %s → %s not detected", r, swap)
				}
			}
		}
	}
}

func TestParseReference(t *testing.T) {
	r := NewReference()
	lower := strings.ToLower(string(r))
	spaced := string(r[:5]) + " " + string(r[5:])
	hyphen := r.Grouped()
	for _, in := range []string{string(r), lower, spaced, hyphen, "  " + lower + "\t"} {
		got, err := ParseReference(in)
		if err != nil || got != r {
			t.Errorf("ParseReference(%q) = %q, %v; want %q", in, got, err, r)
		}
	}
	bad := map[string]string{
		"":              "empty",
		"ABC":           "characters",
		"ABCDEFGHJKLMN": "characters",
		"AB0DEFGHJK":    "not used",
		"ABIDEFGHJK":    "not used",
		"ABCDEFGH#K":    "not used",
	}
	for in, want := range bad {
		_, err := ParseReference(in)
		if err == nil || !errors.Is(err, ErrReference) || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseReference(%q) = %v, want an error mentioning %q", in, err, want)
		}
	}
	// A wrong check character is reported as such.
	body := string(r[:len(r)-1])
	wrong := body + string(ReferenceAlphabet[(strings.IndexByte(ReferenceAlphabet, r[len(r)-1])+1)%32])
	if _, err := ParseReference(wrong); err == nil || !strings.Contains(err.Error(), "check character") {
		t.Errorf("wrong check character: %v", err)
	}
}

func TestFindReferences(t *testing.T) {
	r := NewReference()
	s := string(r)
	tests := []struct {
		name, text string
	}{
		{"plain", "Payment " + s + " thanks"},
		{"lower case", "payment " + strings.ToLower(s)},
		{"spaces inserted by the bank", "SVWZ+" + s[:3] + " " + s[3:7] + " " + s[7:]},
		{"line break", "REF " + s[:6] + "\n" + s[6:] + " END"},
		{"glued to words", "EREF+" + s + "KREF+NONE"},
		{"grouped as till prints it", "Order " + r.Grouped()},
	}
	for _, tt := range tests {
		found := FindReferences(tt.text)
		ok := false
		for _, f := range found {
			ok = ok || f == r
		}
		if !ok {
			t.Errorf("%s: %q: %s not found among %v", tt.name, tt.text, r, found)
		}
		if !r.FoundIn(tt.text) {
			t.Errorf("%s: FoundIn false", tt.name)
		}
	}
	other := NewReference()
	if other.FoundIn("Payment " + s) {
		t.Errorf("%s found in text that only mentions %s", other, s)
	}
	if got := FindReferences(""); len(got) != 0 {
		t.Errorf("empty text: %v", got)
	}
}

func BenchmarkFindReferences(b *testing.B) {
	text := "?20SVWZ+Bestellung " + string(NewReference()) + " Danke fuer Ihren Einkauf?21EREF+NOTPROVIDED?30COBADEFFXXX?31DE89370400440532013000?32MAX MUSTERMANN"
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		FindReferences(text)
	}
}

func FuzzParseReference(f *testing.F) {
	f.Add(string(NewReference()))
	f.Add("ab2c-d3ef gh")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseReference(s)
		if err != nil {
			return
		}
		if len(r) < MinReferenceLen || len(r) > MaxReferenceLen {
			t.Fatalf("accepted length %d", len(r))
		}
		again, err := ParseReference(string(r))
		if err != nil || again != r {
			t.Fatalf("not idempotent: %q → %q → %q, %v", s, r, again, err)
		}
		if !r.FoundIn("xx " + string(r) + " yy") {
			t.Fatalf("%s not found in text", r)
		}
	})
}

func TestCompleteReference(t *testing.T) {
	r, err := CompleteReference("TESTAB234")
	if err != nil || len(r) != 10 || r[:9] != "TESTAB234" {
		t.Fatalf("%q %v", r, err)
	}
	if _, err := CompleteReference("TEST0"); err == nil {
		t.Fatal("accepted a body with a look-alike and too short")
	}
}
