// Package report is the day close (Z-report): what a business day's
// orders add up to, per status and per scheme, how much money is verified,
// claimed or refunded, and what still needs attention. Figures come from
// the store as per-group sums; Build assembles them and checks that the
// parts add up to the whole, so a report that does not add up is never
// printed.
package report

import (
	"fmt"
	"sort"

	"github.com/till-pos/till/payment"
)

// Row is one group of orders: a status, or the schemes they offered.
type Row struct {
	Key      string `json:"key"`
	Count    int    `json:"count"`
	Due      int64  `json:"due_minor"`      // the orders' amounts
	Settled  int64  `json:"settled_minor"`  // money held before refunds: evidence, else the claimed amount
	Received int64  `json:"received_minor"` // payment evidence
	Refunded int64  `json:"refunded_minor"`
	CashPaid int64  `json:"cash_paid_minor"` // cash the cashier took for the orders (part of Settled)
}

func (r *Row) add(o Row) {
	r.Count += o.Count
	r.Due += o.Due
	r.Settled += o.Settled
	r.Received += o.Received
	r.Refunded += o.Refunded
	r.CashPaid += o.CashPaid
}

// Claim is an order the cashier marked paid with no evidence yet.
type Claim struct {
	Ref    string `json:"ref"`
	Due    int64  `json:"due_minor"`
	Actor  string `json:"actor"`
	AtUnix int64  `json:"at_unix"`
}

// ExceptionPage is how many open exceptions a day close lists; the rest
// are counted, and worked through on the reconcile screen.
const ExceptionPage = 20

// Exception is an open reconciliation exception concerning the day.
type Exception struct {
	ID     int64  `json:"id"`
	Kind   string `json:"kind"`
	Ref    string `json:"ref"`
	Amount int64  `json:"amount_minor"`
	Detail string `json:"detail"`
	// Currency is the evidence's currency: the day's, or another one
	// (money in another currency is an exception of its own, and the day
	// close lists every open exception the reconcile screen does).
	Currency string `json:"currency"`
}

// Text is the exception's amount as money reads it for the day, or with
// its own currency code when it is in another currency than the day's.
func (x Exception) Text(d Day, money func(int64) string) string {
	if x.Currency == "" || x.Currency == d.Currency {
		return money(x.Amount)
	}
	exp := 2
	if c, err := payment.LookupCurrency(x.Currency); err == nil {
		exp = c.Exponent
	}
	return x.Currency + " " + payment.FormatMinor(x.Amount, exp)
}

// Day is one business day in one currency.
type Day struct {
	Day      string `json:"day"`
	Currency string `json:"currency"`
	Exponent int    `json:"exponent"`

	ByStatus []Row `json:"by_status"` // every status, in payment.Statuses order
	ByScheme []Row `json:"by_scheme"` // by the schemes the orders offered
	Total    Row   `json:"total"`

	// Money, in minor units.
	Verified  int64 `json:"verified_minor"`  // received with evidence (notification, statement)
	Claimed   int64 `json:"claimed_minor"`   // marked paid by the cashier, no evidence yet
	CashPaid  int64 `json:"cash_paid_minor"` // taken in cash for orders ("rest paid in cash"): held, not evidence
	Refunded  int64 `json:"refunded_minor"`  // recorded refunds
	Expected  int64 `json:"expected_minor"`  // verified + claimed + cash paid - refunded: what the merchant should hold
	Unpaid    int64 `json:"unpaid_minor"`    // due on open orders and short payments
	Cash      int64 `json:"cash_minor"`      // cash the cashier counted and entered
	HasCash   bool  `json:"has_cash"`        //
	Takings   int64 `json:"takings_minor"`   // expected + cash
	LateCount int   `json:"late_count"`      // orders paid after expiry or cancellation

	Claims []Claim `json:"unverified_claims"`
	// OpenExceptions is the first page of the open exceptions (oldest
	// first, at most ExceptionPage); OpenExceptionCount is how many are
	// open in all. A day with a million unplaced lines stays one page.
	OpenExceptions     []Exception `json:"open_exceptions"`
	OpenExceptionCount int         `json:"open_exception_count"`

	ClosedBy   string `json:"closed_by,omitempty"`
	ClosedUnix int64  `json:"closed_at_unix,omitempty"`
	Note       string `json:"note,omitempty"` // the closing cashier's remark
}

// Inputs are the sums the store computes for a day and currency.
type Inputs struct {
	Day        string
	Currency   payment.Currency
	ByStatus   []Row // any order, missing statuses are zero
	ByScheme   []Row
	LateCount  int
	Claims     []Claim
	Exceptions []Exception // the first page
	// ExceptionCount is how many exceptions are open in all.
	ExceptionCount int
	Cash           *int64
}

// Build assembles a day's report and checks that it adds up: the statuses
// and the schemes each sum to the same totals, and the money lines agree
// with the status rows. An error here is a bug, never a customer's
// problem, and it stops the report from being printed.
func Build(in Inputs) (Day, error) {
	d := Day{Day: in.Day, Currency: in.Currency.Code, Exponent: in.Currency.Exponent, LateCount: in.LateCount,
		Claims: in.Claims, OpenExceptions: in.Exceptions, OpenExceptionCount: max(in.ExceptionCount, len(in.Exceptions))}
	if d.Claims == nil {
		d.Claims = []Claim{}
	}
	if d.OpenExceptions == nil {
		d.OpenExceptions = []Exception{}
	}
	byStatus := map[string]Row{}
	for _, r := range in.ByStatus {
		if _, err := payment.ParseStatus(r.Key); err != nil {
			return d, fmt.Errorf("report %s: %w", in.Day, err)
		}
		x := byStatus[r.Key]
		x.Key = r.Key
		x.add(r)
		byStatus[r.Key] = x
	}
	for _, st := range payment.Statuses {
		r := byStatus[string(st)]
		r.Key = string(st)
		d.ByStatus = append(d.ByStatus, r)
		d.Total.add(r)
		switch st {
		case payment.StatusOpen:
			d.Unpaid += r.Due
		case payment.StatusPartial:
			d.Unpaid += r.Due - r.Received
		}
	}
	// Money is counted per order as the store summed it: what is held
	// (evidence, or the cashier's word for a claim), less refunds.
	d.Verified = d.Total.Received
	d.CashPaid = d.Total.CashPaid
	d.Claimed = d.Total.Settled - d.Total.Received - d.Total.CashPaid
	d.Refunded = d.Total.Refunded
	d.Expected = d.Total.Settled - d.Total.Refunded
	if in.Cash != nil {
		d.Cash, d.HasCash = *in.Cash, true
	}
	d.Takings = d.Expected + d.Cash
	d.Total.Key = "total"

	var schemeTotal Row
	for _, r := range in.ByScheme {
		d.ByScheme = append(d.ByScheme, r)
		schemeTotal.add(r)
	}
	sort.Slice(d.ByScheme, func(i, j int) bool { return d.ByScheme[i].Key < d.ByScheme[j].Key })
	schemeTotal.Key = "total"
	if schemeTotal != d.Total {
		return d, fmt.Errorf("report %s does not add up: schemes give %+v, statuses %+v", in.Day, schemeTotal, d.Total)
	}
	if d.Verified+d.Claimed+d.CashPaid-d.Refunded != d.Expected || d.Claimed < 0 || d.CashPaid < 0 {
		return d, fmt.Errorf("report %s does not add up: verified %d + claimed %d + cash %d - refunded %d != expected %d",
			in.Day, d.Verified, d.Claimed, d.CashPaid, d.Refunded, d.Expected)
	}
	return d, nil
}

// MoreExceptions is how many open exceptions the report counts but does
// not list. A day closed before the count was kept lists them all.
func (d Day) MoreExceptions() int {
	return max(d.OpenExceptionCount-len(d.OpenExceptions), 0)
}

// Money formats minor units in the report's currency.
func (d Day) Money(minor int64) string {
	return payment.FormatMinor(minor, d.Exponent)
}
