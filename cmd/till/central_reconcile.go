package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	tillapp "github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/payment/statement"
	"github.com/till-pos/till/store/central"
)

// centralReconcileJSON is till reconcile --json's object, with what the
// fleet adds: the lines forwarded to a till that central has no order
// for yet, the new lines sent down to each till, the exceptions that stay
// central, and each exception's till.
type centralReconcileJSON struct {
	reconcileJSON
	Forwarded         int                  `json:"forwarded"`
	Tills             []tillLinesJSON      `json:"tills"`
	CentralExceptions int                  `json:"central_exceptions"`
	Exceptions        []fleetExceptionJSON `json:"exceptions"`
}

type tillLinesJSON struct {
	Till  string `json:"till"`
	Lines int    `json:"lines"`
}

type fleetExceptionJSON struct {
	exceptionJSON
	Till string `json:"till"` // "" : it stays central
}

func (a *app) centralReconcileCommand() *cobra.Command {
	var f centralFlags
	var format, profile, account, currency string
	var dryRun, asJSON bool
	cmd := &cobra.Command{
		Use:   "reconcile FILE...|-",
		Short: "Match the fleet's bank statements to every till's orders",
		Long: "Read statements of the fleet's one account (the formats of till reconcile), match every\n" +
			"line to the orders of every till in the central book, and send each line that concerns a\n" +
			"till down to it, where it is applied as a statement the till imported itself. Lines that\n" +
			"concern no till and need a person stay central (till central check lists them). Importing\n" +
			"the same lines again changes nothing. A malformed file writes nothing. - reads standard input.",
		Args: statementArgs,
		RunE: func(cmd *cobra.Command, files []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			var profiles []statement.Profile
			if cfg, err := a.loadConfig(); err == nil {
				profiles = cfg.Profiles
			} else if !errors.Is(err, errNoConfig) {
				return err
			}
			if profile != "" {
				if _, err := statement.LookupProfile(profile, profiles); err != nil {
					return usageError{fmt.Errorf("--profile: %w", err)}
				}
			}
			b, err := a.book(cmd.Context(), f)
			if err != nil {
				return err
			}
			defer b.Close()
			paths, cleanup, err := spoolOnceReadable(files, a.stdin)
			defer cleanup()
			if err != nil {
				return err
			}
			rec := &central.Reconciler{Book: b, Merchant: f.merchant}
			uc := tillapp.App{Importer: rec, Files: tillapp.OSFiles{}, Actor: "till central"}
			res, err := uc.Import(cmd.Context(), tillapp.ImportRequest{Files: paths, Format: format, DryRun: dryRun,
				Options:  statement.Options{Profile: profile, Profiles: profiles, Account: strings.TrimSpace(account)},
				Currency: strings.ToUpper(strings.TrimSpace(currency))}, nil)
			if err != nil {
				return namedAsGiven(err, paths, files)
			}
			out := fleetReconcileJSON(res, rec.Fleet, files, dryRun)
			if asJSON {
				return writeJSON(a.stdout, out)
			}
			return writeCentralReconcileText(a.stdout, out)
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&format, "format", "auto", "statement format: "+strings.Join(statement.Formats(), ", "))
	cmd.Flags().StringVar(&profile, "profile", "", "CSV profile (built-in: generic, sparkasse, alipay; or one from [[csv_profiles]])")
	cmd.Flags().StringVar(&account, "account", "", "the account (IBAN or number) of statements whose lines name none")
	cmd.Flags().StringVar(&currency, "currency", "", "the fleet's currency: a line in another is an exception (default: each line against its order's)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "show what would happen, change and send nothing")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}

// fleetReconcileJSON is the result as till central reconcile prints it.
func fleetReconcileJSON(res tillapp.ImportResult, fleet central.FleetResult, files []string, dryRun bool) centralReconcileJSON {
	out := centralReconcileJSON{reconcileJSON: importJSON(res, files, dryRun), Forwarded: res.Counts[central.Forwarded],
		CentralExceptions: fleet.Central, Tills: []tillLinesJSON{}, Exceptions: []fleetExceptionJSON{}}
	for i, x := range out.reconcileJSON.Exceptions {
		out.Exceptions = append(out.Exceptions, fleetExceptionJSON{exceptionJSON: x, Till: fleet.ExceptionTills[i]})
	}
	for t, n := range fleet.Sent {
		out.Tills = append(out.Tills, tillLinesJSON{Till: t, Lines: n})
	}
	slices.SortFunc(out.Tills, func(a, b tillLinesJSON) int { return strings.Compare(a.Till, b.Till) })
	return out
}

// writeCentralReconcileText is till reconcile's text, each exception
// naming its till, then where the lines went.
func writeCentralReconcileText(w io.Writer, r centralReconcileJSON) error {
	base := r.reconcileJSON
	base.Exceptions = nil
	for _, x := range r.Exceptions {
		where := "central: "
		if x.Till != "" {
			where = "till " + x.Till + ": "
		}
		x.Detail = where + x.Detail
		base.Exceptions = append(base.Exceptions, x.exceptionJSON)
	}
	if err := writeReconcileText(w, base); err != nil {
		return err
	}
	sent := "sent down"
	if r.DryRun {
		sent = "would send down"
	}
	if r.Forwarded > 0 {
		fmt.Fprintf(w, "%s for orders central has not seen yet, %s to the till whose prefix they carry.\n",
			plural(r.Forwarded, "line", "lines"), sent)
	}
	for _, t := range r.Tills {
		fmt.Fprintf(w, "  %s %s to till %s\n", sent, plural(t.Lines, "line", "lines"), safetext.Escape(t.Till))
	}
	if r.CentralExceptions > 0 {
		fmt.Fprintf(w, "%s %s no till and %s central (till central check lists %s).\n",
			plural(r.CentralExceptions, "exception", "exceptions"), plural0(r.CentralExceptions, "concerns", "concern"),
			plural0(r.CentralExceptions, "stays", "stay"), plural0(r.CentralExceptions, "it", "them"))
	}
	return nil
}
