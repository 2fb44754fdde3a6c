package statement

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// budgetReader hands out at most a budget of bytes between resets. The
// XML and JSON readers reset it before each token or entry, so a single
// oversized token fails with ErrTooLarge instead of being buffered whole.
// It implements io.ByteReader so that encoding/xml reads through it byte by
// byte and the count is exact.
type budgetReader struct {
	r     *bufio.Reader
	max   int
	left  int
	lines int // newlines read so far, for error messages
}

func newBudgetReader(r *bufio.Reader, max int) *budgetReader {
	return &budgetReader{r: r, max: max, left: max}
}

func (b *budgetReader) reset() { b.left = b.max }

func (b *budgetReader) ReadByte() (byte, error) {
	if b.left <= 0 {
		return 0, tooLarge(b.max)
	}
	c, err := b.r.ReadByte()
	if err == nil {
		b.left--
		if c == '\n' {
			b.lines++
		}
	}
	return c, err
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, tooLarge(b.max)
	}
	if len(p) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= n
	b.lines += bytes.Count(p[:n], []byte{'\n'})
	return n, err
}

// lineReader returns one line at a time without its line ending, refusing
// lines longer than max bytes. The returned slice is valid until the next
// call.
type lineReader struct {
	r    *bufio.Reader
	max  int
	buf  []byte
	line int // number of the line last returned
}

func newLineReader(r *bufio.Reader, max int) *lineReader {
	return &lineReader{r: r, max: max}
}

func (l *lineReader) next() ([]byte, error) {
	l.buf = l.buf[:0]
	for {
		chunk, err := l.r.ReadSlice('\n')
		if len(l.buf)+len(chunk) > l.max+2 { // +2: the line ending
			l.line++
			return nil, &ParseError{Line: l.line, Err: fmt.Errorf("line is too long: %w", tooLarge(l.max))}
		}
		if err == bufio.ErrBufferFull {
			l.buf = append(l.buf, chunk...)
			continue
		}
		if err != nil && (err != io.EOF || len(chunk)+len(l.buf) == 0) {
			return nil, err
		}
		var line []byte
		if len(l.buf) > 0 {
			l.buf = append(l.buf, chunk...)
			line = l.buf
		} else {
			line = chunk
		}
		l.line++
		line = bytes.TrimSuffix(line, []byte{'\n'})
		line = bytes.TrimSuffix(line, []byte{'\r'})
		return line, nil
	}
}

// recordLimiter bounds the bytes encoding/csv may pull for one record:
// the CSV reader resets it after every record. Without it a single
// endless line, or a quote that is never closed (LazyQuotes lets the field
// run on), would be buffered whole. The count includes encoding/csv's
// read-ahead, so the bound is the limit plus one buffer.
type recordLimiter struct {
	r      io.Reader
	max    int
	used   int
	lines  int // newlines passed, to name the line that overflowed
	offset int // physical lines before the CSV reader's first
}

const csvReadAhead = 4096

func (l *recordLimiter) reset() { l.used = 0 }

func (l *recordLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i, c := range p[:n] {
		l.used++
		if l.used > l.max+csvReadAhead {
			return i, &ParseError{Line: l.offset + l.lines + 1, Err: fmt.Errorf("record is too long: %w", tooLarge(l.max))}
		}
		if c == '\n' {
			l.lines++
		}
	}
	return n, err
}

// lookupEncoding maps a charset name, as written in profiles, OFX headers
// and XML declarations, to a decoder. nil means the bytes are UTF-8 (a
// UTF-8 BOM is removed by the readers).
func lookupEncoding(name string) (encoding.Encoding, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.NewReplacer("_", "-", " ", "").Replace(n)
	switch n {
	case "", "utf-8", "utf8", "utf-8-bom", "usascii", "us-ascii", "ascii", "none":
		return nil, nil
	case "utf-16":
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), nil
	case "utf-16le":
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), nil
	case "utf-16be":
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM), nil
	case "windows-1252", "cp1252", "1252", "win1252":
		return charmap.Windows1252, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "8859-1", "l1":
		return charmap.ISO8859_1, nil
	case "iso-8859-15", "iso8859-15", "latin9", "latin-9", "8859-15":
		return charmap.ISO8859_15, nil
	case "gb18030", autoCN:
		return simplifiedchinese.GB18030, nil
	case "gbk", "gb2312", "cp936":
		return simplifiedchinese.GBK, nil
	}
	return nil, errors.New("unknown encoding: use utf-8, utf-16, utf-16le, utf-16be, windows-1252, iso-8859-1, iso-8859-15, gb18030, gbk or utf-8-or-gb18030")
}

// autoCN is the encoding of files that come in UTF-8 or GB18030 (WeChat
// Pay bills: UTF-8 from the API, GB18030 once a spreadsheet saved them).
const autoCN = "utf-8-or-gb18030"

// encodingFor is lookupEncoding for a file whose first bytes are head:
// utf-8-or-gb18030 reads as UTF-8 when head is valid UTF-8 (a character
// cut at the end of head aside), else as GB18030. Chinese text in GB18030
// is almost never valid UTF-8, and ASCII reads the same either way.
func encodingFor(name string, head []byte) encoding.Encoding {
	enc, _ := lookupEncoding(name)
	if strings.ToLower(strings.TrimSpace(name)) != autoCN {
		return enc
	}
	for cut := 0; cut < utf8.UTFMax && cut < len(head); cut++ {
		if utf8.Valid(head[:len(head)-cut]) {
			return nil
		}
	}
	if utf8.Valid(head) {
		return nil
	}
	return enc
}

// xmlCharsetReader lets encoding/xml read the 8-bit encodings some banks
// declare.
func xmlCharsetReader(charset string, input io.Reader) (io.Reader, error) {
	enc, err := lookupEncoding(charset)
	if err != nil {
		return nil, fmt.Errorf("XML encoding %q: %w", charset, err)
	}
	if enc == nil {
		return input, nil
	}
	return enc.NewDecoder().Reader(input), nil
}
