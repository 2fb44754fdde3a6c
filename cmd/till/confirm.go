package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
)

func (a *app) confirmCommand() *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "confirm REF",
		Short: "Mark an open order paid on the cashier's word (status claimed)",
		Long: "Mark an open order paid because you saw the customer's payment. The order becomes\n" +
			"'claimed': paid by your word, until a notification or statement verifies it. For an\n" +
			"order paid short (or the reference of a code for its rest) it marks the rest paid.",
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
				// A short order's rest (by its own code or the order's):
				// the cashier saw the rest paid.
				if o.State.Can(payment.EventRestClaimed) {
					o, err = st.ClaimRest(cmd.Context(), ref, actor(cfg), note)
				} else {
					o, err = useCases(cfg, st).Claim(cmd.Context(), ref, note)
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s %s: %s\n", o.Ref, o.Amount, o.Status())
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "a remark kept in the order's history")
	return cmd
}

func (a *app) cancelCommand() *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "cancel REF",
		Short: "Cancel (void) an order that has not been paid",
		Long: "Cancel an open or claimed order that no money has reached; its history keeps the\n" +
			"--reason. When a manager PIN is set, it is read from $TILL_PIN or asked on the terminal.",
		Args: exactArgs(1, "one order reference"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := payment.ParseReference(args[0])
			if err != nil {
				return err
			}
			return a.withStore(cmd.Context(), func(cfg *config.Config, st *store.Store) error {
				given, err := a.readManagerPIN(cfg)
				if err != nil {
					return err
				}
				o, err := useCases(cfg, st).Cancel(cmd.Context(), ref, reason, given)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s %s: %s\n", o.Ref, o.Amount, o.Status())
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the order is cancelled (kept in its history)")
	return cmd
}
