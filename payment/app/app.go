package app

import (
	"errors"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/pin"
	"github.com/till-pos/till/payment/scheme"
)

// App is one till's use cases: its book, and the settings the use cases
// read from its configuration. A front end builds one per book (a value
// is cheap) and calls its methods off its event loop, with a context that
// bounds them.
type App struct {
	Book     Book
	Merchant payment.Merchant // named on receipts; its currency is the day's
	Schemes  scheme.Set       // the codes a new order offers
	Expiry   time.Duration    // how long a new or reopened order stays payable
	Actor    string           // recorded as who did manual actions
	// ManagerPIN is the hash of the manager PIN that refunds, voids and
	// reconcile decisions ask for; empty asks for none.
	ManagerPIN string
	// Demo marks every receipt as a demonstration (no money moved).
	Demo    bool
	Printer Printer // nil: no printer configured
	// Importer takes statement imports (nil: Book, if it can); Files
	// opens the statement files (nil: the file system).
	Importer Importer
	Files    Files
	// Fits says whether a code's payload can be drawn as a QR code (the
	// screens' QR view is the judge); nil lets every payload through.
	Fits func(payload string) error
	// Lang is the language of what the use cases say to the person
	// ("receipt AB2CD-3EFGH"), ReceiptLang that of receipts and day
	// closes; the zero Locale is English.
	Lang, ReceiptLang locale.Locale
}

// Outcome names what a use case did: a front end says so to the person
// who asked ("order AB2CD-3EFGH cancelled").
type Outcome int

// The outcomes of the use cases that change something.
const (
	Loaded      Outcome = iota // nothing changed: the order as it stands
	Claimed                    // marked paid on the cashier's word
	Cancelled                  // voided
	Refunded                   // a refund recorded
	Dismissed                  // an exception closed with a reason
	Linked                     // an exception's payment applied to an order
	Accepted                   // a suggested match accepted
	RestCharged                // a code shown for what is still due
	PaidInCash                 // the rest taken in cash by the cashier
)

// String is the outcome as a past participle, for sentences.
func (o Outcome) String() string {
	switch o {
	case Claimed:
		return "claimed"
	case Cancelled:
		return "cancelled"
	case Refunded:
		return "refunded"
	case Dismissed:
		return "dismissed"
	case Linked:
		return "linked"
	case Accepted:
		return "accepted"
	case RestCharged:
		return "rest charged"
	case PaidInCash:
		return "paid in cash"
	}
	return ""
}

// ErrWrongPIN is returned when the manager PIN given does not match.
var ErrWrongPIN = errors.New("wrong manager PIN; nothing was changed")

// NeedsPIN reports whether refunds, voids and the decisions of the
// reconcile queue (link, accept, dismiss) ask for the manager PIN.
func (a *App) NeedsPIN() bool { return a.ManagerPIN != "" }

// CheckPIN checks the manager PIN given, when one is set. It is slow on
// purpose (a key-stretching hash): call it off any event loop. A wrong PIN
// stops the action before anything is written.
func (a *App) CheckPIN(given string) error {
	if !a.NeedsPIN() {
		return nil
	}
	if err := pin.Check(a.ManagerPIN, given); err != nil {
		if errors.Is(err, pin.ErrWrong) {
			return ErrWrongPIN
		}
		return err
	}
	return nil
}
