package payment

import "regexp"

// referenceToken is a word that may be a reference: a run of reference
// symbols of a reference's length, not part of a longer word.
var referenceToken = regexp.MustCompile(`\b[0-9A-Z]{8,12}\b`)

// GroupReferences writes every whole word of text that is a valid order
// reference the way screens show references (Grouped: AB2CD-3EFGU), so
// that a message quoting one reads like the reference beside it. Only
// whole words are touched (a run of letters that merely contains a valid
// reference is not), and text is otherwise unchanged.
func GroupReferences(text string) string {
	return referenceToken.ReplaceAllStringFunc(text, func(w string) string {
		if r, err := ParseReference(w); err == nil && string(r) == w {
			return r.Grouped()
		}
		return w
	})
}
