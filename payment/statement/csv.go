package statement

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/transform"

	"github.com/till-pos/till/payment"
)

// csvReader reads a CSV file through a Profile, one record at a time
// (encoding/csv with ReuseRecord), after decoding it to UTF-8 on the fly.
type csvReader struct {
	p       Profile
	cr      *csv.Reader
	loc     *time.Location
	account string
	source  string
	skipped int // physical lines before the CSV reader's first line

	limit   *recordLimiter
	col     columns
	header  []string
	fixed   payment.Currency
	decimal byte
	rows    int
	done    bool
}

// columns holds resolved 0-based indexes; -1 is "not configured".
type columns struct {
	date, time, valueDate, amount, credit, debit, direction, currency int
	debitAmount                                                       int
	reference, counterparty, account, providerID, bankCode, status    int
	text, id                                                          []int
}

func newCSVReader(src *bufio.Reader, p Profile, opts Options) (*csvReader, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	head, _ := src.Peek(peekSize)
	enc := encodingFor(p.Encoding, head)
	var in io.Reader = src
	if enc == nil {
		if bom, _ := src.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
			_, _ = src.Discard(3)
		}
	} else {
		in = transform.NewReader(src, enc.NewDecoder())
	}
	max := opts.maxToken()
	decoded := bufio.NewReaderSize(in, 64<<10)
	r := &csvReader{p: p, account: opts.Account, source: "csv:" + p.Name, decimal: '.'}
	var err error
	if r.loc, err = p.location(opts.location()); err != nil {
		return nil, err // Validate has checked it
	}
	if p.DecimalMark == "," {
		r.decimal = ','
	}
	if p.FixedCurrency != "" {
		r.fixed = payment.MustCurrency(p.FixedCurrency)
	}
	lines := newLineReader(decoded, max)
	for range p.SkipLines {
		if _, err := lines.next(); err != nil {
			if err == io.EOF {
				return nil, &ParseError{Line: lines.line, Err: fmt.Errorf("the file ends within the %d lines that csv profile %q skips", p.SkipLines, p.Name)}
			}
			return nil, err
		}
	}
	r.skipped = lines.line
	r.limit = &recordLimiter{r: decoded, max: max, offset: r.skipped}
	cr := csv.NewReader(r.limit)
	cr.Comma, _ = p.delimiter()
	if p.Comment != "" {
		cr.Comment = []rune(p.Comment)[0]
	}
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	r.cr = cr
	if err := r.readHeader(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *csvReader) readHeader() error {
	if r.p.NoHeader {
		return r.resolve(nil)
	}
	for {
		r.limit.reset()
		rec, err := r.cr.Read()
		if err == io.EOF {
			return &ParseError{Line: r.skipped + 1, Err: fmt.Errorf("csv profile %q: the file has no header row", r.p.Name)}
		}
		if err != nil {
			return r.csvError(err)
		}
		if blank(rec) {
			continue
		}
		r.header = make([]string, len(rec))
		for i, h := range rec {
			r.header[i] = cleanCell(h, false)
		}
		return r.resolve(r.header)
	}
}

// resolve turns the profile's columns into indexes.
func (r *csvReader) resolve(header []string) error {
	line := r.skipped
	if len(header) > 0 {
		line, _ = r.cr.FieldPos(0)
		line += r.skipped
	}
	var missing error
	find := func(field string, c Column) int {
		if c == "" {
			return -1
		}
		if i := c.position(); i >= 0 {
			return i
		}
		for i, h := range header {
			if strings.EqualFold(h, strings.TrimSpace(string(c))) {
				return i
			}
		}
		if missing == nil {
			missing = &ParseError{Line: line, Err: fmt.Errorf("csv profile %q: the header has no column %q (%s); it has %s",
				r.p.Name, c, field, strings.Join(header, ", "))}
		}
		return -1
	}
	p := r.p
	r.col = columns{
		date: find("date", p.Date), time: find("time", p.Time), valueDate: find("value_date", p.ValueDate),
		amount: find("amount", p.Amount), credit: find("credit", p.Credit), debit: find("debit", p.Debit),
		direction: find("direction", p.Direction), currency: find("currency", p.Currency),
		debitAmount: find("debit_amount", p.DebitAmount),
		reference:   find("reference", p.Reference), counterparty: find("counterparty", p.Counterparty),
		account: find("account", p.Account), providerID: find("provider_id", p.ProviderID),
		bankCode: find("bank_code", p.BankCode), status: find("status", p.Status),
	}
	for _, c := range p.Text {
		r.col.text = append(r.col.text, find("text", c))
	}
	for _, c := range p.ID {
		r.col.id = append(r.col.id, find("id", c))
	}
	return missing
}

func blank(rec []string) bool {
	for _, c := range rec {
		if cleanCell(c, false) != "" {
			return false
		}
	}
	return true
}

func (r *csvReader) csvError(err error) error {
	var own *ParseError
	if errors.As(err, &own) {
		return own
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{Line: pe.Line + r.skipped, Err: fmt.Errorf("malformed CSV: %v", pe.Err)}
	}
	return err
}

func (r *csvReader) next() (Line, error) {
	for !r.done {
		r.limit.reset()
		rec, err := r.cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Line{}, r.csvError(err)
		}
		if blank(rec) {
			continue
		}
		first := cleanCell(rec[0], false)
		if startsWithAny(first, r.p.StopAt) {
			r.done = true
			break
		}
		if startsWithAny(first, r.p.SkipPrefixes) || r.repeatedHeader(rec) {
			continue
		}
		line, _ := r.cr.FieldPos(0)
		line += r.skipped
		r.rows++
		l, skip, err := r.row(rec)
		if err != nil {
			return Line{}, &ParseError{Line: line, Err: err}
		}
		if skip {
			continue
		}
		l.Position, l.FileLine = r.rows, line
		return l, nil
	}
	r.done = true
	return Line{}, io.EOF
}

func startsWithAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if p != "" && strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// repeatedHeader catches the header repeated at page breaks.
func (r *csvReader) repeatedHeader(rec []string) bool {
	if len(r.header) == 0 || len(rec) != len(r.header) {
		return false
	}
	for i, c := range rec {
		if cleanCell(c, false) != r.header[i] {
			return false
		}
	}
	return true
}
