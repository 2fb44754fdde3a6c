package store

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// in runs query + "(?, ?, ...)" over args in chunks, calling each for every row.
func (bt *batcher) in(query string, args []any, each func(*sql.Rows) error, suffix ...string) error {
	for start := 0; start < len(args); start += rowsPerInsert * 5 {
		chunk := args[start:min(start+rowsPerInsert*5, len(args))]
		rows, err := bt.tx.QueryContext(bt.ctx, query+"("+placeholders(len(chunk))+")"+strings.Join(suffix, ""), chunk...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := each(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// write flushes the batch: evidence, events, orders, exceptions.
func (bt *batcher) write() error {
	if err := bt.insertRows("evidence", `id, key, key_hash, source, import_id, notification, provider_id, at, amount_minor, currency,
		credit, pending, reversal, reference, text, counterparty, outcome, rule, applied, order_id, created_at, corrects`, bt.evidence); err != nil {
		return fmt.Errorf("record statement lines: %w", err)
	}
	// Events and order rows go in order id order: their indexes and pages
	// are then written in order too.
	slices.SortStableFunc(bt.events, func(a, b []any) int { return cmpID(a[0], b[0]) })
	if err := bt.insertRows("order_events", `order_id, kind, amount_minor, at, recorded_at, source, actor, note`, bt.events); err != nil {
		return fmt.Errorf("record order events: %w", err)
	}
	var states [][]any
	for _, o := range bt.changed {
		st := o.State
		states = append(states, []any{o.ID, st.Status, st.Received, st.Refunded, st.Payments, st.Claimed, st.Closed, st.Late, ms(o.UpdatedAt)})
	}
	slices.SortFunc(states, func(a, b []any) int { return cmpID(a[0], b[0]) })
	if err := bt.updateStates(states); err != nil {
		return fmt.Errorf("update orders: %w", err)
	}
	if err := bt.insertRows("exceptions", `kind, evidence_id, order_id, detail, created_at, day, currency`, bt.excs); err != nil {
		return fmt.Errorf("record exceptions: %w", err)
	}
	for _, u := range bt.undos {
		if _, err := bt.tx.ExecContext(bt.ctx, markCorrectedSQL, u.by, keyHash(u.key), u.key); err != nil {
			return fmt.Errorf("mark corrected line: %w", err)
		}
		if _, err := bt.tx.ExecContext(bt.ctx, withdrawSQL, ms(bt.now), "withdrawn: the bank corrected the line away", bt.opt.Actor,
			keyHash(u.key), u.key); err != nil {
			return fmt.Errorf("withdraw corrected line: %w", err)
		}
	}
	bt.undos = bt.undos[:0]
	return nil
}

// stmt prepares (once) a statement whose text depends only on a row count.
func (bt *batcher) stmt(key string, build func() string) (*sql.Stmt, error) {
	if st, ok := bt.stmts[key]; ok {
		return st, nil
	}
	st, err := bt.tx.PrepareContext(bt.ctx, build())
	if err != nil {
		return nil, err
	}
	bt.stmts[key] = st
	return st, nil
}

// insertRows writes rows with multi-row INSERTs of up to rowsPerInsert.
func (bt *batcher) insertRows(table, cols string, rows [][]any) error {
	for start := 0; start < len(rows); start += rowsPerInsert {
		chunk := rows[start:min(start+rowsPerInsert, len(rows))]
		width := len(chunk[0])
		st, err := bt.stmt(fmt.Sprintf("%s/%d", table, len(chunk)), func() string {
			row := "(" + placeholders(width) + ")"
			return "INSERT INTO " + table + " (" + cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+",", len(chunk)), ",")
		})
		if err != nil {
			return err
		}
		args := make([]any, 0, len(chunk)*width)
		for _, r := range chunk {
			args = append(args, r...)
		}
		if _, err := st.ExecContext(bt.ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// updateStates writes new order states with UPDATE ... FROM (VALUES ...).
func (bt *batcher) updateStates(rows [][]any) error {
	for start := 0; start < len(rows); start += rowsPerInsert {
		chunk := rows[start:min(start+rowsPerInsert, len(rows))]
		st, err := bt.stmt(fmt.Sprintf("update/%d", len(chunk)), func() string {
			row := "(" + placeholders(9) + ")"
			return `UPDATE orders SET status = v.column2, received_minor = v.column3, refunded_minor = v.column4,
				payments = v.column5, claimed = v.column6, closed = v.column7, late = v.column8, updated_at = v.column9
				FROM (VALUES ` + strings.TrimSuffix(strings.Repeat(row+",", len(chunk)), ",") + `) AS v WHERE orders.id = v.column1`
		})
		if err != nil {
			return err
		}
		args := make([]any, 0, len(chunk)*9)
		for _, r := range chunk {
			args = append(args, r...)
		}
		if _, err := st.ExecContext(bt.ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

func cmpID(a, b any) int {
	x, y := a.(int64), b.(int64)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
