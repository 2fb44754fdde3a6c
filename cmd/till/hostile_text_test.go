package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/till-pos/till/payment/emv"
	"github.com/till-pos/till/payment/safetext"
)

// evil is text from outside at its worst: OSC 52 (write the clipboard),
// OSC 8 (a hyperlink), SGR 8 (hide what follows), DCS, a C1 CSI that
// clears the screen, BEL, a right-to-left override, an isolate and a mark.
// Each part leaves a mark that shows once escaped.
const evil = "\x1b]52;c;cHduZWQ=\a\x1b]8;;https://evil.example/\x1b\\\x1b[8mHIDDEN\x1b[0m\x1bP1$r\x1b\\\u009b2J\u202eLIVE\u2066\u200f\x7f"

// evilXML is what XML lets through (it refuses ESC and BEL itself): C1
// controls and bidi controls.
const evilXML = "\u009b2J\u0085\u202eLIVE\u2066\u200f"

// shown are the visible forms of evil's and evilXML's marks; at least one
// must reach each output that carries the text, so the test knows the
// hostile text was there to be guarded.
var shown = []string{`\x1b]52;c;cHduZWQ=`, `\u202eLIVE`, `\u001b]52;c;cHduZWQ=`, `\u009b2J`}

// rawProblems lists what in out would reach a terminal raw: any ESC (these
// outputs are not terminals, so till styles nothing), BEL and other C0
// controls but line breaks (CRLF too) and tabs, DEL, C1 controls (as characters or as
// bytes that are not UTF-8) and bidi controls.
func rawProblems(out string) []string {
	var found []string
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRuneInString(out[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			found = append(found, fmt.Sprintf("byte %#x at %d", out[i], i))
		case r == '\n' || r == '\t' || (r == '\r' && strings.HasPrefix(out[i:], "\r\n")): // CSV ends lines in CRLF
		case safetext.Unsafe(r):
			found = append(found, fmt.Sprintf("%U at %d", r, i))
		}
		i += size
	}
	return found
}

// hostileStatements are statements in every format that carry evil in
// their ids (line keys), references, counterparties and free text.
// The lines are dated today, so that the day close of today lists them.
func hostileStatements(t *testing.T, dir string) []string {
	t.Helper()
	today := time.Now()
	iso, mt, ofx := today.Format(time.DateOnly), today.Format("060102"), today.Format("20060102")
	esc := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	files := map[string]string{
		"hostile.csv": "date,amount,currency,reference,counterparty,id\n" +
			fmt.Sprintf(iso+",7.71,BRL,%q,%q,%q\n", "REF"+evil, "Payer"+evil, "ID"+evil),
		"hostile.json": `{"pix":[{"endToEndId":` + esc("E"+evil) + `,"txid":` + esc("TX"+evil) +
			`,"valor":"7.72","horario":"` + iso + `T12:00:00Z","infoPagador":` + esc(evil) + `}]}`,
		"hostile.xml": `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>M` + evilXML + `</MsgId><CreDtTm>2026-11-25T18:00:00Z</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><Acct><Id><Othr><Id>ACC</Id></Othr></Id><Ccy>BRL</Ccy></Acct>
<Ntry><NtryRef>N` + evilXML + `</NtryRef><Amt Ccy="BRL">7.73</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>` + iso + `</Dt></BookgDt><AcctSvcrRef>A` + evilXML + `</AcctSvcrRef>
<NtryDtls><TxDtls><Refs><EndToEndId>E` + evilXML + `</EndToEndId></Refs>
<RltdPties><Dbtr><Pty><Nm>Payer` + evilXML + `</Nm></Pty></Dbtr></RltdPties>
<RmtInf><Ustrd>Ustrd` + evilXML + `</Ustrd><Strd><CdtrRefInf><Ref>R` + evilXML + `</Ref></CdtrRefInf></Strd></RmtInf>
</TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>
`,
		"hostile.sta": ":20:STMT" + evil + "\n:25:37040044/0532013000\n:28C:00001/001\n:60F:C261124BRL100,00\n" +
			":61:" + mt + mt[2:] + "CR7,74NTRFNONREF//B" + evil + "\n:86:166?00GUTSCHRIFT?20" + evil + "?32Payer" + evil + "\n" +
			":62F:C261125BRL107,74\n-\n",
		"hostile.ofx": "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>BRL<BANKTRANLIST>\n" +
			"<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>" + ofx + "<TRNAMT>7.75<FITID>F" + evil + "\n<NAME>Payer" + evil + "\n<MEMO>Memo" + evil + "\n</STMTTRN>\n" +
			"</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n",
		// A file name can hold anything but "/" and NUL.
		"st" + strings.ReplaceAll(evil, "/", "") + ".csv": "date,amount,currency,reference,counterparty,id\n" + iso + ",7.76,BRL,,,N1\n",
	}
	var paths []string
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// hostilePayloads are payment codes whose fields carry evil: an EMV code
// with a valid CRC, a UPI link and an EPC GiroCode.
func hostilePayloads(t *testing.T) map[string]string {
	t.Helper()
	body := "000201010212" + tlv("26", tlv("00", "BR.GOV.BCB.PIX")+tlv("01", "k"+evil)) + "52040000530398654041.005802BR" +
		tlv("59", "Shop"+evil) + tlv("60", "City"+evil) + tlv("62", tlv("05", "R"+evil)) + "6304"
	emvCode := body + fmt.Sprintf("%04X", emv.CRC16([]byte(body)))
	return map[string]string{
		"EMV":     emvCode,
		"UPI":     "upi://pay?pa=shop@bank&pn=Shop" + evil + "&am=1.00&cu=INR&tn=" + evil + "&" + evil + "=x",
		"EPC":     "BCD\n002\n1\nSCT\nBICXDEFF\nShop" + evil + "\nDE89370400440532013000\nEUR1.00\n\n\n" + evil + "\n",
		"garbage": evil,
	}
}

// tlv is one EMV data object; lengths count characters.
func tlv(tag, value string) string {
	return fmt.Sprintf("%s%02d%s", tag, utf8.RuneCountInString(value), value)
}

// testHostileText imports hostile statements and notifications, decodes
// hostile payloads, and runs every text command on the result: nothing
// from outside may reach the output raw, and the hostile text must be
// there, escaped.
func testHostileText(t *testing.T) {
	e := newEnv(t)
	dir := filepath.Join(filepath.Dir(e.db), "statements")
	os.Mkdir(dir, 0o700)
	files := hostileStatements(t, dir)
	paid := hostileOrderAndNotification(t, e)

	type run struct {
		name string
		args []string
		want bool // the output must show some of the hostile text, escaped
	}
	var runs []run
	for _, f := range files {
		runs = append(runs,
			run{"reconcile --dry-run --json " + filepath.Ext(f), []string{"reconcile", f, "--dry-run", "--json"}, true},
			run{"reconcile " + filepath.Ext(f), []string{"reconcile", f}, false})
	}
	for name, p := range hostilePayloads(t) {
		echoes := name != "garbage" // an unrecognised payload is not quoted back
		runs = append(runs, run{"decode " + name, []string{"decode", p}, echoes}, run{"decode --json " + name, []string{"decode", p, "--json"}, echoes})
	}
	runs = append(runs,
		run{"orders", []string{"orders"}, false},
		run{"orders --json", []string{"orders", "--json"}, true},
		run{"orders --csv", []string{"orders", "--csv"}, false},
		run{"report", []string{"report", "--date", "2026-11-25"}, true},
		run{"report --json", []string{"report", "--date", "2026-11-25", "--json"}, true},
		run{"report --csv", []string{"report", "--date", "2026-11-25", "--csv"}, false},
		run{"receipt", []string{"receipt", paid}, false},
		run{"config", []string{"config"}, false},
		run{"config --json", []string{"config", "--json"}, false},
		run{"a statement missing, named with controls", []string{"reconcile", filepath.Join(dir, "no"+evil+".xml")}, true},
	)
	for _, r := range runs {
		code, out, errs := e.till(r.args...)
		all := out + errs
		if p := rawProblems(all); len(p) > 0 {
			t.Errorf("till %s (exit %d) sent %d raw controls to the terminal, first %s:\n%q", r.name, code, len(p), p[0], all)
		}
		if r.want && !containsAny(all, shown) {
			t.Errorf("till %s (exit %d) does not show the hostile text escaped:\n%s", r.name, code, all)
		}
		if strings.HasSuffix(r.args[len(r.args)-1], "--json") && code == 0 && !json.Valid([]byte(out)) {
			t.Errorf("till %s: the JSON is not valid:\n%s", r.name, out)
		}
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// hostileOrderAndNotification creates an order and pays it with a signed
// notification whose id and payment id are hostile, and sends another for
// an unknown reference; it returns the paid order's reference.
func hostileOrderAndNotification(t *testing.T, e env) string {
	t.Helper()
	code, out, errs := e.till("charge", "5.00", "--json")
	if code != 0 {
		t.Fatalf("charge: %s", errs)
	}
	var o orderJSON
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatal(err)
	}
	for _, body := range []map[string]string{
		{"id": "evt" + evil, "ref": o.Ref, "amount": "5.00", "currency": "BRL", "payment_id": "psp" + evil},
		{"id": "evt2" + evil, "ref": "XX" + evil, "amount": "3.00", "currency": "BRL", "payment_id": "psp2" + evil},
	} {
		b, _ := json.Marshal(body)
		status, msg := post("/notify", b, signed(hostileNow))(t, e)
		if status != 200 {
			t.Fatalf("the hostile notification was refused (%d): %s", status, msg)
		}
		if p := rawProblems(msg); len(p) > 0 {
			t.Errorf("the answer to a hostile notification holds raw controls: %q", msg)
		}
	}
	return o.Ref
}
