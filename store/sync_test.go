package store

import (
	"path/filepath"
	"runtime"
	"testing"

	"modernc.org/sqlite"
)

// TestOpenSyncsDataOnly: an opened store commits with fdatasync, as the
// sqlite3 CLI does on Linux; the creation comparison in till-bench
// depends on both sides making the same system call.
func TestOpenSyncsDataOnly(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("fdatasync is what SQLite uses on Linux")
	}
	prev, err := sqlite.Fdatasync(false)
	if err != nil {
		t.Fatal(err)
	}
	defer sqlite.Fdatasync(prev)
	syncDataOnly = onceSyncDataOnly() // as in a process that opens its first store now
	s, err := Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !sqlite.FdatasyncEnabled() {
		t.Fatal("after Open, SQLite still commits with fsync")
	}
}
