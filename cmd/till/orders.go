package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
)

// ordersOptions are the flags of `till orders`.
type ordersOptions struct {
	statuses          []string
	since, until, day string
	limit             int
	asJSON, asCSV     bool
}

func (a *app) ordersCommand() *cobra.Command {
	var o ordersOptions
	cmd := &cobra.Command{
		Use:   "orders",
		Short: "List orders, newest first",
		Long: "List orders, newest first (the latest 50 unless --limit says otherwise; 0 means all).\n" +
			"DATE is YYYY-MM-DD, 'today' or 'yesterday', in local time.",
		Args: exactArgs(0, "no arguments (use flags to filter)"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.listOrders(cmd, o)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&o.statuses, "status", nil, "only orders with this status (open, claimed, paid, partial, overpaid, expired, cancelled, refunded); repeat or comma-separate")
	fl.StringVar(&o.since, "since", "", "only orders created on or after DATE")
	fl.StringVar(&o.until, "until", "", "only orders created before DATE")
	fl.StringVar(&o.day, "day", "", "only orders of business day DATE")
	fl.IntVar(&o.limit, "limit", 50, "at most this many orders (0: all)")
	fl.BoolVar(&o.asJSON, "json", false, "print JSON (with codes and events)")
	fl.BoolVar(&o.asCSV, "csv", false, "print CSV for a spreadsheet")
	return cmd
}

// listOrders runs `till orders`: it checks the flags, then reads and prints.
func (a *app) listOrders(cmd *cobra.Command, o ordersOptions) error {
	if o.asJSON && o.asCSV {
		return usagef("choose one of --json and --csv")
	}
	f, err := o.filter(cmd.Flags().Changed("status"))
	if err != nil {
		return err
	}
	// Listing needs no configuration (a kept demo database or a
	// backup can be read as it is), but a broken one is still said.
	if _, err := a.loadConfig(); err != nil && !errors.Is(err, errNoConfig) {
		return err
	}
	st, err := a.openReading(false)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := st.List(cmd.Context(), f)
	if err != nil {
		return err
	}
	switch {
	case o.asJSON:
		if err := st.Details(cmd.Context(), list); err != nil {
			return err
		}
		out := make([]orderJSON, 0, len(list))
		for _, o := range list {
			out = append(out, toOrderJSON(o))
		}
		return writeJSON(a.stdout, out)
	case o.asCSV:
		return writeOrdersCSV(a.stdout, list)
	}
	return writeOrderTable(a.stdout, list)
}

// filter turns the flags into the store's filter, or says which flag is wrong.
// statusGiven tells whether --status was on the command line at all.
func (o ordersOptions) filter(statusGiven bool) (store.Filter, error) {
	f := store.Filter{Limit: o.limit}
	for _, s := range o.statuses {
		for _, part := range strings.Split(s, ",") {
			if strings.TrimSpace(part) == "" {
				continue // "open," is a trailing comma, not a status
			}
			st, err := payment.ParseStatus(strings.TrimSpace(part))
			if err != nil {
				return f, usageError{err}
			}
			f.Status = append(f.Status, st)
		}
	}
	if statusGiven && len(f.Status) == 0 {
		return f, usagef("--status names no status: use one or more of %s", statusNames())
	}
	var err error
	if f.Since, err = parseDate(o.since, "--since"); err != nil {
		return f, err
	}
	if f.Until, err = parseDate(o.until, "--until"); err != nil {
		return f, err
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Until.After(f.Since) {
		return f, usagef("--until %s is not after --since %s: --until is the first day left out (use --day for one day)",
			o.until, o.since)
	}
	if o.day != "" {
		d, err := parseDate(o.day, "--day")
		if err != nil {
			return f, err
		}
		f.Day = d.Format(time.DateOnly)
	}
	if o.limit < 0 {
		return f, usagef("--limit must be 0 (all) or more")
	}
	return f, nil
}

// statusNames lists every order status, for messages.
func statusNames() string {
	names := make([]string, len(payment.Statuses))
	for i, s := range payment.Statuses {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// parseDate reads YYYY-MM-DD, "today" or "yesterday" as local midnight.
func parseDate(s, flag string) (time.Time, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return time.Time{}, nil
	case "today":
		y, m, d := time.Now().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.Local), nil
	case "yesterday":
		y, m, d := time.Now().AddDate(0, 0, -1).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.Local), nil
	}
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), time.Local)
	if err != nil {
		return t, usagef("%s %q: use a date like 2026-11-25, today or yesterday", flag, s)
	}
	return t, nil
}

// writeOrdersCSV writes RFC 4180 CSV in UTF-8 with ISO dates and amounts
// as decimal text next to their currency, so a spreadsheet reads numbers
// without guessing locales.
func writeOrdersCSV(w io.Writer, orders []store.Order) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	cw.Write([]string{"created_at", "day", "reference", "amount", "currency", "status", "received", "refunded", "claimed", "late", "schemes", "note"})
	for _, o := range orders {
		exp := o.Amount.Currency.Exponent
		cw.Write([]string{
			o.CreatedAt.Format(time.RFC3339), o.Day, string(o.Ref), o.Amount.Decimal(), o.Amount.Currency.Code,
			string(o.Status()), payment.FormatMinor(o.State.Received, exp), payment.FormatMinor(o.State.Refunded, exp),
			fmt.Sprint(o.State.Claimed), fmt.Sprint(o.State.Late), strings.Join(o.Schemes, " "), csvSafe(o.Note),
		})
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from running a note as a formula, and a
// terminal that shows the CSV from obeying what the text holds.
func csvSafe(s string) string {
	s = safetext.Escape(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
