package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Watcher notices commits to the database by anyone: this process, `till
// serve`, `till reconcile`, another terminal. It asks SQLite's
// PRAGMA data_version on a connection of its own, which costs one read of
// the WAL index and no table scan, so polling it a few times a second is
// cheap.
type Watcher struct {
	conn *sql.Conn
	last int64
}

// Watch opens a Watcher. Close it when done.
func (s *Store) Watch(ctx context.Context) (*Watcher, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("watch database: %w", err)
	}
	w := &Watcher{conn: conn}
	if w.last, err = w.version(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return w, nil
}

func (w *Watcher) version(ctx context.Context) (int64, error) {
	var v int64
	if err := w.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("watch database: %w", err)
	}
	return v, nil
}

// Changed reports whether anything was committed since the last call.
func (w *Watcher) Changed(ctx context.Context) (bool, error) {
	v, err := w.version(ctx)
	if err != nil {
		return false, err
	}
	changed := v != w.last
	w.last = v
	return changed, nil
}

// Close releases the watcher's connection.
func (w *Watcher) Close() error { return w.conn.Close() }
