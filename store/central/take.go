package central

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/till-pos/till/payment"
)

// body is an outbox entry's JSON, as the till's trigger writes it.
type body struct {
	Ref        string     `json:"ref"`
	ID         int64      `json:"id"`
	Kind       string     `json:"kind"`
	Amount     int64      `json:"amount"`
	At         int64      `json:"at"`
	RecordedAt int64      `json:"recorded_at"`
	Source     string     `json:"source"`
	Actor      string     `json:"actor"`
	Note       string     `json:"note"`
	Order      *orderHead `json:"order"`
}

// orderHead is what a "created" entry says of its order.
type orderHead struct {
	Amount    int64  `json:"amount"`
	Currency  string `json:"currency"`
	Note      string `json:"note"`
	Day       string `json:"day"`
	CreatedAt int64  `json:"created_at"`
	ExpiresAt int64  `json:"expires_at"`
	Schemes   string `json:"schemes"`
}

// check says why an entry cannot be taken whatever the book holds.
func (b body) check() string {
	switch {
	case b.Ref == "":
		return "the entry names no order"
	case b.Kind == "" || b.ID <= 0:
		return "the entry is not an order event"
	case b.Kind == string(payment.EventCreated) && b.Order == nil:
		return "a created event without its order"
	case b.Kind == string(payment.EventCreated) && b.Order.Amount <= 0:
		return "an order of no amount"
	}
	if b.Order != nil {
		if _, err := payment.LookupCurrency(b.Order.Currency); err != nil {
			return fmt.Sprintf("unknown currency %q", b.Order.Currency)
		}
	}
	return ""
}

// take records entry e, new at the till's head: the entry itself, and its
// order and event, or its quarantine. It returns the reason of a
// quarantine, "" when taken.
func (p *pusher) take(e Entry, hash []byte) (string, error) {
	var b body
	why := ""
	if err := json.Unmarshal([]byte(e.Body), &b); err != nil {
		why = "the entry is not readable JSON"
	} else {
		why = b.check()
	}
	if why == "" {
		var err error
		if why, err = p.owner(b); err != nil {
			return "", err
		}
	}
	t := p.till
	if _, err := p.tx.Exec(p.ctx, `INSERT INTO entries (merchant, till, seq, hash, body, quarantined) VALUES ($1, $2, $3, $4, $5, $6)`,
		t.Merchant, t.Name, e.Seq, hash, e.Body, why); err != nil {
		return "", err
	}
	if why != "" {
		return why, p.exception(e.Seq, b.Ref, "quarantined", fmt.Sprintf("till %q, outbox seq %d: %s", t.Name, e.Seq, why))
	}
	if b.Kind == string(payment.EventCreated) {
		o := b.Order
		if _, err := p.tx.Exec(p.ctx, `INSERT INTO orders (merchant, ref, till, amount_minor, currency, note, day, created_at, expires_at, schemes, status)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open')`,
			t.Merchant, b.Ref, t.Name, o.Amount, o.Currency, o.Note, o.Day, o.CreatedAt, o.ExpiresAt, o.Schemes); err != nil {
			return "", err
		}
		p.owners[b.Ref] = t.Name
	}
	if _, err := p.tx.Exec(p.ctx, `INSERT INTO events (merchant, till, seq, ref, event_id, kind, amount_minor, at, recorded_at, source, actor, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		t.Merchant, t.Name, e.Seq, b.Ref, b.ID, b.Kind, b.Amount, b.At, b.RecordedAt, b.Source, b.Actor, b.Note); err != nil {
		return "", err
	}
	p.touched = append(p.touched, b.Ref)
	return "", nil
}

// owner says why the till may not write b's order, "" when it may: a
// till writes only its own orders, creates each once, and an event needs
// its order; an event id is taken once.
func (p *pusher) owner(b body) (string, error) {
	who, ok := p.owners[b.Ref]
	if !ok {
		err := p.tx.QueryRow(p.ctx, `SELECT till FROM orders WHERE merchant = $1 AND ref = $2`, p.till.Merchant, b.Ref).Scan(&who)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return "", err
		}
		p.owners[b.Ref] = who
	}
	created := b.Kind == string(payment.EventCreated)
	switch {
	case who != "" && who != p.till.Name:
		return fmt.Sprintf("order %s belongs to till %q: a till writes only its own orders", b.Ref, who), nil
	case created && who != "":
		return fmt.Sprintf("order %s already exists", b.Ref), nil
	case !created && who == "":
		return fmt.Sprintf("an event for order %s, which the book does not have", b.Ref), nil
	}
	var dup bool
	err := p.tx.QueryRow(p.ctx, `SELECT true FROM events WHERE merchant = $1 AND till = $2 AND event_id = $3`,
		p.till.Merchant, p.till.Name, b.ID).Scan(&dup)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return "", err
	}
	if dup {
		return fmt.Sprintf("event %d of this till is already in the book under another seq", b.ID), nil
	}
	return "", nil
}
