package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
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
// "" when it is the same line again. A key the bank guarantees unique that
// comes back with another amount, direction, currency, day or reference
// is never "already imported" in silence.
func differs(p priorRow, e reconcile.Evidence) string {
	var what []string
	if p.credit != e.Credit {
		what = append(what, "the direction")
	}
	if p.amount != e.Amount.Minor || p.currency != e.Amount.Currency.Code {
		exp := e.Amount.Currency.Exponent
		if c, err := payment.LookupCurrency(p.currency); err == nil {
			exp = c.Exponent
		}
		what = append(what, fmt.Sprintf("the amount (%s %s before, %s now)", p.currency, payment.FormatMinor(p.amount, exp), e.Amount))
	}
	if !e.At.IsZero() && fromMS(p.at).Format(time.DateOnly) != e.At.In(time.Local).Format(time.DateOnly) {
		what = append(what, fmt.Sprintf("the day (%s before, %s now)", fromMS(p.at).Format(time.DateOnly), e.At.In(time.Local).Format(time.DateOnly)))
	}
	if strings.TrimSpace(p.reference) != strings.TrimSpace(e.Reference) {
		what = append(what, "the reference")
	}
	if len(what) == 0 {
		return ""
	}
	return fmt.Sprintf("the id %s came before with other content: %s differ; a different payment or a bank error, decide by hand",
		e.Key, strings.Join(what, ", "))
}

// altKey is the key of a line whose own key came before with other
// content: its key and a hash of what it says, so that importing it again
// finds it.
func altKey(e reconcile.Evidence) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%t|%d|%s|%s|%s", e.Credit, e.Amount.Minor, e.Amount.Currency.Code,
		e.At.In(time.Local).Format(time.DateOnly), strings.TrimSpace(e.Reference)))
	return e.Key + "|v:" + hex.EncodeToString(sum[:6])
}

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
