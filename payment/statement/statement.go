// Package statement reads bank and payment-provider statements into
// normalised Lines, one at a time: ISO 20022 camt.053/.052/.054, SWIFT
// MT940/MT942, OFX/QFX 1.x and 2.x, the PIX API JSON (webhook body and
// GET /pix) and CSV files described by a mapping Profile (with built-in
// profiles for a generic bank CSV, the Sparkasse CSV-CAMT export and the
// Alipay merchant bill).
//
// Every reader streams: it holds one entry at a time, whatever the size of
// the file, and refuses a single line, token or entry text over
// Options.MaxTokenBytes. That is what lets till reconcile a million-line
// bill on a small laptop, and what keeps a hostile file from exhausting it.
//
// Matching lines to orders and storing them is not done here; see the
// reconciliation matcher and the store.
package statement

import (
	"errors"
	"fmt"
	"time"

	"github.com/till-pos/till/payment"
)

// Line is one credit or debit of a statement, the same shape whatever the
// format it came from.
type Line struct {
	// Key identifies the line across imports: the bank's own unique id when
	// the format has one (prefixed with the format family and the account),
	// else a content hash. Two identical real payments in one file get
	// distinct keys ("…#2"), and reading the same file again gives the same
	// keys, so an importer can insert with ON CONFLICT DO NOTHING. Pending
	// lines never share a key with the booked line they become.
	Key string
	// ProviderID is the payment's own id at the rail or provider, one the
	// bank or scheme guarantees unique: the PIX endToEndId, the Alipay
	// trade_no, a camt UETR or TxId; empty when the file has none. Ids the
	// payer chooses (camt EndToEndId, MT940 EREF+) repeat, so they are
	// never a payment's identity.
	ProviderID string
	// Account is the statement's account: IBAN, account number, PIX key.
	Account string
	// BookedAt is when the bank booked the line (date-only formats give
	// midnight in Options.Location); ValueAt is the value date. Either may
	// be zero when the file does not say.
	BookedAt time.Time
	ValueAt  time.Time
	// Amount is always positive (or zero); Credit gives the direction.
	Amount payment.Amount
	// Credit is true for money in, false for money out.
	Credit bool
	// Reversal marks the return or reversal of an earlier line (camt
	// RvslInd, MT940 RC/RD). Credit is already the direction of this line.
	Reversal bool
	// Pending lines (camt PDNG/INFO, all of camt.052, MT942, a pending
	// devolução) are provisional: they must never settle an order.
	Pending bool
	// Reference is the structured reference the payer or provider carried:
	// camt CdtrRefInf/Ref, PIX txid, Alipay out_trade_no, the MT940 :61:
	// customer reference, a CSV reference column. Not validated here.
	Reference string
	// Text is the free text where a reference may hide: camt Ustrd, MT940
	// :86: purpose, OFX NAME and MEMO, a CSV purpose column.
	Text string
	// Counterparty is the payer (credits) or payee (debits) name.
	Counterparty string
	// BankCode is the bank's transaction code (camt BkTxCd, MT940 :61:
	// type and GVC, OFX TRNTYPE), for display and for the content hash.
	BankCode string
	// Batch is the number of payments a line adds up when the bank booked
	// a batch without per-payment detail (camt Btch/NbOfTxs without
	// TxDtls); 0 for an ordinary line. Such a line matches a group of
	// orders, or the detail arrives separately (a camt.054).
	Batch int
	// Corrects is set on an OFX line that corrects an earlier one: the Key
	// of that line (built from CORRECTFITID), with CorrectAction "REPLACE"
	// or "DELETE".
	Corrects      string
	CorrectAction string
	// Source names the format: "camt.053", "camt.052", "camt.054",
	// "mt940", "mt942", "ofx", "pix", or "csv:" plus the profile name.
	Source string
	// Position is the 1-based number of the entry in the file (camt Ntry,
	// MT940 :61:, OFX STMTTRN, PIX pix[] element, CSV data row). Lines
	// split from one entry (camt batch details, PIX devoluções) share it.
	Position int
	// FileLine is the 1-based line of the file where the entry starts, or
	// 0 when the format does not track lines (PIX JSON).
	FileLine int
}

// Signed returns the amount in minor units with the sign of the direction:
// positive for credits, negative for debits.
func (l Line) Signed() int64 {
	if l.Credit {
		return l.Amount.Minor
	}
	return -l.Amount.Minor
}

// Reader returns a statement's lines one at a time. Next returns io.EOF
// after the last line. After any other error the reader is finished: it
// returns the same error again.
type Reader interface {
	Next() (Line, error)
}

// Options tune how a file is read. The zero value is usable.
type Options struct {
	// Profile names the CSV profile for format "csv" (user profiles are
	// searched before the built-ins). With format "auto" it is used for
	// a file that is not one of the self-describing formats.
	Profile string
	// Profiles are the user's CSV profiles from the configuration.
	Profiles []Profile
	// Location is the zone of dates and times written without an offset;
	// nil means time.Local.
	Location *time.Location
	// Account is used for lines whose file names no account (most CSVs).
	Account string
	// ContentKeys ignores the bank's ids and keys every line by its
	// content hash, for banks known to change ids (OFX FITIDs) between
	// downloads.
	ContentKeys bool
	// MaxTokenBytes bounds a single line, token or text; 0 means
	// DefaultMaxTokenBytes.
	MaxTokenBytes int
}

// DefaultMaxTokenBytes is the default bound on a single line or token.
const DefaultMaxTokenBytes = 1 << 20

func (o Options) location() *time.Location {
	if o.Location == nil {
		return time.Local
	}
	return o.Location
}

func (o Options) maxToken() int {
	if o.MaxTokenBytes <= 0 {
		return DefaultMaxTokenBytes
	}
	return o.MaxTokenBytes
}

// ParseError is a problem in a statement file, located by line and/or
// entry number so a person can find it.
type ParseError struct {
	Line  int // 1-based line in the file, 0 when unknown
	Entry int // 1-based entry number, 0 when unknown
	Err   error
}

func (e *ParseError) Error() string {
	switch {
	case e.Line > 0 && e.Entry > 0:
		return fmt.Sprintf("line %d (entry %d): %v", e.Line, e.Entry, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	case e.Entry > 0:
		return fmt.Sprintf("entry %d: %v", e.Entry, e.Err)
	}
	return e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// Errors that callers may want to tell apart.
var (
	// ErrTooLarge is wrapped when a line, token or text exceeds the limit.
	ErrTooLarge = errors.New("exceeds the size limit")
	// ErrUnknownFormat is wrapped when format "auto" recognises nothing,
	// or a format name is not known.
	ErrUnknownFormat = errors.New("unknown statement format")
)

func tooLarge(limit int) error {
	return fmt.Errorf("%w of %d bytes", ErrTooLarge, limit)
}

// at wraps err as a ParseError, keeping an existing one as it is.
func at(line, entry int, err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return err
	}
	return &ParseError{Line: line, Entry: entry, Err: err}
}

// entrySource is what each format implements; keyedReader finishes its
// lines (content keys, pending marks) and makes errors sticky.
type entrySource interface {
	next() (Line, error)
}

type keyedReader struct {
	src  entrySource
	keys *keyer
	err  error
}

func (r *keyedReader) Next() (Line, error) {
	if r.err != nil {
		return Line{}, r.err
	}
	l, err := r.src.next()
	if err != nil {
		r.err = err
		return Line{}, err
	}
	r.keys.finish(&l)
	return l, nil
}
