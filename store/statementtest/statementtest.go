// Package statementtest writes statement files in every format till reads
// (camt.053, MT940, OFX, the PIX API JSON, the generic CSV) from a list of
// lines, for tests of the import and of the books: each writer puts a
// field where its format keeps it, in the shape of the published
// specification it names.
package statementtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Line is one line of a statement file the tests write, in whatever
// format: the writers below put each field where that format keeps it.
type Line struct {
	ID       string // the bank's id: camt AcctSvcrRef, MT940 bank reference, OFX FITID, PIX endToEndId, CSV id
	Minor    int64
	Cur      string
	Credit   bool
	Reversal bool   // camt RvslInd, MT940 RC/RD
	Ref      string // the order reference the payer wrote
	E2E      string // the payer's own id: camt EndToEndId, MT940 EREF+
	TxID     string // camt TxId, a bank-unique id
	Corrects string // OFX CORRECTFITID
	Action   string // OFX CORRECTACTION
	Day      time.Time
	Refunds  []Refund // PIX devoluções of this payment
}

// Refund is a PIX devolução of a payment.
type Refund struct {
	ID, RtrID string
	Minor     int64
	Day       time.Time
}

func decimal(minor int64, sep string) string {
	return fmt.Sprintf("%d%s%02d", minor/100, sep, minor%100)
}

// CAMT writes a camt.053.001.08 statement in the shape of the ISO
// 20022 message definition report (BkToCstmrStmt/Stmt/Ntry, RvslInd after
// CdtDbtInd, Refs/EndToEndId and Refs/TxId in NtryDtls/TxDtls).
func CAMT(acct, cur string, lines []Line) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>M-1</MsgId><CreDtTm>2026-01-16T06:00:00Z</CreDtTm></GrpHdr>
<Stmt><Id>S-1</Id><CreDtTm>2026-01-16T06:00:00Z</CreDtTm><Acct><Id><IBAN>%s</IBAN></Id><Ccy>%s</Ccy></Acct>
`, acct, cur)
	for _, l := range lines {
		side := "DBIT"
		if l.Credit {
			side = "CRDT"
		}
		c := firstNonEmpty(l.Cur, cur)
		fmt.Fprintf(&b, "<Ntry><Amt Ccy=%q>%s</Amt><CdtDbtInd>%s</CdtDbtInd>", c, decimal(l.Minor, "."), side)
		if l.Reversal {
			b.WriteString("<RvslInd>true</RvslInd>")
		}
		d := l.Day.Format(time.DateOnly)
		fmt.Fprintf(&b, "<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt><AcctSvcrRef>%s</AcctSvcrRef>", d, d, l.ID)
		b.WriteString("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls><Refs>")
		if l.E2E != "" {
			fmt.Fprintf(&b, "<EndToEndId>%s</EndToEndId>", l.E2E)
		}
		if l.TxID != "" {
			fmt.Fprintf(&b, "<TxId>%s</TxId>", l.TxID)
		}
		fmt.Fprintf(&b, "</Refs><Amt Ccy=%q>%s</Amt><CdtDbtInd>%s</CdtDbtInd>", c, decimal(l.Minor, "."), side)
		if l.Ref != "" {
			fmt.Fprintf(&b, "<RmtInf><Strd><CdtrRefInf><Ref>%s</Ref></CdtrRefInf></Strd></RmtInf>", l.Ref)
		}
		b.WriteString("</TxDtls></NtryDtls></Ntry>\n")
	}
	b.WriteString("</Stmt></BkToCstmrStmt></Document>\n")
	return b.String()
}

// MT940 writes a SWIFT MT940 in the German (DFÜ-Abkommen) style:
// :61: with C/D/RC/RD and "//" bank reference, :86: with ?20EREF+ and
// ?21SVWZ+ purpose.
func MT940(acct, cur string, lines []Line) string {
	var b strings.Builder
	fmt.Fprintf(&b, ":20:STARTUMSE\r\n:25:%s\r\n:28C:00001/001\r\n:60F:C260101%s0,00\r\n", acct, cur)
	for _, l := range lines {
		mark := "D"
		if l.Credit {
			mark = "C"
		}
		if l.Reversal {
			mark = "R" + map[bool]string{true: "D", false: "C"}[l.Credit] // RD: a debit reversed, money comes back in
		}
		d := l.Day.Format("060102")
		fmt.Fprintf(&b, ":61:%s%s%s%sNTRFNONREF//%s\r\n", d, d[2:], mark, decimal(l.Minor, ","), l.ID)
		fmt.Fprintf(&b, ":86:166?00GUTSCHRIFT?20EREF+%s?21SVWZ+%s\r\n", firstNonEmpty(l.E2E, "NOTPROVIDED"), firstNonEmpty(l.Ref, "ohne Angabe"))
	}
	fmt.Fprintf(&b, ":62F:C260131%s0,00\r\n-\r\n", cur)
	return b.String()
}

// OFX writes an OFX 1.0.2 SGML bank statement; a correcting STMTTRN
// carries CORRECTFITID and CORRECTACTION as in the OFX 2.1.1 specification
// (section 11.4.3.1, "Transaction Corrections").
func OFX(acct, cur string, lines []Line) string {
	var b strings.Builder
	b.WriteString("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n")
	fmt.Fprintf(&b, "<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>%s\r\n", cur)
	fmt.Fprintf(&b, "<BANKACCTFROM><BANKID>001<ACCTID>%s<ACCTTYPE>CHECKING</BANKACCTFROM>\r\n<BANKTRANLIST><DTSTART>20260101<DTEND>20260131\r\n", acct)
	for _, l := range lines {
		kind, sign := "DEBIT", "-"
		if l.Credit {
			kind, sign = "CREDIT", ""
		}
		fmt.Fprintf(&b, "<STMTTRN><TRNTYPE>%s<DTPOSTED>%s<TRNAMT>%s%s<FITID>%s\r\n", kind, l.Day.Format("20060102"), sign, decimal(l.Minor, "."), l.ID)
		if l.Corrects != "" {
			fmt.Fprintf(&b, "<CORRECTFITID>%s<CORRECTACTION>%s\r\n", l.Corrects, l.Action)
		}
		fmt.Fprintf(&b, "<NAME>PAGADOR<MEMO>%s</STMTTRN>\r\n", firstNonEmpty(l.Ref, "sem referencia"))
	}
	b.WriteString("</BANKTRANLIST><LEDGERBAL><BALAMT>0.00<DTASOF>20260131</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n")
	return b.String()
}

// PIX writes the PIX API's GET /pix answer (BCB "API Pix" 2.x): each
// pix[] with endToEndId, txid, valor, horario, and devolucoes[] with id,
// rtrId, valor, horario.solicitacao/liquidacao and status.
func PIX(chave string, lines []Line) string {
	var items []string
	for _, l := range lines {
		var devs []string
		for _, d := range l.Refunds {
			at := d.Day.UTC().Format(time.RFC3339)
			devs = append(devs, fmt.Sprintf(`{"id":%q,"rtrId":%q,"valor":%q,"horario":{"solicitacao":%q,"liquidacao":%q},"status":"DEVOLVIDO"}`,
				d.ID, d.RtrID, decimal(d.Minor, "."), at, at))
		}
		txid := firstNonEmpty(l.Ref, "***")
		items = append(items, fmt.Sprintf(`{"endToEndId":%q,"txid":%q,"valor":%q,"chave":%q,"horario":%q,"devolucoes":[%s]}`,
			l.ID, txid, decimal(l.Minor, "."), chave, l.Day.UTC().Format(time.RFC3339), strings.Join(devs, ",")))
	}
	return `{"pix":[` + strings.Join(items, ",\n") + "]}\n"
}

// CSV writes till's generic bank CSV (date, signed amount, currency,
// reference, counterparty, id), which names no account.
func CSV(lines []Line) string {
	var b strings.Builder
	b.WriteString("date,amount,currency,reference,counterparty,id\n")
	for _, l := range lines {
		sign := "-"
		if l.Credit {
			sign = ""
		}
		fmt.Fprintf(&b, "%s,%s%s,%s,%s,Payer,%s\n", l.Day.Format(time.DateOnly), sign, decimal(l.Minor, "."), l.Cur, l.Ref, l.ID)
	}
	return b.String()
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func Write(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
