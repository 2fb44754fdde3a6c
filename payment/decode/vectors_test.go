package decode

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// vector is one row of testdata/*.tsv.
type vector struct {
	id, format, expect, payload, source string
	issues                              []Issue // Tag and a word of the Rule
}

// loadVectors reads a tab-separated vector file; format is fixed ("emv")
// when the file has no format column.
func loadVectors(t testing.TB, name string) []vector {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []vector
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	header := true
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		if header {
			header = false
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) == 5 {
			c = append(c[:1], append([]string{"emv"}, c[1:]...)...)
		}
		if len(c) != 6 {
			t.Fatalf("%s: row %q has %d columns", name, c[0], len(c))
		}
		v := vector{id: c[0], format: c[1], expect: c[2], payload: strings.ReplaceAll(c[4], `\n`, "\n"), source: c[5]}
		if c[3] != "-" {
			for _, is := range strings.Split(c[3], ";") {
				tag, words, _ := strings.Cut(is, "~")
				if tag == "payload" {
					tag = ""
				}
				v.issues = append(v.issues, Issue{tag, words})
			}
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func allVectors(t testing.TB) []vector {
	return append(loadVectors(t, "emv_vectors.tsv"), loadVectors(t, "other_vectors.tsv")...)
}

// TestVectors decodes every published vector: good ones are valid with
// no error, bad ones are invalid for the reason the reference gives, and
// nothing else is flagged as an error.
func TestVectors(t *testing.T) {
	vs := allVectors(t)
	if len(vs) < 60 {
		t.Fatalf("only %d vectors loaded", len(vs))
	}
	for _, v := range vs {
		t.Run(v.id, func(t *testing.T) {
			r := Decode(v.payload)
			if r.Format != v.format {
				t.Errorf("format %q, want %q", r.Format, v.format)
			}
			want := v.expect == "valid"
			if r.Valid != want {
				t.Fatalf("valid = %v, want %v (source: %s)\nerrors: %v", r.Valid, want, v.source, r.Errors)
			}
			found := r.Warnings
			if !want {
				found = r.Errors
			}
			for _, is := range v.issues {
				if !hasIssue(found, is) {
					t.Errorf("missing issue on %q mentioning %q; got %v", is.Tag, is.Rule, found)
				}
			}
			if !want {
				for _, e := range r.Errors {
					if !tagListed(v.issues, e.Tag) {
						t.Errorf("unexpected error %v", e)
					}
				}
			}
		})
	}
}

func hasIssue(is []Issue, want Issue) bool {
	for _, i := range is {
		if i.Tag == want.Tag && strings.Contains(i.Rule, want.Rule) {
			return true
		}
	}
	return false
}

func tagListed(is []Issue, tag string) bool {
	for _, i := range is {
		if i.Tag == tag {
			return true
		}
	}
	return false
}

// TestVectorSummaries checks what the report says a few codes ask for,
// against the "what it encodes" column of qr-vectors.md.
func TestVectorSummaries(t *testing.T) {
	byID := map[string]vector{}
	for _, v := range allVectors(t) {
		byID[v.id] = v
	}
	tests := []struct {
		id                                    string
		schemes                               string
		amount, currency, ref, merchant, city string
	}{
		{"emv-annexb", "generic:D15600000000,generic:D15600000001", "23.72", "CNY", "", "BEST TRANSPORT", "BEIJING"},
		{"pix-utils-generated", "pix", "12.50", "BRL", "POS0001", "FULANO DE TAL", "BRASILIA"},
		{"pix-brcode-multi", "mastercard,pix,generic:BR.COM.OUTRO", "123.45", "BRL", "", "NOME DO RECEBEDOR", "BRASILIA"},
		{"pp-billpay", "promptpay", "300.00", "THB", "INV12345", "", ""},
		{"pp-amount", "promptpay", "4.22", "THB", "", "", ""},
		{"paynow-generated", "paynow", "500", "SGD", "TQINV-10001", "ACME Pte Ltd.", "Singapore"},
		{"sgqr-paynow-sgqrid", "paynow,sgqr", "", "SGD", "987654321X", "RATINAN LEE", "SINGAPORE"},
		{"duitnow-static-amount", "duitnow", "10.00", "MYR", "", "QRCSDNBHD", "BANGI"},
		{"qris-gopay-static", "generic:COM.GO-JEK.WWW,qris", "", "IDR", "", "Toko digital HSN, Digital", "SIDOARJO"},
		{"napas-dynamic", "vietqr", "180000", "VND", "NPS6869", "", ""},
		{"vietqr-lib", "vietqr", "10000", "VND", "Chuyen tien", "", ""},
		{"khqr-merchant-dynamic", "khqr", "1.50", "USD", "", "devit", "Battambang"},
		{"khqr-unionpay", "unionpay", "10.00", "USD", "12345678", "Merchant Shop", "Phnom Penh"},
		{"epc-with-bic", "epc", "12.50", "EUR", "Urgency fund", "Red Cross of Belgium", ""},
		{"epc-structured-noamount", "epc", "", "EUR", "RF18539007547034", "Müller & Söhne", ""},
		{"upi-spec-sample", "upi", "10", "INR", "4894398cndhcd23", "nadeem chinna", ""},
	}
	for _, tt := range tests {
		r := Decode(byID[tt.id].payload)
		got := []string{strings.Join(r.Schemes, ","), r.Amount, r.Currency, r.Reference, r.MerchantName, r.MerchantCity}
		want := []string{tt.schemes, tt.amount, tt.currency, tt.ref, tt.merchant, tt.city}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: field %d = %q, want %q", tt.id, i, got[i], want[i])
			}
		}
	}
}

// TestReportJSON pins the JSON field names `till decode --json` prints and
// checks that empty lists are [] rather than null.
func TestReportJSON(t *testing.T) {
	b, err := json.Marshal(Decode("hello"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := []string{"valid", "format", "schemes", "amount", "currency", "reference", "merchant_name", "merchant_city", "fields", "errors", "warnings"}
	if len(m) != len(want) {
		t.Errorf("JSON has %d fields, want %d: %s", len(m), len(want), b)
	}
	for _, k := range want {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	for _, k := range []string{"schemes", "fields", "warnings"} {
		if _, ok := m[k].([]any); !ok {
			t.Errorf("%s is %v, want a list", k, m[k])
		}
	}
	if m["format"] != "unknown" || m["valid"] != false {
		t.Errorf("format/valid = %v/%v", m["format"], m["valid"])
	}
	leaf := Decode("00020101021129370016A000000677010111011300668012345675802TH530376463046197").Fields[0]
	lb, _ := json.Marshal(leaf)
	if string(lb) != `{"tag":"00","name":"Payload Format Indicator","value":"01","children":[]}` {
		t.Errorf("leaf field JSON = %s", lb)
	}
}
