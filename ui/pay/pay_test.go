package pay

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
	"github.com/till-pos/till/ui/screentest"
	"github.com/till-pos/till/ui/styles"
)

// newPay shows a fresh 7.00 order on a real database; now is the screen's
// clock.
func newPay(t *testing.T, now *time.Time) (Model, *store.Store) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg, err := config.Resolve(config.Demo())
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return *now }
	a := payment.Amount{Minor: 700, Currency: cfg.Merchant.Currency}
	o, err := st.CreateOrder(context.Background(), store.NewOrder{Amount: a, Expiry: cfg.Expiry, Actor: "t",
		Codes: common.OrderCodes(cfg.Schemes, a)})
	if err != nil {
		t.Fatal(err)
	}
	k := keymap.Default()
	c := common.Common{Styles: styles.New(true, false), Keys: &k, Now: func() time.Time { return *now },
		Backend: &common.Backend{Store: st, Config: cfg, Actor: "t"}}
	m := New(c, o, common.PrepareQR(o.Codes), 1)
	m.SetSize(100, 28)
	return m, st
}

func goesToCharge(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(common.GoChargeMsg)
	return ok
}

// Enter also charges, so a double Enter lands here: it must not take a
// waiting code away. n still does, and Enter does once the order is done.
func TestEnterKeepsAWaitingCode(t *testing.T) {
	now := time.Now()
	m, st := newPay(t, &now)
	enter := tea.KeyPressMsg{Code: tea.KeyEnter}
	if _, cmd := m.Update(enter); goesToCharge(cmd) {
		t.Fatal("enter dismissed a waiting code")
	}
	if _, cmd := m.Update(tea.KeyPressMsg{Code: 'n', Text: "n"}); !goesToCharge(cmd) {
		t.Fatal("n did not go to the next charge")
	}
	o, err := st.Apply(context.Background(), m.Order().Ref, payment.Event{Kind: payment.EventPayment, Amount: 700, Source: "test", Actor: "bank"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ = m.Update(common.OrderMsg{Order: o})
	if _, cmd := m.Update(enter); !goesToCharge(cmd) {
		t.Fatal("enter did not go on after the order was paid")
	}
}

// When the time is up the code leaves the screen at once, before the
// store has marked the order expired.
func TestTimeUpHidesTheCode(t *testing.T) {
	now := time.Now()
	m, _ := newPay(t, &now)
	scan := func() error {
		_, err := screentest.DecodeScreen(screentest.Screen([]byte(m.View()), m.Width, m.Height), screentest.Dark, 0)
		return err
	}
	if !strings.Contains(ansi.Strip(m.View()), "WAITING FOR PAYMENT") || scan() != nil {
		t.Fatalf("fresh order (%v):\n%s", scan(), ansi.Strip(m.View()))
	}
	now = m.Order().ExpiresAt.Add(time.Second)
	view := ansi.Strip(m.View())
	if strings.Contains(view, "WAITING") || !strings.Contains(view, "TIME IS UP") || scan() == nil {
		t.Fatalf("after the expiry the code still scans:\n%s", view)
	}
}
