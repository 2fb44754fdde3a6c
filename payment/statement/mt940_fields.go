package statement

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
)

// parse61 reads a :61: statement line:
//
//	YYMMDD [MMDD] (C|D|RC|RD|EC|ED) [funds code] amount type custRef [//bankRef]
//	[supplementary details on the next line]
//
// e.g. "2601150115CR12,50NTRFNONREF//260115-00042".
//
// It is better whole: it consumes the subfields left to right with one
// cursor (pos), in the order the format above lists them, and each subfield
// is optional or sized by the one before; split, the pieces would pass the
// cursor and the half-read line back and forth, and the subfield order,
// which is the format, would no longer be visible in one place.
func (r *mt940Reader) parse61(value string) (*mt940Entry, error) {
	first, supp, _ := strings.Cut(value, "\n")
	s := strings.TrimRight(first, " \r")
	pos := 0
	if len(s) < 6 || !allDigits(s[:6]) {
		return nil, fmt.Errorf(":61: %q must start with the value date YYMMDD", s)
	}
	valueDate, err := mt940Date(s[:6], r.loc)
	if err != nil {
		return nil, fmt.Errorf(":61: value date %q: %w", s[:6], err)
	}
	pos = 6
	bookDate := valueDate
	switch {
	case len(s) >= pos+4 && allDigits(s[pos:pos+4]):
		if bookDate, err = entryDate(s[pos:pos+4], valueDate, r.loc); err != nil {
			return nil, fmt.Errorf(":61: entry date %q: %w", s[pos:pos+4], err)
		}
		pos += 4
	case len(s) >= pos+4 && s[pos:pos+4] == "    ":
		pos += 4
	}

	e := &mt940Entry{}
	l := &e.line
	mark := ""
	for _, m := range []string{"RC", "RD", "EC", "ED", "C", "D"} {
		if strings.HasPrefix(s[pos:], m) {
			mark = m
			break
		}
	}
	if mark == "" {
		return nil, fmt.Errorf(":61: %q: after the dates comes C, D, RC or RD", s)
	}
	pos += len(mark)
	l.Reversal = mark[0] == 'R'
	// RC is the reversal of a credit: money goes out again.
	l.Credit = mark == "C" || mark == "EC" || mark == "RD"
	if pos+1 < len(s) && isUpper(s[pos]) && (isDigit(s[pos+1]) || s[pos+1] == ',') {
		pos++ // funds code: third letter of the currency code
	}
	start := pos
	for pos < len(s) && (isDigit(s[pos]) || s[pos] == ',' || s[pos] == '.') {
		pos++
	}
	amount := s[start:pos]
	// SWIFT writes an amount as digits with one decimal comma ("1000,00"):
	// no point, no spaces, no thousands separators. Anything else is
	// refused, never read as a smaller amount ("1 000,00" is not 1,00).
	if strings.Count(amount, ",") != 1 || strings.ContainsRune(amount, '.') || amount[0] == ',' {
		return nil, fmt.Errorf(":61: amount %q: an MT940 amount is digits with one decimal comma, like 1000,00", amount)
	}
	if pos < len(s) && s[pos] != 'S' && s[pos] != 'N' && s[pos] != 'F' {
		return nil, fmt.Errorf(":61: amount %q is followed by %q where the transaction type (S, N or F, as in NTRF) belongs: an amount has no spaces or separators", amount, s[pos:min(pos+6, len(s))])
	}
	if r.currency == "" {
		return nil, errors.New(":61: the message gives no currency: no :60F: or :34F: before its first :61: line")
	}
	cur, err := payment.LookupCurrency(r.currency)
	if err != nil {
		return nil, fmt.Errorf("currency of the opening balance: %w", err)
	}
	minor, err := payment.ParseMinor(strings.Replace(amount, ",", ".", 1), cur.Exponent)
	if err != nil {
		return nil, fmt.Errorf(":61: amount %q: %w", amount, err)
	}
	l.Amount = payment.Amount{Minor: minor, Currency: cur}

	if len(s) < pos+4 {
		return nil, fmt.Errorf(":61: %q: the amount must be followed by a transaction type such as NTRF", s)
	}
	e.typeCode = s[pos : pos+4]
	pos += 4
	e.custRef, l.Key = s[pos:], ""
	if ref, bank, ok := strings.Cut(s[pos:], "//"); ok {
		e.custRef = ref
		if bank = strings.TrimSpace(bank); !isNoRef(bank) {
			l.Key = "mt940|" + r.account + "|" + valueDate.Format("2006-01-02") + "|" + bank
		}
	}
	e.custRef = strings.TrimSpace(e.custRef)
	l.BookedAt, l.ValueAt = bookDate, valueDate
	l.Account = r.account
	l.Pending = r.interim || mark[0] == 'E'
	l.Source = "mt940"
	if r.interim {
		l.Source = "mt942"
	}
	l.Position = r.entryNo
	l.FileLine = r.tagLine
	l.BankCode = e.typeCode
	if supp = strings.TrimSpace(strings.ReplaceAll(supp, "\n", " ")); supp != "" {
		l.Text = supp
	}
	return e, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return len(s) > 0
}

// mt940Date reads YYMMDD. Banks write impossible days such as 30 February
// for interest postings at the end of a month; those are read as the
// month's last day rather than refused.
func mt940Date(s string, loc *time.Location) (time.Time, error) {
	if len(s) != 6 || !allDigits(s) {
		return time.Time{}, errors.New("must be YYMMDD")
	}
	y := 2000 + atoi2(s[0:2])
	if y >= 2070 {
		y -= 100
	}
	return clampDate(y, atoi2(s[2:4]), atoi2(s[4:6]), loc)
}

// entryDate reads the MMDD entry date, whose year is the value date's
// except across a year end: value 31 Dec with entry 02 Jan is next year.
func entryDate(s string, value time.Time, loc *time.Location) (time.Time, error) {
	m, d := atoi2(s[0:2]), atoi2(s[2:4])
	y := value.Year()
	switch diff := m - int(value.Month()); {
	case diff > 6:
		y--
	case diff < -6:
		y++
	}
	return clampDate(y, m, d, loc)
}

func clampDate(y, m, d int, loc *time.Location) (time.Time, error) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, errors.New("no such date")
	}
	if last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, loc).Day(); d > last {
		d = last
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc), nil
}

func atoi2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

// applyDetails reads the :86: information in the dialect it is written in.
func applyDetails(l *Line, e *mt940Entry) {
	d := e.details
	if d == "" {
		return
	}
	flat := d
	if strings.ContainsAny(d, "\r\n") {
		flat = strings.Map(func(r rune) rune {
			if r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, d)
	}
	switch {
	case isGermanDetails(flat):
		germanDetails(l, flat)
	case isDutchDetails(flat):
		dutchDetails(l, flat)
	default:
		var words []string
		for _, ln := range strings.Split(d, "\n") {
			if ln = strings.TrimSpace(ln); ln != "" {
				words = append(words, ln)
			}
		}
		l.Text = joinText(strings.Join(words, " "), l.Text)
	}
}

// isGermanDetails recognises the structured :86: of German banks (DFÜ
// agreement): a three-digit business transaction code (GVC), then
// subfields "?NN" with a separator that is almost always '?'.
func isGermanDetails(s string) bool {
	return len(s) >= 6 && allDigits(s[:3]) && s[3] == '?' && isDigit(s[4]) && isDigit(s[5])
}

var sepaKeywords = []string{"EREF+", "KREF+", "MREF+", "CRED+", "DEBT+", "SVWZ+", "ABWA+", "ABWE+",
	"IBAN+", "BIC+", "COAM+", "OAMT+", "PURP+", "SQTP+", "BREF+", "RREF+"}

// germanDetails joins the purpose subfields ?20–?29 and ?60–?63 without
// separators, because banks cut them at fixed widths even inside a word or
// a reference; then takes the SEPA keywords out of the purpose.
func germanDetails(l *Line, s string) {
	gvc := s[:3]
	var purpose, name, posting strings.Builder
	for _, part := range strings.Split(s[4:], "?") {
		if len(part) < 2 || !isDigit(part[0]) || !isDigit(part[1]) {
			purpose.WriteString("?" + part) // a literal '?' in the text
			continue
		}
		code, text := part[:2], part[2:]
		switch {
		case code == "00":
			posting.WriteString(text)
		case code >= "20" && code <= "29", code >= "60" && code <= "63":
			purpose.WriteString(text)
		case code == "32" || code == "33":
			name.WriteString(text)
		}
	}
	p := purpose.String()
	kw := sepaFields(p)
	l.Text = joinText(strings.TrimSpace(firstOf(kw["SVWZ+"], p)), l.Text)
	if e := strings.TrimSpace(kw["EREF+"]); !isNoRef(e) {
		l.ProviderID = e
	}
	l.Counterparty = strings.TrimSpace(firstOf(name.String(), kw["ABWA+"]))
	l.BankCode = joinText(l.BankCode, gvc)
	if posting.Len() > 0 && kw["SVWZ+"] == "" && p == "" {
		l.Text = joinText(posting.String(), l.Text)
	}
}

// sepaFields splits "EREF+abcSVWZ+text" into its keyword values.
func sepaFields(p string) map[string]string {
	type hit struct {
		at int
		kw string
	}
	var hits []hit
	for _, kw := range sepaKeywords {
		if i := strings.Index(p, kw); i >= 0 {
			hits = append(hits, hit{i, kw})
		}
	}
	if len(hits) == 0 {
		return nil
	}
	out := make(map[string]string, len(hits))
	for _, h := range hits {
		end := len(p)
		for _, o := range hits {
			if o.at > h.at && o.at < end {
				end = o.at
			}
		}
		out[h.kw] = p[h.at+len(h.kw) : end]
	}
	return out
}

// dutchCodes are the field codes of the Dutch "MT940 structured" :86:
// (/EREF/…/REMI/…), as written by Rabobank, ING, ABN AMRO and others.
var dutchCodes = []string{"TRTP", "IBAN", "BIC", "NAME", "EREF", "MARF", "CSID", "REMI", "ORDP", "BENM",
	"ADDR", "CNTP", "PURP", "ULTC", "ULTD", "ULTB", "EXCH", "CHGS", "RTRN", "ISDT", "PREF", "TRCD", "SVCL"}

func dutchCodeAt(s string, i int) string {
	if s[i] != '/' {
		return ""
	}
	for _, c := range dutchCodes {
		if strings.HasPrefix(s[i+1:], c) && len(s) > i+1+len(c) && s[i+1+len(c)] == '/' {
			return c
		}
	}
	return ""
}

func isDutchDetails(s string) bool { return len(s) > 2 && dutchCodeAt(s, 0) != "" }

func dutchDetails(l *Line, s string) {
	fields := map[string]string{}
	code, start := "", 0
	for i := 0; i <= len(s); i++ {
		c := ""
		if i < len(s) {
			c = dutchCodeAt(s, i)
		}
		if c == "" && i < len(s) {
			continue
		}
		if code != "" {
			if _, seen := fields[code]; !seen {
				fields[code] = strings.Trim(s[start:i], "/ ")
			}
		}
		if c != "" {
			code, start = c, i+len(c)+2
			i += len(c) + 1
		}
	}
	remi := fields["REMI"]
	switch {
	case strings.HasPrefix(remi, "USTD//"):
		remi = strings.TrimPrefix(remi, "USTD//")
	case strings.HasPrefix(remi, "STRD/"):
		parts := strings.Split(remi, "/")
		l.Reference = parts[len(parts)-1]
		remi = ""
	}
	l.Text = joinText(strings.TrimSpace(remi), l.Text)
	if e := fields["EREF"]; !isNoRef(e) {
		l.ProviderID = e
	}
	name := fields["NAME"]
	if name == "" {
		if parts := strings.Split(fields["CNTP"], "/"); len(parts) >= 3 {
			name = parts[2]
		}
	}
	l.Counterparty = strings.TrimSpace(name)
	if t := fields["TRTP"]; t != "" {
		l.BankCode = joinText(l.BankCode, t)
	}
}
