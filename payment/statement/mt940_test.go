package statement

import (
	"errors"
	"strings"
	"testing"
)

func TestMT940(t *testing.T) {
	const de = "37040044/0532013000"
	const nl = "NL91RABO0123456789EUR"
	jan15, jan16 := day(2026, 1, 15, cet), day(2026, 1, 16, cet)
	tests := []struct {
		file string
		want []Line
	}{
		{"mt940_de.sta", []Line{
			// value date 31 Dec 2025, entry date "0102": booked 2 Jan 2026; "CR" is C with funds code R;
			// the reference is split across ?21/?22 and a line break
			{Key: "", Account: de, BookedAt: day(2026, 1, 2, cet), ValueAt: day(2025, 12, 31, cet),
				Amount: amt("EUR", 4500), Credit: true, Text: "Silvester Buffet Ref 9G5T5G4ALS",
				Counterparty: "Jonas Fischer", BankCode: "N166 166", Source: "mt940", Position: 1, FileLine: 5},
			{Key: "mt940|" + de + "|2026-01-15|9310-0115-001", Account: de, BookedAt: jan15, ValueAt: jan15,
				Amount: amt("EUR", 1250), Credit: true, Text: "Bestellung NBT568R5FB Danke",
				Counterparty: "Erika Mustermann", BankCode: "N166 166", Source: "mt940", Position: 2, FileLine: 15},
			{Key: "", Account: de, BookedAt: jan15, ValueAt: jan15,
				Amount: amt("EUR", 730), Reference: "K-2026-0115-77", Text: "Milchlieferung KW2",
				Counterparty: "Molkerei Alpenblick eG", BankCode: "N005 005", Source: "mt940", Position: 3, FileLine: 19},
			// RC: reversal of a credit, so money goes out
			{Key: "mt940|" + de + "|2026-01-16|9310-0116-004", Account: de, BookedAt: jan16, ValueAt: jan16,
				Amount: amt("EUR", 1250), Reversal: true, Text: "Rueckgabe NBT568R5FB IBAN ungueltig",
				Counterparty: "Erika Mustermann", BankCode: "N159 159", Source: "mt940", Position: 4, FileLine: 23},
		}},
		{"mt940_nl.sta", []Line{
			{Key: "mt940|" + nl + "|2026-01-15|OV260115A001", Account: nl, BookedAt: jan15, ValueAt: jan15,
				Amount: amt("EUR", 2500), Credit: true, Text: "Bestelling 3XQC9Z5FL6", Counterparty: "J. Jansen",
				BankCode: "NTRF", Source: "mt940", Position: 1, FileLine: 6},
			{Key: "mt940|" + nl + "|2026-01-15|OV260115A002", Account: nl, BookedAt: jan15, ValueAt: jan15,
				Amount: amt("EUR", 1200), Reference: "RF46AHTTZ7CWTA", Counterparty: "J. Jansen",
				BankCode: "NTRF", Source: "mt940", Position: 2, FileLine: 10},
		}},
		{"mt942.sta", []Line{
			{Key: "mt940|" + de + "|2026-01-15|9310-0115-099|pending", Account: de, BookedAt: jan15, ValueAt: jan15,
				Amount: amt("EUR", 1500), Credit: true, Pending: true, Text: "46NPQZX672", Counterparty: "Paul Richter",
				BankCode: "N166 166", Source: "mt942", Position: 1, FileLine: 8},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := readFixture(t, tt.file, "mt940", Options{})
			for i := range tt.want {
				if tt.want[i].Key == "" && i < len(got) { // content keys: checked by the hashing tests
					if !strings.HasPrefix(got[i].Key, "mt940|h:") {
						t.Errorf("line %d key %q, want a content key", i+1, got[i].Key)
					}
					tt.want[i].Key = got[i].Key
				}
			}
			checkLines(t, got, tt.want)
		})
	}
}

func TestMT940StatementLine(t *testing.T) {
	tests := []struct {
		field           string
		minor           int64
		credit, reverse bool
		booked, value   string
		ref, key        string
	}{
		{"2601150115C12,50NTRFNONREF", 1250, true, false, "2026-01-15", "2026-01-15", "", ""},
		{"260115D300,NMSCABC123//B-9", 30000, false, false, "2026-01-15", "2026-01-15", "ABC123", "mt940|A|2026-01-15|B-9"},
		{"260115    C000000000025,00N051NONREF", 2500, true, false, "2026-01-15", "2026-01-15", "", ""},
		{"2601150116RD1,NCHGREF", 100, true, true, "2026-01-16", "2026-01-15", "REF", ""},
		{"2512311231CE5,NTRFX", 500, true, false, "2025-12-31", "2025-12-31", "X", ""},
		{"2601020101C5,NTRFNONREF", 500, true, false, "2026-01-01", "2026-01-02", "", ""},
		{"2601010108C5,NTRFNONREF", 500, true, false, "2026-01-08", "2026-01-01", "", ""},
		{"2602300302C5,NTRFNONREF", 500, true, false, "2026-03-02", "2026-02-28", "", ""}, // "30 February"
	}
	for _, tt := range tests {
		doc := ":20:X\n:25:A\n:60F:C260101EUR0,\n:61:" + tt.field + "\n:62F:C260101EUR0,\n"
		lines := readAll(t, strings.NewReader(doc), "mt940", Options{Location: cet})
		if len(lines) != 1 {
			t.Fatalf("%s: %d lines", tt.field, len(lines))
		}
		l := lines[0]
		if l.Amount.Minor != tt.minor || l.Credit != tt.credit || l.Reversal != tt.reverse ||
			l.BookedAt.Format("2006-01-02") != tt.booked || l.ValueAt.Format("2006-01-02") != tt.value || l.Reference != tt.ref {
			t.Errorf("%s: got %d credit=%v reversal=%v booked %s value %s ref %q", tt.field, l.Amount.Minor, l.Credit,
				l.Reversal, l.BookedAt.Format("2006-01-02"), l.ValueAt.Format("2006-01-02"), l.Reference)
		}
		if tt.key != "" && l.Key != tt.key {
			t.Errorf("%s: key %q, want %q", tt.field, l.Key, tt.key)
		}
	}
}

func TestMT940Unstructured(t *testing.T) {
	doc := "ABNANL2A\r\n940\r\nABNANL2A\r\n:20:ABN AMRO BANK NV\r\n:25:417164300\r\n:28:41001\r\n:60F:C260114EUR100,00\r\n" +
		":61:260115C7,50N658NONREF\r\n:86:0240125647 BEA   NR:F1234 15.01.26/15.20 CAFE\r\n ORDER 65FZV NXXRD\r\n" +
		":62F:C260115EUR107,50\r\n"
	lines := readAll(t, strings.NewReader(doc), "auto", Options{})
	if len(lines) != 1 || lines[0].Text != "0240125647 BEA   NR:F1234 15.01.26/15.20 CAFE ORDER 65FZV NXXRD" || lines[0].Account != "417164300" {
		t.Fatalf("got %+v", lines)
	}
}

func TestMT940Errors(t *testing.T) {
	tests := []struct {
		name, doc string
		line      int
		fragments []string
	}{
		{"amount", ":20:X\n:25:A\n:60F:C260101EUR0,\n:61:260115C12,5,0NTRFNONREF\n", 4, []string{":61: amount", "12,5,0"}},
		{"no currency", ":20:X\n:25:A\n:61:260115C12,50NTRFNONREF\n", 3, []string{"no currency"}},
		{"date", ":20:X\n:25:A\n:60F:C260101EUR0,\n:61:261315C1,NTRFNONREF\n", 4, []string{"value date"}},
		{"mark", ":20:X\n:25:A\n:60F:C260101EUR0,\n:61:260115X1,NTRFNONREF\n", 4, []string{"C, D, RC or RD"}},
		{"opening balance", ":20:X\n:25:A\n:60F:EUR\n", 3, []string{":60F:"}},
		{"currency", ":20:X\n:25:A\n:60F:C260101XXX0,\n:61:260115C1,NTRFNONREF\n", 4, []string{`"XXX"`}},
		{"no message", "hello\nworld\n", 2, []string{"no MT940 message"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tryReadAll(strings.NewReader(tt.doc), "mt940", Options{})
			wantError(t, err, tt.line, 0, tt.fragments...)
		})
	}
	long := ":20:X\n:25:A\n:60F:C260101EUR0,\n:86:" + strings.Repeat("x", 3000) + "\n"
	_, err := tryReadAll(strings.NewReader(long), "mt940", Options{MaxTokenBytes: 1024})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	wantError(t, err, 4, 0, "too long")
}
