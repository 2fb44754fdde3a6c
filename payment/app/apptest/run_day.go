package apptest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
)

// runDay is one scenario of the suite: a day with claimed, cancelled and
// open sales, its report, its closing, a refund after the close, and
// printing the day close.
//
// It is better whole: it is a test script whose steps build on the book
// the steps before left; its branches are the checks (t.Fatalf), not logic.
func runDay(t *testing.T, open Opener) {
	f := NewFixture(t, open)
	const day = "2026-11-24"
	claimed := f.Charge(1000, "")
	cancelled := f.Charge(300, "")
	f.Charge(450, "") // stays open: unpaid
	if _, err := f.App.Claim(f.Ctx, claimed.Ref, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.App.Cancel(f.Ctx, cancelled.Ref, "wrong amount", ""); err != nil {
		t.Fatal(err)
	}
	d, err := f.App.DayReport(f.Ctx, day, false)
	if err != nil {
		t.Fatal(err)
	}
	r := d.Report
	if d.Day != day || d.Closed || !d.Live || d.Moved || r.Total.Count != 3 || r.Claimed != 1000 || r.Verified != 0 ||
		r.Expected != 1000 || r.Unpaid != 450 || len(r.Claims) != 1 || r.Claims[0].Ref != string(claimed.Ref) || r.Claims[0].Actor != "tester" {
		t.Fatalf("open day: %+v", d)
	}
	if _, err := f.App.DayReport(f.Ctx, "24/11/2026", false); err == nil {
		t.Fatal("a day that is no date was reported")
	}

	cash := int64(2500)
	f.Clock.Advance(8 * time.Hour)
	c, err := f.App.CloseDay(f.Ctx, day, &cash, "till counted")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Closed || c.Report.ClosedBy != "tester" || c.Report.ClosedUnix != f.Clock.Now().Unix() || !c.Report.HasCash ||
		c.Report.Cash != 2500 || c.Report.Takings != 3500 || c.Report.Note != "till counted" || c.Report.Total.Count != 3 {
		t.Fatalf("closing: %+v", c)
	}
	if _, err := f.App.CloseDay(f.Ctx, day, nil, ""); !errors.Is(err, app.ErrDayClosed) || !strings.Contains(err.Error(), "tester") {
		t.Fatalf("closing twice: %v", err)
	}

	// Shown as at closing until the day moves; live figures keep the
	// closing's facts.
	snap, err := f.App.DayReport(f.Ctx, day, false)
	if err != nil || !snap.Closed || snap.Live || snap.Moved || snap.Report.Cash != 2500 || snap.Report.Total.Count != 3 {
		t.Fatalf("closed day: %+v %v", snap, err)
	}
	if _, err := f.App.Refund(f.Ctx, claimed.Ref, 400, "returned", ""); err != nil {
		t.Fatal(err)
	}
	snap, err = f.App.DayReport(f.Ctx, day, false)
	if err != nil || !snap.Closed || snap.Live || !snap.Moved || snap.Report.Refunded != 0 {
		t.Fatalf("closed day that moved: %+v %v", snap, err)
	}
	live, err := f.App.DayReport(f.Ctx, day, true)
	if err != nil || !live.Closed || !live.Live || live.Moved {
		t.Fatalf("live closed day: %+v %v", live, err)
	}
	lr := live.Report
	if lr.Refunded != 400 || lr.Expected != 600 || lr.Cash != 2500 || lr.Takings != 3100 || lr.ClosedBy != "tester" || lr.Note != "till counted" {
		t.Fatalf("live figures of a closed day: %+v", lr)
	}
	if lr.Currency != f.App.Merchant.Currency.Code {
		t.Fatalf("currency %s", lr.Currency)
	}

	// Another currency's day is empty, and the day close prints.
	other := payment.Currency{Code: "XXX", Exponent: 2}
	if d, err := app.LoadDayReport(f.Ctx, f.Book, day, other, false); err != nil || d.Report.Total.Count != 0 || d.Closed {
		t.Fatalf("another currency: %+v %v", d, err)
	}
	what, err := f.App.PrintDay(f.Ctx, live, 40)
	if err != nil || what != "day close "+day || len(f.Pages.Pages) != 1 || !strings.Contains(f.Pages.Pages[0], f.App.Merchant.Name) {
		t.Fatalf("printing the day: %q %v %q", what, err, f.Pages.Pages)
	}
}

// runReceipts is one scenario of the suite: receipts and their printing.
//
// It is better whole: it is a test script whose steps build on each other;
// its branches are the checks (t.Fatalf), not logic.
func runReceipts(t *testing.T, open Opener) {
	f := NewFixture(t, open)
	o := f.Charge(1000, "two coffees")
	if _, err := f.App.Claim(f.Ctx, o.Ref, ""); err != nil {
		t.Fatal(err)
	}
	f.Clock.Advance(time.Minute)
	if _, err := f.App.Refund(f.Ctx, o.Ref, 250, "one was cold", ""); err != nil {
		t.Fatal(err)
	}
	r, err := f.App.Receipt(f.Ctx, o.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if r.Ref != o.Ref || r.Merchant != f.App.Merchant.Name || !r.Demo || r.Paid.IsZero() || len(r.Offered) == 0 ||
		len(r.Refunds) != 1 || r.Refunds[0].Minor != 250 || r.Refunds[0].Reason != "one was cold" {
		t.Fatalf("receipt: %+v", r)
	}
	text, err := f.App.ReceiptText(f.Ctx, o.Ref, 40)
	if err != nil || !strings.Contains(text, o.Ref.Grouped()) || !strings.Contains(text, "two coffees") {
		t.Fatalf("receipt text: %v\n%s", err, text)
	}

	what, err := f.App.PrintReceipt(f.Ctx, o.Ref, 40)
	if err != nil || what != "receipt "+o.Ref.Grouped() || len(f.Pages.Pages) != 1 {
		t.Fatalf("printing: %q %v", what, err)
	}
	if page := f.Pages.Pages[0]; !strings.Contains(page, o.Ref.Grouped()) || !strings.ContainsAny(page, "█▀▄") {
		t.Fatalf("a printed receipt has its reference and its QR:\n%s", page)
	}

	var pe *app.PrintError
	jammed := errors.New("paper jam")
	f.Pages.Err = jammed
	if _, err := f.App.PrintReceipt(f.Ctx, o.Ref, 40); !errors.As(err, &pe) || !errors.Is(err, jammed) || pe.What != what {
		t.Fatalf("a failing printer: %v", err)
	}
	f.App.Printer = nil
	if _, err := f.App.PrintReceipt(f.Ctx, o.Ref, 40); !errors.As(err, &pe) || !errors.Is(err, app.ErrNoPrinter) {
		t.Fatalf("no printer: %v", err)
	}
	if _, err := f.App.PrintReceipt(f.Ctx, "AAAAAAAAAA", 40); errors.As(err, &pe) || !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("receipt of an unknown order: %v", err)
	}
}
