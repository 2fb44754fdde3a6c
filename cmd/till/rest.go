package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/till-pos/till/payment"
	tillapp "github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/scheme"
	"github.com/till-pos/till/store"
)

// restJSON is `till charge --rest REF --json`: the code for what is still
// due, with its own reference, and the order it settles.
type restJSON struct {
	Ref         string     `json:"ref"`
	Order       string     `json:"order"`
	Amount      string     `json:"amount"`
	AmountMinor int64      `json:"amount_minor"`
	Currency    string     `json:"currency"`
	Payload     string     `json:"payload"`
	Codes       []codeJSON `json:"codes"`
	CreatedAt   string     `json:"created_at"`
	ExpiresAt   string     `json:"expires_at"`
	Status      string     `json:"status"` // the order's
}

// chargeRest is `till charge --rest REF`: a code for what is still due on
// the order, with a reference of its own linked to it.
func (a *app) chargeRest(ctx context.Context, st *store.Store, cfg *config.Config, set scheme.Set, refArg string, asJSON bool) error {
	ref, err := payment.ParseReference(refArg)
	if err != nil {
		return err
	}
	o, err := st.ChargeRest(ctx, ref, cfg.Expiry, actor(cfg), tillapp.RestCodes(set, qrFits))
	if err != nil {
		return err
	}
	r := o.Rest
	if asJSON {
		j := restJSON{Ref: string(r.Ref), Order: string(o.Ref), Amount: r.Amount.Decimal(), AmountMinor: r.Amount.Minor,
			Currency: r.Amount.Currency.Code, Codes: []codeJSON{}, CreatedAt: timeJSON(r.CreatedAt), ExpiresAt: timeJSON(r.ExpiresAt),
			Status: string(o.Status())}
		for i, c := range r.Codes {
			if i == 0 {
				j.Payload = c.Payload
			}
			j.Codes = append(j.Codes, codeJSON{Label: c.Label, Format: c.Format, Schemes: c.Schemes, Payload: c.Payload})
		}
		return writeJSON(a.stdout, j)
	}
	view := store.Order{Ref: r.Ref, Amount: r.Amount, Codes: r.Codes, ExpiresAt: r.ExpiresAt}
	if err := a.printCharge(view, cfg.Merchant.Name); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "the rest of order %s (%s of %s paid)\n", o.Ref,
		payment.Amount{Minor: o.State.Covered(), Currency: o.Amount.Currency}, o.Amount)
	return nil
}

func (a *app) cashCommand() *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "cash REF",
		Short: "Record that the customer paid what is still due on an order in cash",
		Long: "Record that you took what is still due on an order (all of an open order, the rest of\n" +
			"a short one) in cash. It settles the order and shows in the day close as \"Paid in\n" +
			"cash\", never as verified money. When a manager PIN is set, it is read from $TILL_PIN\n" +
			"or asked on the terminal.",
		Args: exactArgs(1, "one order reference"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := payment.ParseReference(args[0])
			if err != nil {
				return err
			}
			return a.withStore(cmd.Context(), func(cfg *config.Config, st *store.Store) error {
				o, err := st.Get(cmd.Context(), ref)
				if err != nil {
					return err
				}
				left := o.State.Outstanding()
				if !o.State.Can(payment.EventCash) {
					return fmt.Errorf("order %s is %s: nothing is due that cash could pay", o.Ref, o.Status())
				}
				if err := a.checkManagerPIN(cfg); err != nil {
					return err
				}
				if o, err = st.PayRestInCash(cmd.Context(), ref, actor(cfg), strings.TrimSpace(note)); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s %s: %s, %s paid in cash\n", o.Ref, o.Amount, o.Status(),
					payment.Amount{Minor: left, Currency: o.Amount.Currency})
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "a remark kept in the order's history")
	return cmd
}
