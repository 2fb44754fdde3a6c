package store

import (
	"path/filepath"
	"testing"
)

// BenchmarkOpenUpToDate opens and closes a database whose schema is
// current, as every till command does first (the read-only open of
// till orders and till report, and the writable one of a sale).
func BenchmarkOpenUpToDate(b *testing.B) {
	path := filepath.Join(b.TempDir(), "till.db")
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	for _, bc := range []struct {
		name string
		open func(string) (*Store, error)
	}{{"writable", Open}, {"read-only", OpenReadOnly}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				s, err := bc.open(path)
				if err != nil {
					b.Fatal(err)
				}
				// One query, so that the connection is really opened.
				if _, err := s.LastEventID(b.Context()); err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
		})
	}
}
