package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/till-pos/till/cmd/till/internal/notifyhttp"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/store"
)

// hostile is one bad input and where it goes.
type hostile struct {
	surface string // "cli", "config" or "http"
	name    string
	run     func(t *testing.T, e env) (status int, message string)
}

func cli(args ...string) func(*testing.T, env) (int, string) {
	return func(t *testing.T, e env) (int, string) {
		code, _, errs := e.till(args...)
		return code, strings.TrimSpace(errs)
	}
}

// decodeReport runs `till decode`, whose report on standard output lists
// the errors (standard error stays empty: each error is said once); the
// message is the report's errors.
func decodeReport(payload string) func(*testing.T, env) (int, string) {
	return func(t *testing.T, e env) (int, string) {
		code, out, errs := e.till("decode", payload)
		if errs != "" {
			t.Errorf("till decode %q said on standard error what its report says: %q", payload, errs)
		}
		_, list, _ := strings.Cut(out, "Errors:\n")
		return code, strings.Join(strings.Fields(list), " ")
	}
}

// withConfig runs `till orders` with a configuration file holding text.
func withConfig(text string, mode os.FileMode) func(*testing.T, env) (int, string) {
	return func(t *testing.T, e env) (int, string) {
		os.WriteFile(e.config, []byte(text), mode)
		os.Chmod(e.config, mode)
		code, _, errs := e.till("orders")
		return code, strings.ReplaceAll(strings.TrimSpace(errs), e.config, "CONFIG")
	}
}

// inOpenFolder runs `till orders` with a configuration holding text in a
// folder anyone can write.
func inOpenFolder(text string) func(*testing.T, env) (int, string) {
	return func(t *testing.T, e env) (int, string) {
		dir := filepath.Join(filepath.Dir(e.config), "open")
		os.Mkdir(dir, 0o700)
		os.Chmod(dir, 0o777)
		path := filepath.Join(dir, "config.toml")
		os.WriteFile(path, []byte(text), 0o600)
		code, _, errs := e.till("--config", path, "orders")
		return code, strings.ReplaceAll(strings.TrimSpace(errs), dir, "DIR")
	}
}

// withFile runs `till reconcile` on a file holding content.
func withFile(name, content string, args ...string) func(*testing.T, env) (int, string) {
	return func(t *testing.T, e env) (int, string) {
		path := filepath.Join(filepath.Dir(e.db), name)
		os.WriteFile(path, []byte(content), 0o600)
		code, _, errs := e.till(append([]string{"reconcile", path}, args...)...)
		return code, strings.ReplaceAll(strings.TrimSpace(errs), filepath.Dir(e.db), "DIR")
	}
}

const goodMerchant = "[merchant]\nname='Shop'\ncity='Recife'\ncountry='BR'\ncurrency='BRL'\n"

func withScheme(body string) string { return goodMerchant + "[[schemes]]\n" + body }

var (
	hostileSecret = []byte("hostile-secret-0123456789")
	hostileNow    = time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC) // the handler's clock
)

// post sends body to the notification handler with a header made by sign.
func post(path string, body []byte, sign func([]byte) string) func(*testing.T, env) (int, string) {
	return func(t *testing.T, e env) (int, string) {
		st, err := store.Open(e.db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		h := &notifyhttp.Handler{Store: st, Secrets: [][]byte{hostileSecret}, Now: func() time.Time { return hostileNow }}
		method := http.MethodPost
		if body == nil {
			method = http.MethodGet
		}
		req := httptest.NewRequest(method, path, bytes.NewReader(body))
		if sign != nil {
			req.Header.Set(notify.Header, sign(body))
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, strings.TrimSpace(rec.Body.String())
	}
}

// refusedRepeatedly sends n unsigned requests from one address to one
// handler and returns the last answer.
func refusedRepeatedly(n int) func(*testing.T, env) (int, string) {
	return func(t *testing.T, e env) (int, string) {
		st, err := store.Open(e.db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		h := &notifyhttp.Handler{Store: st, Secrets: [][]byte{hostileSecret}, Now: func() time.Time { return hostileNow }}
		var rec *httptest.ResponseRecorder
		for range n {
			req := httptest.NewRequest(http.MethodPost, "/notify", bytes.NewReader(bytes.Repeat([]byte("x"), 60<<10)))
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, req)
		}
		return rec.Code, strings.TrimSpace(rec.Body.String())
	}
}

func signed(at time.Time) func([]byte) string {
	return func(b []byte) string { return notify.Sign(hostileSecret, at, b) }
}

func header(h string) func([]byte) string { return func([]byte) string { return h } }

var hostileInputs = []hostile{
	// The command line.
	{"cli", "amount with letters", cli("charge", "abc")},
	{"cli", "negative amount", cli("charge", "-5")},
	{"cli", "exponent", cli("charge", "1e3")},
	{"cli", "zero", cli("charge", "0")},
	{"cli", "too many decimals", cli("charge", "12.345")},
	{"cli", "grouping and decimals", cli("charge", "1,234.50")},
	{"cli", "two decimal marks", cli("charge", "12..5")},
	{"cli", "empty amount", cli("charge", "")},
	{"cli", "only spaces", cli("charge", "   ")},
	{"cli", "thirteen digits", cli("charge", "9999999999999")},
	{"cli", "NaN", cli("charge", "NaN")},
	{"cli", "hexadecimal", cli("charge", "0x10")},
	{"cli", "full-width digits", cli("charge", "１２")},
	{"cli", "space inside", cli("charge", "12 50")},
	{"cli", "plus sign", cli("charge", "+5")},
	{"cli", "no amount", cli("charge")},
	{"cli", "unknown scheme", cli("charge", "5", "--scheme", "bitcoin")},
	{"cli", "unknown flag", cli("charge", "5", "--tip", "1")},
	{"cli", "short reference", cli("confirm", "ABC")},
	{"cli", "look-alike characters", cli("confirm", "0O1IABCDEF")},
	{"cli", "wrong check character", cli("confirm", "ABCDEFGHJK")},
	{"cli", "path as reference", cli("cancel", "../../etc/passwd")},
	{"cli", "unknown order", cli("confirm", "22222222GW")},
	{"cli", "refund without reason", cli("refund", "22222222GW")},
	{"cli", "unknown status", cli("orders", "--status", "done")},
	{"cli", "bad date", cli("orders", "--since", "25/11/2026")},
	{"cli", "negative limit", cli("orders", "--limit", "-1")},
	{"cli", "json and csv", cli("orders", "--json", "--csv")},
	{"cli", "unknown command", cli("refnud")},
	{"cli", "decode empty payload", decodeReport("")},
	{"cli", "decode garbage", decodeReport("hello")},
	{"cli", "reconcile without files", cli("reconcile")},
	{"cli", "statement missing", cli("reconcile", "/nonexistent/statement.xml")},
	{"cli", "unknown format", withFile("s.csv", "x", "--format", "qif")},
	{"cli", "empty statement", withFile("empty.xml", "")},
	{"cli", "binary statement", withFile("junk.bin", "\x00\x01\x02\xff\xfe garbage")},
	{"cli", "CSV with a bad amount", withFile("bad.csv", "date,amount,currency,reference,counterparty,id\n2026-11-25,twelve,BRL,,,\n")},
	{"cli", "CSV with a bad date", withFile("bad.csv", "date,amount,currency,reference,counterparty,id\n31/11/2026,1.00,BRL,,,\n")},
	{"cli", "camt with an entity", withFile("xxe.xml", `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>&x;</BkToCstmrStmt></Document>`)},
	{"cli", "camt nested too deep", withFile("deep.xml", `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">`+strings.Repeat("<a>", 200)+strings.Repeat("</a>", 200)+`</Document>`)},
	{"cli", "MT940 with a broken :61:", withFile("bad.sta", ":20:STMT\n:25:DE89370400440532013000\n:28C:1/1\n:60F:C261124EUR100,00\n:61:2611XX\n:62F:C261125EUR100,00\n-\n", "--format", "mt940")},
	{"cli", "OFX without transactions end", withFile("bad.ofx", "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKTRANLIST><STMTTRN><TRNTYPE>CREDIT<DTPOSTED>2026xx<TRNAMT>1.00<FITID>1</STMTTRN>")},
	{"cli", "limit that is not a number", cli("orders", "--limit", "abc")},
	{"cli", "until before since", cli("orders", "--since", "2026-11-26", "--until", "2026-11-25")},
	{"cli", "status list of commas only", cli("orders", "--status", ",")},
	{"cli", "negative refund", cli("refund", "22222222GW", "-1", "--reason", "x")},
	{"cli", "unknown CSV profile", withFile("s.csv", "x", "--profile", "nope")},
	{"cli", "demo in an unknown currency", cli("demo", "--currency", "XXX")},
	{"cli", "demo delay that is not a duration", cli("demo", "--delay", "soon")},
	{"cli", "demo without a terminal", cli("demo")},
	{"cli", "boolean flag given a word", cli("receipt", "22222222GW", "--out", "r.txt", "--force=maybe")},
	{"cli", "PIX JSON with a number amount", withFile("pix.json", `{"pix":[{"endToEndId":"E1234567820261125140000000000001","txid":"X","valor":12.5,"horario":"2026-11-25T14:00:00Z"}]}`)},

	// The configuration.
	{"config", "TOML syntax error", withConfig("[merchant\nname='x'", 0o600)},
	{"config", "unknown key", withConfig(goodMerchant+"colour='blue'\n[[schemes]]\ntype='emv'\ntag=26\nguid='X.Y'\nmerchant_id='1'\n", 0o600)},
	{"config", "no schemes", withConfig(goodMerchant, 0o600)},
	{"config", "unknown currency", withConfig(strings.Replace(goodMerchant, "BRL", "BRX", 1)+"[[schemes]]\ntype='emv'\ntag=26\nguid='X.Y'\nmerchant_id='1'\n", 0o600)},
	{"config", "bad country", withConfig(strings.Replace(goodMerchant, "'BR'", "'Brazil'", 1)+"[[schemes]]\ntype='emv'\ntag=26\nguid='X.Y'\nmerchant_id='1'\n", 0o600)},
	{"config", "name that folds to nothing", withConfig(strings.Replace(goodMerchant, "'Shop'", "'店'", 1)+"[[schemes]]\ntype='emv'\ntag=26\nguid='X.Y'\nmerchant_id='1'\n", 0o600)},
	{"config", "bad mcc", withConfig(goodMerchant+"mcc='58a2'\n[[schemes]]\ntype='emv'\ntag=26\nguid='X.Y'\nmerchant_id='1'\n", 0o600)},
	{"config", "bad expiry", withConfig(goodMerchant+"[till]\nexpiry='forever'\n[[schemes]]\ntype='emv'\ntag=26\nguid='X.Y'\nmerchant_id='1'\n", 0o600)},
	{"config", "short secret", withConfig(goodMerchant+"[serve]\nsecrets=['short']\n[[schemes]]\ntype='emv'\ntag=26\nguid='X.Y'\nmerchant_id='1'\n", 0o600)},
	{"config", "secrets readable by others", withConfig(goodMerchant+"[serve]\nsecrets=['a-long-enough-secret-value']\n[[schemes]]\ntype='emv'\ntag=26\nguid='X.Y'\nmerchant_id='1'\n", 0o644)},
	{"config", "PIN that is not a hash", withConfig(goodMerchant+"[till]\nmanager_pin='1234'\n[[schemes]]\ntype='emv'\ntag=26\nguid='X.Y'\nmerchant_id='1'\n", 0o600)},
	{"config", "unknown scheme type", withConfig(withScheme("type='bitcoin'\n"), 0o600)},
	{"config", "scheme without type", withConfig(withScheme("tag=26\n"), 0o600)},
	{"config", "EMV tag out of range", withConfig(withScheme("type='emv'\ntag=70\nguid='X.Y'\nmerchant_id='1'\n"), 0o600)},
	{"config", "PIX key of no known type", withConfig(withScheme("type='pix'\nkey='12345'\n"), 0o600)},
	{"config", "PIX CPF with a wrong check digit", withConfig(withScheme("type='pix'\nkey='123.456.789-00'\n"), 0o600)},
	{"config", "PIX in euros", withConfig(strings.Replace(goodMerchant, "BRL", "EUR", 1)+"[[schemes]]\ntype='pix'\nkey='+5511999999999'\n", 0o600)},
	{"config", "PromptPay id of the wrong length", withConfig("[merchant]\nname='Shop'\ncity='Bangkok'\ncountry='TH'\ncurrency='THB'\n[[schemes]]\ntype='promptpay'\nid='12345'\n", 0o600)},
	{"config", "IBAN with a wrong check digit", withConfig("[merchant]\nname='Shop'\ncity='Berlin'\ncountry='DE'\ncurrency='EUR'\n[[schemes]]\ntype='epc'\niban='DE89370400440532013001'\nbeneficiary='Shop'\n", 0o600)},
	{"config", "two schemes with one name", withConfig(withScheme("type='pix'\nkey='+5511999999999'\n[[schemes]]\ntype='pix'\nkey='+5511988888888'\n"), 0o600)},
	{"config", "typo in a scheme key", withConfig(withScheme("type='pix'\nkye='+5511999999999'\n"), 0o600)},
	{"config", "escape sequence in the merchant name", withConfig(strings.Replace(withScheme("type='pix'\nkey='+5511999999999'\n"), "'Shop'", `"Shop\u001b]52;c;cHduZWQ=\u0007"`, 1), 0o600)},
	{"config", "right-to-left override in the city", withConfig(strings.Replace(withScheme("type='pix'\nkey='+5511999999999'\n"), "'Recife'", `"Recife\u202e"`, 1), 0o600)},
	{"config", "C1 control in the cashier", withConfig(withScheme("type='pix'\nkey='+5511999999999'\n")+"[till]\ncashier=\"ana\u009b2J\"\n", 0o600)},
	{"config", "line break in the printer command", withConfig(withScheme("type='pix'\nkey='+5511999999999'\n")+"[till]\nprinter=\"lp\\nrm -rf ~\"\n", 0o600)},
	{"config", "group can write the file", withConfig(withScheme("type='pix'\nkey='+5511999999999'\n"), 0o620)},
	{"config", "in a folder anyone can write", inOpenFolder(withScheme("type='pix'\nkey='+5511999999999'\n"))},
	{"cli", "note with an escape sequence", cli("charge", "5", "--note", "table\x1b]52;c;cHduZWQ=\a")},
	{"cli", "note with a right-to-left override", cli("charge", "5", "--note", "table \u202e4")},
	{"cli", "cancel reason with a C1 control", cli("cancel", "22222222GW", "--reason", "x\u009b2J")},

	// HTTP, at the notification handler.
	{"http", "unsigned", post("/notify", []byte(`{"id":"1"}`), nil)},
	{"http", "wrong secret", post("/notify", []byte(`{"id":"1"}`), func(b []byte) string { return notify.Sign([]byte("another-secret-000000000"), hostileNow, b) })},
	{"http", "stale timestamp", post("/notify", []byte(`{"id":"1"}`), signed(hostileNow.Add(-time.Hour)))},
	{"http", "timestamp from the future", post("/notify", []byte(`{"id":"1"}`), signed(hostileNow.Add(time.Hour)))},
	{"http", "malformed signature header", post("/notify", []byte(`{"id":"1"}`), header("sha256=abc"))},
	{"http", "signature not hex", post("/notify", []byte(`{"id":"1"}`), header(fmt.Sprintf("t=%d,v1=%s", hostileNow.Unix(), strings.Repeat("zz", 32))))},
	{"http", "body too large", post("/notify", bytes.Repeat([]byte("x"), notify.MaxBody+1), signed(hostileNow))},
	{"http", "not JSON", post("/notify", []byte(`id=1&amount=5`), signed(hostileNow))},
	{"http", "two JSON objects", post("/notify", []byte(`{"id":"1"}{"id":"2"}`), signed(hostileNow))},
	{"http", "amount as a number", post("/notify", []byte(`{"id":"1","ref":"X","amount":12.5,"currency":"BRL"}`), signed(hostileNow))},
	{"http", "negative amount", post("/notify", []byte(`{"id":"1","ref":"X","amount":"-12.50","currency":"BRL"}`), signed(hostileNow))},
	{"http", "too many decimals", post("/notify", []byte(`{"id":"1","ref":"X","amount":"12.505","currency":"BRL"}`), signed(hostileNow))},
	{"http", "unknown currency", post("/notify", []byte(`{"id":"1","ref":"X","amount":"1","currency":"XBT"}`), signed(hostileNow))},
	{"http", "missing id", post("/notify", []byte(`{"ref":"X","amount":"1","currency":"BRL"}`), signed(hostileNow))},
	{"http", "bad paid_at", post("/notify", []byte(`{"id":"1","ref":"X","amount":"1","currency":"BRL","paid_at":"now"}`), signed(hostileNow))},
	{"http", "PIX body without pix", post("/pix", []byte(`{"pagamentos":[]}`), signed(hostileNow))},
	{"http", "PIX valor with a comma", post("/pix", []byte(`{"pix":[{"endToEndId":"E1234567820261125140000000000001","txid":"X","valor":"12,50","horario":"2026-11-25T14:00:00Z"}]}`), signed(hostileNow))},
	{"http", "GET on /notify", post("/notify", nil, nil)},
	{"http", "unknown path", post("/admin", []byte(`{}`), signed(hostileNow))},
	{"http", "11th unsigned 60 KB request from one address", refusedRepeatedly(11)},

	// Database files: another program's SQLite file is left as it is.
	{"db", "another program's database, listed", withForeignDB("orders")},
	{"db", "another program's database, charged", withForeignDB("charge", "5")},
	{"db", "another program's database, checked", withForeignDB("check")},
	{"db", "another program's database, backed up", withForeignDB("backup", "/nonexistent/copy.db")},
}

// TestHostileInputs feeds every bad input above to till and compares the
// exit status (or HTTP status) and the exact message with
// testdata/TestHostileInputs.golden, which `go test -run TestHostileInputs
// -update` rewrites. Every one must be refused, in one line, and write
// nothing.
func TestHostileInputs(t *testing.T) {
	var b strings.Builder
	b.WriteString("| # | surface | input | status | message |\n|---|---|---|---|---|\n")
	for i, h := range hostileInputs {
		e := newEnv(t)
		status, msg := h.run(t, e)
		if status == 0 || status == 200 {
			t.Errorf("%s %q was accepted: %s", h.surface, h.name, msg)
		}
		if strings.Count(msg, "\n") > 1 {
			t.Errorf("%s %q: the message is not one line: %q", h.surface, h.name, msg)
		}
		if strings.Contains(msg, "goroutine") || strings.Contains(msg, "panic") {
			t.Errorf("%s %q: a stack trace reached the user: %q", h.surface, h.name, msg)
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %d | `%s` |\n", i+1, h.surface, h.name, status, strings.ReplaceAll(strings.ReplaceAll(msg, "\n", " "), "|", "\\|"))
		// Nothing was written: no orders, no statement lines.
		if st, err := store.Open(e.db); err == nil {
			if list, _ := st.List(t.Context(), store.Filter{}); len(list) != 0 {
				t.Errorf("%s %q wrote orders", h.surface, h.name)
			}
			if n, _ := st.NotificationCount(t.Context()); n != 0 {
				t.Errorf("%s %q stored a notification", h.surface, h.name)
			}
			st.Close()
		}
	}
	if len(hostileInputs) < 50 {
		t.Fatalf("only %d hostile inputs; the table promises at least 50", len(hostileInputs))
	}
	// The table is a golden file (testdata/TestHostileInputs.golden, a
	// Markdown table the README links to); -update rewrites it.
	golden.RequireEqual(t, []byte(b.String()))

	// Text from outside that till accepts (statement lines, notification
	// ids, payload fields, file names) reaches no terminal raw: not through
	// a text command (hostile_text_test.go), nor through a screen of the
	// till (hostile_tui_test.go).
	t.Run("text commands", testHostileText)
	t.Run("screens", testHostileScreens)
}
