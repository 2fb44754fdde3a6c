package notify

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/statement"
)

// MaxBody is the largest notification body accepted. A payment
// notification is a few hundred bytes; PIX may batch a few dozen payments.
const MaxBody = 64 << 10

// Generic is till's own notification, for a provider's relay or the
// merchant's own glue to send. Amounts are decimal text, never JSON
// numbers, so no float ever touches money.
type Generic struct {
	ID        string          `json:"id"`         // unique per notification: the dedupe key
	Type      string          `json:"type"`       // "payment" (default) or "refund"
	Ref       string          `json:"ref"`        // the order's reference
	Amount    json.RawMessage `json:"amount"`     // "12.50"
	Currency  string          `json:"currency"`   // ISO 4217, "BRL"
	PaidAt    string          `json:"paid_at"`    // RFC 3339; default: when received
	PaymentID string          `json:"payment_id"` // the provider's id of the payment
	Payer     string          `json:"payer"`      // optional, for the record
}

// Parsed is a notification ready for the store.
type Parsed struct {
	ID    string // dedupe id of the whole notification
	Kind  string // "generic" or "pix"
	Items []reconcile.Evidence
}

// ParseGeneric reads a generic notification. Errors name the field.
func ParseGeneric(body []byte, received time.Time) (Parsed, error) {
	var g Generic
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&g); err != nil {
		return Parsed{}, fmt.Errorf("body is not a JSON notification: %w", jsonError(err))
	}
	if dec.More() {
		return Parsed{}, errors.New("body has data after the JSON object")
	}
	if g.ID = strings.TrimSpace(g.ID); g.ID == "" || len(g.ID) > 200 {
		return Parsed{}, errors.New("field id is required (at most 200 characters)")
	}
	cur, err := payment.LookupCurrency(g.Currency)
	if err != nil {
		return Parsed{}, fmt.Errorf("field currency: %w", err)
	}
	var amount string
	if err := json.Unmarshal(g.Amount, &amount); err != nil {
		return Parsed{}, errors.New(`field amount must be decimal text such as "12.50"`)
	}
	minor, err := payment.ParseMinor(amount, cur.Exponent)
	if err != nil || minor <= 0 {
		return Parsed{}, fmt.Errorf("field amount %q must be a positive decimal with at most %d decimals", amount, cur.Exponent)
	}
	if strings.TrimSpace(g.Ref) == "" && strings.TrimSpace(g.PaymentID) == "" {
		return Parsed{}, errors.New("field ref is required (or payment_id for a payment already known)")
	}
	at := received
	if g.PaidAt != "" {
		if at, err = time.Parse(time.RFC3339, g.PaidAt); err != nil {
			return Parsed{}, fmt.Errorf("field paid_at %q must be an RFC 3339 time like 2026-11-25T14:03:00Z", g.PaidAt)
		}
	}
	credit := true
	switch g.Type {
	case "", "payment":
	case "refund":
		credit = false
	default:
		return Parsed{}, fmt.Errorf("field type %q must be payment or refund", g.Type)
	}
	return Parsed{ID: "generic:" + g.ID, Kind: "generic", Items: []reconcile.Evidence{{
		Key: "notify:" + g.ID, ProviderID: strings.TrimSpace(g.PaymentID), Reference: strings.TrimSpace(g.Ref),
		Amount: payment.Amount{Minor: minor, Currency: cur}, Credit: credit, At: at, Counterparty: g.Payer,
	}}}, nil
}

// ParsePIX reads a PIX webhook body ({"pix":[...]}) with the same reader
// that imports PIX statements, so a payment notified first and listed in
// a statement later is recognised by its endToEndId. The notification's
// id is derived from the payments it carries and what they say: a PSP
// retrying the same batch sends the same id.
func ParsePIX(body []byte) (Parsed, error) {
	r, err := statement.Open(bytes.NewReader(body), "pix", statement.Options{})
	if err != nil {
		return Parsed{}, err
	}
	p := Parsed{Kind: "pix"}
	var keys []string
	for {
		l, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Parsed{}, err
		}
		p.Items = append(p.Items, reconcile.FromLine(l))
		// The id covers what each payment says, not only its key: a body
		// that reuses an endToEndId with another amount is another
		// notification, which the store then flags, never a silent replay.
		keys = append(keys, fmt.Sprintf("%s|%t|%d|%s", l.Key, l.Credit, l.Amount.Minor, l.BookedAt.UTC().Format(time.RFC3339Nano)))
	}
	if len(p.Items) == 0 {
		return Parsed{}, errors.New("the pix array is empty")
	}
	sort.Strings(keys)
	sum := sha256.Sum256([]byte(strings.Join(keys, "\n")))
	p.ID = "pix:" + hex.EncodeToString(sum[:12])
	return p, nil
}

// jsonError shortens encoding/json's messages to what a sender can act on.
func jsonError(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("syntax error at byte %d", se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("field %s has the wrong type", te.Field)
	}
	return err
}
