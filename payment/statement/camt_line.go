package statement

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/till-pos/till/payment"
)

// line builds the Line for an entry and one of its transaction details.
// tx is nil for an entry without TxDtls; batch is the 1-based index of the
// detail inside a batch entry, or 0 when the detail is the entry's only
// one (then the entry amount is authoritative).
//
// It is better whole: it maps the ISO 20022 entry and detail elements onto
// one Line, field after field (amount, side, reversal, status, dates, then
// what only a transaction detail carries), and the choices between the
// entry's and the detail's values depend on batch, which every step reads.
// Split, each piece would take the entry, the detail and the batch index,
// and the mapping would no longer read as one table against the schema.
func (r *camtReader) line(tx *camtTx, batch int) (Line, error) {
	e := &r.entry
	l := Line{
		Account:  r.account,
		Source:   r.source,
		Position: r.entryNo,
		FileLine: e.fileLine,
		BankCode: camtBankCode(e),
	}
	if l.Source == "camt" { // no report element seen: still read it
		l.Source = "camt.053"
	}

	amt, ccy, side := e.amt, e.ccy, e.cdtDbt
	if batch > 0 {
		switch {
		case tx.amt != "":
			amt, ccy = tx.amt, tx.ccy
		case tx.txAmt != "":
			amt, ccy = tx.txAmt, tx.txCcy
		case tx.inAmt != "" && tx.inCcy == e.ccy:
			amt, ccy = tx.inAmt, tx.inCcy
		default:
			return Line{}, fmt.Errorf("transaction detail %d of a batch entry has no amount (Amt or AmtDtls/TxAmt)", batch)
		}
		if tx.cdtDbt != "" {
			side = tx.cdtDbt
		}
	}
	if amt == "" {
		return Line{}, errors.New("the entry has no <Amt>")
	}
	var err error
	if l.Amount, err = amountOf(amt, ccy); err != nil {
		return Line{}, err
	}
	switch side {
	case "CRDT":
		l.Credit = true
	case "DBIT":
	default:
		return Line{}, fmt.Errorf("CdtDbtInd %q must be CRDT or DBIT", side)
	}
	switch strings.ToLower(e.rvsl) {
	case "", "false", "0":
	case "true", "1":
		l.Reversal = true
	default:
		return Line{}, fmt.Errorf("RvslInd %q must be true or false", e.rvsl)
	}
	sts := strings.ToUpper(e.sts)
	l.Pending = r.source == "camt.052" || sts == "PDNG" || sts == "INFO"
	if l.BookedAt, err = parseISODateTime(e.bookDt, r.loc); err != nil {
		return Line{}, fmt.Errorf("BookgDt %q: %w", e.bookDt, err)
	}
	if l.ValueAt, err = parseISODateTime(e.valDt, r.loc); err != nil {
		return Line{}, fmt.Errorf("ValDt %q: %w", e.valDt, err)
	}
	if l.BookedAt.IsZero() {
		l.BookedAt = l.ValueAt
	}

	if tx == nil {
		l.Text = e.addtlInf
		if n, err := strconv.Atoi(e.btchTxs); err == nil && n > 1 {
			l.Batch = n
		}
	} else {
		l.Reference = tx.ref
		l.Text = string(tx.text)
		if batch == 0 && e.addtlInf != "" {
			l.Text = joinText(l.Text, e.addtlInf)
		}
		if l.Credit {
			l.Counterparty = firstOf(tx.dbtr, tx.ultmtDbtr)
		} else {
			l.Counterparty = firstOf(tx.cdtr, tx.ultmtCdtr)
		}
		// The payment's identity is what the scheme keeps unique (the
		// UETR, the first agent's TxId), never the EndToEndId: the payer
		// chooses that one, and one invoice number can pay twice.
		if !isNoRef(tx.uetr) {
			l.ProviderID = tx.uetr
		} else if !isNoRef(tx.txID) {
			l.ProviderID = tx.txID
		}
	}
	l.Key = r.key(tx, batch)
	return l, nil
}

// key is the bank's id for the line: account + AcctSvcrRef, refined for
// batch details by their own AcctSvcrRef or their index; else account +
// booking date + NtryRef (a NtryRef is often only a sequence number within
// one statement, hence the date); else "" for a content key.
func (r *camtReader) key(tx *camtTx, batch int) string {
	e := &r.entry
	acct := r.account
	detail := func(base string) string {
		if batch == 0 {
			return base
		}
		if tx.acctSvcrRef != "" && !isNoRef(tx.acctSvcrRef) && tx.acctSvcrRef != e.acctSvcrRef {
			return base + "|tx:" + tx.acctSvcrRef
		}
		return base + "|#" + strconv.Itoa(batch)
	}
	switch {
	case e.acctSvcrRef != "" && !isNoRef(e.acctSvcrRef):
		return detail("camt|" + acct + "|" + e.acctSvcrRef)
	case tx != nil && tx.acctSvcrRef != "" && !isNoRef(tx.acctSvcrRef):
		return "camt|" + acct + "|tx:" + tx.acctSvcrRef
	case e.ntryRef != "" && !isNoRef(e.ntryRef):
		date := firstOf(e.bookDt, e.valDt)
		if len(date) > len("2006-01-02") {
			date = date[:len("2006-01-02")]
		}
		return detail("camt|" + acct + "|" + date + "|ntry:" + e.ntryRef)
	}
	return ""
}

func camtBankCode(e *camtEntry) string {
	if e.domain != "" {
		return strings.Trim(e.domain+"/"+e.family+"/"+e.subFamily, "/")
	}
	return e.prtry
}

// isNoRef reports the placeholders banks write instead of an id.
func isNoRef(s string) bool {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "", "NONREF", "NOTPROVIDED", "NOT PROVIDED", "NONE", "N/A":
		return true
	}
	return false
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func joinText(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}

// amountOf reads a machine-written decimal in the given ISO 4217 currency.
func amountOf(value, code string) (payment.Amount, error) {
	cur, err := payment.LookupCurrency(code)
	if err != nil {
		return payment.Amount{}, err
	}
	minor, err := payment.ParseMinor(strings.TrimSpace(value), cur.Exponent)
	if err != nil {
		return payment.Amount{}, fmt.Errorf("amount %q: %w", value, err)
	}
	return payment.Amount{Minor: minor, Currency: cur}, nil
}

// parseISODateTime reads an ISO 8601 date or date-time as camt and PIX
// write them: "2026-01-15", "2026-01-15T10:30:00", with fractions and
// with "Z" or an offset. A missing offset means loc. Empty gives zero.
func parseISODateTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if len(s) == len("2006-01-02") {
		if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
			return t, nil
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04:05.999999999", s, loc); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02Z07:00", s); err == nil { // xs:date with a zone
		return t, nil
	}
	return time.Time{}, errors.New("not an ISO 8601 date or date-time such as 2026-01-15 or 2026-01-15T10:30:00+01:00")
}
