package statement

import (
	"errors"
	"strings"
	"testing"
)

func TestCAMT(t *testing.T) {
	const de = "DE89370400440532013000"
	const nl = "NL91ABNA0417164300"
	const ch = "CH9300762011623852957"
	jan15 := day(2026, 1, 15, cet)
	tests := []struct {
		file string
		want []Line
	}{
		{"camt053_v02_batch.xml", []Line{
			{Key: "camt|" + de + "|2026011500017732", Account: de, BookedAt: jan15, ValueAt: jan15,
				Amount: amt("EUR", 1250), Credit: true, Reference: "RF74NBT568R5FB", Text: "GUTSCHR. UEBERWEISUNG",
				Counterparty: "Erika Mustermann", BankCode: "PMNT/RCDT/ESCT", Source: "camt.053", Position: 1, FileLine: 44},
			// a batch of three: one line per TxDtls, keyed by index or by the detail's own AcctSvcrRef
			{Key: "camt|" + de + "|2026011500017733|#1", Account: de, BookedAt: jan15, ValueAt: jan15,
				Amount: amt("EUR", 2000), Credit: true, Text: "bestellung 47vu6h7v5c",
				Counterparty: "Hans Becker", BankCode: "PMNT/RCDT/ESCT", Source: "camt.053", Position: 2, FileLine: 83},
			{Key: "camt|" + de + "|2026011500017733|#2", Account: de, BookedAt: jan15, ValueAt: jan15,
				Amount: amt("EUR", 2500), Credit: true, Text: "Tisch 4, Ref 9G5T 5G4A LS, danke",
				Counterparty: "Jana Novak", BankCode: "PMNT/RCDT/ESCT", Source: "camt.053", Position: 2, FileLine: 83},
			{Key: "camt|" + de + "|2026011500017733|tx:2026011500017733-03", Account: de, BookedAt: jan15, ValueAt: jan15,
				Amount: amt("EUR", 1500), Credit: true, Reference: "UB9MD8ER8X",
				Counterparty: "Omar Haddad", BankCode: "PMNT/RCDT/ESCT", Source: "camt.053", Position: 2, FileLine: 83},
			{Key: "camt|" + de + "|2026011500017734", Account: de, BookedAt: jan15, ValueAt: day(2026, 1, 14, cet),
				Amount: amt("EUR", 730), Reversal: true, Text: "RUECKUEBERWEISUNG 65FZVNXXRD KONTO ERLOSCHEN",
				Counterparty: "Lukas Weber", BankCode: "PMNT/RCDT/RRTN", Source: "camt.053", Position: 3, FileLine: 129},
			// no AcctSvcrRef: NtryRef with the booking date; five decimals; DtTm
			{Key: "camt|" + de + "|2026-01-15|ntry:4", Account: de, BookedAt: ts("2026-01-15T14:03:00+01:00"), ValueAt: jan15,
				Amount: amt("EUR", 350), Credit: true, Text: "Espresso & Wasser",
				Counterparty: "Mia Schulz", BankCode: "PMNT/RCDT/ESCT", Source: "camt.053", Position: 4, FileLine: 150},
		}},
		{"camt053_v08.xml", []Line{
			{Key: "camt|" + nl + "|ABN-0115-000381", ProviderID: "6f1c3e0a-8d5b-4c7e-9a41-2b7d5e9f0c13", Account: nl,
				BookedAt: ts("2026-01-15T09:41:27.12+01:00"), ValueAt: jan15, Amount: amt("EUR", 4200), Credit: true,
				Reference: "RF11MHDH7MZPWY", Counterparty: "Sophie de Vries", BankCode: "PMNT/RCDT/SDVA",
				Source: "camt.053", Position: 1, FileLine: 22},
			{Key: "camt|" + nl + "|ABN-0115-000399", Account: nl, BookedAt: jan15, ValueAt: jan15,
				Amount: amt("EUR", 1000), Text: "Refund order L69UCPBZUJ", Counterparty: "Sophie de Vries",
				BankCode: "PMNT/ICDT/ESCT", Source: "camt.053", Position: 2, FileLine: 58},
			// a second statement for another account in the same file
			{Key: "camt|" + ch + "|ZKB-20260115-77", Account: ch, BookedAt: jan15, ValueAt: jan15,
				Amount: amt("CHF", 1990), Credit: true, Text: "Kaffee KAVKUQSGBV", Counterparty: "Reto Keller",
				Source: "camt.053", Position: 3, FileLine: 89},
		}},
		{"camt052_v08.xml", []Line{
			// every camt.052 line is pending, whatever its Sts; no BookgDt: the value date stands in
			{Key: "camt|" + de + "|2026011500017740|pending", Account: de, BookedAt: jan15, ValueAt: jan15,
				Amount: amt("EUR", 1500), Credit: true, Pending: true, Text: "46NPQZX672", Counterparty: "Paul Richter",
				Source: "camt.052", Position: 1, FileLine: 14},
			{Key: "camt|" + de + "|2026011500017741|pending", Account: de, BookedAt: ts("2026-01-15T12:47:09+01:00"), ValueAt: jan15,
				Amount: amt("EUR", 840), Credit: true, Pending: true, Text: "Bestellung 3xqc9z5fl6", Counterparty: "Lea Braun",
				Source: "camt.052", Position: 2, FileLine: 30},
		}},
		{"camt054_v04.xml", []Line{
			{Key: "camt|" + ch + "|ZKB-20260115-91", Account: ch, BookedAt: jan15, ValueAt: jan15,
				Amount: amt("CHF", 2780), Credit: true, Text: "Order KY65M WLSQ6 Mittagessen", Counterparty: "Anna Meier",
				BankCode: "PMNT/RCDT/AUTT", Source: "camt.054", Position: 1, FileLine: 14},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			checkLines(t, readFixture(t, tt.file, "camt", Options{}), tt.want)
		})
	}
}

// camtDoc wraps entries in a minimal camt.053 document.
func camtDoc(entries string) string {
	return `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<Stmt><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
` + entries + `
</Stmt></BkToCstmrStmt></Document>`
}

const camtEntryXML = `<Ntry><Amt Ccy="EUR">%s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-01-15</Dt></BookgDt></Ntry>`

func TestCAMTBatchWithoutDetails(t *testing.T) {
	doc := camtDoc(`<Ntry><Amt Ccy="CHF">300.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2026-01-15</Dt></BookgDt><AcctSvcrRef>B-1</AcctSvcrRef>
<NtryDtls><Btch><PmtInfId>P-7</PmtInfId><NbOfTxs>3</NbOfTxs></Btch></NtryDtls></Ntry>`)
	lines := readAll(t, strings.NewReader(doc), "camt", Options{Location: cet})
	if len(lines) != 1 || lines[0].Batch != 3 || lines[0].Amount.Minor != 30000 || lines[0].Key != "camt|DE89370400440532013000|B-1" {
		t.Fatalf("got %+v, want one batch line of 3 payments, CHF 300.00", lines)
	}
}

func TestCAMTErrors(t *testing.T) {
	tests := []struct {
		name, doc string
		line      int
		entry     int
		fragments []string
	}{
		{"doctype", `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document/>`,
			1, 0, []string{"DOCTYPE"}},
		{"undefined entity", camtDoc(`<Ntry><Amt Ccy="EUR">&x;</Amt></Ntry>`), 3, 1, []string{"malformed XML"}},
		{"bad amount", camtDoc("\n\n" + strings.Replace(camtEntryXML, "%s", "12,50", 1)), 5, 1, []string{`amount "12,50"`}},
		{"too many decimals", camtDoc(strings.Replace(camtEntryXML, "%s", "12.505", 1)), 0, 1, []string{"decimal places"}},
		{"unknown currency", camtDoc(`<Ntry><Amt Ccy="EUX">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>`), 0, 1, []string{`"EUX"`}},
		{"no direction", camtDoc(`<Ntry><Amt Ccy="EUR">1.00</Amt></Ntry>`), 0, 1, []string{"CdtDbtInd"}},
		{"bad date", camtDoc(`<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>15.01.2026</Dt></BookgDt></Ntry>`),
			0, 1, []string{`BookgDt "15.01.2026"`}},
		{"truncated", camtDoc(strings.Replace(camtEntryXML, "%s", "1.00", 1))[:300], 0, 0, []string{"XML"}},
		{"not camt", `<?xml version="1.0"?><Document><Other/></Document>`, 0, 0, []string{"no camt report"}},
		{"nesting", camtDoc(strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100)), 0, 0, []string{"nested deeper"}},
		{"batch detail without amount", camtDoc(`<Ntry><Amt Ccy="EUR">2.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<NtryDtls><TxDtls><Amt Ccy="EUR">1.00</Amt></TxDtls><TxDtls></TxDtls></NtryDtls></Ntry>`), 0, 1, []string{"detail 2", "no amount"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tryReadAll(strings.NewReader(tt.doc), "camt", Options{})
			wantError(t, err, tt.line, tt.entry, tt.fragments...)
		})
	}
}

func TestCAMTSizeLimit(t *testing.T) {
	doc := camtDoc(`<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><AddtlNtryInf>` +
		strings.Repeat("x", 5000) + `</AddtlNtryInf></Ntry>`)
	_, err := tryReadAll(strings.NewReader(doc), "camt", Options{MaxTokenBytes: 4096})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	wantError(t, err, 0, 1, "4096 bytes")
	// the same document within the limit reads
	if _, err := tryReadAll(strings.NewReader(doc), "camt", Options{MaxTokenBytes: 8192}); err != nil {
		t.Fatal(err)
	}
	// many small Ustrd adding up past the limit are refused too
	many := camtDoc(`<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><NtryDtls><TxDtls><RmtInf>` +
		strings.Repeat("<Ustrd>"+strings.Repeat("y", 100)+"</Ustrd>", 50) + `</RmtInf></TxDtls></NtryDtls></Ntry>`)
	if _, err := tryReadAll(strings.NewReader(many), "camt", Options{MaxTokenBytes: 4096}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestCAMTEmptyStatementAndTypoNamespace(t *testing.T) {
	doc := strings.Replace(camtDoc(""), "iso:20022", "iso:20023", 1)
	if lines := readAll(t, strings.NewReader(doc), "camt", Options{}); len(lines) != 0 {
		t.Fatalf("got %d lines from an empty statement", len(lines))
	}
	doc = strings.Replace(camtDoc(strings.Replace(camtEntryXML, "%s", "1.00", 1)), "iso:20022", "iso:20023", 1)
	if lines := readAll(t, strings.NewReader(doc), "camt", Options{}); len(lines) != 1 {
		t.Fatalf("got %d lines, want 1 despite the namespace typo", len(lines))
	}
}
