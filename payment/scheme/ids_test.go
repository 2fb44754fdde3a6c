package scheme

import (
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"São Paulo", "SAO PAULO"},
		{"Maceió", "MACEIO"},
		{"Straße", "STRASSE"},
		{"Łódź  Œuvre\tÆble", "LODZ OEUVRE AEBLE"},
		{"Ｃａｆé ﬁne", "CAFE FINE"},    // full-width letters and a ligature
		{"Phở Hà Nội", "PHO HA NOI"}, // stacked Vietnamese marks
		{"Jon’s “Deli” – 24/7", "JON'S \"DELI\" - 24/7"},
		{"東京ラーメン", ""},
		{" 🍜 Noodle  Bar 🍜 ", "NOODLE BAR"},
		{"Smørrebrød & Øl", "SMORREBROD & OL"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := FoldASCII("São Paulo"); got != "Sao Paulo" {
		t.Errorf("FoldASCII keeps case: got %q", got)
	}
	got, err := FoldField("merchant.name", "Padaria e Confeitaria São José do Rio Preto", 25)
	if err != nil || got != "PADARIA E CONFEITARIA SAO" {
		t.Errorf("FoldField cut = %q, %v", got, err)
	}
	if _, err := FoldField("merchant.city", "   ", 15); err == nil || !strings.Contains(err.Error(), "merchant.city is empty") {
		t.Errorf("blank city: %v", err)
	}
}

func TestIBAN(t *testing.T) {
	for _, ok := range []string{"DE89370400440532013000", "BE72000000001616", "GB82WEST12345698765432", "FR1420041010050500013M02606", "NL91ABNA0417164300"} {
		if err := CheckIBAN(ok); err != nil {
			t.Errorf("CheckIBAN(%s): %v", ok, err)
		}
	}
	bad := map[string]string{
		"DE89370400440532013001":  "wrong check digit",
		"DE8937040044053201300":   "has 22",
		"XX89370400440532013000":  "SEPA",
		"DE89-370400440532013000": "letters and digits",
		"DEAB370400440532013000":  "check digits after the country",
	}
	for in, want := range bad {
		if err := CheckIBAN(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckIBAN(%s) = %v, want %q", in, err, want)
		}
	}
	if got := NormalizeIBAN(" de89 3704 0044 0532 0130 00 "); got != "DE89370400440532013000" {
		t.Errorf("NormalizeIBAN = %q", got)
	}
}

func TestCreditorReference(t *testing.T) {
	// RF18539007547034 is in qr-vectors.md (epc-structured-noamount),
	// RF18000000000539007547034 is the padded form of the same reference.
	for _, ok := range []string{"RF18539007547034", "RF18000000000539007547034"} {
		if err := CheckCreditorReference(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	got, err := CreditorReference("539007547034")
	if err != nil || got != "RF18539007547034" {
		t.Errorf("CreditorReference = %q, %v", got, err)
	}
	for _, r := range []string{"AB2CD3EFGH", "Z", strings.Repeat("9", 21)} {
		rf, err := CreditorReference(r)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckCreditorReference(rf); err != nil {
			t.Errorf("built %s fails its own check: %v", rf, err)
		}
	}
	for _, bad := range []string{"RF19539007547034", "RF18", "XX18539007547034", "RF18 539007547034"} {
		if CheckCreditorReference(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := CreditorReference(strings.Repeat("A", 22)); err == nil {
		t.Error("22-character reference accepted")
	}
}

func TestClassifyPixKey(t *testing.T) {
	tests := []struct{ in, typ, key string }{
		{"529.982.247-25", PixCPF, "52998224725"},
		{"11.222.333/0001-81", PixCNPJ, "11222333000181"},
		{"12.ABC.345/01DE-35", PixCNPJ, "12ABC34501DE35"}, // alphanumeric CNPJ (Receita Federal example)
		{"+55 (11) 99999-9999", PixPhone, "+5511999999999"},
		{"Loja@Example.COM.br", PixEmail, "loja@example.com.br"},
		{"123E4567-E12B-12D1-A456-426655440000", PixEVP, "123e4567-e12b-12d1-a456-426655440000"},
	}
	for _, tt := range tests {
		typ, key, err := ClassifyPixKey(tt.in)
		if err != nil || typ != tt.typ || key != tt.key {
			t.Errorf("ClassifyPixKey(%q) = %s %s %v, want %s %s", tt.in, typ, key, err, tt.typ, tt.key)
		}
	}
	for in, want := range map[string]string{
		"52998224724":     "not a valid CPF",
		"11999999999":     "+5511999999999",
		"11222333000180":  "not a valid CNPJ",
		"11111111111":     "not a valid CPF",
		"+551199":         "phone key",
		"loja@":           "e-mail",
		"chave-aleatoria": "of any known type",
	} {
		if _, _, err := ClassifyPixKey(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ClassifyPixKey(%q) = %v, want %q", in, err, want)
		}
	}
}

func TestNationalIDs(t *testing.T) {
	for in, want := range map[string]string{"080-123-4567": "0066801234567", "+66-89-123-4567": "0066891234567", "0812345678": "0066812345678"} {
		if got, err := PromptPayPhone(in); err != nil || got != want {
			t.Errorf("PromptPayPhone(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"12345", "+1 555 0100", "08a-123-4567"} {
		if _, err := PromptPayPhone(bad); err == nil {
			t.Errorf("PromptPayPhone(%q) accepted", bad)
		}
	}
	if !ValidThaiID("1234567890121") || ValidThaiID("1234567890122") || ValidThaiID("1111111111111") {
		t.Error("ValidThaiID")
	}
	for _, ok := range []string{"201403121W", "53312345A", "T08LL1234A"} {
		if err := CheckUEN(ok); err != nil {
			t.Errorf("CheckUEN(%s): %v", ok, err)
		}
	}
	for _, bad := range []string{"12345678", "ACME", "201403121w"} {
		if CheckUEN(bad) == nil {
			t.Errorf("CheckUEN(%s) accepted", bad)
		}
	}
	if got, err := NormalizeSGMobile("8455 4295"); err != nil || got != "+6584554295" {
		t.Errorf("NormalizeSGMobile = %q, %v", got, err)
	}
	for _, ok := range []string{"nadeem@npci", "bhar4t@upi", "shop.name-1@okaxis"} {
		if err := CheckVPA(ok); err != nil {
			t.Errorf("CheckVPA(%s): %v", ok, err)
		}
	}
	for _, bad := range []string{"shop", "@upi", "a b@upi", "shop@1bank"} {
		if CheckVPA(bad) == nil {
			t.Errorf("CheckVPA(%q) accepted", bad)
		}
	}
	if !Luhn("4111111111111111") || Luhn("4111111111111112") || Luhn("") {
		t.Error("Luhn")
	}
	for _, ok := range []string{"BPOTBEB1", "COBADEFFXXX"} {
		if err := CheckBIC(ok); err != nil {
			t.Errorf("CheckBIC(%s): %v", ok, err)
		}
	}
	for _, bad := range []string{"BPOTBE", "1POTBEB1", "BPOTBEB1X"} {
		if CheckBIC(bad) == nil {
			t.Errorf("CheckBIC(%s) accepted", bad)
		}
	}
}
