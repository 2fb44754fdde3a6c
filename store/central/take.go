package central

import (
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/till-pos/till/payment"
)

// body is an outbox entry's JSON, as the till reads it from its event
// (store.Outbox).
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
	Schemes   string `json:"schemes"`
}

// parseEntry reads an entry's body; why says why it cannot be taken
// whatever the book holds ("" when it may be).
func parseEntry(text string) (b body, why string) {
	if err := json.Unmarshal([]byte(text), &b); err != nil {
		return body{}, "the entry is not readable JSON"
	}
	return b, b.check()
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

// take plans entry e, new at the till's head: the entry itself, and its
// order and event, or its quarantine, written by flush. It returns the
// reason of a quarantine, "" when taken.
func (p *pusher) take(e Entry, hash []byte) (string, error) {
	b, why := parseEntry(e.Body)
	if why == "" {
		why = p.owner(b)
	}
	t := p.till
	p.entryRows = append(p.entryRows, []any{t.Merchant, t.Name, e.Seq, hash, e.Body, why})
	if why != "" {
		p.quarantines = append(p.quarantines, exceptionRow{e.Seq, b.Ref, fmt.Sprintf("till %q, outbox seq %d: %s", t.Name, e.Seq, why)})
		return why, nil
	}
	if b.Kind == string(payment.EventCreated) {
		o := b.Order
		p.orderRows = append(p.orderRows, []any{t.Merchant, b.Ref, t.Name, o.Amount, o.Currency, o.Note, o.Day, o.CreatedAt, o.Schemes, "open"})
		p.owners[b.Ref] = t.Name
	}
	p.eventRows = append(p.eventRows, []any{t.Merchant, t.Name, e.Seq, b.Ref, b.ID, b.Kind, b.Amount, b.At, b.RecordedAt, b.Source, b.Actor, b.Note})
	p.eventIDs[b.ID] = true
	p.touched = append(p.touched, b.Ref)
	return "", nil
}

type exceptionRow struct {
	seq         int64
	ref, detail string
}

// prefetch reads, in two queries, what take needs to know of the new
// entries of a batch: the owners of their orders, and which of their
// event ids the book already has.
func (p *pusher) prefetch(batch []Entry) error {
	var refs []string
	var ids []int64
	for _, e := range batch {
		if e.Seq < p.next {
			continue
		}
		var b body
		if json.Unmarshal([]byte(e.Body), &b) == nil {
			refs, ids = append(refs, b.Ref), append(ids, b.ID)
		}
	}
	if len(refs) == 0 {
		return nil
	}
	rows, err := p.tx.Query(p.ctx, `SELECT ref, till FROM orders WHERE merchant = $1 AND ref = ANY($2)`, p.till.Merchant, refs)
	if err != nil {
		return err
	}
	for rows.Next() {
		var ref, who string
		if err := rows.Scan(&ref, &who); err != nil {
			rows.Close()
			return err
		}
		p.owners[ref] = who
	}
	rows.Close()
	rows, err = p.tx.Query(p.ctx, `SELECT event_id FROM events WHERE merchant = $1 AND till = $2 AND event_id = ANY($3)`,
		p.till.Merchant, p.till.Name, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		p.eventIDs[id] = true
	}
	return rows.Err()
}

// flush writes what take planned, with COPY: entries, orders, events.
func (p *pusher) flush() error {
	for _, c := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"entries", []string{"merchant", "till", "seq", "hash", "body", "quarantined"}, p.entryRows},
		{"orders", []string{"merchant", "ref", "till", "amount_minor", "currency", "note", "day", "created_at", "schemes", "status"}, p.orderRows},
		{"events", []string{"merchant", "till", "seq", "ref", "event_id", "kind", "amount_minor", "at", "recorded_at", "source", "actor", "note"}, p.eventRows},
	} {
		if len(c.rows) == 0 {
			continue
		}
		if _, err := p.tx.CopyFrom(p.ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows)); err != nil {
			return fmt.Errorf("write %s: %w", c.table, err)
		}
	}
	for _, x := range p.quarantines {
		if err := p.exception(p.till.Name, x.seq, x.ref, "quarantined", x.detail); err != nil {
			return err
		}
	}
	return nil
}

// owner says why the till may not write b's order, "" when it may: a
// till writes only its own orders, creates each once, and an event needs
// its order; an event id is taken once.
func (p *pusher) owner(b body) string {
	who := p.owners[b.Ref]
	created := b.Kind == string(payment.EventCreated)
	switch {
	case who != "" && who != p.till.Name:
		return fmt.Sprintf("order %s belongs to till %q: a till writes only its own orders", b.Ref, who)
	case created && who != "":
		return fmt.Sprintf("order %s already exists", b.Ref)
	case !created && who == "":
		return fmt.Sprintf("an event for order %s, which the book does not have", b.Ref)
	case p.eventIDs[b.ID]:
		return fmt.Sprintf("event %d of this till is already in the book under another seq", b.ID)
	}
	return ""
}
