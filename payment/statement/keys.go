package statement

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
)

// Keys come in two kinds.
//
// A bank id key is family|account|id, e.g. "camt|DE89…|2026011500042".
// The family ("camt", "mt940", "ofx", "pix", "csv:<profile>") rather than
// the exact source lets a camt.054 notification and the camt.053 statement
// that books the same entry share a key.
//
// A content key is family|h:<hex> for lines without a bank id: the first
// 128 bits of SHA-256 over the normalised tuple (account, booking and value
// time, signed amount, currency, counterparty, reference, text, bank code,
// pending). Identical tuples in one file are real repeated payments (two
// coffees), so the second gets "#2", the third "#3": the importer inserts
// max(0, count in file − count stored) of them. Reading the same file again
// gives the same keys.
//
// A pending line's key always differs from the booked line it turns into
// ("|pending" on bank ids, and the pending flag is in the hash), so that the
// booked line is not skipped as already imported.

// keyer counts repeated content tuples. To stay within constant memory it
// keeps at most occurrenceLimit tuples; when full it forgets every tuple
// except those of the current booking time ("scope"). Statements are
// sorted by time, so a forgotten tuple does not come back. When the file
// does return to a forgotten time, the keys of that stretch carry "@g" (the
// eviction generation) so that they cannot collide with the forgotten
// ones: at worst an overlap with another file is imported twice (and shows
// as a duplicate), never is a real payment dropped.
type keyer struct {
	contentOnly bool
	seen        map[[16]byte]occurrence
	limit       int
	scope       int64
	evicted     bool
	lo, hi      int64 // range of forgotten scopes
	generation  uint32
	buf         []byte
}

type occurrence struct {
	scope int64
	n     uint32
	gen   uint32
}

const occurrenceLimit = 1 << 14

func newKeyer(contentOnly bool) *keyer {
	return &keyer{contentOnly: contentOnly, seen: map[[16]byte]occurrence{}, limit: occurrenceLimit}
}

// family is the key namespace of a source.
func family(source string) string {
	switch {
	case strings.HasPrefix(source, "camt"):
		return "camt"
	case strings.HasPrefix(source, "mt94"):
		return "mt940"
	}
	return source
}

func (k *keyer) finish(l *Line) {
	if l.Key != "" && !k.contentOnly {
		if l.Pending {
			l.Key += "|pending"
		}
		return
	}
	fam := family(l.Source)
	sum := k.contentHash(fam, l)
	var id [16]byte
	copy(id[:], sum[:16])

	_, offset := l.BookedAt.Zone()
	scope := l.BookedAt.Unix() + int64(offset)
	if scope != k.scope {
		k.scope = scope
		if len(k.seen) >= k.limit {
			k.evict()
		}
	}
	occ, ok := k.seen[id]
	if !ok {
		occ = occurrence{scope: scope}
		if k.evicted && scope >= k.lo && scope <= k.hi {
			occ.gen = k.generation
		}
	}
	occ.n++
	k.seen[id] = occ

	var b strings.Builder
	b.Grow(len(fam) + 48)
	b.WriteString(fam)
	b.WriteString("|h:")
	b.WriteString(hex.EncodeToString(id[:]))
	if occ.gen > 0 {
		b.WriteByte('@')
		b.WriteString(strconv.FormatUint(uint64(occ.gen), 10))
	}
	if occ.n > 1 {
		b.WriteByte('#')
		b.WriteString(strconv.FormatUint(uint64(occ.n), 10))
	}
	l.Key = b.String()
}

// evict forgets every tuple outside the current scope.
func (k *keyer) evict() {
	for id, occ := range k.seen {
		if occ.scope == k.scope {
			continue
		}
		if !k.evicted || occ.scope < k.lo {
			k.lo = occ.scope
		}
		if !k.evicted || occ.scope > k.hi {
			k.hi = occ.scope
		}
		k.evicted = true
		delete(k.seen, id)
	}
	k.generation++
	// One booking time with more tuples than the limit: let it grow
	// rather than evict on every line.
	if len(k.seen) >= k.limit/2 {
		k.limit = 2 * len(k.seen)
	}
}

func (k *keyer) contentHash(fam string, l *Line) [32]byte {
	b := k.buf[:0]
	field := func(s string) {
		b = append(b, s...)
		b = append(b, 0x1f)
	}
	field(fam)
	field(normalizeSpace(l.Account))
	// Wall-clock time without the zone: a date-only line reads the same
	// whatever Options.Location the importer runs with.
	b = l.BookedAt.AppendFormat(b, "2006-01-02T15:04:05.999999999")
	b = append(b, 0x1f)
	b = l.ValueAt.AppendFormat(b, "2006-01-02T15:04:05.999999999")
	b = append(b, 0x1f)
	b = strconv.AppendInt(b, l.Signed(), 10)
	b = append(b, 0x1f)
	field(l.Amount.Currency.Code)
	field(normalizeSpace(l.Counterparty))
	field(normalizeSpace(l.Reference))
	field(normalizeSpace(l.Text))
	field(normalizeSpace(l.BankCode))
	if l.Pending {
		b = append(b, 'P')
	}
	if l.Reversal {
		b = append(b, 'R')
	}
	k.buf = b
	return sha256.Sum256(b)
}

// normalizeSpace trims, collapses runs of white space and upper-cases, so
// that a re-export that re-wraps or re-cases a text keeps its hash.
func normalizeSpace(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || (c >= 'a' && c <= 'z') || c == '\t' || c == '\n' || c == '\r' ||
			(c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ')) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.ToUpper(strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " "))
}
