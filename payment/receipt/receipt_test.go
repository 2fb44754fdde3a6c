package receipt

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/report"
	"github.com/till-pos/till/payment/safetext"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(want, []byte(got)) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s--- want\n%s", name, got, want)
	}
}

var (
	brl   = payment.MustCurrency("BRL")
	utc3  = time.FixedZone("BRT", -3*3600)
	at    = time.Date(2026, 11, 24, 14, 5, 0, 0, utc3)
	ref   = payment.Reference("AB2CD3EFGH")
	qrBox = &QR{Lines: []string{"█▀▀▀█", "█ █ █", "▀▀▀▀▀"}}
)

// base is an order as the store would hand it over, before its story.
func base() Receipt {
	return Receipt{
		Merchant: "Padaria São João", City: "São Paulo", Ref: ref,
		Amount:  payment.Amount{Minor: 1250, Currency: brl},
		State:   payment.State{Status: payment.StatusOpen, Due: 1250},
		Created: at, Offered: []string{"PIX + Demo Wallet"}, Note: "table 4",
	}
}

// receipts is one receipt per situation worth a golden file.
func receipts() map[string]Receipt {
	open := base()

	claimed := base()
	claimed.State = payment.State{Status: payment.StatusClaimed, Due: 1250, Claimed: true}
	claimed.Paid = at.Add(2 * time.Minute)

	paid := base()
	paid.State = payment.State{Status: payment.StatusPaid, Due: 1250, Received: 1250, Payments: 1}
	paid.Paid = at.Add(time.Minute)
	paid.Note = ""

	partial := base()
	partial.State = payment.State{Status: payment.StatusPartial, Due: 1250, Received: 1000, Payments: 1}
	partial.Paid = at.Add(time.Minute)

	late := base()
	late.State = payment.State{Status: payment.StatusOverpaid, Due: 1250, Received: 1350, Payments: 1, Late: true}
	late.Paid = at.Add(40 * time.Minute)

	cancelled := base()
	cancelled.State = payment.State{Status: payment.StatusCancelled, Due: 1250, Closed: payment.StatusCancelled}

	refunded := base()
	refunded.State = payment.State{Status: payment.StatusRefunded, Due: 1250, Received: 1250, Refunded: 1250, Payments: 1}
	refunded.Paid = at.Add(time.Minute)
	refunded.Refunds = []Refund{
		{Minor: 250, At: at.Add(time.Hour), Reason: "one coffee was cold"},
		{Minor: 1000, At: at.Add(2 * time.Hour), Reason: "customer returned the cake, which was a very long story told at the counter"},
	}

	demo := base()
	demo.Merchant, demo.City = "Till Demo Café", "Demo City"
	demo.State = payment.State{Status: payment.StatusPaid, Due: 1250, Received: 1250, Payments: 1}
	demo.Paid = at.Add(time.Minute)
	demo.Demo = true

	return map[string]Receipt{"open": open, "claimed": claimed, "paid": paid, "partial": partial,
		"late": late, "cancelled": cancelled, "refunded": refunded, "demo": demo}
}

func TestReceiptGolden(t *testing.T) {
	for name, r := range receipts() {
		for _, w := range []int{32, 48} {
			opt := Options{Width: w, Location: utc3}
			if name == "demo" {
				opt.QR = qrBox
			}
			got := Text(r, opt)
			golden(t, fmt.Sprintf("receipt_%s_%d.golden", name, w), got)
			checkWidth(t, got, w)
		}
	}
}

func checkWidth(t *testing.T, text string, w int) {
	t.Helper()
	for i, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if TextWidth(l) > w {
			t.Errorf("line %d is %d columns, more than %d: %q", i+1, TextWidth(l), w, l)
		}
	}
}

// The receipt says what happened, whatever the width: the facts a
// customer or an accountant would look for are all there.
func TestReceiptFacts(t *testing.T) {
	all := receipts()
	tests := []struct {
		name string
		want []string
		not  []string
	}{
		{"open", []string{"AB2CD-3EFGH", "BRL 12.50", "NOT PAID (open)", "2026-11-24 14:05", "PIX + Demo Wallet", "Note: table 4"}, []string{"Paid ", "DEMO"}},
		{"claimed", []string{"PAID (cashier-confirmed)", "2026-11-24 14:07"}, []string{"Received"}},
		{"paid", []string{"PAID", "2026-11-24 14:06"}, []string{"Note:", "Received", "Refund"}},
		{"partial", []string{"PART PAID", "BRL 10.00", "Still due", "BRL 2.50"}, nil},
		{"late", []string{"PAID (overpaid)", "BRL 13.50", "after the code had expired"}, nil},
		{"cancelled", []string{"CANCELLED"}, []string{"Paid "}},
		{"refunded", []string{"REFUNDED", "-BRL 2.50", "-BRL 10.00", "one coffee was cold", "Refunded in all", "-BRL 12.50"}, nil},
		{"demo", []string{"DEMO — no money moved", "Till Demo Café", "█▀▀▀█"}, nil},
	}
	for _, tt := range tests {
		for _, w := range []int{24, 32, 42, 48, 80} {
			opt := Options{Width: w, Location: utc3, QR: qrBox}
			got := Text(all[tt.name], opt)
			checkWidth(t, got, w)
			flat := strings.Join(strings.Fields(got), " ")
			for _, s := range tt.want {
				if !strings.Contains(flat, s) {
					t.Errorf("%s at %d: no %q in\n%s", tt.name, w, s, got)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(got, s) {
					t.Errorf("%s at %d: %q should not be there:\n%s", tt.name, w, s, got)
				}
			}
		}
	}
}

func TestReceiptASCII(t *testing.T) {
	r := receipts()["demo"]
	r.Note = "fatia de bolo — “especial”\x1b[31m"
	got := Text(r, Options{Width: 32, ASCII: true, Location: utc3})
	for i := 0; i < len(got); i++ {
		if got[i] > 0x7E || (got[i] < 0x20 && got[i] != '\n') {
			t.Fatalf("byte %#x at %d is not printable ASCII:\n%s", got[i], i, got)
		}
	}
	flat := strings.Join(strings.Fields(got), " ")
	for _, s := range []string{"Till Demo Cafe", "DEMO - no money moved", `fatia de bolo - "especial"`} {
		if !strings.Contains(flat, s) {
			t.Errorf("no %q in\n%s", s, got)
		}
	}
}

// Text from outside is printed with its controls, escape sequences and
// bidi controls shown as visible escapes: the cashier sees that something
// odd was there, and neither the printer nor the terminal obeys it.
func TestReceiptEscapesHostileText(t *testing.T) {
	r := receipts()["demo"]
	r.Merchant = "Shop\u009b2J\u202eevil"
	r.Note = "table 4\x1b]52;c;cHduZWQ=\a\x1b]8;;https://x.example\x1b\\"
	r.Refunds = []Refund{{Minor: 100, At: at, Reason: "\u2066reason\u2069\xff"}}
	d := sampleDay()
	d.ClosedBy, d.Note, d.OpenExceptions[0].Detail = "ana\x1b[8m", "\x1bP1$r\x1b\\", "from \u202eEVIL"
	for name, got := range map[string]string{
		"receipt":       Text(r, Options{Width: 80, Location: utc3}),
		"ASCII receipt": Text(r, Options{Width: 80, ASCII: true, Location: utc3}),
		"day close":     DayText(d, DayOptions{Width: 80, Merchant: r.Merchant, City: "Recife\a"}),
	} {
		for i, c := range got {
			if safetext.Unsafe(c) && c != '\n' {
				t.Errorf("%s: %U raw at byte %d:\n%s", name, c, i, got)
			}
		}
		if !utf8.ValidString(got) {
			t.Errorf("%s is not UTF-8:\n%q", name, got)
		}
		flat := strings.Join(strings.Fields(got), "")
		want := []string{`\x1b]52;c;cHduZWQ=\x07`, `\u009b2J\u202eevil`, `\u2066reason\u2069\xff`}
		if name == "day close" {
			want = []string{`ana\x1b[8m`, `\x1bP1$r\x1b\`, `\u202eEVIL`, `Recife\x07`, `\u009b2J`}
		}
		for _, w := range want {
			if !strings.Contains(flat, w) {
				t.Errorf("%s: %s is not shown escaped:\n%s", name, w, got)
			}
		}
	}
}

// A QR block wider than the paper is left out, never broken; one given
// with its own width (escape codes inside) is centred by that width.
func TestReceiptQRBlock(t *testing.T) {
	r := base()
	wide := &QR{Lines: []string{strings.Repeat("█", 40)}}
	if got := Text(r, Options{Width: 32, QR: wide}); strings.Contains(got, "█") {
		t.Fatalf("a 40-column QR was printed on 32 columns:\n%s", got)
	}
	styled := &QR{Lines: []string{"\x1b[30;47m  \x1b[m"}, Width: 2}
	got := Lines(r, Options{Width: 32, QR: styled})
	found := false
	for _, l := range got {
		if strings.HasSuffix(l, styled.Lines[0]) {
			found = true
			if pad := len(l) - len(styled.Lines[0]); pad != 15 {
				t.Errorf("QR indented by %d, want 15", pad)
			}
		}
	}
	if !found {
		t.Fatalf("styled QR missing: %q", got)
	}
}

func TestTextWidth(t *testing.T) {
	tests := []struct {
		s string
		w int
	}{
		{"abc", 3}, {"São", 3}, {"Sa\u0303o", 3}, {"東京", 4}, {"ร้าน", 3}, {"—", 1}, {"\x1b", 0}, {"", 0},
	}
	for _, tt := range tests {
		if got := TextWidth(tt.s); got != tt.w {
			t.Errorf("TextWidth(%q) = %d, want %d", tt.s, got, tt.w)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		s    string
		w    int
		want []string
	}{
		{"one two three", 7, []string{"one two", "three"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"a  b", 10, []string{"a b"}},
		{"東京東京", 5, []string{"東京", "東京"}},
		{"", 5, nil},
	}
	for _, tt := range tests {
		got := wrap(tt.s, tt.w)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.s, tt.w, got, tt.want)
		}
	}
}

// sampleDay is a closed day with something in every section.
func sampleDay() report.Day {
	rows := []report.Row{
		{Key: "open", Count: 2, Due: 3000},
		{Key: "claimed", Count: 1, Due: 1250, Settled: 1250},
		{Key: "paid", Count: 5, Due: 50000, Settled: 50000, Received: 50000},
		{Key: "partial", Count: 1, Due: 2000, Settled: 1500, Received: 1500},
		{Key: "overpaid", Count: 0},
		{Key: "expired", Count: 3, Due: 4500},
		{Key: "cancelled", Count: 1, Due: 900},
		{Key: "refunded", Count: 1, Due: 1000, Settled: 1000, Received: 1000, Refunded: 1000},
	}
	d, err := report.Build(report.Inputs{
		Day: "2026-11-24", Currency: brl, ByStatus: rows,
		ByScheme: []report.Row{
			{Key: "demo", Count: 10, Due: 55650, Settled: 53750, Received: 52500, Refunded: 1000},
			{Key: "pix + upi", Count: 4, Due: 7000},
		},
		LateCount:  1,
		Claims:     []report.Claim{{Ref: string(ref), Due: 1250, Actor: "ana", AtUnix: at.Unix()}},
		Exceptions: []report.Exception{{ID: 3, Kind: "unmatched", Amount: 777, Detail: "credit from JOAO DA SILVA, no reference"}},
		Cash:       new(int64(2000)),
	})
	if err != nil {
		panic(err)
	}
	d.ClosedBy, d.ClosedUnix = "ana", at.Add(5*time.Hour).Unix()
	return d
}

func TestDayGolden(t *testing.T) {
	d := sampleDay()
	for _, w := range []int{32, 48, 80} {
		got := DayText(d, DayOptions{Width: w, Merchant: "Padaria São João", City: "São Paulo",
			Hint: "use --live for current figures", Location: utc3})
		golden(t, fmt.Sprintf("day_%d.golden", w), got)
		checkWidth(t, got, w)
	}
	open := d
	open.ClosedBy, open.ClosedUnix = "", 0
	got := DayText(open, DayOptions{Width: 80, Merchant: "Shop", Location: utc3})
	if !strings.Contains(got, "not closed") || strings.Contains(got, "Closed by") {
		t.Errorf("open day:\n%s", got)
	}
	got = DayText(d, DayOptions{Width: 80, Merchant: "Shop", Live: true, Location: utc3})
	if !strings.Contains(got, "Closed by ana at 2026-11-24 19:05") || !strings.Contains(got, "Current figures") {
		t.Errorf("live closed day:\n%s", got)
	}
}

// The money lines are a sum: each "=" line is the signed total of the
// lines above it since the previous "=" line.
func TestMoneyAddsUp(t *testing.T) {
	d := sampleDay()
	var run int64
	for _, m := range Money(d) {
		switch m.Sign {
		case "", "+":
			if m.Key == "unpaid" {
				continue
			}
			run += m.Minor
		case "-":
			run -= m.Minor
		case "=":
			if run != m.Minor {
				t.Errorf("%s = %d, but the lines above add up to %d", m.Key, m.Minor, run)
			}
		}
	}
	var claimed, expected int64
	for _, r := range d.ByStatus {
		claimed += ClaimedOf(r)
		expected += ExpectedOf(r)
	}
	if claimed != d.Claimed || expected != d.Expected {
		t.Errorf("rows give claimed %d expected %d; day says %d and %d", claimed, expected, d.Claimed, d.Expected)
	}
}

// Whatever text a merchant or a note holds, no line is wider than the
// paper and nothing panics.
func FuzzLines(f *testing.F) {
	for _, r := range receipts() {
		f.Add(r.Merchant, r.Note, 32)
	}
	f.Add("東京の店", "ร้านกาแฟ \x1b[2J\r\n", 24)
	f.Add(strings.Repeat("x", 300), "", 48)
	f.Add("Bäckerei", "Tischnummer vier", 3*300+24) // German at the narrowest
	f.Fuzz(func(t *testing.T, merchant, note string, w int) {
		r := base()
		r.Merchant, r.Note = merchant, note
		r.Refunds = []Refund{{Minor: 1, At: at, Reason: note}}
		width := clampWidth(w % 300)
		// The rest of w picks the language, so every layout meets every
		// language's words.
		lang := locale.New(locale.Supported[(uint(w)/300)%uint(len(locale.Supported))])
		for _, l := range Lines(r, Options{Width: w % 300, Location: utc3, Lang: lang}) {
			if TextWidth(l) > width {
				t.Fatalf("line %q is wider than %d", l, width)
			}
			if strings.ContainsFunc(l, safetext.Unsafe) || !utf8.ValidString(l) {
				t.Fatalf("control character in %q", l)
			}
		}
		d := sampleDay()
		d.OpenExceptions[0].Detail, d.Claims[0].Actor, d.ClosedBy, d.Note = note, note, merchant, note
		for _, l := range DayLines(d, DayOptions{Width: w % 300, Merchant: merchant, City: note, Lang: lang}) {
			if TextWidth(l) > width {
				t.Fatalf("day line %q is wider than %d", l, width)
			}
			if strings.ContainsFunc(l, safetext.Unsafe) || !utf8.ValidString(l) {
				t.Fatalf("control character in day line %q", l)
			}
		}
	})
}

func BenchmarkLines(b *testing.B) {
	r := receipts()["refunded"]
	for b.Loop() {
		Lines(r, Options{Width: 42, QR: qrBox})
	}
}

// A note of one enormous word is laid out in one pass, not one pass per
// line (which took seconds for 200 kB).
func BenchmarkLinesLongWord(b *testing.B) {
	r := base()
	r.Note = strings.Repeat("東x", 50000)
	for b.Loop() {
		Lines(r, Options{Width: 32})
	}
}

func BenchmarkDayLines(b *testing.B) {
	d := sampleDay()
	for b.Loop() {
		DayLines(d, DayOptions{Width: 80, Merchant: "Padaria São João"})
	}
}

// A payment known only by its booking date prints the day, not 00:00.
func TestReceiptDateOnlyPayment(t *testing.T) {
	r := receipts()["paid"]
	r.Paid = time.Date(2026, 11, 24, 0, 0, 0, 0, utc3)
	got := strings.Join(strings.Fields(Text(r, Options{Width: 42, Location: utc3})), " ")
	if !strings.Contains(got, "Paid 2026-11-24") || strings.Contains(got, "2026-11-24 00:00") {
		t.Fatalf("date-only payment:\n%s", got)
	}
}
