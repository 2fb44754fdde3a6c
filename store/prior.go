package store

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
)

// priorRow is stored evidence as dedupe and corrections need it.
type priorRow struct {
	id          int64
	key         string
	amount      int64
	currency    string
	credit      bool
	at          int64
	reference   string
	outcome     string
	applied     bool
	correctedBy sql.NullInt64
	ref         string // the order it concerns, "" if none
}

const priorQuery = `SELECT e.id, e.key, e.amount_minor, e.currency, e.credit, e.at, e.reference, e.outcome, e.applied,
	e.corrected_by, COALESCE(o.ref, '') FROM evidence e LEFT JOIN orders o ON o.id = e.order_id`

func scanPrior(r interface{ Scan(...any) error }) (priorRow, error) {
	var p priorRow
	err := r.Scan(&p.id, &p.key, &p.amount, &p.currency, &p.credit, &p.at, &p.reference, &p.outcome, &p.applied, &p.correctedBy, &p.ref)
	return p, err
}

// priorOf is the row evidence e makes once decided as d under id.
func priorOf(id int64, e reconcile.Evidence, d reconcile.Decision, now time.Time) priorRow {
	at := e.At
	if at.IsZero() {
		at = now
	}
	p := priorRow{id: id, key: e.Key, amount: e.Amount.Minor, currency: e.Amount.Currency.Code, credit: e.Credit,
		at: ms(at), reference: e.Reference, outcome: string(d.Outcome), applied: d.Event != nil}
	if d.Order != nil {
		p.ref = string(d.Order.Ref)
	}
	return p
}

// differs says how e differs from the stored line with the same key, or
// "" when it is the same line again (reconcile.Differs).
func differs(p priorRow, e reconcile.Evidence) string {
	cur, err := payment.LookupCurrency(p.currency)
	if err != nil {
		cur = payment.Currency{Code: p.currency, Exponent: e.Amount.Currency.Exponent}
	}
	before := reconcile.Evidence{Key: p.key, Amount: payment.Amount{Minor: p.amount, Currency: cur}, Credit: p.credit,
		At: fromMS(p.at), Reference: p.reference}
	return reconcile.Differs(before, e, true, time.Local)
}

// altKey is the key a line whose own key came before with other content
// is kept under (reconcile.AltKey).
func altKey(e reconcile.Evidence) string { return reconcile.AltKey(e, time.Local) }

// toPrior is what the matcher sees of a stored line; order is its order
// as the matcher would see it, if any.
func (p priorRow) toPrior(order *reconcile.Order) (reconcile.Prior, error) {
	cur, err := payment.LookupCurrency(p.currency)
	if err != nil {
		return reconcile.Prior{}, fmt.Errorf("evidence %s: %w", p.key, err)
	}
	return reconcile.Prior{Key: p.key, Amount: payment.Amount{Minor: p.amount, Currency: cur}, Credit: p.credit,
		Outcome: reconcile.Outcome(p.outcome), Applied: p.applied, Order: order, Corrected: p.correctedBy.Valid}, nil
}

// Statements that mark a corrected line and withdraw its open exceptions.
const (
	markCorrectedSQL = `UPDATE evidence SET corrected_by = ? WHERE key_hash = ? AND key = ?`
	withdrawSQL      = `UPDATE exceptions SET resolved_at = ?, resolution = ?, resolved_by = ?
		WHERE resolved_at IS NULL AND evidence_id IN (SELECT id FROM evidence WHERE key_hash = ? AND key = ?)`
)
