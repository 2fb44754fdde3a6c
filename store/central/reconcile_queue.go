package central

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// tillMessages are the bodies of a step's messages for one till.
type tillMessages struct {
	till   string
	bodies []string
}

// messagesOf makes the step's messages, at most MaxStatementLines lines
// each, per till in the tills' order, before any lock is taken.
func messagesOf(importID int64, lines []recLine) ([]tillMessages, error) {
	byTill := map[string][]recLine{}
	for _, l := range lines {
		if !l.old && l.till != "" {
			byTill[l.till] = append(byTill[l.till], l)
		}
	}
	out := make([]tillMessages, 0, len(byTill))
	for t, list := range byTill {
		m := tillMessages{till: t}
		for part := range slices.Chunk(list, MaxStatementLines) {
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
			m.bodies = append(m.bodies, string(msg))
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b tillMessages) int { return strings.Compare(a.till, b.till) })
	return out, nil
}

// statementSource is the source of an import's down messages.
func statementSource(importID int64) string { return fmt.Sprintf("statement:%d", importID) }

// queueMessages queues msgs in one statement, so that the row locks of
// the tills' down_heads, which a notification for one of these tills
// also takes, are held for one round trip and the commit: the messages
// are numbered for all their tills at once (the locks taken in the
// tills' order), written, and their pollers woken. It returns how long
// the statement took.
func queueMessages(ctx context.Context, tx pgx.Tx, merchant string, importID int64, msgs []tillMessages) (time.Duration, error) {
	if len(msgs) == 0 {
		return 0, nil
	}
	tills := make([]string, len(msgs))
	counts := make([]int64, len(msgs))
	var mTills, bodies []string
	var idx []int64
	for i, m := range msgs {
		tills[i], counts[i] = m.till, int64(len(m.bodies))
		for j, b := range m.bodies {
			mTills, idx, bodies = append(mTills, m.till), append(idx, int64(j)), append(bodies, b)
		}
	}
	start := time.Now()
	_, err := tx.Exec(ctx, `WITH h AS (
			INSERT INTO down_heads (merchant, till, last_n) SELECT $1, * FROM unnest($2::text[], $3::bigint[])
			ON CONFLICT (merchant, till) DO UPDATE SET last_n = down_heads.last_n + excluded.last_n
			RETURNING till, last_n),
		c AS (SELECT * FROM unnest($2::text[], $3::bigint[]) AS c(till, count)),
		d AS (
			INSERT INTO down (merchant, till, n, kind, source, body)
			SELECT $1, m.till, h.last_n - c.count + 1 + m.i, $7, $8, m.body
			FROM unnest($4::text[], $5::bigint[], $6::text[]) AS m(till, i, body) JOIN h ON h.till = m.till JOIN c ON c.till = m.till)
		SELECT pg_notify($9, $1 || E'\n' || till) FROM h`,
		merchant, tills, counts, mTills, idx, bodies, DownStatement, statementSource(importID), DownChannel)
	if err != nil {
		return 0, fmt.Errorf("queue the lines for the tills: %w", err)
	}
	return time.Since(start), nil
}
