// Package store keeps till's orders in SQLite (modernc.org/sqlite, pure
// Go). It owns every SQL statement of the program. Each change is one
// transaction; the database runs in WAL mode with synchronous=FULL, so an
// order is on disk before the caller shows its QR.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite" // also registers the "sqlite" driver

	"github.com/till-pos/till/payment"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is an open till database. It is safe for concurrent use, also by
// several processes on the same file.
type Store struct {
	db   *sql.DB
	path string
	// Now is the clock; tests replace it.
	Now func() time.Time
	// NewReference draws order references; tests that compare screens
	// with golden files make it predictable.
	NewReference func() payment.Reference
	// readOnly: opened by OpenReadOnly; nothing is written through db.
	readOnly bool
	roDSN    string // the URI a read-only store was opened with
	// sales is the connection CreateOrder writes on, opened on first use.
	sales saleConn
}

func newStore(db *sql.DB, path string) *Store {
	syncDataOnly()
	return &Store{db: db, path: path, Now: time.Now, NewReference: payment.NewReference,
		sales: saleConn{turn: make(chan struct{}, 1)}}
}

// syncDataOnly makes SQLite commit with fdatasync(2), as the sqlite3 CLI
// and every Linux build of SQLite do, instead of the fsync(2) that
// modernc's transpiled library keeps by default. The commit is just as
// durable (the data and the size needed to read it back reach the disk);
// what it skips is the file's timestamps. It is also what makes till's
// durable sale comparable with the CLI's: on the 2-core sandbox (ext4,
// strace, light load) a fsync took 206 µs on average against the CLI's
// 95 µs a fdatasync. Where fdatasync is not available (macOS, Windows)
// SQLite keeps its own way.
var syncDataOnly = onceSyncDataOnly()

func onceSyncDataOnly() func() { return sync.OnceFunc(func() { _, _ = sqlite.Fdatasync(true) }) }

// BusyTimeout is how long a write waits for another writer before it gives
// up. Sales, notifications and each step of a statement import hold the
// lock for milliseconds; the long timeout is for a dry run of a large
// import, which holds it for its whole run.
const BusyTimeout = 30 * time.Second

// Page cache sizes in KiB: what an ordinary connection keeps, and what an
// import gets, since it touches orders all over the file. Both stay well
// within the 256 MB a large import may use.
const (
	cacheKiB     = 32 << 10
	bulkCacheKiB = 64 << 10
)

// ErrNewerDatabase is returned when the file was written by a newer till.
var ErrNewerDatabase = errors.New("database was written by a newer version of till")

// Open opens (creating if needed) the database at path and brings its
// schema up to date. A new file and its folder are made readable by the
// owner only: the database holds the merchant's sales.
func Open(path string) (*Store, error) {
	return openVersion(path, -1)
}

func openVersion(path string, target int) (*Store, error) {
	if path == "" {
		return nil, errors.New("no database path given")
	}
	if err := refuseForeignFile(path); err != nil {
		return nil, err
	}
	// Before SQLite opens it for writing (which switches it to WAL): an
	// SQLite file of another program is left exactly as it is.
	if _, err := refuseForeignDatabase(path); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create database folder: %w", err)
	}
	// Create the file ourselves so that it gets mode 0600; SQLite gives its
	// -wal and -shm files the mode of the database file.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, diskFull(fmt.Errorf("open database: %w", err), filepath.Dir(path))
	}
	f.Close()

	q := url.Values{}
	for _, p := range []string{
		fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()),
		"journal_mode(WAL)",
		"synchronous(FULL)",
		"foreign_keys(ON)",
		fmt.Sprintf("cache_size(%d)", -cacheKiB),
	} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // writers take the lock up front: no upgrade deadlocks
	db, err := sql.Open("sqlite", fileDSN(path, q))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	s := newStore(db, path)
	if err := s.migrate(target); err != nil {
		db.Close()
		return nil, diskFull(fmt.Errorf("database %s: %w", path, err), filepath.Dir(path))
	}
	if target < 0 || target >= fleetSchema {
		if err := s.loadFleet(context.Background()); err != nil {
			db.Close()
			return nil, err
		}
	}
	return s, nil
}

// fleetSchema is the schema version that has the fleet table.
const fleetSchema = 7

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	s.sales.close()
	return s.db.Close()
}

type migration struct {
	version int
	name    string
	sql     string
}

// migrationNames lists the migration files in version order, checking
// that they are numbered 1, 2, 3... It reads no file's content.
func migrationNames() ([]string, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	type named struct {
		version int
		name    string
	}
	var out []named
	for _, e := range entries {
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its version", e.Name())
		}
		out = append(out, named{n, e.Name()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	names := make([]string, len(out))
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migrations must be numbered 1, 2, 3...: found %s", m.name)
		}
		names[i] = m.name
	}
	return names, nil
}

func migrations() ([]migration, error) {
	names, err := migrationNames()
	if err != nil {
		return nil, err
	}
	out := make([]migration, len(names))
	for i, name := range names {
		b, err := migrationFiles.ReadFile("migrations/" + name)
		if err != nil {
			return nil, err
		}
		out[i] = migration{i + 1, name, string(b)}
	}
	return out, nil
}

// schemaVersion is counted once: every open asks for it, some several
// times, and a database already up to date needs nothing else from the
// migration files.
var schemaVersion = sync.OnceValue(func() int {
	names, _ := migrationNames()
	return len(names)
})

// SchemaVersion is the schema version this build of till writes.
func SchemaVersion() int { return schemaVersion() }

// migrate applies the missing migrations, each in its own transaction
// together with the new user_version, so a crash leaves the schema at one
// version or the next, never between. target -1 means all.
func (s *Store) migrate(target int) error {
	names, err := migrationNames()
	if err != nil {
		return err
	}
	known := len(names)
	if target < 0 {
		target = known
	}
	ctx := context.Background()
	var have int
	var appID uint32
	// The connection's first statement runs its pragmas, and switching a
	// new file to WAL while another till makes it can answer "busy"
	// without waiting for busy_timeout: try again until that timeout.
	for deadline := time.Now().Add(BusyTimeout); ; {
		err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have)
		if err == nil {
			break
		}
		var se interface{ Code() int }
		if !errors.As(err, &se) || se.Code()&0xff != sqliteBusy || time.Now().After(deadline) {
			return fmt.Errorf("read schema version: %w", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := s.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return fmt.Errorf("read application id: %w", err)
	}
	if appID != 0 && appID != ApplicationID {
		return ErrNotTill
	}
	if have > known {
		return fmt.Errorf("%w (schema %d; this till knows up to %d): upgrade till, or open a copy", ErrNewerDatabase, have, known)
	}
	if have >= target && appID == ApplicationID {
		return nil // up to date: the migrations' SQL is not even read
	}
	ms, err := migrations()
	if err != nil {
		return err
	}
	for _, m := range ms[min(have, target):target] {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			// Read the version again under the write lock: another process
			// opening the same new file may have migrated it meanwhile.
			var now int
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&now); err != nil {
				return err
			}
			if now >= m.version {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
			return err
		})
		if err != nil {
			return err
		}
	}
	if appID != ApplicationID {
		// A new database, or one an older till made: mark it as till's.
		if _, err := s.db.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
			return fmt.Errorf("mark the database as till's: %w", err)
		}
	}
	return nil
}

// tx runs fn in one write transaction (BEGIN IMMEDIATE) and commits it.
// It polls for the lock rather than waiting on SQLite's backoff (see
// writeTx), so that it gets in between the steps of an import.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	return diskFull(s.writeTx(ctx, fn), filepath.Dir(s.path))
}

// runTx begins a transaction with begin, runs fn, and commits, or rolls
// back if fn fails.
func runTx(ctx context.Context, begin func(context.Context, *sql.TxOptions) (*sql.Tx, error), fn func(*sql.Tx) error) error {
	tx, err := begin(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// now is the clock at the precision the database keeps (milliseconds), so
// that what a call returns equals what a later read gives.
func (s *Store) now() time.Time { return s.Now().Round(0).Truncate(time.Millisecond) }

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v) }

// sqliteHeader starts every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// refuseForeignFile keeps till from turning a file that is not a database
// (a mistyped --db naming a statement, a receipt, a folder) into one. An
// empty file is taken, as SQLite would, and made owner-only since it is
// about to hold the sales.
func refuseForeignFile(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a database file but a %s", path, kindOf(fi.Mode()))
	}
	if fi.Size() == 0 {
		return os.Chmod(path, 0o600)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || string(head) != sqliteHeader {
		return fmt.Errorf("%s is not a till database (it holds something else): give the path of a database, or of a new file", path)
	}
	return nil
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "folder"
	case m&fs.ModeNamedPipe != 0:
		return "pipe"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}
