package screentest

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/store"
)

// StoreOptions pin what a test store would otherwise make up.
type StoreOptions struct {
	// Refs are the bodies of the first references handed out, in order
	// (payment.CompleteReference adds the check characters); random ones
	// follow.
	Refs []string
	// Clock, when set, is the store's clock: the test moves it.
	Clock *time.Time
}

// OpenStore is a real SQLite store in t.TempDir(), closed when the test
// ends, with fixed references and clock as o asks.
func OpenStore(t testing.TB, o StoreOptions) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	FixReferences(t, st, o.Refs...)
	if c := o.Clock; c != nil {
		st.Now = func() time.Time { return *c }
	}
	return st
}

// FixReferences makes st hand out the references with these bodies first,
// then random ones.
func FixReferences(t testing.TB, st *store.Store, bodies ...string) {
	t.Helper()
	if len(bodies) == 0 {
		return
	}
	var refs []payment.Reference
	for _, b := range bodies {
		r, err := payment.CompleteReference(b)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, r)
	}
	st.NewReference = func() payment.Reference {
		if len(refs) == 0 {
			return payment.NewReference()
		}
		r := refs[0]
		refs = refs[1:]
		return r
	}
}
