package payment

import "testing"

// Messages quote references as screens show them beside the message.
func TestGroupReferences(t *testing.T) {
	r := NewReference()
	in := "order " + string(r) + " is short: BRL 12.00 of BRL 20.00 received"
	want := "order " + r.Grouped() + " is short: BRL 12.00 of BRL 20.00 received"
	if got := GroupReferences(in); got != want {
		t.Fatalf("%q, want %q", got, want)
	}
	if got := GroupReferences("rent for March"); got != "rent for March" {
		t.Fatalf("text without a reference changed: %q", got)
	}
}

// A word that only contains a valid reference inside it stays as it is,
// and every whole reference is grouped, whatever shorter windows of it
// pass the check character.
func TestGroupReferencesWholeWordsOnly(t *testing.T) {
	for range 500 {
		r := NewReference()
		got := GroupReferences("order " + string(r) + " was cancelled; X" + string(r))
		if want := "order " + r.Grouped() + " was cancelled; X" + string(r); got != want {
			t.Fatalf("%q, want %q", got, want)
		}
	}
}
