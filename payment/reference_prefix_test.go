package payment

import (
	"strings"
	"testing"
)

func TestNewReferenceWithPrefix(t *testing.T) {
	for range 1000 {
		r := NewReferenceWithPrefix("7K")
		if !strings.HasPrefix(string(r), "7K") || len(r) != DefaultReferenceLen {
			t.Fatalf("%q", r)
		}
		if _, err := ParseReference(string(r)); err != nil {
			t.Fatalf("%q does not parse: %v", r, err)
		}
	}
	for _, bad := range []string{"", "7", "7KX", "01", "ab"} {
		if CheckReferencePrefix(bad) == nil {
			t.Errorf("prefix %q accepted", bad)
		}
	}
}
