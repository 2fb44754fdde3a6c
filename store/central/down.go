package central

// What central sends down to a till (issue 15).
//
// Each till has a queue of messages numbered from 1 (down_heads, down).
// A till long-polls for the messages after the last one it holds; central
// records that number as acknowledged, so a till that restarts without a
// cursor resumes from it. Applying a message on the till is idempotent
// (a notification is deduplicated by its id), so a lost reply or a lost
// acknowledgement costs a resend, never a double payment.
//
// Every enqueue also sends a PostgreSQL NOTIFY on DownChannel (delivered
// at commit) naming the till, so that whichever central server holds the
// till's long-poll answers at once. A NOTIFY is lost while a server's
// listener is disconnected: the servers also re-read the queue now and
// then (see centralhttp), and the queue, not the NOTIFY, is the truth.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// DownChannel is the PostgreSQL channel of down-queue wake-ups; the
// payload is WakeKey(merchant, till).
const DownChannel = "till_down"

// WakeKey is the NOTIFY payload naming a till.
func WakeKey(merchant, till string) string { return merchant + "\n" + till }

// Kinds of down messages.
const (
	DownNotify = "notify" // a payment notification received centrally
)

// DownMessage is one message for a till.
type DownMessage struct {
	N          int64    `json:"n"`
	Kind       string   `json:"kind"`
	Source     string   `json:"source"`      // the notification's id
	NotifyKind string   `json:"notify_kind"` // "generic" or "pix"
	Body       string   `json:"body"`        // the notification as signed
	ReceivedAt int64    `json:"received_at"` // Unix ms, at central
	Keys       []string `json:"keys"`        // the keys of its payments that are this till's
}

// MaxDown bounds the messages of one reply.
const MaxDown = 200

// enqueue appends msg to till's queue inside tx, and wakes its poller.
func enqueue(ctx context.Context, tx pgx.Tx, merchant, till string, msg DownMessage) error {
	var n int64
	err := tx.QueryRow(ctx, `INSERT INTO down_heads (merchant, till, last_n) VALUES ($1, $2, 1)
		ON CONFLICT (merchant, till) DO UPDATE SET last_n = down_heads.last_n + 1
		RETURNING last_n`, merchant, till).Scan(&n)
	if err != nil {
		return fmt.Errorf("number a message for till %q: %w", till, err)
	}
	msg.N = 0 // the number is the row's, not the body's
	body, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO down (merchant, till, n, kind, source, body) VALUES ($1, $2, $3, $4, $5, $6)`,
		merchant, till, n, msg.Kind, msg.Source, string(body)); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `SELECT pg_notify($1, $2)`, DownChannel, WakeKey(merchant, till))
	return err
}

// Down returns till t's messages after number after (at most MaxDown),
// and records after as acknowledged. after < 0 means "from the last
// acknowledged": what a till that lost its cursor sends.
func (b *Book) Down(ctx context.Context, t Till, after int64) ([]DownMessage, error) {
	var acked int64
	err := b.pool.QueryRow(ctx, `INSERT INTO down_heads AS h (merchant, till, acked, last_poll) VALUES ($1, $2, 0, now())
		ON CONFLICT (merchant, till) DO UPDATE SET last_poll = now(),
			acked = CASE WHEN $3 >= 0 THEN least($3, h.last_n) ELSE h.acked END
		RETURNING acked`, t.Merchant, t.Name, after).Scan(&acked)
	if err != nil {
		return nil, fmt.Errorf("read the down queue of till %q: %w", t.Name, err)
	}
	if after < 0 {
		after = acked
	}
	rows, err := b.pool.Query(ctx, `SELECT n, body FROM down WHERE merchant = $1 AND till = $2 AND n > $3 ORDER BY n LIMIT $4`,
		t.Merchant, t.Name, after, MaxDown)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (DownMessage, error) {
		var m DownMessage
		var body string
		var n int64
		if err := r.Scan(&n, &body); err != nil {
			return m, err
		}
		err := json.Unmarshal([]byte(body), &m)
		m.N = n
		return m, err
	})
}

// Listen holds a connection LISTENing on DownChannel and calls wake with
// each payload until ctx ends; up says whether the listener is connected
// (while it is not, wake-ups are lost and pollers must re-read). On a
// lost connection it reconnects after a pause.
func (b *Book) Listen(ctx context.Context, wake func(key string), up func(bool)) {
	for ctx.Err() == nil {
		err := b.listenOnce(ctx, wake, up)
		up(false)
		if ctx.Err() != nil || err == nil {
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func (b *Book) listenOnce(ctx context.Context, wake func(string), up func(bool)) error {
	conn, err := b.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+DownChannel); err != nil {
		return err
	}
	// Back in the pool, the connection must not keep listening.
	defer conn.Exec(context.WithoutCancel(ctx), "UNLISTEN *")
	up(true)
	for {
		n, err := conn.Conn().WaitForNotification(ctx)
		if err != nil {
			if errors.Is(err, context.Canceled) || ctx.Err() != nil {
				return nil
			}
			conn.Conn().Close(context.WithoutCancel(ctx)) // a broken connection must not return to the pool
			return err
		}
		wake(n.Payload)
	}
}

// SplitWakeKey undoes WakeKey.
func SplitWakeKey(key string) (merchant, till string) {
	merchant, till, _ = strings.Cut(key, "\n")
	return merchant, till
}
