package statement

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"github.com/till-pos/till/payment"
)

// ofxReader streams the bank and credit-card transactions (STMTTRN) of an
// OFX/QFX file, 1.x SGML or 2.x XML. A leaf element is recognised by the
// text that follows its start tag, so unclosed SGML leaves and closed XML
// leaves read the same, and a missing end tag of an aggregate is forgiven
// when an outer one closes.
type ofxReader struct {
	sc  *ofxScanner
	loc *time.Location

	charset    encoding.Encoding // 8-bit charset from the header, nil for UTF-8
	started    bool              // a tag has been seen (what came before is the header)
	stack      []string
	open       string // start tag whose content is not known yet
	openLine   int
	leafClosed string // leaf just read, whose XML end tag is to be skipped

	account, currency string
	inTxn             bool
	txn               ofxTxn
	entryNo           int
	out               []Line
}

type ofxTxn struct {
	fields map[string]string
	payee  string
	cursym string
	line   int
}

const ofxMaxDepth = 64

// ofxTxnFields are the STMTTRN leaves the reader uses.
var ofxTxnFields = map[string]bool{"TRNTYPE": true, "DTPOSTED": true, "DTAVAIL": true, "TRNAMT": true,
	"FITID": true, "CORRECTFITID": true, "CORRECTACTION": true, "REFNUM": true, "NAME": true,
	"EXTDNAME": true, "MEMO": true}

func newOFXReader(r *bufio.Reader, opts Options) *ofxReader {
	return &ofxReader{sc: newOFXScanner(r, opts.maxToken()), loc: opts.location()}
}

func (r *ofxReader) next() (Line, error) {
	for len(r.out) == 0 {
		tok, err := r.sc.next()
		if err == io.EOF {
			return Line{}, r.finish()
		}
		if err != nil {
			return Line{}, at(r.sc.line, 0, err)
		}
		if err := r.token(tok); err != nil {
			return Line{}, err
		}
	}
	l := r.out[0]
	r.out = r.out[1:]
	return l, nil
}

func (r *ofxReader) finish() error {
	if r.open != "" {
		if err := r.leaf(r.open, ""); err != nil {
			return err
		}
		r.open = ""
	}
	if r.inTxn {
		return &ParseError{Line: r.sc.line, Entry: r.entryNo, Err: errors.New("the file ends inside <STMTTRN>; is it complete?")}
	}
	if !r.started {
		return &ParseError{Line: r.sc.line, Err: errors.New("no OFX content found (no <OFX> tag)")}
	}
	return io.EOF
}

func (r *ofxReader) token(tok ofxToken) error {
	switch tok.kind {
	case ofxText:
		if !r.started {
			r.header(tok.name)
			return nil
		}
		if r.open != "" {
			name := r.open
			r.open, r.leafClosed = "", name
			return r.leaf(name, tok.name)
		}
	case ofxPI:
		r.started = true
		if strings.HasPrefix(tok.name, "xml") {
			if _, after, ok := strings.Cut(tok.name, "encoding="); ok {
				enc, _, _ := strings.Cut(strings.TrimLeft(after, `"'`), `"`)
				enc, _, _ = strings.Cut(enc, "'")
				r.charset, _ = lookupEncoding(enc) // unknown: read as UTF-8
			}
		}
	case ofxOpen:
		r.started = true
		if r.open != "" {
			if err := r.push(r.open, r.openLine); err != nil {
				return err
			}
		}
		r.open, r.openLine, r.leafClosed = tok.name, tok.line, ""
	case ofxEmpty:
		r.started = true
		if r.open != "" {
			if err := r.push(r.open, r.openLine); err != nil {
				return err
			}
			r.open = ""
		}
		return r.leaf(tok.name, "")
	case ofxClose:
		if r.open != "" {
			name := r.open
			r.open = ""
			if err := r.leaf(name, ""); err != nil { // <MEMO></MEMO>, or an empty SGML leaf
				return err
			}
			if name == tok.name {
				return nil
			}
		}
		if tok.name == r.leafClosed {
			r.leafClosed = ""
			return nil
		}
		r.leafClosed = ""
		return r.pop(tok.name)
	}
	return nil
}

// header reads the OFX 1.x header ("OFXHEADER:100 DATA:OFXSGML …
// CHARSET:1252"); some banks write it on one line, or glue <OFX> to it.
func (r *ofxReader) header(text string) {
	var enc, charset string
	for _, f := range strings.Fields(text) {
		k, v, _ := strings.Cut(f, ":")
		switch strings.ToUpper(k) {
		case "ENCODING":
			enc = strings.ToUpper(v)
		case "CHARSET":
			charset = v
		}
	}
	if enc == "UTF-8" || enc == "UNICODE" {
		return
	}
	if e, err := lookupEncoding(charset); err == nil && e != nil {
		r.charset = e
	}
}

func (r *ofxReader) push(name string, line int) error {
	if len(r.stack) >= ofxMaxDepth {
		return &ParseError{Line: line, Err: fmt.Errorf("elements are nested deeper than %d levels", ofxMaxDepth)}
	}
	r.stack = append(r.stack, name)
	switch name {
	case "STMTTRN":
		if r.inTxn { // the previous one was never closed
			if err := r.emit(); err != nil {
				return err
			}
		}
		r.entryNo++
		r.inTxn = true
		r.txn = ofxTxn{fields: map[string]string{}, line: line}
	case "STMTRS", "CCSTMTRS":
		r.account, r.currency = "", ""
	}
	return nil
}

// pop closes name and every aggregate left open inside it.
func (r *ofxReader) pop(name string) error {
	i := len(r.stack) - 1
	for i >= 0 && r.stack[i] != name {
		i--
	}
	if i < 0 {
		return nil // a stray end tag
	}
	for j := len(r.stack) - 1; j >= i; j-- {
		if r.stack[j] == "STMTTRN" && r.inTxn {
			if err := r.emit(); err != nil {
				return err
			}
		}
	}
	r.stack = r.stack[:i]
	return nil
}

func (r *ofxReader) leaf(name, text string) error {
	text = r.decode(unescape(text))
	parent := ""
	if len(r.stack) > 0 {
		parent = r.stack[len(r.stack)-1]
	}
	switch {
	case r.inTxn && parent == "STMTTRN":
		if ofxTxnFields[name] { // only these: a hostile file could send endless others
			r.txn.fields[name] = text
		}
	case r.inTxn && parent == "PAYEE" && name == "NAME":
		r.txn.payee = text
	case r.inTxn && parent == "CURRENCY" && name == "CURSYM":
		r.txn.cursym = text
	case name == "CURDEF" && (parent == "STMTRS" || parent == "CCSTMTRS"):
		r.currency = text
	case name == "ACCTID" && (parent == "BANKACCTFROM" || parent == "CCACCTFROM"):
		r.account = text
	}
	return nil
}

// decode turns header-declared 8-bit text into UTF-8. Text that is not
// valid UTF-8 in a file that declares nothing is read as Windows-1252,
// which is what such files nearly always are.
func (r *ofxReader) decode(s string) string {
	enc := r.charset
	if enc == nil {
		if utf8.ValidString(s) {
			return s
		}
		enc = charmap.Windows1252
	}
	out, err := enc.NewDecoder().String(s)
	if err != nil {
		return s
	}
	return out
}

func (r *ofxReader) emit() error {
	r.inTxn = false
	t := &r.txn
	f := t.fields
	fail := func(err error) error { return &ParseError{Line: t.line, Entry: r.entryNo, Err: err} }
	l := Line{
		Account:   r.account,
		Source:    "ofx",
		Position:  r.entryNo,
		FileLine:  t.line,
		BankCode:  f["TRNTYPE"],
		Reference: f["REFNUM"],
	}
	code := firstOf(t.cursym, r.currency)
	if code == "" {
		return fail(errors.New("no currency: the statement has no CURDEF"))
	}
	cur, err := payment.LookupCurrency(code)
	if err != nil {
		return fail(err)
	}
	amt, ok := f["TRNAMT"]
	if !ok {
		return fail(errors.New("STMTTRN has no TRNAMT"))
	}
	minor, negative, err := signedDecimal(amt, cur.Exponent)
	if err != nil {
		return fail(fmt.Errorf("TRNAMT %q: %w", amt, err))
	}
	l.Amount = payment.Amount{Minor: minor, Currency: cur}
	l.Credit = !negative
	if f["DTPOSTED"] == "" {
		return fail(errors.New("STMTTRN has no DTPOSTED"))
	}
	if l.BookedAt, err = ofxDate(f["DTPOSTED"], r.loc); err != nil {
		return fail(fmt.Errorf("DTPOSTED %q: %w", f["DTPOSTED"], err))
	}
	if d := f["DTAVAIL"]; d != "" {
		if l.ValueAt, err = ofxDate(d, r.loc); err != nil {
			return fail(fmt.Errorf("DTAVAIL %q: %w", d, err))
		}
	}
	l.Counterparty = firstOf(t.payee, f["NAME"])
	l.Text = joinText(joinText(firstOf(f["NAME"], t.payee), f["EXTDNAME"]), f["MEMO"])
	if id := strings.TrimSpace(f["FITID"]); id != "" {
		l.Key = "ofx|" + r.account + "|" + id
	}
	if c := strings.TrimSpace(f["CORRECTFITID"]); c != "" {
		l.Corrects = "ofx|" + r.account + "|" + c
		l.CorrectAction = strings.ToUpper(firstOf(f["CORRECTACTION"], "REPLACE"))
	}
	r.out = append(r.out, l)
	return nil
}

// signedDecimal reads an OFX amount: optional sign, digits, and one
// decimal mark, '.' or (in some Brazilian and European exports) ','.
func signedDecimal(s string, exponent int) (minor int64, negative bool, err error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "-"):
		negative, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	if strings.Contains(s, ",") {
		if strings.Contains(s, ".") {
			return 0, false, errors.New("has both ',' and '.': write one decimal mark and no grouping")
		}
		s = strings.Replace(s, ",", ".", 1)
	}
	minor, err = payment.ParseMinor(s, exponent)
	return minor, negative && minor != 0, err
}

// ofxDate reads YYYYMMDD[HHMM[SS[.XXX]]][[±H[.MM|:MM]][:TZ]], e.g.
// "20260115103000.000[-3:BRT]". Without an offset the time is in loc
// (the standard says GMT, but banks that omit it mean local time).
func ofxDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	zone := ""
	if i := strings.IndexByte(s, '['); i >= 0 {
		s, zone = s[:i], strings.TrimSuffix(s[i+1:], "]")
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = s[:i] // milliseconds
	}
	layout := ""
	switch len(s) {
	case 8:
		layout = "20060102"
	case 12:
		layout = "200601021504"
	case 14:
		layout = "20060102150405"
	}
	if layout == "" || !allDigits(s) {
		return time.Time{}, errors.New("must be YYYYMMDD, optionally followed by HHMMSS and [offset:zone]")
	}
	if zone != "" {
		off, name, _ := strings.Cut(zone, ":")
		seconds, err := ofxOffset(off)
		if err != nil {
			return time.Time{}, err
		}
		loc = time.FixedZone(name, seconds)
	}
	return time.ParseInLocation(layout, s, loc)
}

func ofxOffset(s string) (int, error) {
	sign := 1
	switch {
	case strings.HasPrefix(s, "-"):
		sign, s = -1, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	hours, frac, _ := strings.Cut(s, ".")
	if hours == "" || len(hours) > 2 || !allDigits(hours) || (frac != "" && !allDigits(frac)) {
		return 0, fmt.Errorf("time zone offset %q must be hours such as -5 or +5.30", s)
	}
	h := 0
	for _, c := range hours {
		h = h*10 + int(c-'0')
	}
	m := 0
	switch len(frac) { // "+5.30" is 5h30m; "+5.5" is 5.5 hours
	case 0:
	case 1:
		m = int(frac[0]-'0') * 6
	default:
		m = atoi2(frac[:2])
	}
	if h > 14 || m > 59 {
		return 0, fmt.Errorf("time zone offset %q is out of range", s)
	}
	return sign * (h*3600 + m*60), nil
}
