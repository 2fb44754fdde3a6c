package statement

import (
	"strings"
	"testing"
	"time"
)

func TestOFX(t *testing.T) {
	brt := time.FixedZone("BRT", -3*3600)
	est := time.FixedZone("EST", -5*3600)
	tests := []struct {
		file string
		want []Line
	}{
		{"ofx102_sgml.ofx", []Line{
			// CHARSET:1252 text, decimal comma in TRNAMT, time with a zone
			{Key: "ofx|56789-0|202601150001", Account: "56789-0", BookedAt: time.Date(2026, 1, 15, 10, 30, 0, 0, brt),
				Amount: amt("BRL", 2590), Credit: true, Text: "PIX RECEBIDO - João Pereira NBT568R5FB",
				BankCode: "CREDIT", Source: "ofx", Position: 1, FileLine: 40},
			{Key: "ofx|56789-0|202601150002", Account: "56789-0", BookedAt: day(2026, 1, 15, cet),
				Amount: amt("BRL", 450), Text: "TARIFA PIX Tarifa de serviço", Counterparty: "TARIFA PIX",
				BankCode: "DEBIT", Source: "ofx", Position: 2, FileLine: 48},
			{Key: "ofx|56789-0|202601150003", Account: "56789-0", BookedAt: time.Date(2026, 1, 15, 17, 5, 12, 0, brt),
				Amount: amt("BRL", 12000), Credit: true, Text: "Café Sol & Mar Pedido 47VU6H7V5C", Counterparty: "Café Sol & Mar",
				BankCode: "CREDIT", Corrects: "ofx|56789-0|202601140007", CorrectAction: "REPLACE",
				Source: "ofx", Position: 3, FileLine: 56},
		}},
		{"ofx2_creditcard.ofx", []Line{
			{Key: "ofx|4111111111111111|2026011424692160001", Account: "4111111111111111",
				BookedAt: time.Date(2026, 1, 14, 12, 0, 0, 0, est), Amount: amt("USD", 1875),
				Text: "COFFEE ROASTERS SUPPLY", Counterparty: "COFFEE ROASTERS SUPPLY", BankCode: "DEBIT",
				Source: "ofx", Position: 1, FileLine: 21},
			{Key: "ofx|4111111111111111|2026011524692160002", Account: "4111111111111111",
				BookedAt: day(2026, 1, 15, cet), ValueAt: day(2026, 1, 16, cet), Amount: amt("USD", 1875), Credit: true,
				Reference: "65FZVNXXRD", Text: "Coffee Roasters Supply RETURN", Counterparty: "Coffee Roasters Supply",
				BankCode: "CREDIT", Source: "ofx", Position: 2, FileLine: 30},
		}},
		{"ofx_oneline.ofx", []Line{
			{Key: "ofx|0012-3456789|0115A", Account: "0012-3456789", BookedAt: day(2026, 1, 15, cet),
				Amount: amt("CAD", 3310), Credit: true, Text: "E-TRANSFER KY65MWLSQ6", Counterparty: "E-TRANSFER KY65MWLSQ6",
				BankCode: "DEP", Source: "ofx", Position: 1, FileLine: 1},
			{Key: "ofx|0012-3456789|0115B", Account: "0012-3456789", BookedAt: day(2026, 1, 15, cet),
				Amount: amt("CAD", 150), Text: "INTERAC FEE", Counterparty: "INTERAC FEE",
				BankCode: "SRVCHG", Source: "ofx", Position: 2, FileLine: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			checkLines(t, readFixture(t, tt.file, "ofx", Options{}), tt.want)
		})
	}
}

func TestOFXContentKeys(t *testing.T) {
	lines := readFixture(t, "ofx_oneline.ofx", "ofx", Options{ContentKeys: true})
	for _, l := range lines {
		if !strings.HasPrefix(l.Key, "ofx|h:") {
			t.Errorf("key %q, want a content key when FITIDs are ignored", l.Key)
		}
	}
}

func TestOFXDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"20260115", "2026-01-15T00:00:00+01:00"},
		{"202601151030", "2026-01-15T10:30:00+01:00"},
		{"20260115103000.123", "2026-01-15T10:30:00+01:00"},
		{"20260115103000[-5:EST]", "2026-01-15T10:30:00-05:00"},
		{"20260115103000.000[+5.30:IST]", "2026-01-15T10:30:00+05:30"},
		{"20260115103000[+5.5]", "2026-01-15T10:30:00+05:30"},
		{"20260115103000[0:GMT]", "2026-01-15T10:30:00Z"},
	}
	for _, tt := range tests {
		got, err := ofxDate(tt.in, cet)
		if err != nil || !got.Equal(ts(tt.want)) {
			t.Errorf("ofxDate(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"2026-01-15", "202601", "20261315", "20260115[x:EST]", "20260115[+25]"} {
		if _, err := ofxDate(bad, cet); err == nil {
			t.Errorf("ofxDate(%q) accepted", bad)
		}
	}
}

func TestOFXAmount(t *testing.T) {
	tests := []struct {
		in    string
		minor int64
		neg   bool
	}{
		{"-12.50", 1250, true}, {"+3", 300, false}, {"316,67", 31667, false}, {"-0.00", 0, false}, {".5", 50, false},
	}
	for _, tt := range tests {
		minor, neg, err := signedDecimal(tt.in, 2)
		if err != nil || minor != tt.minor || neg != tt.neg {
			t.Errorf("signedDecimal(%q) = %d, %v, %v", tt.in, minor, neg, err)
		}
	}
	for _, bad := range []string{"1,234.56", "12.345", "abc", "", "1e3"} {
		if _, _, err := signedDecimal(bad, 2); err == nil {
			t.Errorf("signedDecimal(%q) accepted", bad)
		}
	}
}

func TestOFXErrors(t *testing.T) {
	head := "OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR\n<BANKACCTFROM><ACCTID>1</BANKACCTFROM><BANKTRANLIST>\n"
	tail := "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
	tests := []struct {
		name, doc string
		line      int
		entry     int
		fragments []string
	}{
		{"no amount", head + "<STMTTRN><FITID>1<DTPOSTED>20260115</STMTTRN>" + tail, 6, 1, []string{"TRNAMT"}},
		{"bad amount", head + "\n<STMTTRN><FITID>1<DTPOSTED>20260115<TRNAMT>1,234.50</STMTTRN>" + tail, 7, 1, []string{`TRNAMT "1,234.50"`}},
		{"no date", head + "<STMTTRN><TRNAMT>1.00<FITID>1</STMTTRN>" + tail, 6, 1, []string{"DTPOSTED"}},
		{"bad date", head + "<STMTTRN><TRNAMT>1.00<DTPOSTED>15.01.2026</STMTTRN>" + tail, 6, 1, []string{`DTPOSTED "15.01.2026"`}},
		{"no currency", strings.Replace(head, "<CURDEF>EUR", "", 1) + "<STMTTRN><TRNAMT>1.00<DTPOSTED>20260115</STMTTRN>" + tail,
			6, 1, []string{"CURDEF"}},
		{"truncated", head + "<STMTTRN><TRNAMT>1.00<DTPOSTED>20260115", 0, 1, []string{"ends inside <STMTTRN>"}},
		{"not ofx", "hello world", 1, 0, []string{"no OFX"}},
		{"open tag", head + "<STMTTRN", 0, 0, []string{"ends inside a tag"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tryReadAll(strings.NewReader(tt.doc), "ofx", Options{})
			wantError(t, err, tt.line, tt.entry, tt.fragments...)
		})
	}
}

func TestOFXMixedAndUnclosedAggregates(t *testing.T) {
	// SGML leaves inside XML, a STMTTRN never closed before the list ends,
	// an unknown proprietary tag, comments and entities.
	doc := `<?xml version="1.0"?><?OFX OFXHEADER="200"?><OFX><!-- export --><BANKMSGSRSV1><STMTTRNRS><STMTRS>
<CURDEF>EUR<BANKACCTFROM><ACCTID>DE1</ACCTID></BANKACCTFROM><BANKTRANLIST>
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260115<TRNAMT>5.00<FITID>a<INTU.BID>3000<NAME>M&#252;ller &lt;3</STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260115<TRNAMT>-1.00<FITID>b<NAME>Fee
</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`
	lines := readAll(t, strings.NewReader(doc), "auto", Options{})
	if len(lines) != 2 || lines[0].Text != "Müller <3" || lines[1].Key != "ofx|DE1|b" || lines[1].Credit {
		t.Fatalf("got %+v", lines)
	}
}
