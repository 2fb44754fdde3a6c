package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"
)

// SQL of CreateOrder's inserts.
const (
	insertOrderSQL = `INSERT INTO orders
		(ref, amount_minor, currency, note, status, schemes, day, created_at, expires_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	insertCodeSQL = `INSERT INTO order_codes (order_id, position, label, format, schemes, payload)
		VALUES (?, ?, ?, ?, ?, ?)`
)

// saleConn is the connection sales are written on, kept for the life of
// the store with CreateOrder's three inserts prepared on it and its busy
// timeout at pollBusyMS for good. A sale is the cashier's hot path, and
// the general write path (writeTx) costs it a fifth more than the C
// sqlite3 CLI making the same rows: a connection taken from the pool and
// its busy timeout set and restored each time, and database/sql's Tx,
// which starts a goroutine per transaction to watch its context (waking
// another thread: about 25 µs a sale on the 2-core machine). Here the
// transaction is BEGIN IMMEDIATE and COMMIT on the kept connection.
//
// It is opened on the first sale, not at Open, so that commands that
// only read pay nothing for it. One sale at a time uses it (turn, a
// semaphore a sale waits on only as long as its context allows); sales in
// one process are serialized by SQLite's write lock anyway.
type saleConn struct {
	turn               chan struct{} // holds a token while a sale uses the connection
	conn               *sql.Conn
	order, code, event *sql.Stmt
}

// take waits for the connection's turn, or for ctx to end.
func (c *saleConn) take(ctx context.Context) error {
	if err := ctx.Err(); err != nil { // a sale given up writes nothing
		return err
	}
	select {
	case c.turn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *saleConn) give() { <-c.turn }

// open makes the connection and prepares the inserts on it.
func (c *saleConn) open(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	c.conn = conn
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", pollBusyMS)); err != nil {
		c.reset()
		return err
	}
	for _, s := range []struct {
		dst *(*sql.Stmt)
		sql string
	}{{&c.order, insertOrderSQL}, {&c.code, insertCodeSQL}, {&c.event, insertEventSQL}} {
		st, err := conn.PrepareContext(ctx, s.sql)
		if err != nil {
			c.reset()
			return err
		}
		*s.dst = st
	}
	return nil
}

// reset discards the connection and its statements; the next sale opens
// them again. After an error that may have left it inside a transaction or
// broken, a fresh one is the safe state. The connection is closed, not
// given back to the pool: with its 1 ms busy timeout (or a transaction
// still open) it would not be fit for the pool's other users.
func (c *saleConn) reset() {
	for _, st := range []*sql.Stmt{c.order, c.code, c.event} {
		if st != nil {
			st.Close()
		}
	}
	if c.conn != nil {
		// database/sql closes a connection whose Raw call says it is bad.
		c.conn.Raw(func(any) error { return driver.ErrBadConn })
		c.conn.Close()
	}
	c.conn, c.order, c.code, c.event = nil, nil, nil, nil
}

// close discards the connection once the sale using it, if any, is done.
func (c *saleConn) close() {
	c.take(context.Background())
	defer c.give()
	c.reset()
}

// write runs fn in one write transaction on the sale connection: BEGIN
// IMMEDIATE tried again at once while another writer holds the lock
// (each try waits pollBusyMS), until BusyTimeout or ctx ends, as writeTx
// does. Once begun, the statements and the commit run to the end: a
// sale's inserts take a millisecond, and a sale half cancelled would be
// rolled back anyway.
func (c *saleConn) write(ctx context.Context, db *sql.DB, fn func(ctx context.Context, c *saleConn) error) error {
	if err := c.take(ctx); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer c.give()
	if c.conn == nil {
		if err := c.open(ctx, db); err != nil {
			return fmt.Errorf("begin: %w", err)
		}
	}
	run := context.WithoutCancel(ctx) // no goroutine per statement watching ctx
	deadline := time.Now().Add(BusyTimeout)
	for {
		if err := ctx.Err(); err != nil { // a sale given up writes nothing
			return fmt.Errorf("begin: %w", err)
		}
		_, err := c.conn.ExecContext(run, "BEGIN IMMEDIATE")
		if err == nil {
			break
		}
		if !isBusy(err) || time.Now().After(deadline) {
			c.reset()
			return fmt.Errorf("begin: %w", err)
		}
	}
	if err := fn(run, c); err != nil {
		if _, rerr := c.conn.ExecContext(run, "ROLLBACK"); rerr != nil {
			c.reset()
		}
		return err
	}
	if _, err := c.conn.ExecContext(run, "COMMIT"); err != nil {
		// A failed COMMIT (disk full, I/O error) leaves the transaction
		// open: roll it back, and start the next sale on a fresh connection.
		c.conn.ExecContext(run, "ROLLBACK")
		c.reset()
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
