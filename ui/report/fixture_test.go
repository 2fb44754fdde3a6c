package report

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/keymap"
	"github.com/till-pos/till/ui/styles"
)

// Times on screen are local; pin the zone so golden files do not depend
// on where the tests run.
func TestMain(m *testing.M) {
	time.Local = time.FixedZone("BRT", -3*3600)
	os.Exit(m.Run())
}

// fixture is a till on a real database with a pinned clock.
type fixture struct {
	t   *testing.T
	st  *store.Store
	cfg *config.Config
	c   common.Common
	now time.Time
}

func newFixture(t *testing.T, printer string) *fixture {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := config.Demo()
	f.Till.Printer = printer
	cfg, err := config.Resolve(f)
	if err != nil {
		t.Fatal(err)
	}
	fx := &fixture{t: t, st: st, cfg: cfg, now: time.Date(2026, 11, 24, 18, 0, 0, 0, time.Local)}
	st.Now = func() time.Time { return fx.now }
	k := keymap.Default()
	fx.c = common.Common{
		Styles: styles.New(true, false), Keys: &k, Now: func() time.Time { return fx.now },
		Backend: &common.Backend{Store: st, Config: cfg, Actor: "tester"},
	}
	return fx
}

// run runs a command as Bubble Tea would and returns its message.
func (fx *fixture) run(cmd tea.Cmd) tea.Msg {
	fx.t.Helper()
	if cmd == nil {
		fx.t.Fatal("expected a command, got none")
	}
	return cmd()
}

// order creates an order at a time of the day through the backend, as
// the charge screen does.
func (fx *fixture) order(at time.Time, minor int64, note string) store.Order {
	fx.t.Helper()
	fx.now = at
	msg := fx.run(fx.c.Backend.CreateOrder(payment.Amount{Minor: minor, Currency: fx.cfg.Merchant.Currency}, note))
	created, ok := msg.(common.OrderCreatedMsg)
	if !ok {
		fx.t.Fatalf("create order: %v", msg)
	}
	return created.Order
}

func (fx *fixture) must(_ store.Order, err error) {
	fx.t.Helper()
	if err != nil {
		fx.t.Fatal(err)
	}
}

func (fx *fixture) pay(o store.Order, minor int64) {
	fx.t.Helper()
	fx.must(fx.st.Apply(context.Background(), o.Ref, payment.Event{Kind: payment.EventPayment, Amount: minor,
		At: fx.now, Source: "notification:" + string(o.Ref), Actor: "till serve"}))
}

// sampleDay makes 24 November 2026 with an order in most statuses, a
// late payment that is an open exception, and two orders the day before.
func (fx *fixture) sampleDay() {
	fx.t.Helper()
	ctx := context.Background()
	day := time.Date(2026, 11, 24, 0, 0, 0, 0, time.Local)
	h := func(hour, min int) time.Time {
		return day.Add(time.Duration(hour)*time.Hour + time.Duration(min)*time.Minute)
	}

	fx.order(h(-15, 0), 3000, "yesterday")
	fx.pay(fx.order(h(-14, 0), 4500, ""), 4500)

	fx.pay(fx.order(h(9, 0), 1250, "table 4"), 1250)
	fx.pay(fx.order(h(9, 30), 3990, ""), 3990)
	fx.pay(fx.order(h(10, 5), 800, ""), 800)
	claimed := fx.order(h(11, 0), 2200, "fare to airport")
	fx.must(fx.st.Claim(ctx, claimed.Ref, "ana", ""))
	fx.pay(fx.order(h(12, 0), 5000, ""), 3000)
	fx.order(h(13, 0), 990, "")
	fx.now = h(14, 0)
	if _, err := fx.st.ExpireDue(ctx); err != nil {
		fx.t.Fatal(err)
	}
	cancelled := fx.order(h(15, 0), 1500, "")
	fx.must(fx.st.Cancel(ctx, cancelled.Ref, "ana", "customer left"))
	refunded := fx.order(h(16, 0), 2590, "")
	fx.pay(refunded, 2590)
	fx.now = h(16, 30)
	fx.must(fx.st.Refund(ctx, refunded.Ref, 2590, "ana", "wrong size"))
	fx.order(h(17, 50), 1800, "still open")

	// The cancelled order is paid after all, on the bank statement.
	fx.now = h(17, 55)
	sent := false
	next := func() (reconcile.Evidence, error) {
		if sent {
			return reconcile.Evidence{}, io.EOF
		}
		sent = true
		return reconcile.Evidence{Key: "stmt-1", Reference: string(cancelled.Ref), Credit: true, At: h(15, 10),
			Amount: payment.Amount{Minor: 1500, Currency: fx.cfg.Merchant.Currency}}, nil
	}
	if _, err := fx.st.Import(ctx, next, store.ImportOptions{Actor: "till reconcile"}); err != nil {
		fx.t.Fatal(err)
	}
	fx.now = h(18, 0)
}

// screen makes the report screen at w×h and loads its day.
func (fx *fixture) screen(w, h int) Model {
	fx.t.Helper()
	c := fx.c
	c.SetSize(w, h)
	m := New(c)
	return fx.feed(m, m.Init())
}

// feed runs cmd and gives its message to the model, as the program would.
func (fx *fixture) feed(m Model, cmd tea.Cmd) Model {
	fx.t.Helper()
	m, _ = m.Update(fx.run(cmd))
	return m
}

func press(m Model, keys ...string) (Model, tea.Cmd) {
	var cmd tea.Cmd
	for _, k := range keys {
		m, cmd = m.Update(keyMsg(k))
	}
	return m, cmd
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "ctrl+p":
		return tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func typeText(m Model, s string) Model {
	for _, r := range s {
		m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}
