package statement

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/till-pos/till/payment"
)

// Profile maps a bank's CSV export onto Lines. It is written in the
// configuration as [[csv_profiles]]; the built-in ones (Profiles) are
// written the same way.
//
// Columns are named by their header text, or by 1-based position written
// as a number (date = 1 or date = "1"). Dates use Go layouts, the
// reference time being Mon Jan 2 15:04:05 2006: "2006-01-02" for ISO
// dates, "02.01.06" for dd.mm.yy, "01/02/2006" for US dates, "2006-01-02
// 15:04:05" for a date with a time.
//
// Example:
//
//	[[csv_profiles]]
//	name = "mybank"
//	delimiter = ";"
//	encoding = "windows-1252"
//	skip_lines = 4
//	date = "Booking date"
//	date_format = "02.01.2006"
//	amount = "Amount"
//	decimal_mark = ","
//	fixed_currency = "EUR"
//	text = ["Purpose", "Name"]
type Profile struct {
	// Name identifies the profile (lower-case letters, digits, '-', '_').
	Name        string `toml:"name"`
	Description string `toml:"description,omitempty"`
	// Delimiter is one character; "tab" or "\t" for tab. Default ",".
	Delimiter string `toml:"delimiter,omitempty"`
	// Encoding: utf-8 (default; a BOM is skipped), utf-16 (BOM required),
	// utf-16le, utf-16be, windows-1252, iso-8859-1, iso-8859-15, gb18030,
	// gbk, or utf-8-or-gb18030 (UTF-8 when the file's head is valid UTF-8,
	// else GB18030: Chinese bills come either way).
	Encoding string `toml:"encoding,omitempty"`
	// SkipLines is the number of physical lines before the header (or the
	// data, with NoHeader): account number, period, balances.
	SkipLines int `toml:"skip_lines,omitempty"`
	// Comment is a character that marks lines to skip wherever they are,
	// such as the '#' preamble and footer of the Alipay bill.
	Comment string `toml:"comment,omitempty"`
	// NoHeader says there is no header row; every column is then a
	// position.
	NoHeader bool `toml:"no_header,omitempty"`
	// SkipPrefixes skips rows whose first cell starts with one of them
	// ("Total", "Saldo"); StopAt ends the data at such a row (a summary
	// block follows).
	SkipPrefixes []string `toml:"skip_prefixes,omitempty"`
	StopAt       []string `toml:"stop_at,omitempty"`

	// Date is the booking date (with the time when DateFormat has one);
	// Time an optional separate time column; ValueDate optional.
	Date       Column `toml:"date"`
	Time       Column `toml:"time,omitempty"`
	ValueDate  Column `toml:"value_date,omitempty"`
	DateFormat string `toml:"date_format"`
	// TimeFormat is the layout of the Time column; default "15:04:05".
	TimeFormat string `toml:"time_format,omitempty"`
	// Timezone of the dates: an IANA name or an offset such as "+08:00".
	// Default: the importer's local zone.
	Timezone string `toml:"timezone,omitempty"`

	// The amount is either one signed Amount column, or a Credit/Debit
	// pair (one of the two filled per row), or an Amount column whose
	// direction a Direction column gives (values in CreditValues and
	// DebitValues; the amount's own sign is then ignored).
	Amount       Column   `toml:"amount,omitempty"`
	Credit       Column   `toml:"credit,omitempty"`
	Debit        Column   `toml:"debit,omitempty"`
	Direction    Column   `toml:"direction,omitempty"`
	CreditValues []string `toml:"credit_values,omitempty"`
	DebitValues  []string `toml:"debit_values,omitempty"`
	// DebitAmount, with Direction, is where a debit row's amount is when
	// it is not in Amount: a WeChat Pay refund row keeps the order amount
	// in 订单金额 and the refund in 退款金额.
	DebitAmount Column `toml:"debit_amount,omitempty"`
	// DecimalMark is "." (default) or ",". The other one, spaces
	// (including no-break spaces) and apostrophes are read as grouping.
	DecimalMark string `toml:"decimal_mark,omitempty"`

	// Currency column, or FixedCurrency for files in one currency.
	Currency      Column `toml:"currency,omitempty"`
	FixedCurrency string `toml:"fixed_currency,omitempty"`

	Reference    Column   `toml:"reference,omitempty"`
	Text         []Column `toml:"text,omitempty"` // joined with spaces
	Counterparty Column   `toml:"counterparty,omitempty"`
	Account      Column   `toml:"account,omitempty"`
	ProviderID   Column   `toml:"provider_id,omitempty"`
	BankCode     Column   `toml:"bank_code,omitempty"`
	// ID columns together make the bank's unique id for a row (the line
	// key); without them, or when they are empty, the key is a content
	// hash.
	ID []Column `toml:"id,omitempty"`
	// Status column: rows whose status is in PendingValues are pending;
	// rows whose status is in SkipStatuses are not payments and skipped.
	Status        Column   `toml:"status,omitempty"`
	PendingValues []string `toml:"pending_values,omitempty"`
	SkipStatuses  []string `toml:"skip_statuses,omitempty"`
}

// Column names a CSV column by header text or by 1-based position.
type Column string

// UnmarshalTOML accepts a header name or a position, quoted or not.
func (c *Column) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case string:
		*c = Column(x)
	case int64:
		*c = Column(strconv.FormatInt(x, 10))
	default:
		return fmt.Errorf("a column is a header name or a 1-based position, not %T", v)
	}
	return nil
}

// position returns the 0-based index of a positional column, or -1.
func (c Column) position() int {
	n, err := strconv.Atoi(strings.TrimSpace(string(c)))
	if err != nil || n < 1 {
		return -1
	}
	return n - 1
}

var profileNameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// Validate checks a profile; its errors name the profile and the field.
//
// It is better whole: it is the list of a profile's rules, one check per
// key (and per combination of keys that exclude or need each other), each
// returning the first failure with the field named. The checks share
// nothing but p and fail; grouping them into functions would only hide the
// order they are checked in, which decides the message a user sees. The
// one rule over many keys, how columns are named, is in checkColumns.
func (p Profile) Validate() error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("csv profile %q: "+format, append([]any{p.Name}, args...)...)
	}
	if !profileNameRe.MatchString(p.Name) {
		return fmt.Errorf("csv profile name %q must be 1 to 40 lower-case letters, digits, '-' or '_'", p.Name)
	}
	if _, err := p.delimiter(); err != nil {
		return fail("delimiter: %v", err)
	}
	if _, err := lookupEncoding(p.Encoding); err != nil {
		return fail("encoding %q: %v", p.Encoding, err)
	}
	if p.SkipLines < 0 || p.SkipLines > 1000 {
		return fail("skip_lines %d must be between 0 and 1000", p.SkipLines)
	}
	if p.Comment != "" && utf8.RuneCountInString(p.Comment) != 1 {
		return fail("comment %q must be one character, such as #", p.Comment)
	}
	if d, _ := p.delimiter(); p.Comment != "" && []rune(p.Comment)[0] == d || p.Comment == `"` {
		return fail("comment %q must differ from the delimiter and the quote", p.Comment)
	}
	if err := p.checkColumns(fail); err != nil {
		return err
	}
	if p.Date == "" {
		return fail("date: the booking date column is required")
	}
	if err := checkLayout(p.DateFormat, true); err != nil {
		return fail("date_format %q: %v", p.DateFormat, err)
	}
	if p.Time != "" && p.TimeFormat != "" {
		if err := checkLayout(p.TimeFormat, false); err != nil {
			return fail("time_format %q: %v", p.TimeFormat, err)
		}
	}
	if _, err := p.location(time.UTC); err != nil {
		return fail("timezone %q: %v", p.Timezone, err)
	}
	switch {
	case p.Amount != "" && (p.Credit != "" || p.Debit != ""):
		return fail("amount: give either an amount column or a credit/debit pair, not both")
	case p.Amount == "" && (p.Credit == "" || p.Debit == ""):
		return fail("amount: an amount column, or both credit and debit columns, are required")
	case p.Direction != "" && p.Amount == "":
		return fail("direction: needs an amount column")
	case p.Direction == "" && (len(p.CreditValues) > 0 || len(p.DebitValues) > 0):
		return fail("credit_values/debit_values: need a direction column")
	case p.Direction == "" && p.DebitAmount != "":
		return fail("debit_amount: needs a direction column")
	}
	if p.DecimalMark != "" && p.DecimalMark != "." && p.DecimalMark != "," {
		return fail(`decimal_mark %q must be "." or ","`, p.DecimalMark)
	}
	switch {
	case p.Currency != "" && p.FixedCurrency != "":
		return fail("currency: give a currency column or fixed_currency, not both")
	case p.Currency == "" && p.FixedCurrency == "":
		return fail("currency: a currency column or fixed_currency is required")
	case p.FixedCurrency != "":
		if _, err := payment.LookupCurrency(p.FixedCurrency); err != nil {
			return fail("fixed_currency: %v", err)
		}
	}
	if p.Status == "" && (len(p.PendingValues) > 0 || len(p.SkipStatuses) > 0) {
		return fail("pending_values/skip_statuses: need a status column")
	}
	return nil
}

// checkColumns checks how every column is named: by a 1-based position
// when the file has no header, and, when a name starts with a digit, as a
// position from 1.
func (p Profile) checkColumns(fail func(format string, args ...any) error) error {
	columns := map[string]Column{"date": p.Date, "time": p.Time, "value_date": p.ValueDate,
		"amount": p.Amount, "credit": p.Credit, "debit": p.Debit, "direction": p.Direction,
		"currency": p.Currency, "reference": p.Reference, "counterparty": p.Counterparty,
		"account": p.Account, "provider_id": p.ProviderID, "bank_code": p.BankCode, "status": p.Status,
		"debit_amount": p.DebitAmount}
	for i, c := range p.Text {
		columns[fmt.Sprintf("text[%d]", i)] = c
	}
	for i, c := range p.ID {
		columns[fmt.Sprintf("id[%d]", i)] = c
	}
	for field, c := range columns {
		if p.NoHeader && c != "" && c.position() < 0 {
			return fail("%s %q must be a 1-based column position because no_header is set", field, c)
		}
		if s := strings.TrimSpace(string(c)); s != "" && s[0] >= '0' && s[0] <= '9' && c.position() < 0 {
			return fail("%s %q: a column position starts at 1", field, c)
		}
	}
	return nil
}

func (p Profile) delimiter() (rune, error) {
	switch p.Delimiter {
	case "":
		return ',', nil
	case "tab", `\t`:
		return '\t', nil
	}
	r, size := utf8.DecodeRuneInString(p.Delimiter)
	if size != len(p.Delimiter) || r == '"' || r == '\r' || r == '\n' || r == utf8.RuneError {
		return 0, fmt.Errorf("%q must be one character other than a quote or line break, or \"tab\"", p.Delimiter)
	}
	return r, nil
}

func (p Profile) location(def *time.Location) (*time.Location, error) {
	tz := strings.TrimSpace(p.Timezone)
	if tz == "" {
		return def, nil
	}
	if t, err := time.Parse("-07:00", tz); err == nil {
		_, off := t.Zone()
		return time.FixedZone(tz, off), nil
	}
	return time.LoadLocation(tz)
}

// checkLayout makes sure a Go layout reads back what it writes, so that a
// strftime pattern such as "%d.%m.%Y" is caught when the profile loads.
func checkLayout(layout string, date bool) error {
	if layout == "" {
		return errors.New("a Go time layout is required, such as 2006-01-02 or 02.01.2006")
	}
	ref := time.Date(2031, 11, 23, 17, 45, 39, 0, time.UTC)
	got, err := time.Parse(layout, ref.Format(layout))
	if err != nil {
		return fmt.Errorf("not a Go time layout (write 2006 for the year, 01 for the month, 02 for the day): %v", err)
	}
	if date && (got.Year() != ref.Year() || got.Month() != ref.Month() || got.Day() != ref.Day()) {
		return errors.New("must contain a year, month and day in Go layout form: 2006 (or 06), 01 (or Jan), 02")
	}
	if !date && got.Hour() != ref.Hour() {
		return errors.New("must contain the hour in Go layout form: 15:04:05")
	}
	return nil
}

// LookupProfile finds a profile by name, the user's (validated) before the
// built-ins, so a user may replace a built-in profile.
func LookupProfile(name string, user []Profile) (Profile, error) {
	for _, p := range user {
		if p.Name == name {
			return p, p.Validate()
		}
	}
	for _, p := range Profiles() {
		if p.Name == name {
			return p, nil
		}
	}
	var names []string
	for _, p := range append(append([]Profile{}, user...), Profiles()...) {
		names = append(names, p.Name)
	}
	return Profile{}, fmt.Errorf("unknown csv profile %q: known profiles are %s", name, strings.Join(names, ", "))
}
