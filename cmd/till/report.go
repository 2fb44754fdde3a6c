package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/till-pos/till/payment"
	tillapp "github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/receipt"
	"github.com/till-pos/till/payment/report"
	"github.com/till-pos/till/store"
)

func (a *app) reportCommand() *cobra.Command {
	var date, cashText, note string
	var asJSON, asCSV, closeDay, live bool
	cmd := &cobra.Command{
		Use:   "report",
		Short: "The day close (Z-report): what a business day adds up to",
		Long: "Print a business day's figures in the merchant's currency: per status and per scheme,\n" +
			"money verified by evidence, claimed by the cashier, refunded, expected and unpaid,\n" +
			"the unverified claims and the open reconciliation exceptions.\n" +
			"With --close, record that you closed the day (with the cash you counted); a closed\n" +
			"day prints the figures kept at closing unless --live is given.\n" +
			"DATE is YYYY-MM-DD, 'today' or 'yesterday', in local time (default today).",
		Args: exactArgs(0, "no arguments (use --date to choose the day)"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case asJSON && asCSV:
				return usagef("choose one of --json and --csv")
			case !closeDay && cmd.Flags().Changed("cash"):
				return usagef("--cash is recorded when closing the day: add --close")
			case !closeDay && cmd.Flags().Changed("note"):
				return usagef("--note is recorded when closing the day: add --close")
			case closeDay && live:
				return usagef("--live shows a closed day's current figures; it cannot be combined with --close")
			}
			if date == "" {
				date = "today"
			}
			t, err := parseDate(date, "--date")
			if err != nil {
				return err
			}
			day := t.Format(time.DateOnly)
			if closeDay && t.After(time.Now()) {
				return usagef("--date %s is in the future: a day can be closed from that day on", day)
			}
			return a.withStoreFor(cmd.Context(), !closeDay, func(cfg *config.Config, st *store.Store) error {
				cur := cfg.Merchant.Currency
				var shown tillapp.DayReport
				if closeDay {
					cash, err := parseCash(cashText, cur)
					if err != nil {
						return err
					}
					if shown, err = useCases(cfg, st).CloseDay(cmd.Context(), day, cash, strings.TrimSpace(note)); err != nil {
						return err
					}
				} else if shown, err = tillapp.LoadDayReport(cmd.Context(), st, day, cur, live); err != nil {
					return err
				}
				switch {
				case asJSON:
					return writeJSON(a.stdout, toDayJSON(shown))
				case asCSV:
					return writeDayCSV(a.stdout, shown.Report)
				}
				_, err := io.WriteString(a.stdout, receipt.DayText(shown.Report, receipt.DayOptions{
					Width: 80, Merchant: cfg.Merchant.Name, City: cfg.Merchant.City,
					Live: shown.Closed && shown.Live, Hint: dayHint(shown),
				}))
				return err
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&date, "date", "", "the business day DATE (default today)")
	fl.BoolVar(&asJSON, "json", false, "print JSON")
	fl.BoolVar(&asCSV, "csv", false, "print CSV for a spreadsheet")
	fl.BoolVar(&closeDay, "close", false, "close the day: record who closed it and keep its figures")
	fl.StringVar(&cashText, "cash", "", "with --close: the cash counted in the drawer, like 120.50")
	fl.StringVar(&note, "note", "", "with --close: a remark kept with the closing")
	fl.BoolVar(&live, "live", false, "for a closed day, show current figures instead of those kept at closing")
	return cmd
}

// parseCash reads the cash counted; none counted is nil, and an empty
// drawer is zero, which ParseAmount alone would refuse.
func parseCash(s string, cur payment.Currency) (*int64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	a, err := payment.ParseAmount(s, cur)
	if errors.Is(err, payment.ErrAmountZero) {
		return new(int64), nil
	}
	if err != nil {
		return nil, usageError{amountError("--cash", s, cur, err)}
	}
	return &a.Minor, nil
}

func dayHint(d tillapp.DayReport) string {
	if !d.Closed {
		return ""
	}
	if d.Live {
		return "leave out --live for the figures kept at closing"
	}
	return "use --live for current figures"
}

// The JSON of `till report` is report.Day's own (amounts in minor units
// with the currency's exponent) plus, for scripts that would rather not
// divide, every amount again as decimal text, and the closing as a time.

type dayJSON struct {
	report.Day
	ByStatus       []dayRowJSON       `json:"by_status"`
	ByScheme       []dayRowJSON       `json:"by_scheme"`
	Total          dayRowJSON         `json:"total"`
	Claims         []dayClaimJSON     `json:"unverified_claims"`
	OpenExceptions []dayExceptionJSON `json:"open_exceptions"`

	Verified string  `json:"verified"`
	Claimed  string  `json:"claimed"`
	CashPaid string  `json:"cash_paid"` // taken in cash for orders
	Refunded string  `json:"refunded"`
	Expected string  `json:"expected"`
	Unpaid   string  `json:"unpaid"`
	Cash     *string `json:"cash"` // null when no cash was counted
	Takings  string  `json:"takings"`

	// closed_by and closed_at are always there, null while the day is
	// open; closed_by shadows report.Day's omitempty field of that name.
	Closed   bool    `json:"closed"`
	ClosedBy *string `json:"closed_by"`
	ClosedAt *string `json:"closed_at"`
	Live     bool    `json:"live"`
}

type dayRowJSON struct {
	report.Row
	DueText       string `json:"due"`
	SettledText   string `json:"settled"`
	ReceivedText  string `json:"received"`
	ClaimedMinor  int64  `json:"claimed_minor"`
	ClaimedText   string `json:"claimed"`
	CashPaidText  string `json:"cash_paid"`
	RefundedText  string `json:"refunded"`
	ExpectedMinor int64  `json:"expected_minor"`
	ExpectedText  string `json:"expected"`
}

type dayClaimJSON struct {
	report.Claim
	DueText string `json:"due"`
	At      string `json:"at"`
}

type dayExceptionJSON struct {
	report.Exception
	AmountText string `json:"amount"`
}

func toDayJSON(m tillapp.DayReport) dayJSON {
	d := m.Report
	money := func(minor int64) string { return payment.FormatMinor(minor, d.Exponent) }
	row := func(r report.Row) dayRowJSON {
		return dayRowJSON{Row: r, DueText: money(r.Due), SettledText: money(r.Settled), ReceivedText: money(r.Received),
			ClaimedMinor: receipt.ClaimedOf(r), ClaimedText: money(receipt.ClaimedOf(r)), CashPaidText: money(r.CashPaid), RefundedText: money(r.Refunded),
			ExpectedMinor: receipt.ExpectedOf(r), ExpectedText: money(receipt.ExpectedOf(r))}
	}
	j := dayJSON{Day: d, Total: row(d.Total), ByStatus: []dayRowJSON{}, ByScheme: []dayRowJSON{},
		Claims: []dayClaimJSON{}, OpenExceptions: []dayExceptionJSON{},
		Verified: money(d.Verified), Claimed: money(d.Claimed), CashPaid: money(d.CashPaid), Refunded: money(d.Refunded),
		Expected: money(d.Expected), Unpaid: money(d.Unpaid), Takings: money(d.Takings),
		Closed: m.Closed, Live: m.Live}
	for _, r := range d.ByStatus {
		j.ByStatus = append(j.ByStatus, row(r))
	}
	for _, r := range d.ByScheme {
		j.ByScheme = append(j.ByScheme, row(r))
	}
	for _, c := range d.Claims {
		j.Claims = append(j.Claims, dayClaimJSON{Claim: c, DueText: money(c.Due), At: time.Unix(c.AtUnix, 0).Format(time.RFC3339)})
	}
	for _, x := range d.OpenExceptions {
		j.OpenExceptions = append(j.OpenExceptions, dayExceptionJSON{Exception: x, AmountText: x.Text(d, money)})
	}
	if d.HasCash {
		c := money(d.Cash)
		j.Cash = &c
	}
	if m.Closed {
		by, at := d.ClosedBy, time.Unix(d.ClosedUnix, 0).Format(time.RFC3339)
		j.ClosedBy, j.ClosedAt = &by, &at
	}
	return j
}

// dayCSVHeader: one row per line of the report. Within a section the
// rows add up: the "status" rows and the "scheme" rows each sum, column by
// column, to the "total" row, and in every row received + claimed +
// cash_paid - refunded = expected. The "money" rows carry their figure in
// amount. cash_paid came later: it is the last column, so that scripts
// reading columns by position keep working.
var dayCSVHeader = []string{"day", "section", "key", "count", "due", "received", "claimed", "refunded", "expected", "amount", "currency", "cash_paid"}

// writeDayCSV writes the day close as RFC 4180 CSV in UTF-8, ISO dates,
// amounts as decimal text beside their currency.
func writeDayCSV(w io.Writer, d report.Day) error {
	money := func(minor int64) string { return payment.FormatMinor(minor, d.Exponent) }
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	cw.Write(dayCSVHeader)
	row := func(section string, r report.Row) {
		cw.Write([]string{d.Day, section, csvSafe(r.Key), strconv.Itoa(r.Count), money(r.Due), money(r.Received),
			money(receipt.ClaimedOf(r)), money(r.Refunded), money(receipt.ExpectedOf(r)), "", d.Currency, money(r.CashPaid)})
	}
	for _, r := range d.ByStatus {
		row("status", r)
	}
	for _, r := range d.ByScheme {
		row("scheme", r)
	}
	row("total", d.Total)
	for _, m := range receipt.Money(d) {
		if !m.Set {
			continue // no cash counted is not zero cash: leave the row out
		}
		cw.Write([]string{d.Day, "money", m.Key, "", "", "", "", "", "", money(m.Minor), d.Currency, ""})
	}
	cw.Write([]string{d.Day, "late", "late payments", strconv.Itoa(d.LateCount), "", "", "", "", "", "", d.Currency, ""})
	for _, c := range d.Claims {
		cw.Write([]string{d.Day, "unverified claim", c.Ref, "1", money(c.Due), "", "", "", "", "", d.Currency, ""})
	}
	// The exceptions listed are the first page; this row counts them all.
	cw.Write([]string{d.Day, "open exceptions", "open exceptions", strconv.Itoa(d.OpenExceptionCount), "", "", "", "", "", "", d.Currency, ""})
	for _, x := range d.OpenExceptions {
		key := fmt.Sprintf("#%d %s %s", x.ID, x.Kind, x.Ref)
		cur := d.Currency
		if x.Currency != "" {
			cur = x.Currency
		}
		cw.Write([]string{d.Day, "open exception", csvSafe(strings.TrimSpace(key)), "1", "", "", "", "", "", x.Text(report.Day{Currency: cur}, money), cur, ""})
	}
	if d.ClosedBy != "" || d.ClosedUnix != 0 {
		at := time.Unix(d.ClosedUnix, 0).Format(time.RFC3339)
		cw.Write([]string{d.Day, "closed", csvSafe(d.ClosedBy + " at " + at), "", "", "", "", "", "", "", d.Currency, ""})
		if d.Note != "" {
			cw.Write([]string{d.Day, "note", csvSafe(d.Note), "", "", "", "", "", "", "", d.Currency, ""})
		}
	}
	cw.Flush()
	return cw.Error()
}
