package common

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
)

// DayReportMsg carries a business day's report as it is to be shown.
type DayReportMsg struct{ app.DayReport }

// DayClosedMsg reports that this till just closed a day.
type DayClosedMsg struct{ DayReportMsg }

// ReceiptMsg carries an order's receipt as plain text.
type ReceiptMsg struct {
	Ref  payment.Reference
	Text string
}

// PrintedMsg reports that something went to the printer.
type PrintedMsg struct {
	What    string // "receipt AB2CD-3EFGH", "day close 2026-11-24"
	Printer string // the command that printed it
}

// PrintFailedMsg reports that the printer command failed: the whole
// message, with the command's exit status and what it said on its
// standard error, for the cashier to read (and act on) in full.
type PrintFailedMsg struct {
	What string // "receipt AB2CD-3EFGH", "day close 2026-11-24"
	Err  error
}

// ReceiptQR draws text as a small QR code for paper (see app.ReceiptQR).
func ReceiptQR(text string) ([]string, error) { return app.ReceiptQR(text) }

// DayReport loads a day's report in the merchant's currency.
func (b *Backend) DayReport(day string, live bool) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		d, err := a.DayReport(ctx, day, live)
		return DayReportMsg{d}, err
	})
}

// CloseDay closes a day in the merchant's currency as the till's cashier,
// with the cash counted (nil: not counted).
func (b *Backend) CloseDay(day string, cash *int64, note string) tea.Cmd {
	a := b.app()
	if cash != nil {
		c := *cash // the caller's variable may change before the Cmd runs
		cash = &c
	}
	return call(func(ctx context.Context) (tea.Msg, error) {
		d, err := a.CloseDay(ctx, day, cash, note)
		return DayClosedMsg{DayReportMsg{d}}, err
	})
}

// Receipt makes an order's receipt, width columns wide (0: receipt's
// default), for the screen.
func (b *Backend) Receipt(ref payment.Reference, width int) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		text, err := a.ReceiptText(ctx, ref, width)
		return ReceiptMsg{Ref: ref, Text: text}, err
	})
}

// PrintReceipt sends an order's receipt, with a QR code of its reference,
// to the configured printer command.
func (b *Backend) PrintReceipt(ref payment.Reference, width int) tea.Cmd {
	a := b.app()
	return callWithin(app.PrintTimeout, func(ctx context.Context) (tea.Msg, error) {
		what, err := a.PrintReceipt(ctx, ref, width)
		return printed(a, what, err)
	})
}

// PrintDay sends a day close, as shown, to the configured printer command.
func (b *Backend) PrintDay(d DayReportMsg, width int) tea.Cmd {
	a := b.app()
	return callWithin(app.PrintTimeout, func(ctx context.Context) (tea.Msg, error) {
		what, err := a.PrintDay(ctx, d.DayReport, width)
		return printed(a, what, err)
	})
}

// printed turns a printing's result into its message: the printer's own
// failure is a PrintFailedMsg, shown in full; any other error an ErrMsg.
func printed(a *app.App, what string, err error) (tea.Msg, error) {
	var failed *app.PrintError
	if errors.As(err, &failed) {
		return PrintFailedMsg{What: failed.What, Err: failed.Err}, nil
	}
	if err != nil {
		return nil, err
	}
	return PrintedMsg{What: what, Printer: a.Printer.String()}, nil
}
