package statement

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"time"
)

// camtReader streams ISO 20022 camt.053 (statement), camt.052 (intraday
// report) and camt.054 (notification) of any version. It walks the XML
// tokens itself instead of decoding whole elements, so that it can:
//   - ignore namespaces (any version URN, typos included) by matching local
//     names only;
//   - hold one Ntry at a time, and inside a batch entry one TxDtls at a
//     time, whatever the number of entries or transactions;
//   - bound nesting depth and the size of every token and text.
//
// encoding/xml never expands external entities; DOCTYPE and ENTITY
// declarations are refused outright so that no file can even try.
type camtReader struct {
	dec     *xml.Decoder
	in      *budgetReader
	loc     *time.Location
	maxText int

	stack  []string // local names from the root
	text   []byte   // character data of the element being read
	attr   string   // Ccy attribute of the element being read
	source string   // camt.053, camt.052, camt.054

	account  string
	entryNo  int
	entryAt  int // stack depth of the open Ntry, 0 when outside
	entry    camtEntry
	txAt     int // stack depth of the open TxDtls, 0 when outside
	tx       camtTx
	txCount  int
	held     camtTx // the first TxDtls, held until we know if it is a batch
	out      []Line
	rel      []byte // path below Ntry, reused
	maxDepth int
}

// camtEntry is what an Ntry says about itself.
type camtEntry struct {
	ntryRef, amt, ccy, cdtDbt, rvsl, sts string
	bookDt, valDt, acctSvcrRef, addtlInf string
	domain, family, subFamily, prtry     string
	btchTxs                              string
	fileLine                             int
}

// camtTx is one TxDtls.
type camtTx struct {
	acctSvcrRef, endToEndID, uetr, txID  string
	amt, ccy, txAmt, txCcy, inAmt, inCcy string
	cdtDbt                               string
	dbtr, cdtr, ultmtDbtr, ultmtCdtr     string
	ref                                  string // first Strd/CdtrRefInf/Ref
	text                                 []byte // Ustrd, further refs, AddtlTxInf
}

const camtMaxDepth = 64

func newCAMTReader(r *bufio.Reader, opts Options) *camtReader {
	in := newBudgetReader(r, opts.maxToken())
	dec := xml.NewDecoder(in)
	dec.Strict = true
	dec.CharsetReader = xmlCharsetReader
	return &camtReader{dec: dec, in: in, loc: opts.location(), maxText: opts.maxToken(), source: "camt", maxDepth: camtMaxDepth}
}

func (r *camtReader) fail(err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return err
	}
	line, _ := r.dec.InputPos()
	entry := 0
	if r.entryAt > 0 {
		entry = r.entryNo
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &ParseError{Line: se.Line, Entry: entry, Err: fmt.Errorf("malformed XML: %s", se.Msg)}
	}
	return &ParseError{Line: line, Entry: entry, Err: err}
}

func (r *camtReader) next() (Line, error) {
	for len(r.out) == 0 {
		r.in.reset()
		// RawToken: no namespace translation (local names are all we
		// match) and fewer allocations; end tags are checked in end().
		tok, err := r.dec.RawToken()
		if err == io.EOF {
			switch {
			case len(r.stack) > 0:
				return Line{}, r.fail(fmt.Errorf("the file ends inside <%s>; is it complete?", r.stack[len(r.stack)-1]))
			case r.source == "camt":
				return Line{}, r.fail(errors.New("no camt report found (BkToCstmrStmt, BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn)"))
			}
			return Line{}, io.EOF
		}
		if err != nil {
			return Line{}, r.fail(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := r.start(t); err != nil {
				return Line{}, r.fail(err)
			}
		case xml.CharData:
			if len(r.text)+len(t) > r.maxText {
				return Line{}, r.fail(fmt.Errorf("text is too long: %w", tooLarge(r.maxText)))
			}
			r.text = append(r.text, t...)
		case xml.EndElement:
			if err := r.end(t.Name.Local); err != nil {
				return Line{}, r.fail(err)
			}
		case xml.Directive:
			return Line{}, r.fail(errors.New("XML declarations such as <!DOCTYPE> or <!ENTITY> are not allowed in a statement"))
		}
	}
	l := r.out[0]
	r.out = r.out[1:]
	return l, nil
}

func (r *camtReader) start(t xml.StartElement) error {
	if len(r.stack) >= r.maxDepth {
		return fmt.Errorf("elements are nested deeper than %d levels", r.maxDepth)
	}
	name := t.Name.Local
	r.stack = append(r.stack, name)
	r.text = r.text[:0]
	r.attr = ""
	for _, a := range t.Attr {
		if a.Name.Local == "Ccy" {
			r.attr = a.Value
		}
	}
	switch name {
	case "BkToCstmrStmt":
		r.source = "camt.053"
	case "BkToCstmrAcctRpt":
		r.source = "camt.052"
	case "BkToCstmrDbtCdtNtfctn":
		r.source = "camt.054"
	case "Stmt", "Rpt", "Ntfctn":
		if r.entryAt == 0 {
			r.account = ""
		}
	case "Ntry":
		if r.entryAt == 0 && len(r.stack) >= 2 && isCAMTReport(r.stack[len(r.stack)-2]) {
			r.entryNo++
			r.entryAt = len(r.stack)
			line, _ := r.dec.InputPos()
			r.entry = camtEntry{fileLine: line}
			r.txCount = 0
		}
	case "TxDtls":
		if r.entryAt > 0 && r.txAt == 0 && r.stack[len(r.stack)-2] == "NtryDtls" {
			r.txAt = len(r.stack)
			r.tx.reset()
		}
	}
	return nil
}

func isCAMTReport(name string) bool { return name == "Stmt" || name == "Rpt" || name == "Ntfctn" }

// It is better whole: it is the streaming parser's dispatch on a closing
// tag, one case per place in the document the element may close (inside a
// transaction detail, a detail itself, inside an entry, an entry, the
// account id); the cases are tried in that order, innermost first.
func (r *camtReader) end(name string) error {
	depth := len(r.stack)
	if depth == 0 {
		return fmt.Errorf("</%s> closes nothing", name)
	}
	if open := r.stack[depth-1]; open != name {
		return fmt.Errorf("</%s> does not close <%s>", name, open)
	}
	text := bytes.TrimSpace(r.text)
	switch {
	case r.txAt > 0 && depth > r.txAt:
		if err := r.txField(r.path(r.txAt), text); err != nil {
			return err
		}
	case r.txAt > 0 && depth == r.txAt:
		r.txAt = 0
		if err := r.endTx(); err != nil {
			return &ParseError{Line: r.entry.fileLine, Entry: r.entryNo, Err: err}
		}
	case r.entryAt > 0 && depth > r.entryAt:
		r.entryField(r.path(r.entryAt), text)
	case r.entryAt > 0 && depth == r.entryAt:
		r.entryAt = 0
		if err := r.endEntry(); err != nil {
			return &ParseError{Line: r.entry.fileLine, Entry: r.entryNo, Err: err}
		}
	case depth >= 4 && r.stack[depth-3] == "Id" && r.stack[depth-4] == "Acct" &&
		(r.stack[depth-2] == "Othr" && r.stack[depth-1] == "Id"):
		r.account = string(text)
	case depth >= 3 && r.stack[depth-2] == "Id" && r.stack[depth-3] == "Acct" && r.stack[depth-1] == "IBAN":
		r.account = string(text)
	}
	r.stack = r.stack[:depth-1]
	r.text = r.text[:0]
	return nil
}

// path joins the local names below the element at depth base with '/'.
// The result is only valid until the next call; the field switches
// compare it without converting it to a string.
func (r *camtReader) path(base int) []byte {
	r.rel = r.rel[:0]
	for i, n := range r.stack[base:] {
		if i > 0 {
			r.rel = append(r.rel, '/')
		}
		r.rel = append(r.rel, n...)
	}
	return r.rel
}

func (r *camtReader) entryField(path, raw []byte) {
	e := &r.entry
	text := func() string { return string(raw) }
	switch string(path) {
	case "NtryRef":
		e.ntryRef = text()
	case "Amt":
		e.amt, e.ccy = text(), r.attr
	case "CdtDbtInd":
		e.cdtDbt = text()
	case "RvslInd":
		e.rvsl = text()
	case "Sts", "Sts/Cd", "Sts/Prtry":
		if e.sts == "" || string(path) == "Sts/Cd" {
			e.sts = text()
		}
	case "BookgDt/Dt", "BookgDt/DtTm":
		e.bookDt = text()
	case "ValDt/Dt", "ValDt/DtTm":
		e.valDt = text()
	case "AcctSvcrRef":
		e.acctSvcrRef = text()
	case "BkTxCd/Domn/Cd":
		e.domain = text()
	case "BkTxCd/Domn/Fmly/Cd":
		e.family = text()
	case "BkTxCd/Domn/Fmly/SubFmlyCd":
		e.subFamily = text()
	case "BkTxCd/Prtry/Cd":
		e.prtry = text()
	case "AddtlNtryInf":
		e.addtlInf = text()
	case "NtryDtls/Btch/NbOfTxs":
		e.btchTxs = text()
	}
}

func (t *camtTx) reset() {
	*t = camtTx{text: t.text[:0]}
}

func (r *camtReader) txField(path, raw []byte) error {
	t := &r.tx
	text := func() string { return string(raw) }
	switch string(path) {
	case "Refs/AcctSvcrRef":
		t.acctSvcrRef = text()
	case "Refs/EndToEndId":
		t.endToEndID = text()
	case "Refs/UETR":
		t.uetr = text()
	case "Refs/TxId":
		t.txID = text()
	case "Amt":
		t.amt, t.ccy = text(), r.attr
	case "AmtDtls/TxAmt/Amt":
		t.txAmt, t.txCcy = text(), r.attr
	case "AmtDtls/InstdAmt/Amt":
		t.inAmt, t.inCcy = text(), r.attr
	case "CdtDbtInd":
		t.cdtDbt = text()
	case "RltdPties/Dbtr/Nm", "RltdPties/Dbtr/Pty/Nm":
		t.dbtr = text()
	case "RltdPties/Cdtr/Nm", "RltdPties/Cdtr/Pty/Nm":
		t.cdtr = text()
	case "RltdPties/UltmtDbtr/Nm", "RltdPties/UltmtDbtr/Pty/Nm":
		t.ultmtDbtr = text()
	case "RltdPties/UltmtCdtr/Nm", "RltdPties/UltmtCdtr/Pty/Nm":
		t.ultmtCdtr = text()
	case "RmtInf/Strd/CdtrRefInf/Ref":
		if t.ref == "" {
			t.ref = text()
			return nil
		}
		return r.addText(t, raw) // further structured refs stay searchable
	case "RmtInf/Ustrd", "RmtInf/Strd/AddtlRmtInf", "AddtlTxInf":
		return r.addText(t, raw)
	}
	return nil
}

func (r *camtReader) addText(t *camtTx, s []byte) error {
	if len(s) == 0 {
		return nil
	}
	if len(t.text)+len(s)+1 > r.maxText {
		return fmt.Errorf("remittance text is too long: %w", tooLarge(r.maxText))
	}
	if len(t.text) > 0 {
		t.text = append(t.text, ' ')
	}
	t.text = append(t.text, s...)
	return nil
}

// endTx holds the first TxDtls of an entry and emits details one by one
// once a second shows that the entry is a batch.
func (r *camtReader) endTx() error {
	r.txCount++
	switch r.txCount {
	case 1:
		// Swap rather than copy so the two text buffers never alias.
		r.held, r.tx = r.tx, r.held
		return nil
	case 2:
		first, err := r.line(&r.held, 1)
		if err != nil {
			return err
		}
		r.out = append(r.out, first)
	}
	l, err := r.line(&r.tx, r.txCount)
	if err != nil {
		return err
	}
	r.out = append(r.out, l)
	return nil
}

func (r *camtReader) endEntry() error {
	switch r.txCount {
	case 0:
		l, err := r.line(nil, 0)
		if err != nil {
			return err
		}
		r.out = append(r.out, l)
	case 1:
		l, err := r.line(&r.held, 0)
		if err != nil {
			return err
		}
		r.out = append(r.out, l)
	}
	return nil
}
