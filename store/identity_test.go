package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
)

// snapshot hashes every file in dir: what "left byte for byte unchanged,
// no file added" compares.
func snapshot(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][32]byte{}
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = sha256.Sum256(b)
	}
	return out
}

func sameFiles(t *testing.T, before, after map[string][32]byte) {
	t.Helper()
	for name, h := range after {
		if b, ok := before[name]; !ok {
			t.Errorf("%s appeared", name)
		} else if b != h {
			t.Errorf("%s changed", name)
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			t.Errorf("%s disappeared", name)
		}
	}
}

func headerAppID(t *testing.T, path string) uint32 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 100 {
		t.Fatalf("read %s: %v", path, err)
	}
	return binary.BigEndian.Uint32(b[68:72])
}

// foreignDB writes an SQLite database of another program with setup.
func foreignDB(t *testing.T, path string, setup string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(setup); err != nil {
		t.Fatal(err)
	}
}

func TestNewDatabaseCarriesApplicationID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "till.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if got := headerAppID(t, path); got != ApplicationID {
		t.Fatalf("application_id %#x, want %#x (\"TILL\")", got, ApplicationID)
	}
}

// A till database from before the mark (application_id 0, an older
// schema, till's tables) is recognised, migrated and marked.
func TestOldTillDatabaseIsMarked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := openVersion(path, 2)
	if err != nil {
		t.Fatal(err)
	}
	ref := payment.NewReference()
	if _, err := old.db.Exec(`INSERT INTO orders (ref, amount_minor, currency, note, status, day, created_at, expires_at, updated_at)
		VALUES (?, 1250, 'BRL', 'old sale', 'paid', '2026-01-02', 1, 2, 1)`, ref); err != nil {
		t.Fatal(err)
	}
	if _, err := old.db.Exec(`PRAGMA application_id = 0`); err != nil {
		t.Fatal(err)
	}
	old.Close()
	if headerAppID(t, path) != 0 {
		t.Fatal("the old database should have no application_id")
	}
	s, err := Open(path)
	if err != nil {
		t.Fatalf("an old till database is refused: %v", err)
	}
	if o, err := s.Get(context.Background(), ref); err != nil || o.Note != "old sale" {
		t.Fatalf("old order: %+v %v", o, err)
	}
	s.Close()
	if got := headerAppID(t, path); got != ApplicationID {
		t.Fatalf("application_id after migration %#x", got)
	}
}

// Another program's SQLite file is refused before a byte of it changes:
// no WAL switch, no migration, no -wal or -shm left beside it.
func TestForeignDatabaseIsLeftUnchanged(t *testing.T) {
	for _, tc := range []struct{ name, setup string }{
		{"plain tables", `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello')`},
		{"in WAL mode", `PRAGMA journal_mode = WAL; CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x')`},
		{"another application_id", `PRAGMA application_id = 1196444237; CREATE TABLE orders (id INTEGER); CREATE TABLE order_events (id INTEGER)`},
		{"other application_id, no tables", `PRAGMA application_id = 1196444237`},
		{"a user_version but not till's tables", `PRAGMA user_version = 3; CREATE TABLE orders (id INTEGER)`},
		{"till's tables, a version till never wrote", `PRAGMA user_version = 999; CREATE TABLE orders (id INTEGER); CREATE TABLE order_events (id INTEGER)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "other.db")
			foreignDB(t, path, tc.setup)
			before := snapshot(t, dir)
			for name, open := range map[string]func(string) (*Store, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
				s, err := open(path)
				if err == nil {
					s.Close()
					t.Fatalf("%s took another program's database", name)
				}
				if !errors.Is(err, ErrNotTill) || strings.Count(err.Error(), ".") > 1 {
					t.Errorf("%s: %v; want one sentence saying it is not a till database", name, err)
				}
			}
			sameFiles(t, before, snapshot(t, dir))
		})
	}
}

// roFixture is a till database with one order that is not due to expire,
// closed cleanly (no -wal or -shm beside it).
func roFixture(t *testing.T, dir string) (string, Order) {
	t.Helper()
	path := filepath.Join(dir, "till.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.CreateOrder(context.Background(), NewOrder{
		Amount: payment.Amount{Minor: 700, Currency: brl}, Expiry: 24 * time.Hour, Actor: "ana", Codes: codesFor,
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path, o
}

// readAll does what the read-only commands do: list, report, receipt,
// check, backup.
func readAll(t *testing.T, path string, o Order, backupTo string) {
	t.Helper()
	ctx := context.Background()
	s, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly: %v", err)
	}
	defer s.Close()
	list, err := s.List(ctx, Filter{})
	if err != nil || len(list) != 1 || list[0].Ref != o.Ref {
		t.Fatalf("List: %v %v", list, err)
	}
	if _, err := s.DayReport(ctx, o.Day, brl, false); err != nil {
		t.Fatalf("DayReport: %v", err)
	}
	if _, err := s.Events(ctx, o.Ref); err != nil {
		t.Fatalf("Events: %v", err)
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("Check: %v %v", problems, err)
	}
	if err := s.Backup(ctx, backupTo); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	b, err := Open(backupTo)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got, err := b.Get(ctx, o.Ref); err != nil || got.Amount != o.Amount {
		t.Fatalf("backup lacks the order: %v", err)
	}
	if _, err := s.CreateOrder(ctx, NewOrder{Amount: o.Amount, Expiry: time.Hour, Actor: "x", Codes: codesFor}); err == nil {
		t.Fatal("a read-only store wrote an order")
	}
}

// Read-only opening writes nothing to the database file.
func TestReadOnlyOpenLeavesTheFileUnchanged(t *testing.T) {
	dir := t.TempDir()
	path, o := roFixture(t, dir)
	sum := sha256.Sum256(must(os.ReadFile(path)))
	readAll(t, path, o, filepath.Join(t.TempDir(), "copy.db"))
	if sha256.Sum256(must(os.ReadFile(path))) != sum {
		t.Fatal("reading changed the database file")
	}
	// SQLite readers may leave an empty -wal and a -shm beside a WAL
	// database in a folder they can write; nothing else.
	for name := range snapshot(t, dir) {
		if name != "till.db" && name != "till.db-wal" && name != "till.db-shm" {
			t.Errorf("reading left %s", name)
		}
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("reading wrote %d bytes of WAL", fi.Size())
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// mountReadOnly shows dir read-only at a new path (a read-only bind
// mount: as root, file modes do not stop writes). It skips the test where
// mounting is not allowed.
func mountReadOnly(t *testing.T, dir string) string {
	t.Helper()
	ro := t.TempDir()
	if out, err := exec.Command("mount", "--bind", dir, ro).CombinedOutput(); err != nil {
		t.Skipf("cannot bind-mount (needs root and mount rights): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", ro).Run() })
	if out, err := exec.Command("mount", "-o", "remount,ro,bind", ro).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
	if err := os.WriteFile(filepath.Join(ro, "probe"), nil, 0o600); err == nil {
		t.Fatal("the read-only mount can be written")
	}
	return ro
}

// The read-only commands work on a read-only folder: a WAL database
// closed cleanly (no -shm to share, so it is read as immutable), and one
// with its -wal and -shm still beside it.
func TestReadOnlyOpenOnReadOnlyMedium(t *testing.T) {
	t.Run("closed cleanly", func(t *testing.T) {
		dir := t.TempDir()
		_, o := roFixture(t, dir)
		ro := mountReadOnly(t, dir)
		readAll(t, filepath.Join(ro, "till.db"), o, filepath.Join(t.TempDir(), "copy.db"))
		if _, err := Open(filepath.Join(ro, "till.db")); err == nil {
			t.Fatal("Open for writing worked on a read-only medium: the test proves nothing")
		}
	})
	t.Run("with -wal and -shm", func(t *testing.T) {
		dir := t.TempDir()
		path, o := roFixture(t, dir)
		w, err := Open(path) // keeps the -wal and -shm while open
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		if _, err := w.List(context.Background(), Filter{}); err != nil {
			t.Fatal(err)
		}
		ro := mountReadOnly(t, dir)
		readAll(t, filepath.Join(ro, "till.db"), o, filepath.Join(t.TempDir(), "copy.db"))
	})
}

// mountTmpfs mounts a small tmpfs; it skips where mounting is not allowed.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (needs root and mount rights): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// fillDisk writes a file until the file system is full.
func fillDisk(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			return
		}
	}
}

// On a full disk a write says "the disk is full", and reading still works.
func TestDiskFull(t *testing.T) {
	dir := mountTmpfs(t, "4m")
	path, o := roFixture(t, dir)
	fillDisk(t, dir)
	s, err := Open(path)
	if err == nil {
		defer s.Close()
		_, err = s.CreateOrder(context.Background(), NewOrder{Amount: o.Amount, Expiry: time.Hour, Actor: "x", Codes: codesFor})
	}
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("write on a full disk: %v; want ErrDiskFull", err)
	}
	readAll(t, path, o, filepath.Join(t.TempDir(), "copy.db"))
	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Backup(context.Background(), filepath.Join(dir, "copy.db")); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("backup onto a full disk: %v; want ErrDiskFull", err)
	}
}

// FuzzForeignFileLeftUnchanged: whatever an SQLite-looking file holds,
// when till takes it for another program's, opening it changes nothing.
func FuzzForeignFileLeftUnchanged(f *testing.F) {
	dir := f.TempDir()
	for i, setup := range []string{
		`CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x')`,
		`PRAGMA application_id = 7; PRAGMA user_version = 2`,
		`PRAGMA user_version = 1; CREATE TABLE orders (id INTEGER); CREATE TABLE order_events (id INTEGER)`,
	} {
		p := filepath.Join(dir, fmt.Sprintf("seed%d.db", i))
		db, err := sql.Open("sqlite", "file:"+p)
		if err != nil {
			f.Fatal(err)
		}
		if _, err := db.Exec(setup); err != nil {
			f.Fatal(err)
		}
		db.Close()
		f.Add(must(os.ReadFile(p))[len(sqliteHeader):])
	}
	f.Fuzz(func(t *testing.T, rest []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "x.db")
		if err := os.WriteFile(path, append([]byte(sqliteHeader), rest...), 0o600); err != nil {
			t.Fatal(err)
		}
		id, err := readIdentity(path)
		if err != nil || id.kind(SchemaVersion()) != "foreign" {
			return
		}
		before := snapshot(t, dir)
		for _, open := range []func(string) (*Store, error){Open, OpenReadOnly} {
			if s, err := open(path); err == nil {
				s.Close()
				t.Fatal("a foreign file was opened")
			}
		}
		sameFiles(t, before, snapshot(t, dir))
	})
}
