package report

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

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
	tm := teatest.NewTestModel(t, host{New(fx.c)}, teatest.WithInitialTermSize(w, h))
	var out screentest.Output
	waitFor := func(text string) string {
		t.Helper()
		var screen string
		teatest.WaitFor(t, tm.Output(), out.Condition(func(all []byte) bool {
			screen = screentest.Text(screentest.Screen(all, w, h))
			return strings.Contains(screen, text)
		}), teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
		return screen
	}
	waitFor("Cash not counted yet")
	for range 3 {
		tm.Send(keyMsg("pgdown"))
	}
	screen := waitFor("and 381 more — see till reconcile")
	if !strings.Contains(screen, "Open exceptions (401)") {
		t.Fatalf("the count is not the total:\n%s", screen)
	}
	tm.Send(keyMsg("esc"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(15*time.Second)).(host)
	got, _ := final.m.Report()
	if n := len(got.Report.OpenExceptions); n != 20 || got.Report.OpenExceptionCount != 401 {
		t.Fatalf("the screen holds %d exceptions of %d", n, got.Report.OpenExceptionCount)
	}
}
