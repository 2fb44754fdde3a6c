// Package safetext is the one guard that text from outside passes before
// till writes it to a terminal, a text output, a receipt or a printer.
//
// Statement lines, notification fields, decoded payloads, file names and
// even the configuration come from people till does not trust. A terminal
// obeys control characters: ESC starts sequences that can set the window
// title, write the clipboard (OSC 52), plant hyperlinks (OSC 8), move the
// cursor over what the cashier reads or reprogram keys; C1 bytes (U+0080 to
// U+009F) do the same on terminals that honour them; BEL rings; bidi
// overrides and isolates reorder what is shown, so "100.00" can read as
// "00.001". Escape shows each such character as a visible escape
// (`\x1b`, `\u202e`) instead, and leaves every other character, joiners,
// Thai, CJK and umlauts included, exactly as it was.
//
// The package is pure (standard library only), so every layer of till can
// call it where its text leaves.
package safetext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Escape returns s with every character that could steer a terminal or
// reorder text written as a visible escape: C0 controls (line breaks and
// tabs included), DEL, C1 controls, the bidi embeddings, overrides,
// isolates and marks, the Unicode line and paragraph separators, and bytes
// that are not UTF-8. A string that needs nothing is returned as it is,
// without copying.
//
// Use it for one value (a name, a note, a file name): its result is always
// one line. For text of several lines use Lines.
func Escape(s string) string {
	i := firstUnsafe(s, false)
	if i < 0 {
		return s
	}
	return escapeFrom(s, i, false)
}

// Lines is Escape for text of several lines (a receipt, a report): line
// breaks ("\n", and "\r\n" as one) and tabs are kept, everything else that
// Escape escapes is escaped.
func Lines(s string) string {
	i := firstUnsafe(s, true)
	if i < 0 {
		return s
	}
	return escapeFrom(s, i, true)
}

// Styled is Lines for text that till has already styled itself (a whole
// screen, a component's view): it keeps SGR sequences (ESC [ digits, ";"
// or ":" ... m), which only set colour and weight, and escapes every other
// control, ESC sequence and bidi control. It is the net under the fields:
// text from outside must still pass Escape before it is styled, because
// here an SGR sequence from outside would be indistinguishable from
// till's own.
func Styled(s string) string { return styled(s, nil) }

// StyledOnly is Styled that keeps only the SGR sequences in own: those a
// component is known to write for its own styles. It is for a component
// that draws text from outside itself (a file picker drawing file names),
// so that even an SGR sequence in that text (SGR 8 hides what follows) is
// escaped unless it is one of the component's own.
func StyledOnly(s string, own map[string]bool) string {
	return styled(s, func(seq string) bool { return own[seq] })
}

// OwnSGR lists the SGR sequences in rendered: render each of a component's
// styles once and pass the results, to learn what StyledOnly may keep.
func OwnSGR(rendered ...string) map[string]bool {
	own := map[string]bool{"\x1b[m": true, "\x1b[0m": true}
	for _, r := range rendered {
		for i := 0; i < len(r); i++ {
			if n := sgrLen(r[i:]); n > 0 {
				own[r[i:i+n]] = true
				i += n - 1
			}
		}
	}
	return own
}

func styled(s string, keep func(seq string) bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], 0x1b)
		if j < 0 {
			j = len(s)
		} else {
			j += i
		}
		chunk := Lines(s[i:j])
		if b.Len() == 0 && j == len(s) && i == 0 {
			return chunk // no ESC at all
		}
		b.WriteString(chunk)
		if j == len(s) {
			break
		}
		if n := sgrLen(s[j:]); n > 0 && (keep == nil || keep(s[j:j+n])) {
			b.WriteString(s[j : j+n])
			i = j + n
			continue
		}
		b.WriteString(`\x1b`)
		i = j + 1
	}
	return b.String()
}

// sgrLen is the length of the SGR sequence s starts with, or 0.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	for k := 2; k < len(s) && k < 64; k++ {
		switch c := s[k]; {
		case c == 'm':
			return k + 1
		case c >= '0' && c <= '9', c == ';', c == ':':
		default:
			return 0
		}
	}
	return 0
}

// IsSafe reports whether s would pass Escape unchanged.
func IsSafe(s string) bool { return firstUnsafe(s, false) < 0 }

// firstUnsafe is the byte offset of the first character to escape, or -1.
func firstUnsafe(s string, multiline bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f { // printable ASCII, the common case
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(s, i, r, size, multiline) {
			return i
		}
		i += size
	}
	return -1
}

func escapeFrom(s string, start int, multiline bool) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:start])
	for i := start; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case !unsafeRune(s, i, r, size, multiline):
			b.WriteString(s[i : i+size])
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i]) // a byte that is not UTF-8
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

// unsafeRune reports whether the rune r (size bytes at s[i:]) must be
// escaped. In multi-line text "\n", "\t" and the "\r" of "\r\n" are kept.
func unsafeRune(s string, i int, r rune, size int, multiline bool) bool {
	if r == utf8.RuneError && size <= 1 {
		return true
	}
	if multiline {
		switch {
		case r == '\n', r == '\t':
			return false
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
			return false
		}
	}
	return Unsafe(r)
}

// Unsafe reports whether r is a character Escape never lets through: a C0
// or C1 control, DEL, a bidi control, or a line or paragraph separator.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1
		return true
	case r >= 0x202a && r <= 0x202e: // LRE RLE PDF LRO RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI RLI FSI PDI
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c: // LRM RLM ALM
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	}
	return false
}

// JSON makes JSON text safe to print: encoding/json already escapes C0
// controls and U+2028/U+2029, but writes DEL, C1 controls and bidi controls
// raw, and those a terminal obeys or reorders. JSON escapes them as
// \u0085 or \u202e, which decode to the same string, so the result is the
// same JSON value. The input must be valid JSON, as encoding/json writes
// it (outside strings JSON has only ASCII, so every such character is
// inside a string).
func JSON(b []byte) []byte {
	i := firstUnsafe(string(b), true)
	if i < 0 {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	out = append(out, b[:i]...)
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if r >= 0x7f && Unsafe(r) { // DEL, C1, bidi; C0 is escaped already
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}
