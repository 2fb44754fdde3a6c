package emv

import (
	"errors"
	"strings"
	"testing"
)

func TestCRC16(t *testing.T) {
	// The CRC-16/CCITT-FALSE check value, and the CRCs of two published
	// payloads (qr-vectors.md: pp-phone-static, emv-annexb over UTF-8).
	if got := CRC16([]byte("123456789")); got != 0x29B1 {
		t.Errorf("check value = %04X, want 29B1", got)
	}
	for _, p := range []string{
		"00020101021129370016A000000677010111011300668012345675802TH530376463046197",
		"00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A",
	} {
		if err := CheckCRC(p); err != nil {
			t.Errorf("CheckCRC: %v", err)
		}
	}
	for p, want := range map[string]string{
		"00020101021129370016A000000677010111011300668012345675802TH530376463046198": "mismatch",
		"6304":                 "too short",
		"000201010211630X12":   "must end with tag 63",
		"00020101021163040x1F": "not four hex digits",
	} {
		err := CheckCRC(p)
		if !errors.Is(err, ErrCRC) || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckCRC(%q) = %v, want %q", p, err, want)
		}
	}
}

func TestEncodeParse(t *testing.T) {
	// Lengths count characters: "最佳运输" is 4 characters, 12 bytes.
	objs := []DataObject{Object("00", "ZH"), Object("01", "最佳运输"), Object("02", ""), Object("03", "北京")}
	s, err := Encode(objs...)
	if err != nil || s != "0002ZH0104最佳运输0302北京" {
		t.Fatalf("Encode = %q, %v", s, err)
	}
	back, err := Parse(s)
	if err != nil || len(back) != 3 || back[1].Value != "最佳运输" {
		t.Errorf("Parse = %v, %v", back, err)
	}
	if _, err := Encode(Object("1", "x")); err == nil {
		t.Error("one-digit ID accepted")
	}
	if _, err := Encode(Object("01", strings.Repeat("x", 100))); err == nil {
		t.Error("100 characters accepted")
	}
	for s, want := range map[string]string{
		"0102AB01": "stray",
		"AB02xy":   `ID "AB"`,
		"01x2ab":   "length",
		"0100":     "length 00",
		"0105abc":  "runs past the end",
		"0102AB\n": "line break",
	} {
		var se *SyntaxError
		if _, err := Parse(s); !errors.As(err, &se) || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want %q", s, err, want)
		}
	}
	if _, err := Payload(Object("01", "12")); err == nil {
		t.Error("Payload without 00 first accepted")
	}
	if _, err := Payload(Object("00", "01"), Object("63", "ABCD")); err == nil {
		t.Error("Payload with its own 63 accepted")
	}
	p, err := Payload(Object("00", "01"), Object("01", "12"))
	if err != nil || CheckCRC(p) != nil || !strings.HasPrefix(p, "00020101021263") {
		t.Errorf("Payload = %q, %v", p, err)
	}
}

func TestCheckAmount(t *testing.T) {
	for _, ok := range []string{"98.73", "98", "98.", "0.01", "1234567890.12", ".5"} {
		if err := CheckAmount(ok); err != nil {
			t.Errorf("CheckAmount(%q) = %v", ok, err)
		}
	}
	for in, want := range map[string]error{
		"98,73": ErrAmountChars, "3 705": ErrAmountChars, "-1": ErrAmountChars, "1e3": ErrAmountChars,
		"1.2.3": ErrAmountChars, ".": ErrAmountChars, "": ErrAmountChars,
		"0": ErrAmountZero, "0.00": ErrAmountZero, "12345678901.23": ErrAmountLong,
	} {
		if err := CheckAmount(in); err != want {
			t.Errorf("CheckAmount(%q) = %v, want %v", in, err, want)
		}
	}
}

// payload appends a CRC to a body for the Inspect cases.
func payload(body string) string {
	body += "6304"
	return body + strings.ToUpper(hex4(CRC16([]byte(body))))
}

func hex4(v uint16) string {
	const h = "0123456789ABCDEF"
	return string([]byte{h[v>>12], h[v>>8&15], h[v>>4&15], h[v&15]})
}

// TestInspect covers rules the published vectors do not reach.
func TestInspect(t *testing.T) {
	const (
		account = "26170013COM.EXAMPLE.X"
		rest    = "52040000530398654041.005802BR5904SHOP6004CITY"
	)
	base := "000201010212" + account + rest
	tests := []struct {
		name, body, tag, words string
		warning                bool
	}{
		{"valid", base, "", "", false},
		{"duplicate in template", "000201010212" + "26250013COM.EXAMPLE.X0004ABCD" + rest, "26-00", "more than once", false},
		{"template content", "000201010212" + "2606ABCDEF" + rest, "26", "not a valid run", false},
		{"GUID too long", "000201010212" + "26370033" + strings.Repeat("G", 33) + rest, "26-00", "at most 32", false},
		{"no GUID", "000201010212" + "26080104ABCD" + rest, "26-00", "globally unique", true},
		{"point of initiation", strings.Replace(base, "010212", "010213", 1), "01", "11 (static) or 12", false},
		{"MCC not digits", strings.Replace(base, "52040000", "5204ABCD", 1), "52", "digits only", false},
		{"country lower case", strings.Replace(base, "5802BR", "5802br", 1), "58", "upper-case", false},
		{"tip indicator", base + "550204", "55", "01, 02 or 03", false},
		{"fee without indicator", base + "56031.0", "56", "indicator", false},
		{"fee missing", base + "550202", "56", "tag 56 is missing", false},
		{"percentage", base + "55020357051000.", "57", "between 00.01 and 99.99", false},
		{"consumer data", base + "62070903AAM", "62-09", "each at most once", false},
		{"language without name", base + "64060002TH", "64-01", "merchant name", false},
		{"no merchant account", "000201" + rest, "", "no merchant account", false},
		{"missing currency", "000201010212" + account + "5802BR5904SHOP6004CITY", "53", "mandatory", false},
		{"name non-ASCII", strings.Replace(base, "5904SHOP", "5904SHÖP", 1), "59", "printable ASCII", true},
		{"pfi 02", strings.Replace(base, "000201", "000202", 1), "00", "not 01", true},
		// Deviations of real national codes (issue 16): read, with a warning.
		{"raw hex in 82 (DuitNow signature)", base + "823247FCECA2796DDB8C0D63753C1131BD85", "82", "PayNet's signature", true},
		{"raw value in 62-51 (QRIS)", base + "62085104ABCD", "62-51", "raw value", true},
		{"name over 25", strings.Replace(base, "5904SHOP", "5930"+strings.Repeat("N", 30), 1), "59", "longer names", true},
		{"city over 15", strings.Replace(base, "6004CITY", "6020"+strings.Repeat("C", 20), 1), "60", "at most 15", true},
		{"amount 00.00", strings.Replace(base, "54041.00", "540500.00", 1), "54", "zero", true},
		// ...but what breaks reading stays an error.
		{"raw value in a 26-51 template", "000201010212" + "2606ABCDEF" + rest, "26", "not a valid run", false},
		{"terminal label over 25", base + "62300726" + strings.Repeat("L", 26), "62-07", "at most 25", false},
		{"fee 0", base + "55020256010", "56", "not be zero", false},
		{"82 overruns the payload", base + "8299ABCD", "82", "runs past the end", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Inspect(payload(tt.body))
			if tt.words == "" {
				if !in.Valid() || len(in.Warnings) > 0 {
					t.Fatalf("errors %v warnings %v", in.Errors, in.Warnings)
				}
				return
			}
			list := in.Errors
			if tt.warning {
				list = in.Warnings
				if !in.Valid() {
					t.Errorf("errors %v", in.Errors)
				}
			}
			for _, i := range list {
				if i.Tag == tt.tag && strings.Contains(i.Rule, tt.words) {
					return
				}
			}
			t.Errorf("no issue on %q with %q in %v", tt.tag, tt.words, list)
		})
	}
}

func TestLookup(t *testing.T) {
	for path, want := range map[string]string{
		"54": "Transaction Amount", "15": "Merchant Account Information (UnionPay)", "62-05": "Reference Label",
		"64-01": "Merchant Name—Alternate Language", "26-00": "Globally Unique Identifier", "62-50-00": "Globally Unique Identifier",
		"91": "Unreserved Template", "62-09": "Additional Consumer Data Request",
	} {
		if got := Name(strings.Split(path, "-")...); got != want {
			t.Errorf("Name(%s) = %q, want %q", path, got, want)
		}
	}
	if _, ok := Lookup("5"); ok {
		t.Error("one-digit ID known")
	}
}
