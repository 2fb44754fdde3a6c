package receipt

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/language"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/locale/localetest"
)

// langReceipts are the receipts each language has a golden file of: the
// ones with the most words, and an amount big enough to be grouped.
func langReceipts() []Receipt {
	all := receipts()
	big := all["partial"]
	big.Amount.Minor, big.State.Due, big.State.Received = 12345678, 12345678, 10000000
	big.Offered = []string{"PIX", "PromptPay", "DuitNow"}
	return []Receipt{all["refunded"], big, all["late"], all["claimed"], all["demo"]}
}

// Every language prints every receipt and the day close within the
// width, measured in terminal cells; the goldens show the words.
func TestReceiptGoldenLanguages(t *testing.T) {
	for _, tag := range locale.Supported[1:] {
		l := locale.New(tag)
		for _, w := range []int{32, 48} {
			var b strings.Builder
			for _, r := range langReceipts() {
				opt := Options{Width: w, Location: utc3, Lang: l}
				if r.Demo {
					opt.QR = qrBox
				}
				b.WriteString(Text(r, opt))
				b.WriteString("\n")
			}
			golden(t, fmt.Sprintf("receipt_%s_%d.golden", tag, w), b.String())
			checkCells(t, b.String(), w)
		}
		for _, w := range []int{32, 80} {
			got := DayText(sampleDay(), DayOptions{Width: w, Merchant: "Padaria São João", City: "São Paulo", Location: utc3, Lang: l})
			golden(t, fmt.Sprintf("day_%s_%d.golden", tag, w), got)
			checkCells(t, got, w)
		}
	}
}

// checkCells checks the width with the receipt's own measure and with the
// one the terminal libraries use (x/ansi, as Lip Gloss), so a receipt
// shown on the screen lines up as the printed one does.
func checkCells(t *testing.T, text string, w int) {
	t.Helper()
	checkWidth(t, text, w)
	for i, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells, more than %d: %q", i+1, n, w, l)
		}
	}
}

// TextWidth agrees with the terminal on every word of the catalog, in
// every language: Chinese takes two cells a character, Thai's vowel and
// tone marks none.
func TestTextWidthAgreesWithTerminal(t *testing.T) {
	for _, m := range locale.Messages() {
		for i := range locale.Supported {
			s := m.Text(i)
			if got, want := TextWidth(s), ansi.StringWidth(s); got != want {
				t.Errorf("%q: TextWidth %d, the terminal %d", s, got, want)
			}
		}
	}
	for s, want := range map[string]int{"ชำระแล้ว": 6, "已付款": 6, "ĐÃ THANH TOÁN": 13, "￥1,234.50": 10} {
		if got := TextWidth(s); got != want {
			t.Errorf("TextWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

// Long words (German compounds) move whole to the next line; a word is
// broken only when it is wider than the line itself.
func TestWordsWrapWhole(t *testing.T) {
	for _, tag := range locale.Supported {
		l := locale.New(tag)
		words := map[string]bool{}
		for _, m := range locale.Messages() {
			for _, word := range strings.Fields(l.T(m.Key)) {
				words[word] = true
			}
		}
		for w := MinWidth; w <= 40; w++ {
			var lines []string
			for _, r := range langReceipts() {
				lines = append(lines, Lines(r, Options{Width: w, Location: utc3, Lang: l})...)
			}
			lines = append(lines, DayLines(sampleDay(), DayOptions{Width: w, Location: utc3, Lang: l})...)
			for i := 1; i < len(lines); i++ {
				prev, next := strings.Fields(lines[i-1]), strings.Fields(lines[i])
				if len(prev) == 0 || len(next) == 0 || strings.HasSuffix(lines[i-1], " ") {
					continue
				}
				if joined := prev[len(prev)-1] + next[0]; words[joined] && TextWidth(joined) <= w {
					t.Errorf("%v at %d: %q is cut between lines %d and %d", tag, w, joined, i, i+1)
				}
			}
		}
	}
}

// A printer without UTF-8 gets Latin-script languages folded to ASCII,
// amounts with the currency code, and English for Thai and Chinese.
func TestReceiptASCIILanguages(t *testing.T) {
	r := receipts()["partial"]
	for _, tc := range []struct {
		tag  language.Tag
		want []string
	}{
		{locale.BrazilianPortuguese, []string{"Referencia", "Situacao", "BRL 12,50", "PAGO EM PARTE", "24/11/2026"}},
		{locale.German, []string{"12,50 BRL", "TEILWEISE BEZAHLT", "24.11.2026 14:05"}},
		{locale.Vietnamese, []string{"THANH TOAN MOT PHAN", "12,50 BRL"}},
		{locale.Thai, []string{"PART PAID", "BRL 12.50", "2026-11-24 14:05"}},
		{locale.SimplifiedChinese, []string{"Reference", "BRL 12.50"}},
	} {
		got := Text(r, Options{Width: 32, ASCII: true, Location: utc3, Lang: locale.New(tc.tag)})
		for i := 0; i < len(got); i++ {
			if got[i] > 0x7E {
				t.Fatalf("%v: byte %#x is not ASCII:\n%s", tc.tag, got[i], got)
			}
		}
		for _, s := range tc.want {
			if !strings.Contains(got, s) {
				t.Errorf("%v: no %q in\n%s", tc.tag, s, got)
			}
		}
	}
}

// The English Locale prints what till always printed.
func TestEnglishLocaleUnchanged(t *testing.T) {
	for name, r := range receipts() {
		plain := Text(r, Options{Width: 42, Location: utc3})
		english := Text(r, Options{Width: 42, Location: utc3, Lang: locale.New(locale.English)})
		if plain != english {
			t.Errorf("%s: the English locale changed the receipt", name)
		}
	}
	r := receipts()["paid"]
	r.Amount = payment.Amount{Minor: 123456, Currency: brl}
	if got := Text(r, Options{Width: 42, Location: utc3}); !strings.Contains(got, "BRL 1,234.56") {
		t.Errorf("English amounts are not grouped:\n%s", got)
	}
}

// Every word the receipts ask for is in the catalog, in every language.
func TestReceiptWordsInCatalog(t *testing.T) {
	if n := localetest.CheckCalls(t, ".", "tr", "T"); n < 30 {
		t.Errorf("found only %d translated words", n)
	}
	for _, key := range statusWords {
		if !locale.Known(key) {
			t.Errorf("status %q is not in the catalog", key)
		}
	}
	for _, m := range Money(sampleDay()) {
		if !locale.Known(m.Label) {
			t.Errorf("money label %q is not in the catalog", m.Label)
		}
	}
	for _, key := range []string{demoLine, moreExceptions} {
		if !locale.Known(key) {
			t.Errorf("%q is not in the catalog", key)
		}
	}
}
