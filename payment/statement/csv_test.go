package statement

import (
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/encoding/unicode"
)

// ukUnicode is a user profile for an Excel "Unicode text" export: UTF-16LE,
// tab separated, a Paid out / Paid in pair, day-first dates.
var ukUnicode = Profile{
	Name: "uk-unicode", Delimiter: "tab", Encoding: "utf-16le",
	Date: "Date", DateFormat: "02/01/2006", Debit: "Paid out", Credit: "Paid in",
	FixedCurrency: "GBP", Text: []Column{"Description"},
}

func TestCSV(t *testing.T) {
	const de = "DE89370400440532013000"
	shanghai := time.FixedZone("+08:00", 8*3600)
	jan15, jan16 := day(2026, 1, 15, cet), day(2026, 1, 16, cet)
	tests := []struct {
		file, profile string
		want          []Line
	}{
		{"generic.csv", "generic", []Line{
			{Key: "csv:generic||TX-0001", BookedAt: jan15, Amount: amt("EUR", 1250), Credit: true,
				Reference: "NBT568R5FB", Counterparty: "Erika Mustermann", Source: "csv:generic", Position: 1, FileLine: 3},
			// two identical payments without an id: two content keys, the second with "#2"
			{Key: "csv:generic|h:*", BookedAt: jan15, Amount: amt("EUR", 320), Credit: true,
				Counterparty: "Kiosk am Markt", Source: "csv:generic", Position: 2, FileLine: 4},
			{Key: "csv:generic|h:*#2", BookedAt: jan15, Amount: amt("EUR", 320), Credit: true,
				Counterparty: "Kiosk am Markt", Source: "csv:generic", Position: 3, FileLine: 5},
			{Key: "csv:generic||TX-0004", BookedAt: jan15, Amount: amt("EUR", 730),
				Reference: "Refund 65FZVNXXRD", Counterparty: "Lukas Weber", Source: "csv:generic", Position: 4, FileLine: 6},
			{Key: "csv:generic||TX-0005", BookedAt: jan16, Amount: amt("EUR", 125000), Credit: true,
				Reference: "Catering 47VU6H7V5C", Counterparty: "Stadtwerke GmbH", Source: "csv:generic", Position: 5, FileLine: 7},
		}},
		{"sparkasse.csv", "sparkasse", []Line{
			{Key: "csv:sparkasse|h:*", Account: de, BookedAt: jan15, ValueAt: jan15, Amount: amt("EUR", 1250), Credit: true,
				Text: "Bestellung UB9MD8ER8X Vielen Dank", Counterparty: "Jürgen Müller", BankCode: "GUTSCHR. UEBERWEISUNG",
				Source: "csv:sparkasse", Position: 1, FileLine: 2},
			{Key: "csv:sparkasse|h:*", ProviderID: "RENT-2026-01", Account: de, BookedAt: jan15, ValueAt: jan15,
				Amount: amt("EUR", 125000), Text: "Miete Januar Laden Hauptstraße 3", Counterparty: "Hausverwaltung Groß GmbH",
				BankCode: "FOLGELASTSCHRIFT", Source: "csv:sparkasse", Position: 2, FileLine: 3},
			{Key: "csv:sparkasse|h:*", ProviderID: "E2E-4471", Account: de, BookedAt: jan16, Amount: amt("EUR", 840),
				Credit: true, Pending: true, Text: "KY65MWLSQ6", Counterparty: "Zoë Schäfer", BankCode: "GUTSCHR. UEBERWEISUNG",
				Source: "csv:sparkasse", Position: 3, FileLine: 4},
		}},
		{"alipay.csv", "alipay", []Line{
			{Key: "csv:alipay||2026011522001412341234567890|交易|", ProviderID: "2026011522001412341234567890",
				BookedAt: time.Date(2026, 1, 15, 9, 12, 9, 0, shanghai), Amount: amt("CNY", 3200), Credit: true,
				Reference: "AHTTZ7CWTA", Text: "拿铁咖啡", Counterparty: "138****5678", BankCode: "交易",
				Source: "csv:alipay", Position: 1, FileLine: 6},
			{Key: "csv:alipay||2026011522001412341234567891|交易|", ProviderID: "2026011522001412341234567891",
				BookedAt: time.Date(2026, 1, 15, 10, 41, 2, 0, shanghai), Amount: amt("CNY", 2800), Credit: true,
				Reference: "KAVKUQSGBV", Text: "美式咖啡", Counterparty: "m***@163.com", BankCode: "交易",
				Source: "csv:alipay", Position: 2, FileLine: 7},
			// the refund reuses the trade_no: its key adds the type and the refund request number
			{Key: "csv:alipay||2026011522001412341234567890|退款|RF2026011500001", ProviderID: "2026011522001412341234567890",
				BookedAt: time.Date(2026, 1, 15, 11, 3, 27, 0, shanghai), Amount: amt("CNY", 3200),
				Reference: "AHTTZ7CWTA", Text: "拿铁咖啡 顾客取消", Counterparty: "138****5678", BankCode: "退款",
				Source: "csv:alipay", Position: 3, FileLine: 8},
		}},
		{"wechat.csv", "wechat", []Line{
			{Key: "csv:wechat||4200001234202601151234567890|SUCCESS|0", ProviderID: "4200001234202601151234567890",
				BookedAt: time.Date(2026, 1, 15, 9, 12, 9, 0, shanghai), Amount: amt("CNY", 3200), Credit: true,
				Reference: "AHTTZ7CWTA", Text: "拿铁咖啡 table 4", Counterparty: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", BankCode: "NATIVE",
				Source: "csv:wechat", Position: 1, FileLine: 2},
			{Key: "csv:wechat||4200001234202601151234567891|SUCCESS|0", ProviderID: "4200001234202601151234567891",
				BookedAt: time.Date(2026, 1, 15, 10, 41, 2, 0, shanghai), Amount: amt("CNY", 2800), Credit: true,
				Reference: "KAVKUQSGBV", Text: "美式咖啡", Counterparty: "oUpF8uN95-Ptaags6E_roPHg7AG0", BankCode: "NATIVE",
				Source: "csv:wechat", Position: 2, FileLine: 3},
			// a partial refund: 退款金额, not the order amount; keyed apart from the payment by status and refund id
			{Key: "csv:wechat||4200001234202601151234567890|REFUND|50300000012026011500001", ProviderID: "4200001234202601151234567890",
				BookedAt: time.Date(2026, 1, 15, 11, 3, 27, 0, shanghai), Amount: amt("CNY", 1000),
				Reference: "AHTTZ7CWTA", Text: "拿铁咖啡 顾客取消", Counterparty: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", BankCode: "NATIVE",
				Source: "csv:wechat", Position: 3, FileLine: 4},
			// the REVOKED trade (line 5) is skipped; the summary block ends the data
		}},
		{"wechat_gb18030.csv", "wechat", []Line{
			{Key: "csv:wechat||4200001234202601151234567890|SUCCESS|0", ProviderID: "4200001234202601151234567890",
				BookedAt: time.Date(2026, 1, 15, 9, 12, 9, 0, shanghai), Amount: amt("CNY", 3200), Credit: true,
				Reference: "AHTTZ7CWTA", Text: "拿铁咖啡 table 4", Counterparty: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", BankCode: "NATIVE",
				Source: "csv:wechat", Position: 1, FileLine: 2},
			{Key: "csv:wechat||4200001234202601151234567891|SUCCESS|0", ProviderID: "4200001234202601151234567891",
				BookedAt: time.Date(2026, 1, 15, 10, 41, 2, 0, shanghai), Amount: amt("CNY", 2800), Credit: true,
				Reference: "KAVKUQSGBV", Text: "美式咖啡", Counterparty: "oUpF8uN95-Ptaags6E_roPHg7AG0", BankCode: "NATIVE",
				Source: "csv:wechat", Position: 2, FileLine: 3},
			// a partial refund: 退款金额, not the order amount; keyed apart from the payment by status and refund id
			{Key: "csv:wechat||4200001234202601151234567890|REFUND|50300000012026011500001", ProviderID: "4200001234202601151234567890",
				BookedAt: time.Date(2026, 1, 15, 11, 3, 27, 0, shanghai), Amount: amt("CNY", 1000),
				Reference: "AHTTZ7CWTA", Text: "拿铁咖啡 顾客取消", Counterparty: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", BankCode: "NATIVE",
				Source: "csv:wechat", Position: 3, FileLine: 4},
			// the REVOKED trade (line 5) is skipped; the summary block ends the data
		}},
		{"uk_unicode.txt", "uk-unicode", []Line{
			{Key: "csv:uk-unicode|h:*", BookedAt: jan15, Amount: amt("GBP", 1250), Credit: true,
				Text: "FASTER PAYMENT NBT568R5FB J SMITH", Source: "csv:uk-unicode", Position: 1, FileLine: 2},
			{Key: "csv:uk-unicode|h:*", BookedAt: jan15, Amount: amt("GBP", 123456),
				Text: "CARD PAYMENT COSTCO", Source: "csv:uk-unicode", Position: 2, FileLine: 3},
			{Key: "csv:uk-unicode|h:*", BookedAt: jan16, Amount: amt("GBP", 200), Credit: true,
				Text: `FASTER PAYMENT "tip" 47VU6H7V5C`, Source: "csv:uk-unicode", Position: 3, FileLine: 4},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := readFixture(t, tt.file, "csv", Options{Profile: tt.profile, Profiles: []Profile{ukUnicode}})
			for i := range tt.want {
				if i < len(got) && strings.Contains(tt.want[i].Key, "|h:*") {
					prefix, suffix, _ := strings.Cut(tt.want[i].Key, "*")
					k := got[i].Key
					if !strings.HasPrefix(k, prefix) || !strings.HasSuffix(k, suffix) || len(k) != len(prefix)+32+len(suffix) {
						t.Errorf("line %d key %q, want %s<32 hex>%s", i+1, k, prefix, suffix)
					}
					tt.want[i].Key = k
				}
			}
			checkLines(t, got, tt.want)
		})
	}
}

func TestCSVAmount(t *testing.T) {
	tests := []struct {
		in      string
		decimal byte
		exp     int
		minor   int64
		neg     bool
	}{
		{"12.50", '.', 2, 1250, false},
		{"-12.5", '.', 2, 1250, true},
		{"1,234.56", '.', 2, 123456, false},
		{"1.234,56", ',', 2, 123456, false},
		{"1.234,56-", ',', 2, 123456, true},
		{"(12.00)", '.', 2, 1200, true},
		{"1'234.50", '.', 2, 123450, false},
		{"1\u00a0234,50", ',', 2, 123450, false},
		{"1\u202f234,50 €", ',', 2, 123450, false},
		{"R$ 1.234,56", ',', 2, 123456, false},
		{"-€12.00", '.', 2, 1200, true},
		{"€-12.00", '.', 2, 1200, true},
		{"12.50 EUR", '.', 2, 1250, false},
		{"1,23,456.78", '.', 2, 12345678, false},
		{"\u221212.00", '.', 2, 1200, true},
		{"+5", '.', 2, 500, false},
		{"`32.00", '.', 2, 3200, false},
		{`="7.30"`, '.', 2, 730, false},
		{"'1000", '.', 0, 1000, false},
		{"¥1,500", '.', 0, 1500, false},
		{"0.12000", '.', 2, 12, false},
		{"1.234", ',', 2, 123400, false},
	}
	for _, tt := range tests {
		minor, neg, err := parseCSVAmount(tt.in, tt.decimal, tt.exp)
		if err != nil || minor != tt.minor || neg != tt.neg {
			t.Errorf("parseCSVAmount(%q, %c) = %d, %v, %v; want %d, %v", tt.in, tt.decimal, minor, neg, err, tt.minor, tt.neg)
		}
	}
	for _, bad := range []struct {
		in      string
		decimal byte
	}{{"1,5", '.'}, {"1.5", ','}, {"12,34,5.00", '.'}, {"", '.'}, {"abc", '.'}, {"2.02E+27", '.'}, {"1.2.3", '.'}, {"12.345", '.'}} {
		if minor, _, err := parseCSVAmount(bad.in, bad.decimal, 2); err == nil {
			t.Errorf("parseCSVAmount(%q, %c) = %d, want an error", bad.in, bad.decimal, minor)
		}
	}
}

func TestProfileValidate(t *testing.T) {
	good := Profile{Name: "ok", Date: "d", DateFormat: "2006-01-02", Amount: "a", FixedCurrency: "EUR"}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, p := range Profiles() {
		if err := p.Validate(); err != nil {
			t.Errorf("built-in %s: %v", p.Name, err)
		}
	}
	tests := []struct {
		edit  func(*Profile)
		field string
	}{
		{func(p *Profile) { p.Name = "My Bank" }, "name"},
		{func(p *Profile) { p.Delimiter = ";;" }, "delimiter"},
		{func(p *Profile) { p.Encoding = "ebcdic" }, "encoding"},
		{func(p *Profile) { p.SkipLines = -1 }, "skip_lines"},
		{func(p *Profile) { p.Comment = "//" }, "comment"},
		{func(p *Profile) { p.Date = "" }, "date"},
		{func(p *Profile) { p.DateFormat = "%d.%m.%Y" }, "date_format"},
		{func(p *Profile) { p.DateFormat = "15:04" }, "date_format"},
		{func(p *Profile) { p.Time, p.TimeFormat = "t", "2006" }, "time_format"},
		{func(p *Profile) { p.Timezone = "Mars/Olympus" }, "timezone"},
		{func(p *Profile) { p.Credit = "c" }, "amount"},
		{func(p *Profile) { p.Amount = "" }, "amount"},
		{func(p *Profile) { p.Amount, p.Credit, p.Debit, p.Direction = "", "c", "d", "x" }, "direction"},
		{func(p *Profile) { p.CreditValues = []string{"H"} }, "credit_values"},
		{func(p *Profile) { p.DecimalMark = ";" }, "decimal_mark"},
		{func(p *Profile) { p.Currency = "c" }, "currency"},
		{func(p *Profile) { p.FixedCurrency = "" }, "currency"},
		{func(p *Profile) { p.FixedCurrency = "EUX" }, "fixed_currency"},
		{func(p *Profile) { p.PendingValues = []string{"x"} }, "pending_values"},
		{func(p *Profile) { p.NoHeader = true }, "must be a 1-based column position"},
		{func(p *Profile) { p.Reference = "0" }, "reference"},
	}
	for _, tt := range tests {
		p := good
		tt.edit(&p)
		err := p.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.field) {
			t.Errorf("Validate() = %v, want an error naming %s", err, tt.field)
		}
	}
}

func TestProfileTOML(t *testing.T) {
	const config = `
[[csv_profiles]]
name = "mybank"
delimiter = ";"
encoding = "iso-8859-15"
skip_lines = 3
date = 1
date_format = "02.01.2006"
amount = "4"
decimal_mark = ","
fixed_currency = "EUR"
text = [2, "3"]
no_header = true
`
	var cfg struct {
		Profiles []Profile `toml:"csv_profiles"`
	}
	md, err := toml.Decode(config, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		t.Fatalf("undecoded keys %v", und)
	}
	p, err := LookupProfile("mybank", cfg.Profiles)
	if err != nil {
		t.Fatal(err)
	}
	if p.Date != "1" || p.Amount != "4" || len(p.Text) != 2 || p.Text[0] != "2" || p.SkipLines != 3 || !p.NoHeader {
		t.Fatalf("decoded %+v", p)
	}
	doc := "Kontoauszug\r\nKonto 4711\r\n\r\n15.01.2026;Miete;Hausverwaltung;-1.250,00\r\n16.01.2026;Kaffee \xa4;KY65MWLSQ6;3,20\r\n"
	lines := readAll(t, strings.NewReader(doc), "csv", Options{Profile: "mybank", Profiles: cfg.Profiles, Location: cet})
	if len(lines) != 2 || lines[0].Amount.Minor != 125000 || lines[0].Credit || lines[1].Text != "Kaffee € KY65MWLSQ6" || lines[1].FileLine != 5 {
		t.Fatalf("got %+v", lines)
	}

	if _, err := LookupProfile("nope", cfg.Profiles); err == nil || !strings.Contains(err.Error(), "mybank, generic, sparkasse, alipay") {
		t.Errorf("LookupProfile(nope) = %v, want the list of known profiles", err)
	}
	bad := []Profile{{Name: "generic", Date: "d"}} // a broken user override of a built-in
	if _, err := LookupProfile("generic", bad); err == nil || !strings.Contains(err.Error(), "date_format") {
		t.Errorf("LookupProfile of a broken user profile = %v", err)
	}
}

func TestCSVErrors(t *testing.T) {
	header := "date,amount,currency,reference,counterparty,id\n"
	tests := []struct {
		name, doc string
		profile   Profile
		line      int
		fragments []string
	}{
		{"amount", header + "2026-01-15,1.00,EUR,,,\n2026-01-15,1;00,EUR,,,\n", Profile{}, 3, []string{`amount "1;00"`}},
		{"date", header + "\n2026-01-15,1.00,EUR,,,\n15.01.2026,1.00,EUR,,,\n", Profile{}, 4, []string{`date "15.01.2026"`, "date_format"}},
		{"currency", header + "2026-01-15,1.00,EUX,,,\n", Profile{}, 2, []string{`"EUX"`}},
		{"short row", header + "2026-01-15,1.00\n", Profile{}, 2, []string{"2 cells", "currency is column 3"}},
		{"missing column", "date,value,currency\n", Profile{}, 1, []string{`no column "amount"`}},
		{"no header", "# only a comment\n", Profile{}, 0, []string{"no header row"}},
		{"both", "d;c;s\n15.01.2026;1,00;2,00\n", Profile{Name: "p", Delimiter: ";", Date: "d", DateFormat: "02.01.2006",
			Credit: "c", Debit: "s", DecimalMark: ",", FixedCurrency: "EUR"}, 2, []string{"both credit"}},
		{"direction", "d;a;dc\n15.01.2026;1,00;X\n", Profile{Name: "p", Delimiter: ";", Date: "d", DateFormat: "02.01.2006",
			Amount: "a", Direction: "dc", DecimalMark: ",", FixedCurrency: "EUR"}, 2, []string{`direction "X"`}},
		{"skip lines", "a\n", Profile{Name: "p", SkipLines: 5, Date: "d", DateFormat: "2006-01-02", Amount: "a", FixedCurrency: "EUR"},
			1, []string{"ends within the 5 lines"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Profile: "generic"}
			if tt.profile.Name != "" {
				opts = Options{Profile: tt.profile.Name, Profiles: []Profile{tt.profile}}
			}
			_, err := tryReadAll(strings.NewReader(tt.doc), "csv", opts)
			wantError(t, err, tt.line, 0, tt.fragments...)
		})
	}
	if _, err := Open(strings.NewReader(header), "csv", Options{}); err == nil || !strings.Contains(err.Error(), "needs a profile") {
		t.Errorf("csv without a profile: %v", err)
	}
	long := header + "2026-01-15,1.00,EUR," + strings.Repeat("x", 20000) + ",,\n"
	_, err := tryReadAll(strings.NewReader(long), "csv", Options{Profile: "generic", MaxTokenBytes: 4096})
	wantError(t, err, 2, 0, "size limit")
	// a quote that never closes may not swallow the rest of the file
	open := header + "2026-01-15,1.00,EUR,\"never closed" + strings.Repeat(",x\n", 10000)
	_, err = tryReadAll(strings.NewReader(open), "csv", Options{Profile: "generic", MaxTokenBytes: 4096})
	wantError(t, err, 0, 0, "record is too long")
}

func TestCSVLayouts(t *testing.T) {
	p := Profile{
		Name: "dc", Delimiter: "|", Date: "Datum", Time: "Zeit", DateFormat: "02.01.2006", TimeFormat: "15:04",
		Amount: "Betrag", Direction: "S/H", DecimalMark: ",", Currency: "Whg",
		Text: []Column{"Text"}, SkipPrefixes: []string{"Summe"}, StopAt: []string{"Saldo"},
		Status: "Status", SkipStatuses: []string{"storniert"},
	}
	doc := "Datum|Zeit|Betrag|S/H|Whg|Text|Status\n" +
		"15.01.2026|09:30|12,50|H|EUR|`Kaffee|ok\n" +
		"15.01.2026|09:31|3,00|S|EUR|Gebühr|ok\n" +
		"15.01.2026|09:32|9,99|H|EUR|Test|storniert\n" +
		"Datum|Zeit|Betrag|S/H|Whg|Text|Status\n" + // header repeated after a page break
		"Summe|||||15,50|\n" +
		"||||||\n" +
		"Saldo|||||9,50|\n" +
		"garbage that is never read\n"
	lines := readAll(t, strings.NewReader(doc), "csv", Options{Profile: "dc", Profiles: []Profile{p}, Location: cet})
	if len(lines) != 2 {
		t.Fatalf("got %d lines: %+v", len(lines), lines)
	}
	if !lines[0].Credit || lines[0].Amount.Minor != 1250 || lines[0].Text != "Kaffee" ||
		!lines[0].BookedAt.Equal(time.Date(2026, 1, 15, 9, 30, 0, 0, cet)) {
		t.Errorf("line 1: %+v", lines[0])
	}
	if lines[1].Credit || lines[1].Amount.Minor != 300 || lines[1].Position != 2 || lines[1].FileLine != 3 {
		t.Errorf("line 2: %+v", lines[1])
	}
}

// Two identical real payments must stay two lines, and reading the same
// file again must give the same keys, so that an importer inserts
// max(0, count in file − count stored) of each.
func TestContentKeysKeepIdenticalPaymentsApart(t *testing.T) {
	doc := "date,amount,currency,reference,counterparty,id\n" +
		"2026-01-15,3.20,EUR,,Kiosk,\n2026-01-15,3.20,EUR,,Kiosk,\n2026-01-15,3.20,EUR,,Kiosk,\n" +
		"2026-01-15,3.20,EUR,,Bakery,\n2026-01-16,3.20,EUR,,Kiosk,\n"
	read := func() []string {
		var keys []string
		for _, l := range readAll(t, strings.NewReader(doc), "csv", Options{Profile: "generic", Location: cet}) {
			keys = append(keys, l.Key)
		}
		return keys
	}
	first, second := read(), read()
	seen := map[string]bool{}
	for i, k := range first {
		if seen[k] {
			t.Errorf("key %q repeats", k)
		}
		seen[k] = true
		if second[i] != k {
			t.Errorf("line %d: key %q on the first read, %q on the second", i+1, k, second[i])
		}
	}
	if !strings.HasSuffix(first[1], "#2") || !strings.HasSuffix(first[2], "#3") || first[1][:len(first[0])] != first[0] {
		t.Errorf("keys %q: want the repeats of the first to carry #2 and #3", first)
	}
	// a line with a different time zone setting hashes the same: dates are wall-clock
	other := readAll(t, strings.NewReader(doc), "csv", Options{Profile: "generic", Location: time.UTC})
	if other[0].Key != first[0] {
		t.Errorf("key depends on Options.Location: %q vs %q", other[0].Key, first[0])
	}
}

func TestCSVUTF16BigEndian(t *testing.T) {
	doc := "Date\tDescription\tPaid out\tPaid in\r\n15/01/2026\tCAFÉ ☕ NBT568R5FB\t\t12.50\r\n"
	enc := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder()
	data, err := enc.String(doc)
	if err != nil {
		t.Fatal(err)
	}
	p := ukUnicode
	p.Name, p.Encoding = "uk-be", "utf-16" // the BOM tells the byte order
	lines := readAll(t, strings.NewReader(data), "auto", Options{Profiles: []Profile{p}})
	if len(lines) != 1 || lines[0].Text != "CAFÉ ☕ NBT568R5FB" || lines[0].Amount.Minor != 1250 || lines[0].Source != "csv:uk-be" {
		t.Fatalf("got %+v", lines)
	}
}
