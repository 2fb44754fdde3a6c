package central

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
)

// DownStatement is the kind of a down message that carries statement
// lines of a fleet reconciliation to the till they concern.
const DownStatement = "statement"

// MaxStatementLines bounds the lines of one down message, so that a
// reply of MaxDown messages stays a few MB.
const MaxStatementLines = 200

// StatementLine is a statement line as central sends it down: the
// evidence as the readers gave it, so the till matches it with its own
// matcher against its own orders (store.Import), deduplicated by Key.
type StatementLine struct {
	Key           string    `json:"key"`
	ProviderID    string    `json:"provider_id,omitempty"`
	Reference     string    `json:"reference,omitempty"`
	Text          string    `json:"text,omitempty"`
	Amount        int64     `json:"amount_minor"`
	Currency      string    `json:"currency"`
	Credit        bool      `json:"credit"`
	Reversal      bool      `json:"reversal,omitempty"`
	Pending       bool      `json:"pending,omitempty"`
	At            time.Time `json:"at"` // with the statement's zone: the day a payment counts on
	DateOnly      bool      `json:"date_only,omitempty"`
	Counterparty  string    `json:"counterparty,omitempty"`
	Corrects      string    `json:"corrects,omitempty"`
	CorrectAction string    `json:"correct_action,omitempty"`
}

// StatementBody is the body of a DownStatement message.
type StatementBody struct {
	Import int64           `json:"import"` // the central import's id
	Lines  []StatementLine `json:"lines"`
}

// LineOf is e as it goes down.
func LineOf(e reconcile.Evidence) StatementLine {
	return StatementLine{Key: e.Key, ProviderID: e.ProviderID, Reference: e.Reference, Text: e.Text,
		Amount: e.Amount.Minor, Currency: e.Amount.Currency.Code, Credit: e.Credit, Reversal: e.Reversal, Pending: e.Pending,
		At: e.At, DateOnly: e.DateOnly, Counterparty: e.Counterparty, Corrects: e.Corrects, CorrectAction: e.CorrectAction}
}

// Evidence is the line as the till's matcher takes it.
func (l StatementLine) Evidence() (reconcile.Evidence, error) {
	c, err := payment.LookupCurrency(l.Currency)
	if err != nil {
		return reconcile.Evidence{}, fmt.Errorf("line %s: %w", l.Key, err)
	}
	if l.Key == "" {
		return reconcile.Evidence{}, fmt.Errorf("a statement line without its key")
	}
	return reconcile.Evidence{Key: l.Key, ProviderID: l.ProviderID, Reference: l.Reference, Text: l.Text,
		Amount: payment.Amount{Minor: l.Amount, Currency: c}, Credit: l.Credit, Reversal: l.Reversal, Pending: l.Pending,
		At: l.At, DateOnly: l.DateOnly, Counterparty: l.Counterparty, Corrects: l.Corrects, CorrectAction: l.CorrectAction}, nil
}

// ParseStatementBody reads a DownStatement message's body.
func ParseStatementBody(body string) ([]reconcile.Evidence, error) {
	var b StatementBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return nil, fmt.Errorf("statement lines from central: %w", err)
	}
	out := make([]reconcile.Evidence, 0, len(b.Lines))
	for _, l := range b.Lines {
		e, err := l.Evidence()
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}
