package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/statement"
)

// MaxStatementBytes bounds one statement file. Readers stream, so this is
// not about memory: a file this large is a mistake, not a statement.
const MaxStatementBytes = 4 << 30

// MatchActor is the actor written on order events the matcher records.
const MatchActor = "till reconcile"

// Files opens statement files by name. OSFiles is the file system; tests
// pass files that fail to open or claim to be too large.
type Files interface {
	// Open returns the file's content and its size in bytes (-1 when
	// unknown). The caller closes it.
	Open(name string) (io.ReadCloser, int64, error)
}

// OSFiles opens files on the local file system.
type OSFiles struct{}

// Open implements Files.
func (OSFiles) Open(name string) (io.ReadCloser, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if !fi.Mode().IsRegular() {
		return f, -1, nil // a pipe or a device: its size says nothing
	}
	return f, fi.Size(), nil
}

// Importer applies a stream of evidence to the book: store.Store is one.
// It owns the matching's transactions, the resuming of a stopped import
// and the record of the file.
type Importer interface {
	// ImportStatement reads evidence from next until io.EOF. If next fails
	// the steps already committed stay and the import stays unfinished:
	// App.Import checks the files whole before calling it.
	ImportStatement(ctx context.Context, next func() (reconcile.Evidence, error), s StatementImport) (ImportResult, error)
}

// StatementImport describes one import to the Importer.
type StatementImport struct {
	File   string // file names, for the record
	SHA256 string // of the raw files
	Format string
	Actor  string
	DryRun bool // decide everything, write nothing
	Match  reconcile.Options
	// Progress, if set, is called every so many lines with the count.
	Progress func(lines int)
}

// ImportRequest is a statement import: one or more files read as one.
type ImportRequest struct {
	Files   []string
	Format  string // "auto" or one of statement.Formats()
	Options statement.Options
	DryRun  bool // decide everything, write nothing
	// Currency is the till's currency code: each line in another is an
	// exception of its own, and the file gets one warning. Empty accepts
	// every currency.
	Currency string
}

// ImportProgress is how far an import has got. Bytes counts what the
// statement readers consumed (they read ahead up to 64 KiB), Total the
// size of all files, 0 when unknown.
type ImportProgress struct {
	Lines        int
	Bytes, Total int64
}

// Fraction is the share of the bytes read, in [0, 1]; 0 if the total is unknown.
func (p ImportProgress) Fraction() float64 {
	if p.Total <= 0 {
		return 0
	}
	return min(float64(p.Bytes)/float64(p.Total), 1)
}

// ExceptionItem is one thing a person must look at.
type ExceptionItem struct {
	ID        int64
	Kind      string // the outcome: partial, overpaid, late, duplicate, suggested, unmatched, review
	Ref       string // the order concerned, if any
	Key       string // the evidence key (statement line or notification)
	Amount    int64  // minor units of the evidence
	Currency  string
	Due       int64 // the order's amount, if any
	Detail    string
	At        time.Time // when the payment was made or booked, as the evidence says
	CreatedAt time.Time
}

// ImportResult counts what an import found and did.
type ImportResult struct {
	Lines           int
	NewLines        int
	AlreadyImported int
	Counts          map[reconcile.Outcome]int
	Exceptions      []ExceptionItem
	ExceptionCount  int
	FirstAt, LastAt time.Time
	// UnverifiedClaims are orders the cashier marked paid, created within
	// the statement's period, for which no evidence has arrived.
	UnverifiedClaims []Order
	// Warnings say, once per file, what a person should know about the
	// file as a whole (lines in another currency than the till's).
	Warnings []string
}

// Widen widens the statement's period (FirstAt, LastAt) to take in at;
// a line without a time changes nothing.
func (r *ImportResult) Widen(at time.Time) {
	if at.IsZero() {
		return
	}
	if r.FirstAt.IsZero() || at.Before(r.FirstAt) {
		r.FirstAt = at
	}
	if at.After(r.LastAt) {
		r.LastAt = at
	}
}

// Exceptions is the reconcile queue: up to limit open exceptions, oldest
// first, and how many are open in all (the list may be cut at the limit).
func (a *App) Exceptions(ctx context.Context, limit int) ([]ExceptionItem, int, error) {
	items, err := a.Book.Exceptions(ctx, true, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("exceptions: %w", err)
	}
	n, err := a.Book.OpenExceptionCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("exceptions: %w", err)
	}
	return items, n, nil
}
