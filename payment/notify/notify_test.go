package notify

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

var (
	secret = []byte("0123456789abcdef0123456789abcdef")
	now    = time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)
	body   = []byte(`{"id":"evt_1","ref":"ABCDEFGHJK","amount":"12.50","currency":"BRL"}`)
)

func TestVerify(t *testing.T) {
	good := Sign(secret, now, body)
	other := []byte("another-secret-of-enough-length!")
	tests := []struct {
		name    string
		header  string
		body    []byte
		secrets [][]byte
		at      time.Time
		want    error
	}{
		{"valid", good, body, [][]byte{secret}, now, nil},
		{"valid, second of two secrets (rotation)", good, body, [][]byte{other, secret}, now, nil},
		{"valid, 4 minutes late", good, body, [][]byte{secret}, now.Add(4 * time.Minute), nil},
		{"valid, clock 4 minutes behind", good, body, [][]byte{secret}, now.Add(-4 * time.Minute), nil},
		{"two signatures, one good", good + ",v1=" + strings.Repeat("00", 32), body, [][]byte{secret}, now, nil},
		{"wrong secret", good, body, [][]byte{other}, now, ErrBadSignature},
		{"body changed", good, append([]byte(" "), body...), [][]byte{secret}, now, ErrBadSignature},
		{"stale", good, body, [][]byte{secret}, now.Add(6 * time.Minute), ErrStale},
		{"from the future", good, body, [][]byte{secret}, now.Add(-6 * time.Minute), ErrStale},
		{"missing", "", body, [][]byte{secret}, now, ErrNoSignature},
		{"no timestamp", "v1=" + strings.Repeat("ab", 32), body, [][]byte{secret}, now, ErrMalformed},
		{"no signature", "t=1", body, [][]byte{secret}, now, ErrMalformed},
		{"short signature", fmt.Sprintf("t=%d,v1=abcd", now.Unix()), body, [][]byte{secret}, now, ErrMalformed},
		{"not hex", fmt.Sprintf("t=%d,v1=%s", now.Unix(), strings.Repeat("zz", 32)), body, [][]byte{secret}, now, ErrMalformed},
		{"timestamp not a number", "t=soon,v1=" + strings.Repeat("ab", 32), body, [][]byte{secret}, now, ErrMalformed},
		{"no secrets configured", good, body, nil, now, ErrBadSignature},
	}
	for _, tt := range tests {
		err := Verify(tt.header, tt.body, tt.secrets, tt.at, DefaultTolerance)
		if !errors.Is(err, tt.want) && !(err == nil && tt.want == nil) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestParseGeneric(t *testing.T) {
	p, err := ParseGeneric([]byte(`{"id":"evt_9","ref":"AB2CD3EFGH","amount":"12.5","currency":"brl",
		"paid_at":"2026-11-25T13:59:00Z","payment_id":"pay_77","payer":"Ana","extra":"ignored"}`), now)
	if err != nil {
		t.Fatal(err)
	}
	e := p.Items[0]
	if p.ID != "generic:evt_9" || e.Key != "notify:evt_9" || e.Amount.Minor != 1250 || e.Amount.Currency.Code != "BRL" ||
		!e.Credit || e.ProviderID != "pay_77" || e.Reference != "AB2CD3EFGH" || !e.At.Equal(now.Add(-time.Minute)) {
		t.Fatalf("parsed %+v %+v", p, e)
	}
	refund, err := ParseGeneric([]byte(`{"id":"r1","type":"refund","ref":"X","amount":"1","currency":"JPY"}`), now)
	if err != nil || refund.Items[0].Credit || refund.Items[0].Amount.Minor != 1 || !refund.Items[0].At.Equal(now) {
		t.Fatalf("refund %+v %v", refund, err)
	}
	bad := map[string]string{
		`not json`:              "not a JSON notification",
		`{"id":"1"} {"id":"2"}`: "after the JSON object",
		`{"ref":"A","amount":"1","currency":"BRL"}`:                                "field id",
		`{"id":"1","ref":"A","amount":12.5,"currency":"BRL"}`:                      "decimal text",
		`{"id":"1","ref":"A","amount":"12.505","currency":"BRL"}`:                  "at most 2 decimals",
		`{"id":"1","ref":"A","amount":"-3","currency":"BRL"}`:                      "positive",
		`{"id":"1","ref":"A","amount":"0","currency":"BRL"}`:                       "positive",
		`{"id":"1","ref":"A","amount":"3","currency":"XYZ"}`:                       "field currency",
		`{"id":"1","amount":"3","currency":"BRL"}`:                                 "field ref",
		`{"id":"1","ref":"A","amount":"3","currency":"BRL","paid_at":"yesterday"}`: "paid_at",
		`{"id":"1","ref":"A","amount":"3","currency":"BRL","type":"gift"}`:         "field type",
		`{"id":["1"],"ref":"A","amount":"3","currency":"BRL"}`:                     "wrong type",
	}
	for in, want := range bad {
		if _, err := ParseGeneric([]byte(in), now); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want mention of %q", in, err, want)
		}
	}
}

func FuzzVerify(f *testing.F) {
	f.Add(Sign(secret, now, body), body)
	f.Add("t=1,v1=00", []byte("x"))
	f.Fuzz(func(t *testing.T, header string, b []byte) {
		err := Verify(header, b, [][]byte{secret}, now, DefaultTolerance)
		if err == nil && header != Sign(secret, now, b) && !strings.Contains(header, ",") {
			// A single-signature header that verifies must be the real one.
			t.Fatalf("forged header accepted: %q", header)
		}
	})
}

func FuzzParseGeneric(f *testing.F) {
	f.Add(body)
	f.Add([]byte(`{"id":"r1","type":"refund","ref":"X","amount":"1","currency":"JPY"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParseGeneric(b, now)
		if err != nil {
			return
		}
		if len(p.Items) != 1 || p.Items[0].Amount.Minor <= 0 || p.ID == "" {
			t.Fatalf("accepted a notification without a positive amount or id: %+v", p)
		}
	})
}

func FuzzParsePIX(f *testing.F) {
	f.Add([]byte(`{"pix":[{"endToEndId":"E12345678202611251400abcdefghijk","txid":"AB2CD3EFGH","valor":"12.50","horario":"2026-11-25T14:00:00Z"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParsePIX(b)
		if err == nil && (len(p.Items) == 0 || p.ID == "") {
			t.Fatalf("accepted an empty PIX notification: %+v", p)
		}
	})
}
