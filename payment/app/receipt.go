package app

import (
	"context"
	"fmt"
	"strings"

	"rsc.io/qr"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/receipt"
	"github.com/till-pos/till/payment/scheme"
)

// NewReceipt makes the receipt of an order (with its codes and events, as
// Book.Get and Book.Events give them).
func NewReceipt(o Order, events []Event, m payment.Merchant, demo bool) receipt.Receipt {
	r := receipt.Receipt{
		Merchant: m.Name, City: m.City, Ref: o.Ref, Amount: o.Amount, State: o.State,
		Created: o.CreatedAt, Note: o.Note, Demo: demo || isDemo(o.Codes),
	}
	for _, c := range o.Codes {
		r.Offered = append(r.Offered, c.Label)
	}
	if len(r.Offered) == 0 {
		r.Offered = o.Schemes
	}
	for _, e := range events {
		switch e.Kind {
		case payment.EventPayment, payment.EventClaimed:
			r.Paid = e.At
		case payment.EventRefund:
			r.Refunds = append(r.Refunds, receipt.Refund{Minor: e.Amount, At: e.At, Reason: e.Note})
		}
	}
	return r
}

// isDemo reports whether an order's codes are demo codes, which no real
// wallet can pay: its receipt must say that no money moved, whichever
// configuration prints it.
func isDemo(codes []scheme.Code) bool {
	for _, c := range codes {
		if !strings.Contains(c.Payload, scheme.DemoGUID) {
			return false
		}
	}
	return len(codes) > 0
}

// LoadReceipt reads an order and its history and makes its receipt.
func LoadReceipt(ctx context.Context, book Orders, ref payment.Reference, m payment.Merchant, demo bool) (receipt.Receipt, error) {
	o, err := book.Get(ctx, ref)
	if err != nil {
		return receipt.Receipt{}, err
	}
	events, err := book.Events(ctx, ref)
	if err != nil {
		return receipt.Receipt{}, fmt.Errorf("order %s history: %w", ref, err)
	}
	return NewReceipt(o, events, m, demo), nil
}

// Receipt makes an order's receipt as this till prints it.
func (a *App) Receipt(ctx context.Context, ref payment.Reference) (receipt.Receipt, error) {
	return LoadReceipt(ctx, a.Book, ref, a.Merchant, a.Demo)
}

// ReceiptText is an order's receipt as plain text, width columns wide
// (0: the receipt's default).
func (a *App) ReceiptText(ctx context.Context, ref payment.Reference, width int) (string, error) {
	r, err := a.Receipt(ctx, ref)
	if err != nil {
		return "", err
	}
	return receipt.Text(r, receipt.Options{Width: width, Lang: a.ReceiptLang}), nil
}

// PrintError is a printing that failed once what was to be printed was
// ready: the printer's whole complaint, for the person to read and act on.
type PrintError struct {
	What string // "receipt AB2CD-3EFGH", "day close 2026-11-24"
	Err  error
}

func (e *PrintError) Error() string { return "printing " + e.What + ": " + e.Err.Error() }

func (e *PrintError) Unwrap() error { return e.Err }

// print sends text to the printer within PrintTimeout.
func (a *App) print(ctx context.Context, what, text string) (string, error) {
	if a.Printer == nil {
		return what, &PrintError{What: what, Err: ErrNoPrinter}
	}
	ctx, cancel := context.WithTimeout(ctx, PrintTimeout)
	defer cancel()
	if err := a.Printer.Print(ctx, text); err != nil {
		return what, &PrintError{What: what, Err: err}
	}
	return what, nil
}

// PrintReceipt sends an order's receipt, with a QR code of its reference,
// to the printer, and says what it printed. A failure of the printer
// itself is a *PrintError; any other error means nothing was printed
// because the receipt could not be made.
func (a *App) PrintReceipt(ctx context.Context, ref payment.Reference, width int) (string, error) {
	r, err := a.Receipt(ctx, ref)
	if err != nil {
		return "", err
	}
	opt := receipt.Options{Width: width, Feed: 3, Lang: a.ReceiptLang}
	if lines, err := ReceiptQR(string(ref)); err == nil {
		opt.QR = &receipt.QR{Lines: lines}
	}
	return a.print(ctx, a.Lang.T("receipt %s", ref.Grouped()), receipt.Text(r, opt))
}

// PrintDay sends a day close, as shown, to the printer.
func (a *App) PrintDay(ctx context.Context, d DayReport, width int) (string, error) {
	m := a.Merchant
	text := receipt.DayText(d.Report, receipt.DayOptions{Width: width, Merchant: m.Name, City: m.City, Live: d.Closed && d.Live, Feed: 3, Lang: a.ReceiptLang})
	return a.print(ctx, a.Lang.T("day close %s", d.Day), text)
}

// ReceiptQR draws text (an order reference) as a small QR code for paper:
// half-block characters in ink (█ ▀ ▄) on the paper's white, two modules
// of quiet zone. On a dark terminal it shows inverted, which not every
// phone reads; screens should draw their codes with ui/qrview instead.
func ReceiptQR(text string) ([]string, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return nil, fmt.Errorf("receipt QR of %q: %w", text, err)
	}
	const quiet = 2
	n := code.Size + 2*quiet
	ink := func(x, y int) bool {
		x, y = x-quiet, y-quiet
		return x >= 0 && y >= 0 && x < code.Size && y < code.Size && code.Black(x, y)
	}
	var lines []string
	for y := 0; y < n; y += 2 {
		var b strings.Builder
		for x := 0; x < n; x++ {
			top, bottom := ink(x, y), ink(x, y+1)
			switch {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteByte(' ')
			}
		}
		lines = append(lines, b.String())
	}
	return lines, nil
}
