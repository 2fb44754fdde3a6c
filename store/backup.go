package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database to path while till keeps
// running (SQLite's VACUUM INTO reads one snapshot; writers are not
// blocked). The copy is created owner-only and never overwrites a file.
func (s *Store) Backup(ctx context.Context, path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("backup %s: the file exists; choose a new name", path)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	f.Close() // VACUUM INTO accepts an empty file, and keeps its mode
	if err := s.vacuumInto(ctx, path); err != nil {
		os.Remove(path)
		return diskFull(fmt.Errorf("backup %s: %w", path, err), filepath.Dir(path))
	}
	return nil
}

// vacuumInto runs VACUUM INTO path. A read-only connection cannot (its
// INTO file would be read-only too), so a read-only store attaches its
// file read-only to a connection of an in-memory database, which writes.
func (s *Store) vacuumInto(ctx context.Context, path string) error {
	if !s.readOnly {
		_, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path)
		return err
	}
	mem, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return err
	}
	defer mem.Close()
	conn, err := mem.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `ATTACH ? AS src`, s.roDSN); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `VACUUM src INTO ?`, path)
	return err
}

// IntegrityCheck runs SQLite's full integrity check and returns its
// verdict: "ok", or the problems it found.
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	rows, err := s.db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var out string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		if out != "" {
			out += "; "
		}
		out += line
	}
	return out, rows.Err()
}
