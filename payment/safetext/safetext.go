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
