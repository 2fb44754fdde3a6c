package main

import (
	"bytes"
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
	"github.com/till-pos/till/payment/receipt"
	"github.com/till-pos/till/payment/report"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store/central"
)

func (a *app) centralReportCommand() *cobra.Command {
	var f centralFlags
	var date, currency, by string
	var asJSON, asCSV, closeDay bool
	var absent []string
	cmd := &cobra.Command{
		Use:   "report --date DATE",
		Short: "The fleet's day close: per till and in total, the figures of till report",
		Long: "Print a business day's figures for every till of the fleet and in total, as\n" +
			"`till report` gives them for one till, from the central book. With --close, keep\n" +
			"them: every till must have closed the day itself and uploaded everything up to its\n" +
			"close, unless named with --absent. A closed fleet day prints the figures kept at\n" +
			"closing; what its tills upload later for that day is listed as late arrivals.",
		Args: exactArgs(0, "no arguments (use --date to choose the day)"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case asJSON && asCSV:
				return usagef("choose one of --json and --csv")
			case !closeDay && len(absent) > 0:
				return usagef("--absent names tills missing from a close: add --close")
			}
			t, err := parseDate(firstOf(date, "today"), "--date")
			if err != nil {
				return err
			}
			day := t.Format(time.DateOnly)
			if closeDay && t.After(time.Now()) {
				return usagef("--date %s is in the future: a day can be closed from that day on", day)
			}
			b, err := a.book(cmd.Context(), f)
			if err != nil {
				return err
			}
			defer b.Close()
			cur, err := a.fleetCurrency(cmd, b, f.merchant, day, currency)
			if err != nil {
				return err
			}
			var fd central.FleetDay
			if closeDay {
				fd, err = b.CloseFleetDay(cmd.Context(), f.merchant, day, cur, firstOf(by, a.getenv("USER"), "central"), absent)
			} else {
				fd, err = b.FleetReport(cmd.Context(), f.merchant, day, cur)
			}
			if err != nil {
				return err
			}
			switch {
			case asJSON:
				return writeJSON(a.stdout, toFleetJSON(fd))
			case asCSV:
				return writeFleetCSV(a.stdout, fd)
			}
			return writeFleetText(a.stdout, fd)
		},
	}
	f.add(cmd)
	fl := cmd.Flags()
	fl.StringVar(&date, "date", "", "the business day DATE: YYYY-MM-DD, today or yesterday (default today)")
	fl.StringVar(&currency, "currency", "", "the currency (default: that of the day's orders)")
	fl.BoolVar(&asJSON, "json", false, "print JSON")
	fl.BoolVar(&asCSV, "csv", false, "print CSV for a spreadsheet")
	fl.BoolVar(&closeDay, "close", false, "close the fleet's day and keep its figures")
	fl.StringArrayVar(&absent, "absent", nil, "with --close: a till to close without (repeat for several)")
	fl.StringVar(&by, "by", "", "with --close: who closes (default $USER)")
	return cmd
}

// firstOf is the first of vals that is not empty.
func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// fleetCurrency is --currency, else the one currency of the day's
// orders, else the till configuration's.
func (a *app) fleetCurrency(cmd *cobra.Command, b *central.Book, merchant, day, flag string) (payment.Currency, error) {
	if flag != "" {
		c, err := payment.LookupCurrency(strings.ToUpper(flag))
		if err != nil {
			return c, usagef("--currency %q: give an ISO 4217 code like EUR", flag)
		}
		return c, nil
	}
	list, err := b.DayCurrencies(cmd.Context(), merchant, day)
	if err != nil {
		return payment.Currency{}, err
	}
	switch len(list) {
	case 1:
		return payment.LookupCurrency(list[0])
	case 0:
		if cfg, err := a.loadConfig(); err == nil {
			return cfg.Merchant.Currency, nil
		} else if !errors.Is(err, errNoConfig) {
			return payment.Currency{}, err
		}
		return payment.Currency{}, usagef("no orders on %s in the central book: give the currency with --currency", day)
	}
	return payment.Currency{}, usagef("the orders of %s are in %s: choose one with --currency", day, strings.Join(list, " and "))
}

// dayOf is one till's (or the total's) figures as till report shows them.
func dayOf(fd central.FleetDay, d report.Day) tillapp.DayReport {
	if fd.Closed() {
		d.ClosedBy, d.ClosedUnix = fd.ClosedBy, fd.ClosedAt
	}
	return tillapp.DayReport{Day: fd.Day, Report: d, Closed: fd.Closed(), Live: !fd.Closed()}
}

// fleetJSON is the fleet's day close: each till's figures in the JSON of
// till report with its name, the total in the same form, the late
// arrivals and the central exceptions of the day.
type fleetJSON struct {
	Day          string              `json:"day"`
	Currency     string              `json:"currency"`
	Closed       bool                `json:"closed"`
	ClosedBy     *string             `json:"closed_by"`
	ClosedAt     *string             `json:"closed_at"`
	Absent       []string            `json:"absent"`
	Tills        []fleetTillJSON     `json:"tills"`
	Total        dayJSON             `json:"total"`
	LateArrivals []lateJSON          `json:"late_arrivals"`
	Exceptions   []central.Exception `json:"central_exceptions"`
}

type fleetTillJSON struct {
	Till string `json:"till"`
	dayJSON
}

type lateJSON struct {
	central.LateArrival
	AmountText string `json:"amount"`
	At         string `json:"at"`
}

func toFleetJSON(fd central.FleetDay) fleetJSON {
	j := fleetJSON{Day: fd.Day, Currency: fd.Currency, Closed: fd.Closed(), Absent: fd.Absent, Tills: []fleetTillJSON{},
		Total: toDayJSON(dayOf(fd, fd.Total)), LateArrivals: []lateJSON{}, Exceptions: fd.Exceptions}
	if fd.Closed() {
		at := time.Unix(fd.ClosedAt, 0).Format(time.RFC3339)
		j.ClosedBy, j.ClosedAt = &fd.ClosedBy, &at
	}
	for _, t := range fd.Tills {
		j.Tills = append(j.Tills, fleetTillJSON{Till: t.Till, dayJSON: toDayJSON(dayOf(fd, t.Day))})
	}
	for _, l := range fd.Late {
		j.LateArrivals = append(j.LateArrivals, lateJSON{LateArrival: l, AmountText: fd.Total.Money(l.Amount),
			At: time.UnixMilli(l.At).Format(time.RFC3339)})
	}
	if j.Exceptions == nil {
		j.Exceptions = []central.Exception{}
	}
	return j
}

// fleetTotal names the total's rows in the CSV's till column.
const fleetTotal = "(fleet)"

// writeFleetCSV writes till report's CSV for each till and the total,
// with the till's name first, then the late arrivals and the central
// exceptions as rows of their own sections.
func writeFleetCSV(w io.Writer, fd central.FleetDay) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	cw.Write(append([]string{"till"}, dayCSVHeader...))
	blank := make([]string, len(dayCSVHeader)-3)
	add := func(till string, d report.Day) error {
		var buf bytes.Buffer
		if err := writeDayCSV(&buf, dayOf(fd, d).Report); err != nil {
			return err
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			return err
		}
		for _, r := range recs[1:] {
			cw.Write(append([]string{csvSafe(till)}, r...))
		}
		return nil
	}
	for _, t := range fd.Tills {
		if err := add(t.Till, t.Day); err != nil {
			return err
		}
	}
	if err := add(fleetTotal, fd.Total); err != nil {
		return err
	}
	for _, l := range fd.Late {
		row := append([]string{csvSafe(l.Till), fd.Day, "late arrival", fmt.Sprintf("seq %d %s %s", l.Seq, l.Kind, l.Ref)}, blank...)
		row[len(row)-3], row[len(row)-2] = fd.Total.Money(l.Amount), fd.Currency
		cw.Write(row)
	}
	for _, x := range fd.Exceptions {
		row := append([]string{csvSafe(x.Till), fd.Day, "central exception", csvSafe(strings.TrimSpace(x.Kind + " " + x.Ref))}, blank...)
		row[3+1] = "1"
		row[len(row)-2] = fd.Currency
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// writeFleetText prints each till's day close as till report does, the
// total, then the late arrivals and the central exceptions.
func writeFleetText(w io.Writer, fd central.FleetDay) error {
	for _, t := range fd.Tills {
		io.WriteString(w, receipt.DayText(dayOf(fd, t.Day).Report, receipt.DayOptions{Width: 80, Merchant: "till " + safetext.Escape(t.Till)}))
		io.WriteString(w, "\n")
	}
	head := "fleet total, " + strconv.Itoa(len(fd.Tills)) + " tills"
	if len(fd.Absent) > 0 {
		head += ", closed without " + safetext.Escape(strings.Join(fd.Absent, ", "))
	}
	io.WriteString(w, receipt.DayText(dayOf(fd, fd.Total).Report, receipt.DayOptions{Width: 80, Merchant: head}))
	if len(fd.Late) > 0 {
		fmt.Fprintf(w, "\nLate arrivals (uploaded after the fleet day was closed; not in the figures above):\n")
		for _, l := range fd.Late {
			fmt.Fprintf(w, "  %-20s seq %-6d %-10s %-9s %s\n", safetext.Escape(l.Till), l.Seq, l.Ref, l.Kind, fd.Total.Money(l.Amount))
		}
	}
	if len(fd.Exceptions) > 0 {
		fmt.Fprintf(w, "\nCentral exceptions of the day (till central check lists them all):\n")
		for _, x := range fd.Exceptions {
			fmt.Fprintf(w, "  %s: %s\n", x.Kind, safetext.Escape(x.Detail))
		}
	}
	return nil
}
