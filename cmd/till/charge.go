package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/till-pos/till/payment"
	tillapp "github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/payment/scheme"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/qrview"
)

func (a *app) chargeCommand() *cobra.Command {
	var note, schemeName, rest string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "charge AMOUNT | --rest REF",
		Short: "Create an open order and print its payment QR",
		Long: "Create an open order for AMOUNT (in the merchant's currency, e.g. 12.50) and print\n" +
			"its payment QR, or with --json the order with its payload. --rest REF prints a code for\n" +
			"what is still due on order REF instead, with a reference of its own linked to the order.",
		Args: func(cmd *cobra.Command, args []string) error {
			if rest != "" {
				return exactArgs(0, "no AMOUNT with --rest: the rest is what is still due")(cmd, args)
			}
			return exactArgs(1, "one AMOUNT, like 12.50")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withStore(cmd.Context(), func(cfg *config.Config, st *store.Store) error {
				set := cfg.Schemes
				if schemeName != "" {
					var err error
					if set, err = set.Only(schemeName); err != nil {
						return err
					}
				}
				if rest != "" {
					if note != "" {
						return usagef("--note goes with a new order, not with --rest")
					}
					return a.chargeRest(cmd.Context(), st, cfg, set, rest, asJSON)
				}
				amount, err := parseAmountArg(args[0], cfg.Merchant.Currency)
				if err != nil {
					return err
				}
				o, err := createOrder(cmd.Context(), st, set, amount, strings.TrimSpace(note), cfg.Expiry, actor(cfg))
				if err != nil {
					return err
				}
				// A sale after the day close is kept, but the closed report
				// will not show it: say so while the cashier can act on it.
				if by, at, closed, err := st.DayClosed(cmd.Context(), o.Day, amount.Currency); err == nil && closed {
					fmt.Fprintf(a.stderr, "till: note: %s was closed by %s at %s; this sale shows in `till report --live`, not in the closed report.\n",
						o.Day, safetext.Escape(by), at.Format("15:04"))
				}
				if asJSON {
					one := []store.Order{o}
					if err := st.Details(cmd.Context(), one); err != nil {
						return err
					}
					return writeJSON(a.stdout, toOrderJSON(one[0]))
				}
				return a.printCharge(o, cfg.Merchant.Name)
			})
		},
	}
	cmd.SetFlagErrorFunc(amountFlagError)
	cmd.Flags().StringVar(&note, "note", "", "a note kept with the order")
	cmd.Flags().StringVar(&schemeName, "scheme", "", "use only the scheme with this name")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the order as JSON")
	cmd.Flags().StringVar(&rest, "rest", "", "charge what is still due on order `REF`, with a code of its own")
	return cmd
}

// createOrder builds the order's codes for the reference the store picks
// and commits it. Codes that no QR could carry are refused before
// anything is written.
func createOrder(ctx context.Context, st *store.Store, set scheme.Set, amount payment.Amount, note string, expiry time.Duration, who string) (store.Order, error) {
	uc := tillapp.App{Book: st, Schemes: set, Expiry: expiry, Actor: who, Fits: qrFits}
	return uc.CreateOrder(ctx, amount, note)
}

// printCharge shows the order's codes. On a terminal each is drawn as a
// QR with explicit colours; elsewhere only the payload text is printed.
func (a *app) printCharge(o store.Order, merchant string) error {
	f, isFile := a.stdout.(*os.File)
	tty := isFile && term.IsTerminal(int(f.Fd()))
	w, h := 100, 60
	if tty {
		if tw, th, err := term.GetSize(int(f.Fd())); err == nil {
			w, h = tw, th-4
		}
	}
	out := colorprofile.NewWriter(a.stdout, os.Environ())
	if tty {
		out.Profile = qrview.ColorProfile(a.stdout, os.Environ())
	}
	for _, c := range o.Codes {
		if tty {
			qr, err := qrview.New(c.Payload)
			if err != nil {
				return err
			}
			if l := qr.Layout(w, h); l.OK {
				fmt.Fprintln(out, l.View)
			} else {
				fmt.Fprintln(out, l.Message)
			}
		}
		fmt.Fprintf(out, "%s payload: %s\n", safetext.Escape(c.Label), c.Payload)
	}
	fmt.Fprintf(out, "%s · %s · reference %s · expires %s\n", o.Amount, safetext.Escape(merchant), o.Ref, o.ExpiresAt.Format("15:04"))
	return nil
}
