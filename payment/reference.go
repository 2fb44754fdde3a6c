package payment

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
)

// Reference is an order's short unique reference, the thread that ties a
// QR code to the payment that comes back in a notification or on a bank
// statement. It is written in an alphabet of 32 symbols (digits and
// upper-case letters without the look-alikes 0/O and 1/I), is 8 to 12
// characters long, and ends in a check character, so a reference copied by
// hand or cut by a bank is caught rather than matched to the wrong order.
//
// Ten characters (the length NewReference makes) fit every scheme's field:
// EMV 62-05 and the PIX txid (≤25, alphanumeric), PromptPay ref1 (≤20), UPI
// tr (≤35) and an ISO 11649 creditor reference (RF + 2 + ≤21).
type Reference string

// ReferenceAlphabet is the reference's 32 symbols, in the order of their
// values for the check character.
const ReferenceAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// Reference lengths, check character included.
const (
	MinReferenceLen     = 8
	MaxReferenceLen     = 12
	DefaultReferenceLen = 10
)

var symbolValue [256]int8

func init() {
	for i := range symbolValue {
		symbolValue[i] = -1
	}
	for i := 0; i < len(ReferenceAlphabet); i++ {
		symbolValue[ReferenceAlphabet[i]] = int8(i)
	}
}

// The check character is Damm's algorithm over the quasigroup
// x∘y = 2x + y in GF(32) (polynomial x⁵+x²+1). Because 2 ≠ 0, 1 the
// quasigroup is totally anti-symmetric, so every single wrong character and
// every swap of two neighbours, the check character included, is detected.
func gfDouble(v int) int {
	v <<= 1
	if v&0x20 != 0 {
		v ^= 0x25
	}
	return v
}

// checkInterim runs the body through the quasigroup; ok is false when a
// character is outside the alphabet.
func checkInterim(body string) (interim int, ok bool) {
	for i := 0; i < len(body); i++ {
		v := symbolValue[body[i]]
		if v < 0 {
			return 0, false
		}
		interim = gfDouble(interim) ^ int(v)
	}
	return interim, true
}

// checkSymbol returns the check character that completes body.
func checkSymbol(body string) byte {
	interim, _ := checkInterim(body)
	return ReferenceAlphabet[gfDouble(interim)]
}

// NewReference makes a random reference of DefaultReferenceLen characters
// from crypto/rand. Uniqueness is the store's job (it retries on a clash);
// 9 random symbols give 32⁹ ≈ 3.5·10¹³ possibilities.
func NewReference() Reference {
	return newReference(DefaultReferenceLen)
}

func newReference(n int) Reference {
	buf := make([]byte, n-1)
	if _, err := rand.Read(buf); err != nil {
		panic("payment: crypto/rand failed: " + err.Error())
	}
	for i, b := range buf {
		buf[i] = ReferenceAlphabet[b&31] // 256 is a multiple of 32: no bias
	}
	body := string(buf)
	return Reference(body + string(checkSymbol(body)))
}

// ReferencePrefixLen is the length of a fleet till's reference prefix.
const ReferencePrefixLen = 2

// CheckReferencePrefix checks a fleet prefix: two symbols of the alphabet.
func CheckReferencePrefix(p string) error {
	if len(p) != ReferencePrefixLen || strings.Trim(p, ReferenceAlphabet) != "" {
		return fmt.Errorf("%w: a fleet prefix is %d symbols of %s, not %q", ErrReference, ReferencePrefixLen, ReferenceAlphabet, p)
	}
	return nil
}

// NewReferenceWithPrefix is NewReference for a till of a fleet: the
// reference starts with the till's prefix, so the references of two tills
// never meet, and keeps the usual length and check character (7 random
// symbols: 32⁷ ≈ 3.4·10¹⁰ per till).
func NewReferenceWithPrefix(prefix string) Reference {
	r := newReference(DefaultReferenceLen - len(prefix))
	body := prefix + string(r[:len(r)-1])
	return Reference(body + string(checkSymbol(body)))
}

// CompleteReference appends the check character to body (7 to 11 symbols
// of the alphabet), making a valid reference. Tests use it to get
// predictable references; till itself draws them with NewReference.
func CompleteReference(body string) (Reference, error) {
	return ParseReference(body + string(checkSymbol(strings.ToUpper(body))))
}

// ErrReference is wrapped by every reference validation error.
var ErrReference = errors.New("invalid reference")

// ParseReference validates what a person or a file says is a reference. It
// forgives case, spaces and hyphens ("ab2c-d3ef gh" is read as "AB2CD3EFGH")
// and rejects wrong lengths, look-alike characters and a failing check
// character, each with its own explanation.
func ParseReference(s string) (Reference, error) {
	norm := normalizeReference(s)
	switch {
	case norm == "":
		return "", fmt.Errorf("%w: it is empty", ErrReference)
	case len(norm) < MinReferenceLen || len(norm) > MaxReferenceLen:
		return "", fmt.Errorf("%w %q: a reference has %d to %d characters", ErrReference, s, MinReferenceLen, MaxReferenceLen)
	}
	for i := 0; i < len(norm); i++ {
		if symbolValue[norm[i]] < 0 {
			return "", fmt.Errorf("%w %q: %q is not used in references (no 0, O, 1 or I)", ErrReference, s, norm[i])
		}
	}
	if !validCheck(norm) {
		return "", fmt.Errorf("%w %q: the check character does not match; is a character mistyped?", ErrReference, s)
	}
	return Reference(norm), nil
}

func validCheck(norm string) bool {
	interim, ok := checkInterim(norm)
	return ok && interim == 0
}

func normalizeReference(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r == ' ' || r == '-' || r == '\t' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// String returns the reference as text.
func (r Reference) String() string { return string(r) }

// Grouped writes the reference in groups for people to read aloud:
// "AB2CD-3EFGH".
func (r Reference) Grouped() string {
	s := string(r)
	if len(s) <= 6 {
		return s
	}
	mid := (len(s) + 1) / 2
	return s[:mid] + "-" + s[mid:]
}

// FindReferences returns every valid reference hidden in free text, such as
// a bank's narration, in order of appearance and without repeats. Banks
// break long texts into lines and insert spaces, so whitespace is removed
// before searching, and case is ignored. A candidate must pass its check
// character, so most random words are rejected; callers still confirm a hit
// against the orders they know.
func FindReferences(text string) []Reference {
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '-':
			continue // banks insert breaks; people copy "AB2CD-3EFGH"
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		b.WriteByte(c)
	}
	s := b.String()
	var out []Reference
	var seen map[string]bool
	// Scan maximal runs of alphabet symbols; a reference lies inside a run.
	// The check is linear over GF(32), so each window's value follows from
	// the previous one in O(1): W(i+1) = 2·W(i) + v(i+n) + 2ⁿ·v(i). That
	// keeps a million-line statement fast.
	for start := 0; start < len(s); {
		if symbolValue[s[start]] < 0 {
			start++
			continue
		}
		end := start
		for end < len(s) && symbolValue[s[end]] >= 0 {
			end++
		}
		run := s[start:end]
		for n := MinReferenceLen; n <= MaxReferenceLen && n <= len(run); n++ {
			w, _ := checkInterim(run[:n])
			for i := 0; ; i++ {
				if w == 0 {
					cand := run[i : i+n]
					if seen == nil {
						seen = map[string]bool{}
					}
					if !seen[cand] {
						seen[cand] = true
						out = append(out, Reference(cand))
					}
				}
				if i+n >= len(run) {
					break
				}
				w = gfDouble(w) ^ int(symbolValue[run[i+n]]) ^ gfMulPow2[n][symbolValue[run[i]]]
			}
		}
		start = end
	}
	return out
}

// gfMulPow2[n][v] is 2ⁿ·v in GF(32).
var gfMulPow2 = func() (t [MaxReferenceLen + 1][32]int) {
	for v := 0; v < 32; v++ {
		x := v
		for n := 0; n <= MaxReferenceLen; n++ {
			t[n][v] = x
			x = gfDouble(x)
		}
	}
	return t
}()

// FoundIn reports whether text mentions the reference r, ignoring case,
// whitespace and line breaks inserted by the bank.
func (r Reference) FoundIn(text string) bool {
	for _, f := range FindReferences(text) {
		if f == r {
			return true
		}
	}
	return false
}
