package store

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// in runs query + "(?, ?, ...)" over args in chunks, calling each for
// every row. The chunk size is fixed, so the statements are few and
// prepared once per import.
func (bt *batcher) in(query string, args []any, each func(*sql.Rows) error, suffix ...string) error {
	for start := 0; start < len(args); start += inChunk {
		chunk := args[start:min(start+inChunk, len(args))]
		// Padded to a power of two with the last key again (IN is a set):
		// a few statement texts, whatever the batch size.
		size := 8
		for size < len(chunk) {
			size *= 2
		}
		if len(chunk) < size {
			// One copy of the padded chunk (appending to a full-capacity
			// slice key by key copied it once per key: 4 % of an import).
			padded := make([]any, size)
			n := copy(padded, chunk)
			for i := n; i < size; i++ {
				padded[i] = chunk[n-1]
			}
			chunk = padded
		}
		st, err := bt.prep(query + "(" + placeholders(len(chunk)) + ")" + strings.Join(suffix, ""))
		if err != nil {
			return err
		}
		rows, err := st.QueryContext(bt.ctx, chunk...)
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
		states = append(states, []any{o.ID, st.Status, st.Received, st.Refunded, st.Payments, st.Claimed, st.Closed, st.Late, ms(o.UpdatedAt), st.Cash, st.RestClaimed})
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

// insertRows writes rows one by one through one prepared single-row
// INSERT: cheaper in SQLite than multi-row VALUES, whose statement
// journal spills to a temporary file.
func (bt *batcher) insertRows(table, cols string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	st, err := bt.prep("INSERT INTO " + table + " (" + cols + ") VALUES (" + placeholders(len(rows[0])) + ")")
	if err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := st.ExecContext(bt.ctx, r...); err != nil {
			return err
		}
	}
	return nil
}

// updateStates writes new order states, one prepared UPDATE each; rows
// start with the order id.
func (bt *batcher) updateStates(rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	st, err := bt.prep(updateStateSQL)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := st.ExecContext(bt.ctx, append(r[1:len(r):len(r)], r[0])...); err != nil {
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
