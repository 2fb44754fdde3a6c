package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/till-pos/till/payment"
	tillapp "github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/payment/statement"
	"github.com/till-pos/till/store"
)

func (a *app) reconcileCommand() *cobra.Command {
	var format, profile, account string
	var dryRun, asJSON bool
	cmd := &cobra.Command{
		Use:   "reconcile FILE...|-",
		Short: "Import bank or provider statements and match them to orders",
		Long: "Read statements (camt.053/052/054, MT940/942, OFX/QFX, PIX JSON, CSV with a profile),\n" +
			"match every line to orders and move them to their true state. Importing the same\n" +
			"lines again changes nothing. A malformed file writes nothing. - reads standard input.\n" +
			"Formats: " + strings.Join(statement.Formats(), ", ") + " (auto recognises the format from the content).",
		Args: statementArgs,
		RunE: func(cmd *cobra.Command, files []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			return a.withStore(cmd.Context(), func(cfg *config.Config, st *store.Store) error {
				if profile != "" {
					if _, err := statement.LookupProfile(profile, cfg.Profiles); err != nil {
						return usageError{fmt.Errorf("--profile: %w", err)}
					}
				}
				paths, cleanup, err := spoolOnceReadable(files, a.stdin)
				defer cleanup()
				if err != nil {
					return err
				}
				opts := statement.Options{Profile: profile, Profiles: cfg.Profiles, Account: strings.TrimSpace(account)}
				res, err := reconcileFiles(cmd.Context(), st, paths, format, opts, cfg.Merchant.Currency.Code, dryRun, actor(cfg))
				if err != nil {
					return namedAsGiven(err, paths, files)
				}
				res.Files = files
				if asJSON {
					return writeJSON(a.stdout, res)
				}
				return writeReconcileText(a.stdout, res)
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "auto", "statement format: "+strings.Join(statement.Formats(), ", "))
	cmd.Flags().StringVar(&profile, "profile", "", "CSV profile (built-in: generic, sparkasse, alipay; or one from [[csv_profiles]])")
	cmd.Flags().StringVar(&account, "account", "", "the account (IBAN or number) of statements whose lines name none, e.g. most CSV exports")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "show what would happen, change nothing")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}

// statementArgs asks for at least one statement file (till reconcile,
// till central reconcile).
func statementArgs(_ *cobra.Command, args []string) error {
	if len(args) == 0 {
		return usagef("expected at least one statement FILE")
	}
	return nil
}

// checkFormat checks --format.
func checkFormat(format string) error {
	if !slices.Contains(statement.Formats(), strings.ToLower(strings.TrimSpace(format))) {
		return usagef("--format %q: use one of %s", format, strings.Join(statement.Formats(), ", "))
	}
	return nil
}

// reconcileJSON is the stable JSON of `till reconcile --json`.
type reconcileJSON struct {
	Files            []string        `json:"files"`
	DryRun           bool            `json:"dry_run"`
	Lines            int             `json:"lines"`
	NewLines         int             `json:"new_lines"`
	AlreadyImported  int             `json:"already_imported"`
	Paid             int             `json:"paid"`
	Partial          int             `json:"partial"`
	Overpaid         int             `json:"overpaid"`
	Late             int             `json:"late"`
	Duplicate        int             `json:"duplicate"`
	Refund           int             `json:"refund"`
	Unmatched        int             `json:"unmatched"`
	Suggested        int             `json:"suggested"`
	Seen             int             `json:"seen"`
	Pending          int             `json:"pending"`
	Ignored          int             `json:"ignored"`
	Review           int             `json:"review"`
	Reversed         int             `json:"reversed"`
	Corrected        int             `json:"corrected"`
	Warnings         []string        `json:"warnings"`
	UnverifiedClaims []claimJSON     `json:"unverified_claims"`
	ExceptionCount   int             `json:"exception_count"`
	Exceptions       []exceptionJSON `json:"exceptions"`
}

type claimJSON struct {
	Ref       string `json:"ref"`
	Amount    string `json:"amount"`
	Currency  string `json:"currency"`
	CreatedAt string `json:"created_at"`
}

type exceptionJSON struct {
	ID          int64   `json:"id"`
	Kind        string  `json:"kind"`
	Ref         string  `json:"ref"`
	LineKey     string  `json:"line_key"`
	Amount      string  `json:"amount"`
	AmountMinor int64   `json:"amount_minor"`
	Currency    string  `json:"currency"`
	Due         *string `json:"due"`       // null when no order is concerned
	DueMinor    *int64  `json:"due_minor"` // null when no order is concerned
	At          string  `json:"at"`        // when the line says the money moved (RFC 3339)
	Detail      string  `json:"detail"`
}

func exceptionToJSON(x tillapp.ExceptionItem) exceptionJSON {
	j := exceptionJSON{ID: x.ID, Kind: x.Kind, Ref: x.Ref, LineKey: x.Key, AmountMinor: x.Amount, Currency: x.Currency, Detail: x.Detail,
		At: x.At.Format(time.RFC3339)}
	exp := 2
	if c, err := payment.LookupCurrency(x.Currency); err == nil {
		exp = c.Exponent
	}
	j.Amount = payment.FormatMinor(x.Amount, exp)
	if x.Due > 0 {
		due := payment.FormatMinor(x.Due, exp)
		j.DueMinor, j.Due = &x.Due, &due
	}
	return j
}

// reconcileFiles imports all files in one transaction: if any file is
// malformed, nothing is written.
func reconcileFiles(ctx context.Context, st *store.Store, files []string, format string, opts statement.Options, currency string, dryRun bool, who string) (reconcileJSON, error) {
	uc := tillapp.App{Book: st, Importer: st, Files: tillapp.OSFiles{}, Actor: who}
	res, err := uc.Import(ctx, tillapp.ImportRequest{Files: files, Format: format, Options: opts, DryRun: dryRun, Currency: currency}, nil)
	if err != nil {
		return reconcileJSON{}, err
	}
	return importJSON(res, files, dryRun), nil
}

// importJSON is an import's result as till reconcile --json prints it
// (till central reconcile too).
func importJSON(res tillapp.ImportResult, files []string, dryRun bool) reconcileJSON {
	out := reconcileJSON{
		Files: files, DryRun: dryRun, Lines: res.Lines, NewLines: res.NewLines, AlreadyImported: res.AlreadyImported,
		Paid: res.Counts[reconcile.Paid], Partial: res.Counts[reconcile.Partial], Overpaid: res.Counts[reconcile.Overpaid],
		Late: res.Counts[reconcile.Late], Duplicate: res.Counts[reconcile.Duplicate], Refund: res.Counts[reconcile.Refund],
		Unmatched: res.Counts[reconcile.Unmatched], Suggested: res.Counts[reconcile.Suggested], Seen: res.Counts[reconcile.Seen],
		Pending: res.Counts[reconcile.Pending], Ignored: res.Counts[reconcile.Ignored], Review: res.Counts[reconcile.Review],
		Reversed: res.Counts[reconcile.Reversed], Corrected: res.Counts[reconcile.Corrected], Warnings: append([]string{}, res.Warnings...),
		ExceptionCount: res.ExceptionCount, UnverifiedClaims: []claimJSON{}, Exceptions: []exceptionJSON{},
	}
	for _, o := range res.UnverifiedClaims {
		out.UnverifiedClaims = append(out.UnverifiedClaims, claimJSON{Ref: string(o.Ref), Amount: o.Amount.Decimal(),
			Currency: o.Amount.Currency.Code, CreatedAt: timeJSON(o.CreatedAt)})
	}
	for _, x := range res.Exceptions {
		out.Exceptions = append(out.Exceptions, exceptionToJSON(x))
	}
	return out
}

func writeReconcileText(w io.Writer, r reconcileJSON) error {
	what := "imported"
	if r.DryRun {
		what = "would import (dry run, nothing written)"
	}
	fmt.Fprintf(w, "%s read, %d new, %d already imported; %s.\n", plural(r.Lines, "line", "lines"), r.NewLines, r.AlreadyImported, what)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, row := range []struct {
		name string
		n    int
	}{{"paid", r.Paid}, {"partial", r.Partial}, {"overpaid", r.Overpaid}, {"late", r.Late}, {"duplicate", r.Duplicate},
		{"refund", r.Refund}, {"already known", r.Seen}, {"suggested", r.Suggested}, {"unmatched", r.Unmatched},
		{"needs review", r.Review}, {"reversed", r.Reversed}, {"corrected", r.Corrected}, {"pending", r.Pending}, {"other debits", r.Ignored}} {
		if row.n > 0 {
			fmt.Fprintf(tw, "  %s\t%d\n", row.name, row.n)
		}
	}
	tw.Flush()
	for _, warning := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warning)
	}
	if len(r.UnverifiedClaims) > 0 {
		fmt.Fprintf(w, "%s marked paid by the cashier %s no payment on this statement:\n",
			plural(len(r.UnverifiedClaims), "order", "orders"), plural0(len(r.UnverifiedClaims), "has", "have"))
		for _, c := range r.UnverifiedClaims {
			fmt.Fprintf(w, "  %s  %s %s  %s\n", c.Ref, c.Currency, c.Amount, c.CreatedAt)
		}
	}
	if r.ExceptionCount > 0 {
		needs := plural0(r.ExceptionCount, "needs", "need")
		if r.DryRun {
			needs = "would need"
		}
		fmt.Fprintf(w, "%s %s a person:\n", plural(r.ExceptionCount, "exception", "exceptions"), needs)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, x := range r.Exceptions {
			// A dry run wrote no exception: its ids name nothing.
			id := fmt.Sprintf("#%d\t", x.ID)
			if r.DryRun {
				id = ""
			}
			ref := ""
			if x.Ref != "" {
				ref = "order " + x.Ref + ": "
			}
			// The detail quotes the statement line: the bank's text.
			fmt.Fprintf(tw, "  %s%s\t%s\t%s %s\t%s\n", id, x.Kind, lineTime(x.At), x.Currency, x.Amount, safetext.Escape(ref+x.Detail))
		}
		tw.Flush()
		if r.ExceptionCount > len(r.Exceptions) {
			fmt.Fprintf(w, "  ... and %d more (see the reconcile screen)\n", r.ExceptionCount-len(r.Exceptions))
		}
	}
	return nil
}

// plural is "1 order" or "2 orders".
func plural(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, plural0(n, one, many))
}

// plural0 is one or many, by n, without the number: "has" or "have".
func plural0(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// lineTime writes when a statement line says the money moved: the day
// alone for formats that give only a booking date (read as midnight).
func lineTime(rfc3339 string) string {
	t, err := time.Parse(time.RFC3339, rfc3339)
	if err != nil {
		return rfc3339
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format("2006-01-02 15:04")
}

// spoolOnceReadable copies the statements that can be read only once
// (standard input given as "-", a pipe, a process substitution) into
// owner-only temporary files: an import reads each file twice, once for
// its checksum and once for its lines. Other paths are returned as they
// are. cleanup removes the copies; it is safe to call after an error.
func spoolOnceReadable(files []string, stdin io.Reader) (paths []string, cleanup func(), err error) {
	var temps []string
	cleanup = func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	stdinUsed := false
	for _, name := range files {
		var src io.Reader
		switch fi, statErr := os.Stat(name); {
		case name == "-":
			if stdinUsed {
				return nil, cleanup, usagef("standard input (-) can be read only once")
			}
			stdinUsed, src = true, stdin
		case statErr == nil && !fi.Mode().IsRegular() && !fi.IsDir():
			f, err := os.Open(name)
			if err != nil {
				return nil, cleanup, fmt.Errorf("open %s: %w", name, err)
			}
			defer f.Close()
			src = f
		default:
			paths = append(paths, name)
			continue
		}
		tmp, err := os.CreateTemp("", "till-statement-*")
		if err != nil {
			return nil, cleanup, fmt.Errorf("copy %s: %w", name, err)
		}
		temps = append(temps, tmp.Name())
		n, err := io.Copy(tmp, io.LimitReader(src, tillapp.MaxStatementBytes+1))
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, cleanup, fmt.Errorf("copy %s: %w", name, err)
		}
		if n > tillapp.MaxStatementBytes {
			return nil, cleanup, fmt.Errorf("%s is larger than a statement can be (%d GiB)", name, tillapp.MaxStatementBytes>>30)
		}
		paths = append(paths, tmp.Name())
	}
	return paths, cleanup, nil
}

// namedAsGiven says the statements in err by the names the user gave, not
// by the temporary copies spoolOnceReadable made.
func namedAsGiven(err error, paths, files []string) error {
	msg := err.Error()
	for i, p := range paths {
		if p != files[i] {
			given := files[i]
			if given == "-" {
				given = "standard input"
			}
			msg = strings.ReplaceAll(msg, p, given)
		}
	}
	if msg == err.Error() {
		return err
	}
	return renamedError{err, msg}
}

type renamedError struct {
	err error
	msg string
}

func (e renamedError) Error() string { return e.msg }
func (e renamedError) Unwrap() error { return e.err }
