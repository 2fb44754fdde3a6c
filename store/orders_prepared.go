package store

import (
	"context"
	"database/sql"
	"sync"
)

// SQL of CreateOrder's inserts.
const (
	insertOrderSQL = `INSERT INTO orders
		(ref, amount_minor, currency, note, status, schemes, day, created_at, expires_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	insertCodeSQL = `INSERT INTO order_codes (order_id, position, label, format, schemes, payload)
		VALUES (?, ?, ?, ?, ?, ?)`
)

// createStmts keeps CreateOrder's three inserts prepared. database/sql
// keeps one prepared copy per connection and a transaction reuses its
// connection's copy (Tx.StmtContext), so a sale no longer parses and
// plans its SQL each time: that was about a fifth of its CPU. They are
// prepared on the first sale, not at Open, so that commands that only
// read pay nothing for them.
type createStmts struct {
	mu sync.Mutex
	p  *preparedCreate
}

type preparedCreate struct{ order, code, event *sql.Stmt }

// get returns the prepared statements, preparing them on first use. A
// failure is not kept: the next sale tries again.
func (c *createStmts) get(ctx context.Context, db *sql.DB) (*preparedCreate, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.p != nil {
		return c.p, nil
	}
	var p preparedCreate
	for _, s := range []struct {
		dst *(*sql.Stmt)
		sql string
	}{{&p.order, insertOrderSQL}, {&p.code, insertCodeSQL}, {&p.event, insertEventSQL}} {
		st, err := db.PrepareContext(ctx, s.sql)
		if err != nil {
			p.close()
			return nil, err
		}
		*s.dst = st
	}
	c.p = &p
	return c.p, nil
}

func (c *createStmts) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.p != nil {
		c.p.close()
		c.p = nil
	}
}

func (p *preparedCreate) close() {
	for _, st := range []*sql.Stmt{p.order, p.code, p.event} {
		if st != nil {
			st.Close()
		}
	}
}
