package locale

import (
	"fmt"
	"math"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/till-pos/till/payment"
)

func TestMoney(t *testing.T) {
	cur := payment.MustCurrency
	for _, tc := range []struct {
		tag   language.Tag
		minor int64
		code  string
		want  string
	}{
		{English, 1250, "EUR", "EUR 12.50"},
		{English, 123456789, "BRL", "BRL 1,234,567.89"},
		{English, -5, "EUR", "-EUR 0.05"},
		{BrazilianPortuguese, 123450, "BRL", "R$ 1.234,50"},
		{BrazilianPortuguese, -1250, "BRL", "-R$ 12,50"},
		{Spanish, 123450, "EUR", "1.234,50 €"},
		{German, 123450, "EUR", "1.234,50 €"},
		{German, 5, "EUR", "0,05 €"},
		{Thai, 123450, "THB", "THB 1,234.50"},
		{SimplifiedChinese, 123450, "CNY", "￥1,234.50"},
		{Vietnamese, 1234500, "VND", "1.234.500 ₫"},
		{Malay, 123450, "MYR", "RM 1,234.50"},
		{Malay, 1000, "SGD", "SGD 10.00"},
		{Indonesian, 1500000, "IDR", "Rp 15.000,00"},
		{German, 1234, "JPY", "1.234 ¥"},
		{English, 1000, "KWD", "KWD 1.000"},
		{German, 1000, "KWD", "1,000 KWD"},
	} {
		got := New(tc.tag).Money(payment.Amount{Minor: tc.minor, Currency: cur(tc.code)})
		if got != tc.want {
			t.Errorf("%v %d %s: %q, want %q", tc.tag, tc.minor, tc.code, got, tc.want)
		}
	}
}

func TestNumberExtremes(t *testing.T) {
	for _, tc := range []struct {
		minor int64
		exp   int
		want  string
	}{
		{0, 2, "0,00"},
		{math.MaxInt64, 2, "92.233.720.368.547.758,07"},
		{math.MinInt64, 2, "-92.233.720.368.547.758,08"},
		{999_999_999_999, 0, "999.999.999.999"},
		{1, 3, "0,001"},
	} {
		if got := New(German).Number(tc.minor, tc.exp); got != tc.want {
			t.Errorf("Number(%d, %d) = %q, want %q", tc.minor, tc.exp, got, tc.want)
		}
	}
}

func TestDates(t *testing.T) {
	at := time.Date(2026, 11, 4, 9, 5, 0, 0, time.UTC)
	want := map[language.Tag]string{
		English: "2026-11-04 09:05", BrazilianPortuguese: "04/11/2026 09:05", Spanish: "04/11/2026 09:05",
		German: "04.11.2026 09:05", Thai: "04/11/2026 09:05", SimplifiedChinese: "2026/11/04 09:05",
		Vietnamese: "04/11/2026 09:05", Malay: "04/11/2026 09:05", Indonesian: "04/11/2026 09:05",
	}
	for _, tag := range Supported {
		l := New(tag)
		if got := l.DateTime(at); got != want[tag] {
			t.Errorf("%v: %q, want %q", tag, got, want[tag])
		}
		if got := l.Date(at); got+" 09:05" != want[tag] {
			t.Errorf("%v: date %q", tag, got)
		}
	}
}

func TestMoneyCodeAndScript(t *testing.T) {
	eur := payment.Amount{Minor: 123450, Currency: payment.MustCurrency("EUR")}
	if got := New(German).MoneyCode(eur); got != "1.234,50 EUR" {
		t.Errorf("German MoneyCode = %q", got)
	}
	if got := New(BrazilianPortuguese).MoneyCode(eur); got != "EUR 1.234,50" {
		t.Errorf("Portuguese MoneyCode = %q", got)
	}
	var latin []string
	for _, tag := range Supported {
		if New(tag).Latin() {
			latin = append(latin, tag.String())
		}
	}
	if got := fmt.Sprint(latin); got != "[en pt-BR es de vi ms id]" {
		t.Errorf("Latin languages: %s", got)
	}
}
