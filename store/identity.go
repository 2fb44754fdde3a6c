package store

import (
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"slices"
	"strings"
	"syscall"
	"time"

	"modernc.org/sqlite"
)

// ApplicationID marks an SQLite file as a till database: the four ASCII
// bytes "TILL" (0x54494C4C) in the header's application_id field. till
// sets it when it creates a database and when it first opens one made by
// an older till, which had none.
const ApplicationID = 0x54494C4C

// ErrNotTill is returned for an SQLite database of another program: till
// refuses it before writing anything to it.
var ErrNotTill = errors.New("not a till database")

// ErrDiskFull is what a write says when the disk (or the quota) is full.
var ErrDiskFull = errors.New("the disk is full")

// ErrNeedsUpgrade is returned by OpenReadOnly for a till database whose
// schema is older than this till's: reading it needs a migration first.
var ErrNeedsUpgrade = errors.New("the database was written by an older till and must be upgraded first")

// SQLite result codes (sqlite3.h) that till tells apart.
const (
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteCorrupt  = 11
	sqliteIOErr    = 10
	sqliteFull     = 13
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// diskFull turns a write's error into ErrDiskFull when the disk is full,
// and leaves any other error as it is. SQLite says SQLITE_FULL when a
// write to the database or its WAL finds no space, but only "disk I/O
// error" when it cannot grow its -shm file; so an I/O error is a full
// disk too when the folder's file system has no space left.
func diskFull(err error, dir string) error {
	if err == nil || errors.Is(err, ErrDiskFull) {
		return err
	}
	var se *sqlite.Error
	isSQLite := errors.As(err, &se)
	full := errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) ||
		(isSQLite && se.Code()&0xff == sqliteFull) ||
		strings.Contains(err.Error(), "database or disk is full")
	if !full && isSQLite && (se.Code()&0xff == sqliteIOErr || se.Code()&0xff == sqliteCantOpen) {
		var st syscall.Statfs_t
		full = syscall.Statfs(dir, &st) == nil && st.Bavail == 0
	}
	if full {
		return fmt.Errorf("%w (%v)", ErrDiskFull, err)
	}
	return err
}

// identity is what a database file says about itself, read without
// writing a byte.
type identity struct {
	appID       uint32
	userVersion int
	tables      []string
}

// kind sorts a database: "till" (marked, or empty and ready to become
// one), "old" (a till database from before the mark), or "foreign".
func (id identity) kind(known int) string {
	switch {
	case id.appID == ApplicationID:
		return "till"
	case id.appID != 0:
		return "foreign"
	case len(id.tables) == 0 && id.userVersion == 0:
		return "till" // an empty database: nothing to harm
	case id.userVersion >= 1 && id.userVersion <= known &&
		slices.Contains(id.tables, "orders") && slices.Contains(id.tables, "order_events"):
		return "old"
	}
	return "foreign"
}

// readIdentity reads a database's identity. The header field comes first,
// by plain file read; only an unmarked file is opened, with SQLite's
// immutable flag, which takes no lock and creates no -wal or -shm file.
// That view ignores a -wal file's content; the mark and the tables of a
// till database are in the main file once it was first checkpointed.
func readIdentity(path string) (identity, error) {
	var id identity
	f, err := os.Open(path)
	if err != nil {
		return id, fmt.Errorf("open database: %w", err)
	}
	head := make([]byte, 100)
	n, err := io.ReadFull(f, head)
	f.Close()
	if n == 0 && (err == io.EOF) {
		return id, nil // empty file: SQLite takes it as an empty database
	}
	if err != nil || string(head[:len(sqliteHeader)]) != sqliteHeader {
		return id, fmt.Errorf("%s is not a till database (it holds something else): give the path of a database, or of a new file", path)
	}
	id.appID = binary.BigEndian.Uint32(head[68:72])
	id.userVersion = int(binary.BigEndian.Uint32(head[60:64]))
	if id.appID == ApplicationID {
		return id, nil
	}
	db, err := sql.Open("sqlite", fileDSN(path, url.Values{"mode": {"ro"}, "immutable": {"1"}}))
	if err != nil {
		return id, err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table'`)
	if err != nil {
		return id, fmt.Errorf("%s cannot be read as a database: %w", path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return id, err
		}
		id.tables = append(id.tables, name)
	}
	return id, rows.Err()
}

// identityRetries and identityRetryWait bound how long a file being
// created by another till is given to settle: two seconds.
const (
	identityRetries   = 40
	identityRetryWait = 50 * time.Millisecond
)

// refuseForeignDatabase refuses an SQLite file of another program before
// anything is written to it; old says a till database predates the mark.
func refuseForeignDatabase(path string) (old bool, err error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	// Another till may be creating this very file (the TUI and till serve
	// started together): its header and first pages are written while we
	// read them without a lock. What looks torn, or like a till database
	// half made, is read again for a moment before it is judged.
	var id identity
	for try := 0; ; try++ {
		id, err = readIdentity(path)
		unsettled := err != nil || (id.appID == 0 && slices.Contains(id.tables, "orders") && id.kind(SchemaVersion()) == "foreign")
		if !unsettled || try == identityRetries {
			break
		}
		time.Sleep(identityRetryWait)
	}
	if err != nil {
		return false, err
	}
	switch id.kind(SchemaVersion()) {
	case "foreign":
		return false, fmt.Errorf("%s is an SQLite database of another program, %w: till leaves it as it is; give the path of a till database, or of a new file", path, ErrNotTill)
	case "old":
		return true, nil
	}
	return false, nil
}

// fileDSN is the modernc DSN of path with URI parameters q.
func fileDSN(path string, q url.Values) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// OpenReadOnly opens an existing till database for reading only: no
// migration, no WAL switch, no write of any kind (query_only), so it works
// on a read-only file or folder and on a full disk. A database whose -shm
// file cannot be made (a read-only folder) is read as immutable. Reads
// that would expire orders try it through a separate writable handle, and
// answer with what is stored when that fails.
func OpenReadOnly(path string) (*Store, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a database file but a %s", path, kindOf(fi.Mode()))
	}
	id, err := readIdentity(path)
	if err != nil {
		return nil, err
	}
	switch id.kind(SchemaVersion()) {
	case "foreign":
		return nil, fmt.Errorf("%s is an SQLite database of another program, %w: till leaves it as it is; give the path of a till database", path, ErrNotTill)
	case "old":
		return nil, ErrNeedsUpgrade
	}
	if id.appID == 0 { // empty: nothing to read yet
		return nil, ErrNeedsUpgrade
	}
	s, err := openRO(path, false)
	if err != nil {
		return nil, err
	}
	var have int
	err = s.db.QueryRow("PRAGMA user_version").Scan(&have)
	var se *sqlite.Error
	if err != nil && errors.As(err, &se) && !slices.Contains([]int{sqliteBusy, sqliteLocked, sqliteCorrupt, sqliteNotADB}, se.Code()&0xff) {
		// No -shm could be made beside it: nothing can be writing it.
		s.Close()
		if s, err = openRO(path, true); err == nil {
			err = s.db.QueryRow("PRAGMA user_version").Scan(&have)
		}
	}
	if err != nil {
		if s != nil {
			s.Close()
		}
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	switch {
	case have > SchemaVersion():
		s.Close()
		return nil, fmt.Errorf("database %s: %w (schema %d; this till knows up to %d): upgrade till", path, ErrNewerDatabase, have, SchemaVersion())
	case have < SchemaVersion():
		s.Close()
		return nil, ErrNeedsUpgrade
	}
	return s, nil
}

func openRO(path string, immutable bool) (*Store, error) {
	q := url.Values{"mode": {"ro"}}
	if immutable {
		q.Set("immutable", "1")
	}
	for _, p := range []string{
		fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()),
		"query_only(1)",
		fmt.Sprintf("cache_size(%d)", -cacheKiB),
	} {
		q.Add("_pragma", p)
	}
	db, err := sql.Open("sqlite", fileDSN(path, q))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	s := newStore(db, path)
	s.readOnly = true
	s.roDSN = fileDSN(path, url.Values{"mode": q["mode"], "immutable": q["immutable"]})
	return s, nil
}
