package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
)

// stmtLine is one line of a statement file the tests write, in whatever
// format: the writers below put each field where that format keeps it.
type stmtLine struct {
	id       string // the bank's id: camt AcctSvcrRef, MT940 bank reference, OFX FITID, PIX endToEndId, CSV id
	minor    int64
	cur      string
	credit   bool
	reversal bool   // camt RvslInd, MT940 RC/RD
	ref      string // the order reference the payer wrote
	e2e      string // the payer's own id: camt EndToEndId, MT940 EREF+
	txID     string // camt TxId, a bank-unique id
	corrects string // OFX CORRECTFITID
	action   string // OFX CORRECTACTION
	day      time.Time
	refunds  []pixRefund // PIX devoluções of this payment
}

type pixRefund struct {
	id, rtrID string
	minor     int64
	day       time.Time
}

func decimal(minor int64, sep string) string {
	return fmt.Sprintf("%d%s%02d", minor/100, sep, minor%100)
}

// camtFile writes a camt.053.001.08 statement in the shape of the ISO
// 20022 message definition report (BkToCstmrStmt/Stmt/Ntry, RvslInd after
// CdtDbtInd, Refs/EndToEndId and Refs/TxId in NtryDtls/TxDtls).
func camtFile(acct, cur string, lines []stmtLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>M-1</MsgId><CreDtTm>2026-01-16T06:00:00Z</CreDtTm></GrpHdr>
<Stmt><Id>S-1</Id><CreDtTm>2026-01-16T06:00:00Z</CreDtTm><Acct><Id><IBAN>%s</IBAN></Id><Ccy>%s</Ccy></Acct>
`, acct, cur)
	for _, l := range lines {
		side := "DBIT"
		if l.credit {
			side = "CRDT"
		}
		c := firstNonEmpty(l.cur, cur)
		fmt.Fprintf(&b, "<Ntry><Amt Ccy=%q>%s</Amt><CdtDbtInd>%s</CdtDbtInd>", c, decimal(l.minor, "."), side)
		if l.reversal {
			b.WriteString("<RvslInd>true</RvslInd>")
		}
		d := l.day.Format(time.DateOnly)
		fmt.Fprintf(&b, "<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt><AcctSvcrRef>%s</AcctSvcrRef>", d, d, l.id)
		b.WriteString("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls><Refs>")
		if l.e2e != "" {
			fmt.Fprintf(&b, "<EndToEndId>%s</EndToEndId>", l.e2e)
		}
		if l.txID != "" {
			fmt.Fprintf(&b, "<TxId>%s</TxId>", l.txID)
		}
		fmt.Fprintf(&b, "</Refs><Amt Ccy=%q>%s</Amt><CdtDbtInd>%s</CdtDbtInd>", c, decimal(l.minor, "."), side)
		if l.ref != "" {
			fmt.Fprintf(&b, "<RmtInf><Strd><CdtrRefInf><Ref>%s</Ref></CdtrRefInf></Strd></RmtInf>", l.ref)
		}
		b.WriteString("</TxDtls></NtryDtls></Ntry>\n")
	}
	b.WriteString("</Stmt></BkToCstmrStmt></Document>\n")
	return b.String()
}

// mt940File writes a SWIFT MT940 in the German (DFÜ-Abkommen) style:
// :61: with C/D/RC/RD and "//" bank reference, :86: with ?20EREF+ and
// ?21SVWZ+ purpose.
func mt940File(acct, cur string, lines []stmtLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, ":20:STARTUMSE\r\n:25:%s\r\n:28C:00001/001\r\n:60F:C260101%s0,00\r\n", acct, cur)
	for _, l := range lines {
		mark := "D"
		if l.credit {
			mark = "C"
		}
		if l.reversal {
			mark = "R" + map[bool]string{true: "D", false: "C"}[l.credit] // RD: a debit reversed, money comes back in
		}
		d := l.day.Format("060102")
		fmt.Fprintf(&b, ":61:%s%s%s%sNTRFNONREF//%s\r\n", d, d[2:], mark, decimal(l.minor, ","), l.id)
		fmt.Fprintf(&b, ":86:166?00GUTSCHRIFT?20EREF+%s?21SVWZ+%s\r\n", firstNonEmpty(l.e2e, "NOTPROVIDED"), firstNonEmpty(l.ref, "ohne Angabe"))
	}
	fmt.Fprintf(&b, ":62F:C260131%s0,00\r\n-\r\n", cur)
	return b.String()
}

// ofxFile writes an OFX 1.0.2 SGML bank statement; a correcting STMTTRN
// carries CORRECTFITID and CORRECTACTION as in the OFX 2.1.1 specification
// (section 11.4.3.1, "Transaction Corrections").
func ofxFile(acct, cur string, lines []stmtLine) string {
	var b strings.Builder
	b.WriteString("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n")
	fmt.Fprintf(&b, "<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>%s\r\n", cur)
	fmt.Fprintf(&b, "<BANKACCTFROM><BANKID>001<ACCTID>%s<ACCTTYPE>CHECKING</BANKACCTFROM>\r\n<BANKTRANLIST><DTSTART>20260101<DTEND>20260131\r\n", acct)
	for _, l := range lines {
		kind, sign := "DEBIT", "-"
		if l.credit {
			kind, sign = "CREDIT", ""
		}
		fmt.Fprintf(&b, "<STMTTRN><TRNTYPE>%s<DTPOSTED>%s<TRNAMT>%s%s<FITID>%s\r\n", kind, l.day.Format("20060102"), sign, decimal(l.minor, "."), l.id)
		if l.corrects != "" {
			fmt.Fprintf(&b, "<CORRECTFITID>%s<CORRECTACTION>%s\r\n", l.corrects, l.action)
		}
		fmt.Fprintf(&b, "<NAME>PAGADOR<MEMO>%s</STMTTRN>\r\n", firstNonEmpty(l.ref, "sem referencia"))
	}
	b.WriteString("</BANKTRANLIST><LEDGERBAL><BALAMT>0.00<DTASOF>20260131</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n")
	return b.String()
}

// pixFile writes the PIX API's GET /pix answer (BCB "API Pix" 2.x): each
// pix[] with endToEndId, txid, valor, horario, and devolucoes[] with id,
// rtrId, valor, horario.solicitacao/liquidacao and status.
func pixFile(chave string, lines []stmtLine) string {
	var items []string
	for _, l := range lines {
		var devs []string
		for _, d := range l.refunds {
			at := d.day.UTC().Format(time.RFC3339)
			devs = append(devs, fmt.Sprintf(`{"id":%q,"rtrId":%q,"valor":%q,"horario":{"solicitacao":%q,"liquidacao":%q},"status":"DEVOLVIDO"}`,
				d.id, d.rtrID, decimal(d.minor, "."), at, at))
		}
		txid := firstNonEmpty(l.ref, "***")
		items = append(items, fmt.Sprintf(`{"endToEndId":%q,"txid":%q,"valor":%q,"chave":%q,"horario":%q,"devolucoes":[%s]}`,
			l.id, txid, decimal(l.minor, "."), chave, l.day.UTC().Format(time.RFC3339), strings.Join(devs, ",")))
	}
	return `{"pix":[` + strings.Join(items, ",\n") + "]}\n"
}

// csvFile writes till's generic bank CSV (date, signed amount, currency,
// reference, counterparty, id), which names no account.
func csvFile(lines []stmtLine) string {
	var b strings.Builder
	b.WriteString("date,amount,currency,reference,counterparty,id\n")
	for _, l := range lines {
		sign := "-"
		if l.credit {
			sign = ""
		}
		fmt.Fprintf(&b, "%s,%s%s,%s,%s,Payer,%s\n", l.day.Format(time.DateOnly), sign, decimal(l.minor, "."), l.cur, l.ref, l.id)
	}
	return b.String()
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

var eur = payment.MustCurrency("EUR")
