// Package central is the fleet's book in PostgreSQL: every order and event
// of every till of a merchant, exactly once. It owns all of the central
// SQL, as package store owns the till's SQLite; it runs through pgx.
//
// Several central servers may run against one PostgreSQL: they keep no
// state of their own, and the schema is migrated under an advisory lock.
package central

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema step.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the embedded steps in order; their numbers run from 1
// without a gap (checked by a test and when they are read).
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: the name must start with its number", e.Name())
		}
		body, err := fs.ReadFile(migrationFiles, "migrations/"+e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	return out, nil
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int {
	m, _ := migrations()
	return len(m)
}

// ErrNewerSchema is returned for a database migrated by a newer till.
var ErrNewerSchema = errors.New("the central database was migrated by a newer till: upgrade this till to use it")

// Book is the central book on one PostgreSQL database.
type Book struct {
	pool *pgxpool.Pool
}

// Open connects to the database at url ("postgres://…") and checks that
// its schema is this build's (run Migrate first on a new database).
func Open(ctx context.Context, url string) (*Book, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("--pg: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL at %s:%d: %s", cfg.ConnConfig.Host, cfg.ConnConfig.Port, why(err))
	}
	return &Book{pool: pool}, nil
}

// Close closes the connections.
func (b *Book) Close() { b.pool.Close() }

// migrateLock is the advisory lock key under which the schema changes:
// the bytes "tillmigr".
const migrateLock int64 = 0x74696c6c6d696772

// Migrate brings the schema to this build's version, one transaction per
// step, under an advisory lock so that several servers starting at once
// apply each step once. A database of a newer version is refused, never
// changed. It returns the version before and after.
func (b *Book) Migrate(ctx context.Context) (from, to int, err error) {
	steps, err := migrations()
	if err != nil {
		return 0, 0, err
	}
	conn, err := b.pool.Acquire(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrateLock); err != nil {
		return 0, 0, fmt.Errorf("wait for the migration lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrateLock)
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return 0, 0, fmt.Errorf("schema version table: %w", err)
	}
	if err := conn.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_version").Scan(&from); err != nil {
		return 0, 0, err
	}
	if from > len(steps) {
		return from, from, fmt.Errorf("%w (it is at version %d, this till knows %d)", ErrNewerSchema, from, len(steps))
	}
	for _, m := range steps[from:] {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_version (version) VALUES ($1)", m.version)
			return err
		})
		if err != nil {
			return from, m.version - 1, fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return from, len(steps), nil
}

// Version is the schema version of the database (0 for a new one).
func (b *Book) Version(ctx context.Context) (int, error) {
	var v int
	err := b.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&v)
	var pgErr interface{ SQLState() string }
	if errors.As(err, &pgErr) && pgErr.SQLState() == "42P01" { // no such table
		return 0, nil
	}
	return v, err
}

// why is the reason of a connection error in a few words: pgx lists
// every address it tried, one per line, with the dialer's words.
func why(err error) string {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return "nothing listens there (is the server running?)"
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Message
	}
	msg := strings.TrimSpace(err.Error())
	if i := strings.LastIndex(msg, "\n"); i >= 0 {
		msg = strings.TrimSpace(msg[i+1:])
	}
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return msg
}
