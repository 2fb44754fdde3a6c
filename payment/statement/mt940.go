package statement

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// mt940Reader streams SWIFT MT940 statements and MT942 interim reports.
// A file is a sequence of messages, each a sequence of fields ":TAG:value"
// whose value may continue on following lines; messages may be wrapped in
// SWIFT blocks ({1:…}{2:…}{4: … -}) or separated by "-" lines. It keeps one
// field and one pending :61: statement line at a time.
type mt940Reader struct {
	lines   *lineReader
	loc     *time.Location
	maxText int

	// the field being collected
	tag     string
	value   []byte
	tagLine int

	// the message
	account  string
	currency string
	interim  bool // MT942: every line is pending
	block942 bool // the SWIFT block 2 says MT942
	openDate time.Time

	// the :61: waiting for its :86:
	pending    *mt940Entry
	entryNo    int
	out        []Line
	eof        bool
	sawMessage bool
}

// mt940Entry is a parsed :61: and, once seen, its :86:.
type mt940Entry struct {
	line     Line
	custRef  string
	details  string
	hasInfo  bool
	typeCode string
}

func newMT940Reader(r *bufio.Reader, opts Options) *mt940Reader {
	return &mt940Reader{lines: newLineReader(r, opts.maxToken()), loc: opts.location(), maxText: opts.maxToken()}
}

func (r *mt940Reader) next() (Line, error) {
	for len(r.out) == 0 {
		if r.eof {
			if !r.sawMessage {
				return Line{}, &ParseError{Line: r.lines.line, Err: errors.New("no MT940 message found (a :20: field starts each message)")}
			}
			return Line{}, io.EOF
		}
		raw, err := r.lines.next()
		if err == io.EOF {
			r.eof = true
			if err := r.endField(); err != nil {
				return Line{}, err
			}
			r.flush()
			continue
		}
		if err != nil {
			return Line{}, err
		}
		if err := r.feed(raw); err != nil {
			return Line{}, err
		}
	}
	l := r.out[0]
	r.out = r.out[1:]
	return l, nil
}

// feed takes one physical line.
func (r *mt940Reader) feed(raw []byte) error {
	line := raw
	// SWIFT envelope: "{1:F01…}{2:I940…}{4:" possibly followed by a field.
	if bytes.HasPrefix(line, []byte("{")) && len(line) >= 3 && isDigit(line[1]) && line[2] == ':' {
		if i := bytes.Index(line, []byte("{2:")); i >= 0 && len(line) >= i+7 {
			r.block942 = string(line[i+4:i+7]) == "942"
		}
		i := bytes.Index(line, []byte("{4:"))
		if i < 0 {
			return nil
		}
		line = line[i+3:]
	}
	trimmed := bytes.TrimSpace(line)
	if len(trimmed) == 0 && r.tag == "" {
		return nil
	}
	// "-" ends a message; "-}" ends a SWIFT block 4 (a trailer may follow).
	if string(trimmed) == "-" || bytes.HasPrefix(trimmed, []byte("-}")) {
		if err := r.endField(); err != nil {
			return err
		}
		r.flush()
		r.block942 = false
		return nil
	}
	if tag, rest, ok := fieldStart(line); ok {
		if err := r.endField(); err != nil {
			return err
		}
		r.tag, r.tagLine = tag, r.lines.line
		r.value = append(r.value[:0], rest...)
		return nil
	}
	if r.tag == "" {
		return nil // bank preamble (e.g. "ABNANL2A", "940") or trailer
	}
	if len(r.value)+len(line)+1 > r.maxText {
		return &ParseError{Line: r.lines.line, Err: fmt.Errorf(":%s: field is too long: %w", r.tag, tooLarge(r.maxText))}
	}
	r.value = append(r.value, '\n')
	r.value = append(r.value, line...)
	return nil
}

// fieldStart recognises ":61:" or ":28C:" at the start of a line.
func fieldStart(line []byte) (tag string, rest []byte, ok bool) {
	if len(line) < 4 || line[0] != ':' {
		return "", nil, false
	}
	end := bytes.IndexByte(line[1:], ':')
	if end < 2 || end > 3 {
		return "", nil, false
	}
	t := line[1 : 1+end]
	if !isDigit(t[0]) || !isDigit(t[1]) || (len(t) == 3 && !isUpper(t[2])) {
		return "", nil, false
	}
	return string(t), line[2+end:], true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// endField interprets the field just completed.
//
// It is better whole: one case per MT940 field tag (:20:, :25:, :60F:,
// :61:, :86:, :62F: ...), each what that field means to the statement;
// the switch mirrors the format's list of fields.
func (r *mt940Reader) endField() error {
	tag, value := r.tag, string(r.value)
	r.tag = ""
	if tag == "" {
		return nil
	}
	fail := func(err error) error { return &ParseError{Line: r.tagLine, Entry: r.entryNo, Err: err} }
	switch tag {
	case "20":
		r.flush()
		r.sawMessage = true
		r.account, r.currency, r.openDate = "", "", time.Time{}
		r.interim = r.block942 // or set by :13D:/:34F: below
	case "25":
		r.account = strings.TrimSpace(value)
	case "60F", "60M", "60":
		r.flush()
		v := strings.TrimSpace(value)
		if len(v) < 10 || (v[0] != 'C' && v[0] != 'D') {
			return fail(fmt.Errorf(":%s: opening balance %q must be C or D, a date YYMMDD, a currency and an amount", tag, v))
		}
		d, err := mt940Date(v[1:7], r.loc)
		if err != nil {
			return fail(fmt.Errorf(":%s: date %q: %w", tag, v[1:7], err))
		}
		r.openDate, r.currency = d, v[7:10]
	case "34F":
		r.interim = true
		if v := strings.TrimSpace(value); len(v) >= 3 {
			r.currency = v[:3]
		}
	case "13D", "13":
		r.interim = true
	case "90D", "90C":
		// "72EUR1234,56": number of entries, then currency and sum.
		v := strings.TrimLeft(strings.TrimSpace(value), "0123456789")
		if r.currency == "" && len(v) >= 3 {
			r.currency = v[:3]
		}
	case "61":
		r.flush()
		r.entryNo++
		e, err := r.parse61(value)
		if err != nil {
			return fail(err)
		}
		r.pending = e
	case "86":
		if r.pending != nil && !r.pending.hasInfo {
			r.pending.hasInfo = true
			r.pending.details = value
		}
	case "62F", "62M", "62", "64", "65":
		r.flush()
	}
	return nil
}

// flush completes the pending :61: with its :86: and queues it.
func (r *mt940Reader) flush() {
	if r.pending == nil {
		return
	}
	e := r.pending
	r.pending = nil
	l := e.line
	applyDetails(&l, e)
	// Structured remittance first (Dutch /REMI/STRD/), then the :61:
	// customer reference, then the payer's end-to-end reference.
	// Rabobank writes "EREF" to point at /EREF/ in the :86:.
	if l.Reference == "" && !isNoRef(e.custRef) && e.custRef != "EREF" {
		l.Reference = e.custRef
	}
	if l.Reference == "" {
		l.Reference = l.ProviderID
	}
	// EREF+ and /EREF/ are the payer's end-to-end reference: chosen by the
	// payer, they repeat (one invoice number on two transfers), so they are
	// a reference to try, never the payment's identity.
	l.ProviderID = ""
	r.out = append(r.out, l)
}
