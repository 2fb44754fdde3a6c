package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
)

func (a *app) backupCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of the database, while the till keeps running",
		Args:  exactArgs(1, "the FILE to write the copy to"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openReading(true)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.Backup(cmd.Context(), args[0]); err != nil {
				return err
			}
			check, err := store.Open(args[0])
			if err != nil {
				return fmt.Errorf("the backup %s does not open: %w", args[0], err)
			}
			defer check.Close()
			verdict, err := check.IntegrityCheck(cmd.Context())
			if err != nil || verdict != "ok" {
				return fmt.Errorf("the backup %s failed its integrity check: %v %s", args[0], err, verdict)
			}
			fmt.Fprintf(a.stdout, "backed up %s to %s (integrity ok)\n", st.Path(), args[0])
			return nil
		},
	}
}

func (a *app) checkCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Verify the database: integrity, and that every order agrees with its history",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.openReading(true)
			if err != nil {
				return err
			}
			defer st.Close()
			problems, err := st.Check(cmd.Context())
			if err != nil {
				return err
			}
			for _, p := range problems {
				// A problem can quote what the database holds: keys and
				// notes that came from outside.
				fmt.Fprintln(a.stdout, safetext.Escape(p))
			}
			if r, err := st.Rejected(cmd.Context()); err == nil && r.Kept+r.Dropped > 0 {
				fmt.Fprintf(a.stdout, "refused notifications: %d kept (%d bytes), %d dropped to stay within bounds\n", r.Kept, r.KeptBytes, r.Dropped)
			}
			if len(problems) > 0 {
				return fmt.Errorf("%s: %d problems found", st.Path(), len(problems))
			}
			fmt.Fprintf(a.stdout, "%s: ok\n", st.Path())
			return nil
		},
	}
}
