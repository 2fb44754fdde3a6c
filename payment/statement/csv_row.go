package statement

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
)

// Default values of a direction (D/C) column when the profile gives none.
var (
	defaultCreditValues = []string{"C", "CR", "CRDT", "H", "+", "收入", "收"}
	defaultDebitValues  = []string{"D", "DR", "DBIT", "S", "-", "支出", "支"}
)

// row turns one record into a Line. skip reports a row that is not a
// payment (a status in SkipStatuses).
//
// It is better whole: it reads the profile's columns in one pass with one
// sticky error (must stops at the first bad cell), column by column;
// pieces would have to carry that error and the record between
// them. The amount's three layouts are already apart, in amount.
func (r *csvReader) row(rec []string) (l Line, skip bool, err error) {
	cell := func(field string, i int, strict bool) (string, error) {
		if i < 0 {
			return "", nil
		}
		if i >= len(rec) {
			return "", fmt.Errorf("the row has %d cells, but %s is column %d", len(rec), field, i+1)
		}
		return cleanCell(rec[i], strict), nil
	}
	must := func(field string, i int, strict bool) string {
		if err != nil {
			return ""
		}
		var v string
		v, err = cell(field, i, strict)
		return v
	}
	c, p := &r.col, &r.p

	status := must("status", c.status, false)
	if err != nil {
		return Line{}, false, err
	}
	if inSet(status, p.SkipStatuses) {
		return Line{}, true, nil
	}
	l.Pending = status != "" && inSet(status, p.PendingValues)

	date := must("date", c.date, true)
	clock := must("time", c.time, true)
	valueDate := must("value_date", c.valueDate, true)
	if err != nil {
		return Line{}, false, err
	}
	if l.BookedAt, err = r.parseDate("date", date, clock); err != nil {
		return Line{}, false, err
	}
	if valueDate != "" {
		if l.ValueAt, err = r.parseDate("value_date", valueDate, ""); err != nil {
			return Line{}, false, err
		}
	}

	cur := r.fixed
	if c.currency >= 0 {
		code := must("currency", c.currency, true)
		if err != nil {
			return Line{}, false, err
		}
		if cur, err = payment.LookupCurrency(code); err != nil {
			return Line{}, false, fmt.Errorf("currency: %w", err)
		}
	}
	if l.Amount.Minor, l.Credit, err = r.amount(rec, cur.Exponent, cell); err != nil {
		return Line{}, false, err
	}
	l.Amount.Currency = cur

	l.Reference = must("reference", c.reference, true)
	l.Counterparty = must("counterparty", c.counterparty, false)
	l.ProviderID = must("provider_id", c.providerID, true)
	l.BankCode = must("bank_code", c.bankCode, false)
	l.Account = firstOf(must("account", c.account, true), r.account)
	for _, i := range c.text {
		l.Text = joinText(l.Text, must("text", i, false))
	}
	var ids []string
	nonEmpty := false
	for _, i := range c.id {
		v := must("id", i, true)
		nonEmpty = nonEmpty || v != ""
		ids = append(ids, v)
	}
	if err != nil {
		return Line{}, false, err
	}
	if isNoRef(l.Reference) {
		l.Reference = ""
	}
	if isNoRef(l.ProviderID) {
		l.ProviderID = ""
	}
	if nonEmpty {
		l.Key = r.source + "|" + l.Account + "|" + strings.Join(ids, "|")
	}
	l.Source = r.source
	return l, false, nil
}

func (r *csvReader) parseDate(field, date, clock string) (time.Time, error) {
	if date == "" {
		return time.Time{}, fmt.Errorf("%s is empty", field)
	}
	t, err := time.ParseInLocation(r.p.DateFormat, date, r.loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q does not match date_format %q", field, date, r.p.DateFormat)
	}
	if clock == "" {
		return t, nil
	}
	layout := firstOf(r.p.TimeFormat, "15:04:05")
	hms, err := time.Parse(layout, clock)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q does not match time_format %q", clock, layout)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), hms.Hour(), hms.Minute(), hms.Second(), hms.Nanosecond(), r.loc), nil
}

// amount reads the row's amount by whichever of the three layouts the
// profile uses, returning it unsigned with its direction.
//
// It is better whole: its three branches are the three amount layouts a
// profile may use (a signed amount, an amount with a direction column, a
// credit/debit pair), each short; a function per layout would repeat the
// cell reading and the direction sets.
func (r *csvReader) amount(rec []string, exp int, cell func(string, int, bool) (string, error)) (int64, bool, error) {
	c, p := &r.col, &r.p
	if c.amount >= 0 {
		v, err := cell("amount", c.amount, true)
		if err != nil {
			return 0, false, err
		}
		minor, negative, err := parseCSVAmount(v, r.decimal, exp)
		if err != nil {
			return 0, false, fmt.Errorf("amount %q: %w", v, err)
		}
		if c.direction < 0 {
			return minor, !negative, nil
		}
		d, err := cell("direction", c.direction, true)
		if err != nil {
			return 0, false, err
		}
		credits, debits := p.CreditValues, p.DebitValues
		if len(credits) == 0 && len(debits) == 0 {
			credits, debits = defaultCreditValues, defaultDebitValues
		}
		switch {
		case inSet(d, credits):
			return minor, true, nil
		case inSet(d, debits) && c.debitAmount >= 0:
			v, err := cell("debit_amount", c.debitAmount, true)
			if err != nil {
				return 0, false, err
			}
			if minor, _, err = parseCSVAmount(v, r.decimal, exp); err != nil {
				return 0, false, fmt.Errorf("debit_amount %q: %w", v, err)
			}
			return minor, false, nil
		case inSet(d, debits):
			return minor, false, nil
		}
		return 0, false, fmt.Errorf("direction %q is neither a credit (%s) nor a debit (%s)",
			d, strings.Join(credits, ", "), strings.Join(debits, ", "))
	}
	cv, err := cell("credit", c.credit, true)
	if err != nil {
		return 0, false, err
	}
	dv, err := cell("debit", c.debit, true)
	if err != nil {
		return 0, false, err
	}
	var credit, debit int64
	if cv != "" {
		if credit, _, err = parseCSVAmount(cv, r.decimal, exp); err != nil {
			return 0, false, fmt.Errorf("credit %q: %w", cv, err)
		}
	}
	if dv != "" {
		if debit, _, err = parseCSVAmount(dv, r.decimal, exp); err != nil {
			return 0, false, fmt.Errorf("debit %q: %w", dv, err)
		}
	}
	switch {
	case credit != 0 && debit != 0:
		return 0, false, fmt.Errorf("both credit %q and debit %q are filled", cv, dv)
	case debit != 0:
		return debit, false, nil
	case cv == "" && dv == "":
		return 0, false, errors.New("neither credit nor debit is filled")
	}
	return credit, true, nil
}
