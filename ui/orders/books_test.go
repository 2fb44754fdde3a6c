package orders

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment/statement"
	"github.com/till-pos/till/store"
)

// Issue 11, classes 8 and 9: a date-only statement line shows its day
// alone in the history (never 00:00:00, a time before the order existed),
// and refunding an overpaid order offers the excess.
func TestDateOnlyPaymentAndOverpaidRefund(t *testing.T) {
	f := newFixture(t, 120, 40)
	o := f.charge(1000, "coffee")
	today := time.Now().Format(time.DateOnly)
	file := filepath.Join(t.TempDir(), "bank.csv")
	csv := "date,amount,currency,reference,counterparty,id\n" + today + ",12.00,BRL," + string(o.Ref) + ",Payer,TX-1\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.ImportFiles(context.Background(), store.ImportRequest{Files: []string{file}, Options: statementGeneric()}, "tester", nil); err != nil {
		t.Fatal(err)
	}
	f.load()
	f.run(press("enter"))
	view := f.m.View()
	if strings.Contains(view, today+" 00:00:00") {
		t.Fatalf("the date-only payment shows a time that did not happen:\n%s", view)
	}
	var payment string
	for _, line := range strings.Split(view, "\n") {
		if strings.Contains(line, "Payment") && strings.Contains(line, "12.00") {
			payment = line
		}
	}
	if !strings.Contains(payment, today+" ") {
		t.Fatalf("no payment line dated %s in the history:\n%s", today, view)
	}
	f.run(press("R"))
	if view := sgr.ReplaceAllString(f.m.View(), ""); !strings.Contains(view, "Amount: BRL 2.00") {
		t.Fatalf("refunding an overpaid order (10.00 due, 12.00 received) does not offer the 2.00 excess:\n%s", view)
	}
}

func statementGeneric() statement.Options { return statement.Options{Profile: "generic"} }

// sgr matches the colour sequences of the styled view.
var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")
