package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store/central"
)

func (a *app) centralOrdersCommand() *cobra.Command {
	var f centralFlags
	var till, day string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "orders",
		Short: "List the fleet's orders as the central book folds them",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if day != "" {
				if _, err := time.Parse(time.DateOnly, day); err != nil {
					return usagef("--day %q: give a date like 2026-12-02", day)
				}
			}
			b, err := a.book(cmd.Context(), f)
			if err != nil {
				return err
			}
			defer b.Close()
			list, err := b.Orders(cmd.Context(), f.merchant, central.OrderFilter{Till: till, Day: day})
			if err != nil {
				return err
			}
			if asJSON {
				if list == nil {
					list = []central.Order{}
				}
				return writeJSON(a.stdout, list)
			}
			if len(list) == 0 {
				fmt.Fprintln(a.stdout, "no orders")
				return nil
			}
			for _, o := range list {
				amount := safetext.Escape(fmt.Sprintf("%d %s", o.Amount, o.Currency))
				if c, err := payment.LookupCurrency(o.Currency); err == nil {
					amount = payment.Amount{Minor: o.Amount, Currency: c}.String()
				}
				late := ""
				if o.Late {
					late = " (late)"
				}
				fmt.Fprintf(a.stdout, "%s  %-12s %-16s %12s  %s%s\n", time.UnixMilli(o.CreatedAt).Local().Format("2006-01-02 15:04"),
					safetext.Escape(o.Ref), safetext.Escape(o.Till), amount, safetext.Escape(o.Status), late)
			}
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&till, "till", "", "only this till's orders")
	cmd.Flags().StringVar(&day, "day", "", "only this business day (YYYY-MM-DD)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) centralCheckCommand() *cobra.Command {
	var f centralFlags
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Verify the central book: every order folds from its events, every outbox is there once",
		Long: "Check that every order's status in the central book is the fold of its events,\n" +
			"and that every till's acknowledged outbox is present exactly once. Lists the open\n" +
			"exceptions (quarantined entries, refused events, diverged tills). Exits 1 on a problem.",
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := a.book(cmd.Context(), f)
			if err != nil {
				return err
			}
			defer b.Close()
			problems, err := b.Check(cmd.Context(), f.merchant)
			if err != nil {
				return err
			}
			xs, err := b.Exceptions(cmd.Context(), f.merchant)
			if err != nil {
				return err
			}
			for _, x := range xs {
				fmt.Fprintf(a.stdout, "exception (%s): %s\n", x.Kind, safetext.Escape(x.Detail))
			}
			for _, p := range problems {
				fmt.Fprintf(a.stdout, "problem: %s\n", safetext.Escape(p))
			}
			if len(problems) > 0 {
				return fmt.Errorf("the central book has %d problems", len(problems))
			}
			fmt.Fprintln(a.stdout, "central book ok")
			return nil
		},
	}
	f.add(cmd)
	return cmd
}
