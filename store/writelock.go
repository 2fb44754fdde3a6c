package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Why write transactions poll for the lock: SQLite's own busy handler
// sleeps longer and longer between tries, 100 ms at a time after the first
// quarter second. A statement import commits a step every few tens of
// milliseconds and is free between steps only briefly, so a sale waiting
// on that schedule could miss every gap for seconds. Beginning with a
// busy timeout of a millisecond, tried again at once until BusyTimeout,
// catches the first gap instead.
const (
	pollBusyMS  = 1
	importPause = 2 * time.Millisecond // between an import's tries: sales go first
	// stepGap is how long an import leaves the lock free after each step.
	// Its lines are parsed ahead, so it could begin the next step at once,
	// before a sale polling every millisecond has had a chance.
	stepGap = 3 * time.Millisecond
)

// beginPolled begins a write transaction (BEGIN IMMEDIATE) on conn, whose
// busy timeout is pollBusyMS, trying again after pause until BusyTimeout.
func beginPolled(ctx context.Context, conn *sql.Conn, pause time.Duration) (*sql.Tx, error) {
	deadline := time.Now().Add(BusyTimeout)
	for {
		tx, err := conn.BeginTx(ctx, nil)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return tx, err
		}
		if pause > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(pause):
			}
		}
	}
}

func isBusy(err error) bool {
	var se interface{ Code() int }
	return errors.As(err, &se) && se.Code()&0xff == sqliteBusy
}

// pollingConn takes a connection whose writes poll for the lock; done
// gives it back with the usual busy timeout.
func (s *Store) pollingConn(ctx context.Context) (*sql.Conn, func(), error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", pollBusyMS)); err != nil {
		conn.Close()
		return nil, nil, err
	}
	return conn, func() {
		conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA busy_timeout = %d", BusyTimeout.Milliseconds()))
		conn.Close()
	}, nil
}

// writeTx runs fn in one write transaction that polls for the lock.
func (s *Store) writeTx(ctx context.Context, fn func(*sql.Tx) error) error {
	conn, done, err := s.pollingConn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer done()
	return runTx(ctx, func(ctx context.Context, _ *sql.TxOptions) (*sql.Tx, error) { return beginPolled(ctx, conn, 0) }, fn)
}
