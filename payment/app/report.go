package app

import (
	"context"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/report"
)

// DayReport is a business day's report as it is to be shown or printed.
type DayReport struct {
	Day    string // YYYY-MM-DD
	Report report.Day
	// Closed says the day has been closed (Report.ClosedBy and
	// Report.ClosedUnix say by whom and when).
	Closed bool
	// Live says the figures are computed now; false for a closed day
	// means they are the snapshot kept at closing.
	Live bool
	// Moved says, for a closed day shown as at closing, that orders or
	// money of the day changed since: the snapshot no longer tells the
	// whole day, and the live figures do.
	Moved bool
}

// LoadDayReport reads a day's report in a currency. A closed day gives the
// snapshot kept at closing unless live is set; live figures of a closed
// day keep who closed it and the cash counted then, since those are facts
// of the closing, not figures that change.
func LoadDayReport(ctx context.Context, book Days, day string, cur payment.Currency, live bool) (DayReport, error) {
	d, err := book.DayReport(ctx, day, cur, false)
	if err != nil {
		return DayReport{}, err
	}
	out := DayReport{Day: day, Report: d, Closed: d.ClosedBy != "" || d.ClosedUnix != 0, Live: true}
	if !out.Closed {
		return out, nil
	}
	now, err := book.DayReport(ctx, day, cur, true)
	if err != nil {
		return DayReport{}, err
	}
	if !live {
		out.Live = false
		out.Moved = now.Total.Count != d.Total.Count || now.Verified != d.Verified ||
			now.Claimed != d.Claimed || now.Refunded != d.Refunded
		return out, nil
	}
	now.ClosedBy, now.ClosedUnix, now.Note = d.ClosedBy, d.ClosedUnix, d.Note
	now.Cash, now.HasCash = d.Cash, d.HasCash
	now.Takings = now.Expected + now.Cash
	out.Report = now
	return out, nil
}

// DayReport reads a day's report in the merchant's currency.
func (a *App) DayReport(ctx context.Context, day string, live bool) (DayReport, error) {
	return LoadDayReport(ctx, a.Book, day, a.Merchant.Currency, live)
}

// CloseDay closes a day in the merchant's currency as the till's actor,
// with the cash counted (nil: not counted), and returns the report kept.
func (a *App) CloseDay(ctx context.Context, day string, cash *int64, note string) (DayReport, error) {
	d, err := a.Book.CloseDay(ctx, day, a.Merchant.Currency, a.Actor, cash, note)
	if err != nil {
		return DayReport{}, err
	}
	return DayReport{Day: day, Report: d, Closed: true}, nil
}
