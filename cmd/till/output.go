package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
)

// The JSON forms below are till's stable interface for scripts; they are
// documented in the README. Add fields, never rename or remove them.

type orderJSON struct {
	Ref           string      `json:"ref"`
	Amount        string      `json:"amount"`
	AmountMinor   int64       `json:"amount_minor"`
	Currency      string      `json:"currency"`
	Status        string      `json:"status"`
	Note          string      `json:"note"`
	Received      string      `json:"received"`
	ReceivedMinor int64       `json:"received_minor"`
	Refunded      string      `json:"refunded"`
	RefundedMinor int64       `json:"refunded_minor"`
	Cash          string      `json:"cash"` // taken in cash by the cashier
	CashMinor     int64       `json:"cash_minor"`
	Claimed       bool        `json:"claimed"`
	Late          bool        `json:"late"`
	Schemes       []string    `json:"schemes"`
	Payload       string      `json:"payload"`
	Codes         []codeJSON  `json:"codes"`
	Day           string      `json:"day"`
	CreatedAt     string      `json:"created_at"`
	ExpiresAt     string      `json:"expires_at"`
	UpdatedAt     string      `json:"updated_at"`
	Events        []eventJSON `json:"events"`
}

type codeJSON struct {
	Label   string   `json:"label"`
	Format  string   `json:"format"`
	Schemes []string `json:"schemes"`
	Payload string   `json:"payload"`
}

type eventJSON struct {
	Kind        string `json:"kind"`
	Amount      string `json:"amount"`
	AmountMinor int64  `json:"amount_minor"`
	At          string `json:"at"`
	RecordedAt  string `json:"recorded_at"`
	Source      string `json:"source"`
	Actor       string `json:"actor"`
	Note        string `json:"note"`
}

func timeJSON(t time.Time) string { return t.Format(time.RFC3339Nano) }

func toOrderJSON(o store.Order) orderJSON {
	exp := o.Amount.Currency.Exponent
	j := orderJSON{
		Ref: string(o.Ref), Amount: o.Amount.Decimal(), AmountMinor: o.Amount.Minor, Currency: o.Amount.Currency.Code,
		Status: string(o.Status()), Note: o.Note,
		Received: payment.FormatMinor(o.State.Received, exp), ReceivedMinor: o.State.Received,
		Refunded: payment.FormatMinor(o.State.Refunded, exp), RefundedMinor: o.State.Refunded,
		Cash: payment.FormatMinor(o.State.Cash, exp), CashMinor: o.State.Cash,
		Claimed: o.State.Claimed, Late: o.State.Late, Schemes: o.Schemes,
		Codes: []codeJSON{}, Events: []eventJSON{}, Day: o.Day,
		CreatedAt: timeJSON(o.CreatedAt), ExpiresAt: timeJSON(o.ExpiresAt), UpdatedAt: timeJSON(o.UpdatedAt),
	}
	if j.Schemes == nil {
		j.Schemes = []string{}
	}
	for i, c := range o.Codes {
		if i == 0 {
			j.Payload = c.Payload
		}
		j.Codes = append(j.Codes, codeJSON{Label: c.Label, Format: c.Format, Schemes: c.Schemes, Payload: c.Payload})
	}
	for _, e := range o.Events {
		j.Events = append(j.Events, eventJSON{
			Kind: string(e.Kind), Amount: payment.FormatMinor(e.Amount, exp), AmountMinor: e.Amount,
			At: timeJSON(e.At), RecordedAt: timeJSON(e.RecordedAt), Source: e.Source, Actor: e.Actor, Note: e.Note,
		})
	}
	return j
}

// writeJSON prints v as indented JSON. encoding/json escapes C0 controls
// but not DEL, C1 or bidi controls; safetext.JSON escapes those too (the
// value is the same), so JSON on a terminal is as safe as the text output.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(safetext.JSON(b), '\n'))
	return err
}

// writeOrderTable prints orders for people, one per line.
func writeOrderTable(w io.Writer, orders []store.Order) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CREATED\tREFERENCE\tAMOUNT\tSTATUS\tNOTE")
	for _, o := range orders {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", o.CreatedAt.Format("2006-01-02 15:04"), o.Ref, o.Amount, o.Status(), safetext.Escape(o.Note))
	}
	return tw.Flush()
}
