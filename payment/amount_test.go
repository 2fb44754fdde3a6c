package payment

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	eur, jpy, kwd := MustCurrency("EUR"), MustCurrency("JPY"), MustCurrency("KWD")
	tests := []struct {
		in    string
		cur   Currency
		minor int64
		err   error // nil: expect success; errAny: any error
	}{
		{"12.50", eur, 1250, nil},
		{"12,50", eur, 1250, nil},
		{"12,5", eur, 1250, nil},
		{"12", eur, 1200, nil},
		{"12.", eur, 1200, nil},
		{".5", eur, 50, nil},
		{" 7.05 ", eur, 705, nil},
		{"0012.00", eur, 1200, nil},
		{"500", jpy, 500, nil},
		{"1.234", kwd, 1234, nil},
		{"999999999999", jpy, 999999999999, nil},
		{"9999999999.99", eur, 999999999999, nil},
		{"", eur, 0, ErrAmountEmpty},
		{"abc", eur, 0, ErrAmountSyntax},
		{"-5", eur, 0, ErrAmountNegative},
		{"+5", eur, 0, ErrAmountSyntax},
		{"1e3", eur, 0, ErrAmountSyntax},
		{"0", eur, 0, ErrAmountZero},
		{"0.00", eur, 0, ErrAmountZero},
		{"1,234.50", eur, 0, ErrAmountSyntax},
		{"1 000", eur, 0, ErrAmountSyntax},
		{"12.345", eur, 0, errAny},
		{"5.5", jpy, 0, errAny},
		{"1.2345", kwd, 0, errAny},
		{".", eur, 0, ErrAmountSyntax},
		{"10000000000.00", eur, 0, ErrAmountTooLarge},
		{"99999999999999999999999", jpy, 0, ErrAmountTooLarge},
		{"１２", eur, 0, ErrAmountSyntax}, // full-width digits are not ASCII digits
	}
	for _, tt := range tests {
		a, err := ParseAmount(tt.in, tt.cur)
		switch {
		case tt.err == nil && err != nil:
			t.Errorf("ParseAmount(%q, %s): unexpected error %v", tt.in, tt.cur, err)
		case tt.err == nil && (a.Minor != tt.minor || a.Currency != tt.cur):
			t.Errorf("ParseAmount(%q, %s) = %d %s, want %d", tt.in, tt.cur, a.Minor, a.Currency, tt.minor)
		case tt.err == errAny && err == nil:
			t.Errorf("ParseAmount(%q, %s) = %d, want an error", tt.in, tt.cur, a.Minor)
		case tt.err != nil && tt.err != errAny && !errors.Is(err, tt.err):
			t.Errorf("ParseAmount(%q, %s) error = %v, want %v", tt.in, tt.cur, err, tt.err)
		}
	}
}

var errAny = errors.New("any error")

func TestParseMinor(t *testing.T) {
	tests := []struct {
		in    string
		exp   int
		minor int64
		ok    bool
	}{
		{"12.50000", 2, 1250, true}, // camt files with five decimals
		{"12.5", 2, 1250, true},
		{"0", 2, 0, true},
		{"0.00", 2, 0, true},
		{"12.501", 2, 0, false}, // would lose money
		{"12,50", 2, 0, false},  // machines use '.'
		{"-1", 2, 0, false},
		{"180000", 0, 180000, true},
	}
	for _, tt := range tests {
		got, err := ParseMinor(tt.in, tt.exp)
		if (err == nil) != tt.ok || got != tt.minor {
			t.Errorf("ParseMinor(%q, %d) = %d, %v; want %d ok=%v", tt.in, tt.exp, got, err, tt.minor, tt.ok)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		minor int64
		cur   string
		dec   string
		group string
	}{
		{1250, "EUR", "12.50", "12.50"},
		{5, "EUR", "0.05", "0.05"},
		{-1250, "EUR", "-12.50", "-12.50"},
		{123456789, "EUR", "1234567.89", "1,234,567.89"},
		{180000, "VND", "180000", "180,000"},
		{1234, "KWD", "1.234", "1.234"},
		{999, "JPY", "999", "999"},
	}
	for _, tt := range tests {
		a := Amount{tt.minor, MustCurrency(tt.cur)}
		if got := a.Decimal(); got != tt.dec {
			t.Errorf("Decimal(%d %s) = %q, want %q", tt.minor, tt.cur, got, tt.dec)
		}
		if got := a.Grouped(); got != tt.group {
			t.Errorf("Grouped(%d %s) = %q, want %q", tt.minor, tt.cur, got, tt.group)
		}
	}
	if got := (Amount{1250, MustCurrency("BRL")}).String(); got != "BRL 12.50" {
		t.Errorf("String = %q", got)
	}
}

// Formatting then parsing gives the same minor units back, for every
// currency exponent.
func TestAmountRoundTrip(t *testing.T) {
	for _, c := range Currencies() {
		for _, minor := range []int64{1, 9, 10, 99, 100, 101, 12345, 999999999999} {
			a := Amount{minor, c}
			back, err := ParseAmount(a.Decimal(), c)
			if err != nil || back != a {
				t.Fatalf("%s %d: Decimal %q parsed as %v, %v", c, minor, a.Decimal(), back, err)
			}
		}
	}
}

func TestCurrencies(t *testing.T) {
	for code, want := range map[string]Currency{
		"BRL": {"BRL", "986", 2}, "JPY": {"JPY", "392", 0}, "KWD": {"KWD", "414", 3},
		"bhd": {"BHD", "048", 3}, "SGD": {"SGD", "702", 2}, "THB": {"THB", "764", 2}, "VND": {"VND", "704", 0},
	} {
		got, err := LookupCurrency(code)
		if err != nil || got != want {
			t.Errorf("LookupCurrency(%q) = %v, %v", code, got, err)
		}
	}
	if _, err := LookupCurrency("XXX1"); err == nil {
		t.Error("unknown currency accepted")
	}
	if c, ok := CurrencyByNumeric("978"); !ok || c.Code != "EUR" {
		t.Errorf("CurrencyByNumeric(978) = %v", c)
	}
	seen := map[string]string{}
	for _, c := range Currencies() {
		if len(c.Numeric) != 3 || len(c.Code) != 3 {
			t.Errorf("malformed currency %v", c)
		}
		if other, dup := seen[c.Numeric]; dup {
			t.Errorf("numeric code %s used by %s and %s", c.Numeric, other, c.Code)
		}
		seen[c.Numeric] = c.Code
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"12.50", "12,5", "0", "-1", "1e3", "999999999999", ".", "1.2.3"} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, exp int) {
		exp = ((exp % 4) + 4) % 4
		c := Currency{Code: "TST", Numeric: "999", Exponent: exp}
		a, err := ParseAmount(s, c)
		if err != nil {
			return
		}
		if a.Minor <= 0 {
			t.Fatalf("ParseAmount(%q) accepted non-positive %d", s, a.Minor)
		}
		back, err := ParseAmount(a.Decimal(), c)
		if err != nil || back.Minor != a.Minor {
			t.Fatalf("round trip %q → %q → %d, %v", s, a.Decimal(), back.Minor, err)
		}
	})
}

// Too large says the largest amount in the currency's own form.
func TestTooLargeSaysTheLargest(t *testing.T) {
	for cur, largest := range map[string]string{"BRL": "9999999999.99", "JPY": "999999999999", "KWD": "999999999.999"} {
		c := MustCurrency(cur)
		if _, err := ParseAmount(largest, c); err != nil {
			t.Errorf("%s %s: %v", cur, largest, err)
		}
		_, err := ParseAmount("1"+largest, c)
		if !errors.Is(err, ErrAmountTooLarge) || !strings.HasSuffix(err.Error(), "at most "+largest) {
			t.Errorf("%s: %v", cur, err)
		}
	}
}
