package report

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/screentest"
)

// seedUnplaced adds n statement credits of the fixture's day that match
// no order: n open exceptions.
func (fx *fixture) seedUnplaced(n int) {
	fx.t.Helper()
	err := fx.st.SeedUnplaced(context.Background(), n, func(i int) store.SeedLine {
		return store.SeedLine{Key: fmt.Sprintf("bulk-%d", i), Amount: payment.Amount{Minor: int64(100 + i), Currency: fx.cfg.Merchant.Currency},
			At: fx.now.Add(-time.Duration(i) * time.Millisecond), Detail: "no order matches"}
	})
	if err != nil {
		fx.t.Fatal(err)
	}
}

// The z screen with hundreds of open exceptions: the title counts them
// all, the list stops at a page and says how many more and where to go.
func TestZScreenPagesOpenExceptions(t *testing.T) {
	fx := newFixture(t, "")
	fx.sampleDay()
	fx.seedUnplaced(400)
	const w, h = 100, 30
	p := screentest.Start(t, host{New(fx.c)}, w, h)
	p.Wait = 20 * time.Second
	tm, waitFor := p.TM, p.WaitFor
	waitFor("Cash not counted yet")
	for range 3 {
		tm.Send(keyMsg("pgdown"))
	}
	screen := waitFor("and 381 more — see till reconcile")
	if !strings.Contains(screen, "Open exceptions (401)") {
		t.Fatalf("the count is not the total:\n%s", screen)
	}
	tm.Send(keyMsg("esc"))
	final := p.Final().(host)
	got, _ := final.m.Report()
	if n := len(got.Report.OpenExceptions); n != 20 || got.Report.OpenExceptionCount != 401 {
		t.Fatalf("the screen holds %d exceptions of %d", n, got.Report.OpenExceptionCount)
	}
}
