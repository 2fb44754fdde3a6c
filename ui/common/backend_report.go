package common

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"rsc.io/qr"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/receipt"
	"github.com/till-pos/till/payment/report"
	"github.com/till-pos/till/payment/scheme"
	"github.com/till-pos/till/store"
)

// DayReportMsg carries a business day's report as it is to be shown.
type DayReportMsg struct {
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

// printTimeout bounds one printer command: a spooler answers at once, and
// a printer that hangs must become an error, not a stuck command.
const printTimeout = 30 * time.Second

// ErrNoPrinter is returned when printing with no printer command set.
var ErrNoPrinter = errors.New(`no printer is configured: set printer in the [till] section of the configuration, for example printer = "lp -d receipt"`)

// LoadDayReport reads a day's report in a currency. A closed day gives the
// snapshot kept at closing unless live is set; live figures of a closed
// day keep who closed it and the cash counted then, since those are facts
// of the closing, not figures that change.
func LoadDayReport(ctx context.Context, st *store.Store, day string, cur payment.Currency, live bool) (DayReportMsg, error) {
	d, err := st.DayReport(ctx, day, cur, false)
	if err != nil {
		return DayReportMsg{}, err
	}
	msg := DayReportMsg{Day: day, Report: d, Closed: d.ClosedBy != "" || d.ClosedUnix != 0, Live: true}
	if !msg.Closed {
		return msg, nil
	}
	now, err := st.DayReport(ctx, day, cur, true)
	if err != nil {
		return DayReportMsg{}, err
	}
	if !live {
		msg.Live = false
		msg.Moved = now.Total.Count != d.Total.Count || now.Verified != d.Verified ||
			now.Claimed != d.Claimed || now.Refunded != d.Refunded
		return msg, nil
	}
	now.ClosedBy, now.ClosedUnix, now.Note = d.ClosedBy, d.ClosedUnix, d.Note
	now.Cash, now.HasCash = d.Cash, d.HasCash
	now.Takings = now.Expected + now.Cash
	msg.Report = now
	return msg, nil
}

// DayReport loads a day's report in the merchant's currency.
func (b *Backend) DayReport(day string, live bool) tea.Cmd {
	st, cur := b.Store, b.Config.Merchant.Currency
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		msg, err := LoadDayReport(ctx, st, day, cur, live)
		if err != nil {
			return ErrMsg{err}
		}
		return msg
	}
}

// CloseDay closes a day in the merchant's currency as the till's cashier,
// with the cash counted (nil: not counted).
func (b *Backend) CloseDay(day string, cash *int64, note string) tea.Cmd {
	st, cur, actor := b.Store, b.Config.Merchant.Currency, b.Actor
	if cash != nil {
		c := *cash // the caller's variable may change before the Cmd runs
		cash = &c
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		d, err := st.CloseDay(ctx, day, cur, actor, cash, note)
		if err != nil {
			return ErrMsg{err}
		}
		return DayClosedMsg{DayReportMsg{Day: day, Report: d, Closed: true}}
	}
}

// NewReceipt makes the receipt of an order (with its codes and events, as
// Store.Get and Store.Events give them).
func NewReceipt(o store.Order, events []store.Event, m payment.Merchant, demo bool) receipt.Receipt {
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
func LoadReceipt(ctx context.Context, st *store.Store, ref payment.Reference, m payment.Merchant, demo bool) (receipt.Receipt, error) {
	o, err := st.Get(ctx, ref)
	if err != nil {
		return receipt.Receipt{}, err
	}
	events, err := st.Events(ctx, ref)
	if err != nil {
		return receipt.Receipt{}, fmt.Errorf("order %s history: %w", ref, err)
	}
	return NewReceipt(o, events, m, demo), nil
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

// Receipt makes an order's receipt, width columns wide (0: receipt's
// default), for the screen.
func (b *Backend) Receipt(ref payment.Reference, width int) tea.Cmd {
	st, m, demo, lang := b.Store, b.Config.Merchant, b.Demo, b.ReceiptLang
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		r, err := LoadReceipt(ctx, st, ref, m, demo)
		if err != nil {
			return ErrMsg{err}
		}
		return ReceiptMsg{Ref: ref, Text: receipt.Text(r, receipt.Options{Width: width, Lang: lang})}
	}
}

// PrintReceipt sends an order's receipt, with a QR code of its reference,
// to the configured printer command.
func (b *Backend) PrintReceipt(ref payment.Reference, width int) tea.Cmd {
	st, m, demo, printer, lang := b.Store, b.Config.Merchant, b.Demo, b.Config.File.Till.Printer, b.ReceiptLang
	what := b.Lang.T("receipt %s", ref.Grouped())
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), printTimeout)
		defer cancel()
		r, err := LoadReceipt(ctx, st, ref, m, demo)
		if err != nil {
			return ErrMsg{err}
		}
		opt := receipt.Options{Width: width, Feed: 3, Lang: lang}
		if lines, err := ReceiptQR(string(ref)); err == nil {
			opt.QR = &receipt.QR{Lines: lines}
		}
		if err := RunPrinter(ctx, printer, receipt.Text(r, opt)); err != nil {
			return PrintFailedMsg{What: what, Err: err}
		}
		return PrintedMsg{What: what, Printer: printer}
	}
}

// PrintDay sends a day close, as shown, to the configured printer command.
func (b *Backend) PrintDay(d DayReportMsg, width int) tea.Cmd {
	m, printer := b.Config.Merchant, b.Config.File.Till.Printer
	what := b.Lang.T("day close %s", d.Day)
	text := receipt.DayText(d.Report, receipt.DayOptions{Width: width, Merchant: m.Name, City: m.City, Live: d.Closed && d.Live, Feed: 3, Lang: b.ReceiptLang})
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), printTimeout)
		defer cancel()
		if err := RunPrinter(ctx, printer, text); err != nil {
			return PrintFailedMsg{What: what, Err: err}
		}
		return PrintedMsg{What: what, Printer: printer}
	}
}

// RunPrinter runs a printer command such as "lp -d receipt" with text on
// its standard input. The command goes through /bin/sh -c, as git runs
// the commands in its configuration: quotes, pipes and redirections work
// as the merchant would type them ("lp -d 'Front desk'", "tee -a
// receipts.txt | lp"). The configuration file it comes from can be
// changed by its owner only (till refuses it otherwise).
// maxPrinterSaid bounds how much of a printer command's standard error a
// failure quotes.
const maxPrinterSaid = 600

func RunPrinter(ctx context.Context, command, text string) error {
	if strings.TrimSpace(command) == "" {
		return ErrNoPrinter
	}
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
	cmd.Stdin = strings.NewReader(text)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("printer command %q did not finish in time", command)
		}
		// The exit status and everything the command said (a spooler's
		// reason is often on its second line), within reason.
		why := err.Error()
		if said := strings.TrimSpace(stderr.String()); said != "" {
			if len(said) > maxPrinterSaid {
				said = said[:maxPrinterSaid] + "…"
			}
			why += ": " + strings.Join(strings.Fields(strings.ReplaceAll(said, "\n", " / ")), " ")
		}
		return fmt.Errorf("printer command %q failed (%s)", command, why)
	}
	return nil
}
