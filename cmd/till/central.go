package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/till-pos/till/store/central"
)

// centralCommand groups the commands of the fleet's central book.
func (a *app) centralCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "central",
		Short: "The fleet's central book in PostgreSQL",
		Long: "Commands for the central book that a fleet of tills shares: one PostgreSQL\n" +
			"database, given with --pg URL or $TILL_PG (postgres://user@host:port/db).",
		Args: exactArgs(0, "a subcommand: migrate"),
	}
	cmd.AddCommand(a.centralMigrateCommand())
	return cmd
}

// pgURL is --pg, else $TILL_PG.
func (a *app) pgURL(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if v := a.getenv("TILL_PG"); v != "" {
		return v, nil
	}
	return "", usagef("--pg: give the central database, for example --pg postgres://till@localhost/till (or set TILL_PG)")
}

func (a *app) centralMigrateCommand() *cobra.Command {
	var pg string
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Create or upgrade the central database's schema",
		Long: "Apply the central schema's versioned steps that the database lacks, under an\n" +
			"advisory lock (several servers may start at once). A database of a newer till\n" +
			"is refused and left as it is.",
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			url, err := a.pgURL(pg)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), 2*time.Minute)
			defer cancel()
			b, err := central.Open(ctx, url)
			if err != nil {
				return err
			}
			defer b.Close()
			from, to, err := b.Migrate(ctx)
			if err != nil {
				return err
			}
			if from == to {
				fmt.Fprintf(a.stdout, "central database at schema %d: nothing to do\n", to)
			} else {
				fmt.Fprintf(a.stdout, "central database migrated from schema %d to %d\n", from, to)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&pg, "pg", "", "the central PostgreSQL database (env TILL_PG)")
	return cmd
}
