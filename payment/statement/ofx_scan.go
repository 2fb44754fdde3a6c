package statement

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ofxScanner splits OFX into tags and texts. One scanner serves both OFX
// 1.x (SGML: leaf elements are never closed, there is a "KEY:VALUE" header
// and no XML declaration) and 2.x (XML), because real files mix the two
// and are often not well-formed. It never interprets declarations or
// entities beyond the five predefined ones and character references.
type ofxScanner struct {
	r    *bufio.Reader
	max  int
	line int // current line, 1-based
	buf  []byte
}

type ofxKind int

const (
	ofxText  ofxKind = iota // text between tags (trimmed, non-empty)
	ofxOpen                 // <NAME>
	ofxClose                // </NAME>
	ofxEmpty                // <NAME/>
	ofxPI                   // <?…?>, content without the brackets
)

type ofxToken struct {
	kind ofxKind
	name string // upper-case tag name, or the text / PI content
	line int
}

const ofxMaxTag = 4096

func newOFXScanner(r *bufio.Reader, max int) *ofxScanner {
	return &ofxScanner{r: r, max: max, line: 1}
}

func (s *ofxScanner) readByte() (byte, error) {
	c, err := s.r.ReadByte()
	if c == '\n' && err == nil {
		s.line++
	}
	return c, err
}

func (s *ofxScanner) next() (ofxToken, error) {
	for {
		c, err := s.readByte()
		if err != nil {
			return ofxToken{}, err
		}
		if c == '<' {
			tok, skip, err := s.tag()
			if err != nil || !skip {
				return tok, err
			}
			continue
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			continue
		}
		line := s.line
		s.buf = append(s.buf[:0], c)
		for {
			p, err := s.r.Peek(1)
			if err == io.EOF || (err == nil && p[0] == '<') {
				break
			}
			if err != nil {
				return ofxToken{}, err
			}
			c, _ = s.readByte()
			if len(s.buf) >= s.max {
				return ofxToken{}, &ParseError{Line: s.line, Err: fmt.Errorf("text is too long: %w", tooLarge(s.max))}
			}
			s.buf = append(s.buf, c)
		}
		return ofxToken{kind: ofxText, name: string(bytes.TrimSpace(s.buf)), line: line}, nil
	}
}

// tag reads after '<'. skip is true for comments and declarations.
func (s *ofxScanner) tag() (tok ofxToken, skip bool, err error) {
	line := s.line
	s.buf = s.buf[:0]
	for {
		c, err := s.readByte()
		if err == io.EOF {
			return ofxToken{}, false, &ParseError{Line: line, Err: errors.New("the file ends inside a tag")}
		}
		if err != nil {
			return ofxToken{}, false, err
		}
		if c == '>' && !(bytes.HasPrefix(s.buf, []byte("!--")) && !bytes.HasSuffix(s.buf, []byte("--"))) {
			break
		}
		limit := ofxMaxTag
		if bytes.HasPrefix(s.buf, []byte("!--")) {
			limit = s.max
		}
		if len(s.buf) >= limit {
			return ofxToken{}, false, &ParseError{Line: line, Err: fmt.Errorf("tag is too long: %w", tooLarge(limit))}
		}
		s.buf = append(s.buf, c)
	}
	t := string(s.buf)
	switch {
	case strings.HasPrefix(t, "!"):
		return ofxToken{}, true, nil
	case strings.HasPrefix(t, "?"):
		return ofxToken{kind: ofxPI, name: strings.TrimSuffix(t[1:], "?"), line: line}, false, nil
	case strings.HasPrefix(t, "/"):
		return ofxToken{kind: ofxClose, name: tagName(t[1:]), line: line}, false, nil
	case strings.HasSuffix(t, "/"):
		return ofxToken{kind: ofxEmpty, name: tagName(strings.TrimSuffix(t, "/")), line: line}, false, nil
	}
	name := tagName(t)
	if name == "" {
		return ofxToken{}, false, &ParseError{Line: line, Err: fmt.Errorf("tag <%s> has no name", t)}
	}
	return ofxToken{kind: ofxOpen, name: name, line: line}, false, nil
}

func tagName(t string) string {
	t = strings.TrimSpace(t)
	if i := strings.IndexAny(t, " \t\r\n"); i >= 0 {
		t = t[:i] // attributes (XML namespaces) are of no use here
	}
	return strings.ToUpper(t)
}

// unescape decodes the predefined entities and character references;
// anything else is left as written.
func unescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := strings.IndexByte(s, ';')
		if j < 0 || j > 10 {
			b.WriteByte('&')
			s = s[1:]
			continue
		}
		ent := s[1:j]
		switch {
		case ent == "amp":
			b.WriteByte('&')
		case ent == "lt":
			b.WriteByte('<')
		case ent == "gt":
			b.WriteByte('>')
		case ent == "quot":
			b.WriteByte('"')
		case ent == "apos":
			b.WriteByte('\'')
		case strings.HasPrefix(ent, "#x") || strings.HasPrefix(ent, "#X"):
			if n, err := strconv.ParseUint(ent[2:], 16, 32); err == nil && n > 0 && n <= 0x10FFFF {
				b.WriteRune(rune(n))
			} else {
				b.WriteString(s[:j+1])
			}
		case strings.HasPrefix(ent, "#"):
			if n, err := strconv.ParseUint(ent[1:], 10, 32); err == nil && n > 0 && n <= 0x10FFFF {
				b.WriteRune(rune(n))
			} else {
				b.WriteString(s[:j+1])
			}
		default:
			b.WriteString(s[:j+1])
		}
		s = s[j+1:]
	}
}
