package payment

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// MaxNote is the longest note, reason or remark till keeps, in characters:
// room for "table 4, two coffees, one without sugar" many times over, and
// short enough to fit a receipt and a list row.
const MaxNote = 200

// ErrNote wraps every reason CheckNote refuses a note.
var ErrNote = errors.New("note refused")

// CheckNote says whether s can be kept as a note, a reason or a remark.
// It must be one line of printable text: notes are printed on receipts,
// in lists and in terminals, where a newline breaks the layout and an
// escape sequence would reach the terminal itself.
func CheckNote(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: a note must be text (UTF-8)", ErrNote)
	}
	if n := utf8.RuneCountInString(s); n > MaxNote {
		return fmt.Errorf("%w: a note is at most %d characters, this one has %d", ErrNote, MaxNote, n)
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return fmt.Errorf("%w: a note must be one line without control characters (found %U)", ErrNote, r)
		}
		// Invisible format characters (a right-to-left override that
		// turns "1.00" around, a byte-order mark, tags) make the text
		// say something else than it shows. The joiners stay: emoji
		// sequences and Persian words need them.
		if unicode.Is(unicode.Cf, r) && r != '\u200c' && r != '\u200d' {
			return fmt.Errorf("%w: a note must not hold invisible format characters (found %U)", ErrNote, r)
		}
	}
	return nil
}
