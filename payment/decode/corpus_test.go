package decode

import (
	"bufio"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// corpusCode is one row of testdata/corpus.tsv: a real code as published.
type corpusCode struct {
	id, scheme, verdict, payload, origin string
	issues                               []Issue
}

func loadCorpus(t *testing.T) []corpusCode {
	t.Helper()
	f, err := os.Open("testdata/corpus.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusCode
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "id\t") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 6 || c[5] == "" || (c[2] != "accepted" && c[2] != "refused") {
			t.Fatalf("corpus row %q: want 6 columns, a verdict and an origin", c[0])
		}
		code := corpusCode{id: c[0], scheme: c[1], verdict: c[2], payload: strings.ReplaceAll(c[4], `\n`, "\n"), origin: c[5]}
		if c[3] != "-" {
			for _, is := range strings.Split(c[3], ";") {
				tag, words, _ := strings.Cut(is, "~")
				if tag == "payload" {
					tag = ""
				}
				code.issues = append(code.issues, Issue{tag, words})
			}
		}
		out = append(out, code)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCorpus decodes every real published code of the corpus: those
// accepted decode with no error (their national deviations as warnings),
// those refused fail for the reason written beside them and no other. It
// reports the corpus size and the share accepted, per scheme.
func TestCorpus(t *testing.T) {
	codes := loadCorpus(t)
	if len(codes) < 70 {
		t.Fatalf("the corpus has %d codes", len(codes))
	}
	type tally struct{ all, accepted int }
	bySchema := map[string]*tally{}
	seen := map[string]bool{}
	var refused []string
	for _, c := range codes {
		if seen[c.id] {
			t.Errorf("%s appears twice", c.id)
		}
		seen[c.id] = true
		r := Decode(c.payload)
		if bySchema[c.scheme] == nil {
			bySchema[c.scheme] = &tally{}
		}
		bySchema[c.scheme].all++
		if r.Valid {
			bySchema[c.scheme].accepted++
		} else {
			refused = append(refused, c.id)
		}
		t.Run(c.id, func(t *testing.T) {
			want := c.verdict == "accepted"
			if r.Valid != want {
				t.Fatalf("valid = %v, want %s (origin: %s)\nerrors: %v", r.Valid, c.verdict, c.origin, r.Errors)
			}
			found := r.Warnings
			if !want {
				found = r.Errors
				for _, e := range r.Errors {
					if !tagListed(c.issues, e.Tag) {
						t.Errorf("unexpected error %v", e)
					}
				}
			}
			// The profiles issue 16 added name what they recognise.
			if want && (c.scheme == "qrph" || c.scheme == "khqr" || c.scheme == "qris") && !slices.Contains(r.Schemes, c.scheme) {
				t.Errorf("schemes %v, want %s among them", r.Schemes, c.scheme)
			}
			for _, is := range c.issues {
				if !hasIssue(found, is) {
					t.Errorf("missing issue on %q mentioning %q; got %v", is.Tag, is.Rule, found)
				}
			}
		})
	}
	for _, s := range []string{"pix", "promptpay", "paynow", "duitnow", "qris", "qrph", "khqr", "unionpay", "vietqr", "emv", "upi", "epc"} {
		if bySchema[s] == nil {
			t.Errorf("no real %s code in the corpus", s)
		}
	}
	names := make([]string, 0, len(bySchema))
	accepted := 0
	for s, n := range bySchema {
		names = append(names, s)
		accepted += n.accepted
	}
	sort.Strings(names)
	var b strings.Builder
	for _, s := range names {
		b.WriteString(" " + s + " " + strconv.Itoa(bySchema[s].accepted) + "/" + strconv.Itoa(bySchema[s].all))
	}
	t.Logf("corpus: %d real codes, %d accepted (%.1f%%);%s; refused: %s",
		len(codes), accepted, 100*float64(accepted)/float64(len(codes)), b.String(), strings.Join(refused, ", "))
}
