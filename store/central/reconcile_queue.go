package central

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
)

// queueLines queues the step's new lines for their tills: messages of at
// most MaxStatementLines lines, numbered for all tills in one statement
// under the row locks of their down_heads (taken in the tills' order, and
// last in the step's transaction: a notification for one of these tills
// waits only for the rest of this function), then wakes their pollers.
func queueLines(ctx context.Context, tx pgx.Tx, merchant string, importID int64, lines []recLine, ids map[string]int64) error {
	byTill := map[string][]recLine{}
	for _, l := range lines {
		if !l.old && l.till != "" {
			byTill[l.till] = append(byTill[l.till], l)
		}
	}
	if len(byTill) == 0 {
		return nil
	}
	tills := make([]string, 0, len(byTill))
	counts := make([]int64, 0, len(byTill))
	for t := range byTill {
		tills = append(tills, t)
	}
	slices.Sort(tills)
	for _, t := range tills {
		counts = append(counts, int64((len(byTill[t])+MaxStatementLines-1)/MaxStatementLines))
	}
	rows, err := tx.Query(ctx, `INSERT INTO down_heads (merchant, till, last_n) SELECT $1, * FROM unnest($2::text[], $3::bigint[])
		ON CONFLICT (merchant, till) DO UPDATE SET last_n = down_heads.last_n + excluded.last_n RETURNING till, last_n`,
		merchant, tills, counts)
	if err != nil {
		return fmt.Errorf("number the messages for the tills: %w", err)
	}
	lastN := map[string]int64{}
	for rows.Next() {
		var t string
		var n int64
		if err := rows.Scan(&t, &n); err != nil {
			rows.Close()
			return err
		}
		lastN[t] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("number the messages for the tills: %w", err)
	}
	var down [][]any
	var keys []string
	var ns []int64
	for i, t := range tills {
		n := lastN[t] - counts[i]
		for part := range slices.Chunk(byTill[t], MaxStatementLines) {
			n++
			body := StatementBody{Import: importID, Lines: make([]StatementLine, len(part))}
			for j, l := range part {
				body.Lines[j] = LineOf(l.e)
				keys, ns = append(keys, l.e.Key), append(ns, n)
			}
			msg, err := json.Marshal(DownMessage{Kind: DownStatement, Source: fmt.Sprintf("statement:%d", importID), Body: mustJSON(body)})
			if err != nil {
				return err
			}
			down = append(down, []any{merchant, t, n, DownStatement, fmt.Sprintf("statement:%d", importID), string(msg)})
		}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"down"}, []string{"merchant", "till", "n", "kind", "source", "body"}, pgx.CopyFromRows(down)); err != nil {
		return fmt.Errorf("queue the lines for the tills: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE recon_lines l SET down_n = v.n FROM unnest($2::text[], $3::bigint[]) AS v(key, n)
		WHERE l.merchant = $1 AND l.key = v.key`, merchant, keys, ns); err != nil {
		return err
	}
	wake := make([]string, len(tills))
	for i, t := range tills {
		wake[i] = WakeKey(merchant, t)
	}
	_, err = tx.Exec(ctx, `SELECT pg_notify($1, k) FROM unnest($2::text[]) AS k`, DownChannel, wake)
	return err
}

// mustJSON is v as JSON text (v is always encodable).
func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
