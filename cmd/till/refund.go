package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/till-pos/till/payment"
	tillapp "github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
)

func (a *app) refundCommand() *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "refund REF [AMOUNT]",
		Short: "Record that you gave money back for an order (all of it, or AMOUNT)",
		Long: "Record a full or partial refund of a paid order. till cannot move money back\n" +
			"itself: it records that you did, and reconciliation links the bank's debit later.\n" +
			"When a manager PIN is set, it is read from $TILL_PIN or asked on the terminal.",
		Args: rangeArgs(1, 2, "an order reference and optionally an AMOUNT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := payment.ParseReference(args[0])
			if err != nil {
				return err
			}
			if strings.TrimSpace(reason) == "" {
				return usagef("--reason is required: it stays in the order's history")
			}
			return a.withStore(cmd.Context(), func(cfg *config.Config, st *store.Store) error {
				uc := useCases(cfg, st)
				o, err := uc.Order(cmd.Context(), ref)
				if err != nil {
					return err
				}
				minor, err := refundAmount(o, args[1:])
				if err != nil {
					return err
				}
				given, err := a.readManagerPIN(cfg)
				if err != nil {
					return err
				}
				if o, err = uc.Refund(cmd.Context(), ref, minor, reason, given); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s %s: %s, %s refunded\n", o.Ref, o.Amount, o.Status(),
					payment.Amount{Minor: o.State.Refunded, Currency: o.Amount.Currency})
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the money goes back (required)")
	cmd.SetFlagErrorFunc(amountFlagError)
	return cmd
}

// refundAmount is the amount to refund, in minor units: the AMOUNT given,
// else all that is left. It says in money, before anything is asked or
// written, when there is nothing left to refund or the amount is more
// than what is left (the store checks again when it writes).
func refundAmount(o store.Order, amountArg []string) (int64, error) {
	cur := o.Amount.Currency
	left := o.State.Refundable()
	if left == 0 {
		switch st := o.Status(); {
		case st == payment.StatusRefunded:
			return 0, fmt.Errorf("order %s is already refunded in full: nothing is left to refund", o.Ref)
		case o.State.Received == 0 && !o.State.Claimed:
			return 0, fmt.Errorf("order %s is %s and nothing was paid: there is nothing to refund", o.Ref, st)
		default:
			return 0, fmt.Errorf("order %s is %s: nothing is left to refund", o.Ref, st)
		}
	}
	if len(amountArg) == 0 {
		return left, nil
	}
	amount, err := parseAmountArg(amountArg[0], cur)
	if err != nil {
		return 0, err
	}
	if amount.Minor > left {
		return 0, fmt.Errorf("order %s: at most %s can still be refunded, not %s", o.Ref,
			payment.Amount{Minor: left, Currency: cur}, amount)
	}
	return amount.Minor, nil
}

// checkManagerPIN asks for the manager PIN when one is configured and
// checks it.
func (a *app) checkManagerPIN(cfg *config.Config) error {
	given, err := a.readManagerPIN(cfg)
	if err != nil {
		return err
	}
	return (&tillapp.App{ManagerPIN: cfg.File.Till.ManagerPIN}).CheckPIN(given)
}

// readManagerPIN asks for the manager PIN when one is configured: from
// $TILL_PIN (for scripts), else on the terminal without echo. The use
// case that needs it checks it.
func (a *app) readManagerPIN(cfg *config.Config) (string, error) {
	if cfg.File.Till.ManagerPIN == "" {
		return "", nil
	}
	given := a.getenv("TILL_PIN")
	if given == "" {
		tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
		if err != nil || !term.IsTerminal(int(tty.Fd())) {
			return "", errors.New("a manager PIN is required: set TILL_PIN or run this on a terminal")
		}
		defer tty.Close()
		fmt.Fprint(tty, "Manager PIN: ")
		b, err := term.ReadPassword(int(tty.Fd()))
		fmt.Fprintln(tty)
		if err != nil {
			return "", fmt.Errorf("read the manager PIN: %w", err)
		}
		given = string(b)
	}
	return strings.TrimSpace(given), nil
}
