package central

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
)

// messagesOf makes the message bodies of one till's lines, at most
// MaxStatementLines lines each, before any lock is taken.
func messagesOf(importID int64, lines []recLine) ([]string, error) {
	var bodies []string
	for part := range slices.Chunk(lines, MaxStatementLines) {
		body := StatementBody{Import: importID, Lines: make([]StatementLine, len(part))}
		for j, l := range part {
			body.Lines[j] = LineOf(l.e)
		}
		text, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		msg, err := json.Marshal(DownMessage{Kind: DownStatement, Source: statementSource(importID), Body: string(text)})
		if err != nil {
			return nil, err
		}
		bodies = append(bodies, string(msg))
	}
	return bodies, nil
}

// statementSource is the source of an import's down messages.
func statementSource(importID int64) string { return fmt.Sprintf("statement:%d", importID) }

// queueMessages queues a till's messages in one statement, the last of
// its transaction, so that the row of the till's down-queue head, which a
// notification for the till also locks, is held for one round trip and
// the commit: the messages are numbered, written and the till's pollers
// woken.
func queueMessages(ctx context.Context, tx pgx.Tx, merchant string, importID int64, till string, bodies []string) error {
	if len(bodies) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `WITH h AS (
			INSERT INTO down_heads (merchant, till, last_n) VALUES ($1, $2, $3)
			ON CONFLICT (merchant, till) DO UPDATE SET last_n = down_heads.last_n + excluded.last_n
			RETURNING last_n),
		d AS (
			INSERT INTO down (merchant, till, n, kind, source, body)
			SELECT $1, $2, h.last_n - $3 + m.i, $5, $6, m.body FROM h, unnest($4::text[]) WITH ORDINALITY AS m(body, i))
		SELECT pg_notify($7, $8) FROM h`,
		merchant, till, int64(len(bodies)), bodies, DownStatement, statementSource(importID), DownChannel, WakeKey(merchant, till))
	if err != nil {
		return fmt.Errorf("queue the lines for till %q: %w", till, err)
	}
	return nil
}
