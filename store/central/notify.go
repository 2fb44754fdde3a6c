package central

// Payment notifications received centrally (issue 15).
//
// A webhook cannot reach a till behind a phone's NAT; it can reach the
// central server. Central keeps each notification once per sender's id
// and, in the same transaction, routes each of its payments to the till
// that owns the order (a reference starts with its till's prefix; the
// order's row, once uploaded, is authoritative) by queueing a message in
// that till's down queue (down.go). The till applies the message with the
// same store function as a notification it received itself, deduplicated
// by the same id; the payment event it records comes back up through the
// outbox and is folded here like every other event. The payment therefore
// enters the central book exactly once, whichever way it travelled, and a
// notification for an order the till has not uploaded yet is kept in the
// queue and applied on the till, where the order already is.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
)

// Notification is a verified, parsed payment notification.
type Notification struct {
	ID         string
	Kind       string // "generic" or "pix"
	Body       []byte // raw, as signed
	ReceivedAt time.Time
	Items      []reconcile.Evidence
}

// Routed says where one payment of a notification went.
type Routed struct {
	Key     string `json:"key"`
	Outcome string `json:"outcome"` // "sent" (queued for the till) or "unrouted"
	Ref     string `json:"ref,omitempty"`
	Till    string `json:"till,omitempty"`
	Detail  string `json:"detail,omitempty"`
}

// Outcomes of routing.
const (
	RoutedSent     = "sent"
	RoutedUnrouted = "unrouted"
)

// NotifyResult is what Notify did; a replay returns the first verdict.
type NotifyResult struct {
	Replayed bool     `json:"replayed"`
	Items    []Routed `json:"results"`
}

// Notify keeps n once for merchant and queues its payments for their
// tills, in one transaction (see above).
func (b *Book) Notify(ctx context.Context, merchant string, n Notification) (NotifyResult, error) {
	var res NotifyResult
	err := pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		res = NotifyResult{}
		tag, err := tx.Exec(ctx, `INSERT INTO notifications (merchant, id, kind, body, received_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT DO NOTHING`, merchant, n.ID, n.Kind, n.Body, n.ReceivedAt)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			res.Replayed = true
			var verdict string
			if err := tx.QueryRow(ctx, `SELECT verdict FROM notifications WHERE merchant = $1 AND id = $2`, merchant, n.ID).Scan(&verdict); err != nil {
				return err
			}
			return json.Unmarshal([]byte(verdict), &res.Items)
		}
		res.Items, err = route(ctx, tx, merchant, n.Items)
		if err != nil {
			return err
		}
		if err := queueNotification(ctx, tx, merchant, n, res.Items); err != nil {
			return err
		}
		if err := raiseUnrouted(ctx, tx, merchant, n, res.Items); err != nil {
			return err
		}
		verdict, _ := json.Marshal(res.Items)
		_, err = tx.Exec(ctx, `UPDATE notifications SET verdict = $3 WHERE merchant = $1 AND id = $2`, merchant, n.ID, string(verdict))
		return err
	})
	if err != nil {
		return NotifyResult{}, fmt.Errorf("record notification %q: %w", n.ID, err)
	}
	return res, nil
}

// ExceptionUnrouted is the kind of the exception raised for a payment
// that no till can take.
const ExceptionUnrouted = "unrouted"

// raiseUnrouted raises an exception for each payment of n that went to
// no till. A payment whose reference carries a till's prefix is routed
// even before the order is uploaded (the till's queue keeps it), so one
// that is unrouted names no reference, several, or a prefix no till of
// the fleet has: waiting would not place it, and a person must. It is
// raised at once, in the transaction that keeps the notification, so a
// replay raises nothing more. Such exceptions belong to no till's
// outbox: they take their seq from central_exception_seq, till "".
func raiseUnrouted(ctx context.Context, tx pgx.Tx, merchant string, n Notification, items []Routed) error {
	for i, it := range items {
		if it.Outcome != RoutedUnrouted {
			continue
		}
		detail := fmt.Sprintf("notification %s: the payment %s of %s reached no till: %s", n.ID, it.Key, n.Items[i].Amount, it.Detail)
		if _, err := tx.Exec(ctx, `INSERT INTO exceptions (merchant, till, seq, ref, kind, detail)
			VALUES ($1, '', nextval('central_exception_seq'), $2, $3, $4)`, merchant, it.Ref, ExceptionUnrouted, detail); err != nil {
			return fmt.Errorf("raise an exception for payment %s: %w", it.Key, err)
		}
	}
	return nil
}

// queueNotification queues, for each till that owns some of n's items, one
// message naming the keys of its items.
func queueNotification(ctx context.Context, tx pgx.Tx, merchant string, n Notification, items []Routed) error {
	keys := map[string][]string{}
	var tills []string
	for _, it := range items {
		if it.Outcome != RoutedSent {
			continue
		}
		if _, ok := keys[it.Till]; !ok {
			tills = append(tills, it.Till)
		}
		keys[it.Till] = append(keys[it.Till], it.Key)
	}
	for _, till := range tills {
		msg := DownMessage{Kind: DownNotify, Source: n.ID, NotifyKind: n.Kind, Body: string(n.Body),
			ReceivedAt: n.ReceivedAt.UnixMilli(), Keys: keys[till]}
		if err := enqueue(ctx, tx, merchant, till, msg); err != nil {
			return err
		}
	}
	return nil
}

// route finds the till of each item: the owner of the order if central
// has it, else the till whose prefix the reference carries.
func route(ctx context.Context, tx pgx.Tx, merchant string, items []reconcile.Evidence) ([]Routed, error) {
	out := make([]Routed, len(items))
	for i, e := range items {
		r, err := routeOne(ctx, tx, merchant, e)
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

// routeOne routes one item: its structured reference (an ISO 11649 RF
// reference is read too), else the references its text holds. Of those,
// an order central has wins, then a till's prefix; several, or none,
// route nowhere (the till's matcher would not place it either).
func routeOne(ctx context.Context, tx pgx.Tx, merchant string, e reconcile.Evidence) (Routed, error) {
	r := Routed{Key: e.Key, Outcome: RoutedUnrouted}
	var cands []payment.Reference
	if ref, err := payment.ParseReference(stripRF(strings.TrimSpace(e.Reference))); err == nil {
		cands = []payment.Reference{ref}
	} else {
		cands = payment.FindReferences(e.Reference + " " + e.Text)
	}
	if len(cands) == 0 {
		r.Detail = "the payment names no reference of till"
		return r, nil
	}
	type hit struct{ ref, till string }
	var byOrder, byPrefix []hit
	for _, ref := range cands {
		order, prefix, err := ownerOf(ctx, tx, merchant, ref)
		if err != nil {
			return r, err
		}
		if order != "" {
			byOrder = append(byOrder, hit{string(ref), order})
		} else if prefix != "" {
			byPrefix = append(byPrefix, hit{string(ref), prefix})
		}
	}
	hits := byOrder
	if len(hits) == 0 {
		hits = byPrefix
	}
	switch len(hits) {
	case 0:
		r.Ref = string(cands[0])
		r.Detail = fmt.Sprintf("no till of the fleet makes references starting %s", string(cands[0])[:payment.ReferencePrefixLen])
	case 1:
		r.Outcome, r.Ref, r.Till = RoutedSent, hits[0].ref, hits[0].till
	default:
		r.Detail = "the payment names several references"
	}
	return r, nil
}

// stripRF turns "RF" + 2 check digits + our reference into our reference
// (as package reconcile reads it).
func stripRF(s string) string {
	u := strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if len(u) > 4 && strings.HasPrefix(u, "RF") && u[2] >= '0' && u[2] <= '9' && u[3] >= '0' && u[3] <= '9' {
		return u[4:]
	}
	return s
}

// ownerOf says which till owns ref: the order's till once uploaded, and
// the enrolled, unrevoked till of its prefix ("" when none).
func ownerOf(ctx context.Context, tx pgx.Tx, merchant string, ref payment.Reference) (order, prefix string, err error) {
	err = tx.QueryRow(ctx, `SELECT
		coalesce((SELECT till FROM orders WHERE merchant = $1 AND ref = $2), ''),
		coalesce((SELECT name FROM tills WHERE merchant = $1 AND prefix = $3 AND revoked_at IS NULL), '')`,
		merchant, string(ref), string(ref)[:payment.ReferencePrefixLen]).Scan(&order, &prefix)
	return order, prefix, err
}
