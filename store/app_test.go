package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/app/apptest"
	"github.com/till-pos/till/store"
)

// TestUseCases runs the application layer's checks on a real SQLite book:
// the same checks the in-memory fake passes, so the two cannot drift.
func TestUseCases(t *testing.T) {
	apptest.Run(t, func(t *testing.T, now func() time.Time) app.Book {
		st, err := store.Open(filepath.Join(t.TempDir(), "till.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		st.Now = now
		return st
	})
}
