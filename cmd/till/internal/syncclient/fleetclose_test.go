package syncclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/report"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/store/central"
)

// sellDay sells n orders on st, each left in another state: paid by
// evidence, part paid, part paid then the rest in cash, claimed,
// cancelled, paid then part refunded, open. It returns the business day.
func sellDay(t *testing.T, st *store.Store, n int) string {
	t.Helper()
	ctx := context.Background()
	day := ""
	for i := range n {
		o := order(t, st, int64(500+37*i))
		day = o.Day
		pay := func(minor int64) {
			if _, err := st.Apply(ctx, o.Ref, payment.Event{Kind: payment.EventPayment, Amount: minor, Source: "notification:t", Actor: "test"}); err != nil {
				t.Fatal(err)
			}
		}
		var err error
		switch i % 7 {
		case 0:
			pay(o.Amount.Minor)
		case 1:
			pay(o.Amount.Minor / 3)
		case 2:
			pay(o.Amount.Minor / 2)
			_, err = st.PayRestInCash(ctx, o.Ref, "ann", "")
		case 3:
			_, err = st.Claim(ctx, o.Ref, "bob", "")
		case 4:
			_, err = st.Cancel(ctx, o.Ref, "ann", "changed their mind")
		case 5:
			pay(o.Amount.Minor)
			_, err = st.Refund(ctx, o.Ref, 100, "ann", "broken")
		}
		if err != nil {
			t.Fatalf("order %d: %v", i, err)
		}
	}
	return day
}

// figures is what a day close must agree on, whoever computed it.
func figures(d report.Day) string {
	claims := []string{}
	for _, c := range d.Claims {
		claims = append(claims, fmt.Sprintf("%s:%d:%s", c.Ref, c.Due, c.Actor))
	}
	slices.Sort(claims)
	b, _ := json.Marshal([]any{d.ByStatus, d.ByScheme, d.Total, d.Verified, d.Claimed, d.CashPaid, d.Refunded,
		d.Expected, d.Unpaid, d.LateCount, claims, d.Cash, d.HasCash, d.Takings, d.OpenExceptionCount})
	return string(b)
}

// independent sums a day's orders from central's raw events with
// payment.Fold, each order's events in its till's outbox order.
func independent(t *testing.T, b *central.Book, day string) map[string]report.Row {
	t.Helper()
	ctx := context.Background()
	orders, err := b.Orders(ctx, "main", central.OrderFilter{Day: day})
	if err != nil {
		t.Fatal(err)
	}
	evs, err := b.Events(ctx, "main", "")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]report.Row{}
	for _, o := range orders {
		var list []payment.Event
		for _, e := range evs { // in (till, seq) order
			if e.Ref == o.Ref {
				list = append(list, payment.Event{Kind: payment.EventKind(e.Kind), Amount: e.Amount})
			}
		}
		st, err := payment.Fold(list)
		if err != nil {
			t.Fatalf("order %s: %v", o.Ref, err)
		}
		for _, key := range []string{string(st.Status), "total"} {
			r := out[key]
			r.Count++
			r.Due += st.Due
			r.Settled += st.Settled()
			r.Received += st.Received
			r.Refunded += st.Refunded
			r.CashPaid += st.Cash
			out[key] = r
		}
	}
	return out
}

// onlyFirst lets one request through, then fails: the till's upload
// stops after its first batch.
type onlyFirst struct{ n atomic.Int32 }

func (o *onlyFirst) RoundTrip(r *http.Request) (*http.Response, error) {
	if o.n.Add(1) > 1 {
		return nil, errors.New("the network is down")
	}
	return http.DefaultTransport.RoundTrip(r)
}

// The fleet day close: refused while a till's upload has not reached its
// own close (naming it), then per till exactly the till's own close, in
// total their sum and an independent fold of central's raw events;
// printed again identical; a payment uploaded after the close is listed
// as a late arrival and leaves the closed figures as they were.
func TestFleetDayCloseIsTheSumOfTheTillsCloses(t *testing.T) {
	f := newLiveFleet(t)
	srv := f.server(t)
	ctx := context.Background()
	names := []string{"counter 1", "counter 2", "counter 3"}
	tills := map[string]*store.Store{}
	own := map[string]report.Day{}
	day := ""
	for i, name := range names {
		st := f.till(t, name, srv.srv.URL)
		tills[name] = st
		day = sellDay(t, st, 9+5*i)
		var cash *int64
		if i == 0 {
			cash = new(int64(4321)) // counted in one drawer only
		}
		d, err := st.CloseDay(ctx, day, eur, "ann", cash, "")
		if err != nil {
			t.Fatal(err)
		}
		own[name] = d
	}
	for _, name := range names[:2] {
		if _, err := (&Syncer{Store: tills[name]}).Once(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// counter 3 reports its close with its first entry, then the network fails.
	lagging := &Syncer{Store: tills["counter 3"], Batch: 1, Client: &http.Client{Transport: &onlyFirst{}}}
	if _, err := lagging.Once(ctx); err == nil {
		t.Fatal("the lagging till's upload went through")
	}
	_, err := f.book.CloseFleetDay(ctx, "main", day, eur, "boss", nil)
	if !errors.Is(err, central.ErrTillsBehind) || !strings.Contains(err.Error(), `till "counter 3" (`) ||
		!strings.Contains(err.Error(), "changes of its close not uploaded") || strings.Contains(err.Error(), "counter 1") {
		t.Fatalf("closing while counter 3 lags: %v", err)
	}
	if _, err := (&Syncer{Store: tills["counter 3"]}).Once(ctx); err != nil {
		t.Fatal(err)
	}
	// The central orders agree with the fold of their events, the rest
	// paid in cash included (central kept no cash before 0006_cash).
	if problems, err := f.book.Check(ctx, "main"); err != nil || len(problems) > 0 {
		t.Fatalf("central check: %v %v", problems, err)
	}
	closed, err := f.book.CloseFleetDay(ctx, "main", day, eur, "boss", nil)
	if err != nil {
		t.Fatal(err)
	}
	var sum report.Inputs
	sum.Day, sum.Currency = day, eur
	for i, td := range closed.Tills {
		if td.Till != names[i] || figures(td.Day) != figures(own[td.Till]) {
			t.Fatalf("till %q: central\n%s\nthe till's own close\n%s", td.Till, figures(td.Day), figures(own[names[i]]))
		}
		sum.ByStatus = append(sum.ByStatus, own[td.Till].ByStatus...)
		for _, r := range own[td.Till].ByScheme {
			i := slices.IndexFunc(sum.ByScheme, func(x report.Row) bool { return x.Key == r.Key })
			if i < 0 {
				sum.ByScheme = append(sum.ByScheme, r)
				continue
			}
			x := &sum.ByScheme[i]
			x.Count, x.Due, x.Settled, x.Received, x.Refunded, x.CashPaid = x.Count+r.Count, x.Due+r.Due, x.Settled+r.Settled,
				x.Received+r.Received, x.Refunded+r.Refunded, x.CashPaid+r.CashPaid
		}
		sum.LateCount += own[td.Till].LateCount
		sum.ExceptionCount += own[td.Till].OpenExceptionCount
		if own[td.Till].HasCash {
			c := own[td.Till].Cash
			if sum.Cash != nil {
				c += *sum.Cash
			}
			sum.Cash = &c
		}
		sum.Claims = append(sum.Claims, own[td.Till].Claims...)
	}
	want, err := report.Build(sum)
	if err != nil {
		t.Fatal(err)
	}
	if figures(closed.Total) != figures(want) {
		t.Fatalf("fleet total\n%s\nsum of the tills' closes\n%s", figures(closed.Total), figures(want))
	}
	ind := independent(t, f.book, day)
	for _, r := range append(closed.Total.ByStatus, closed.Total.Total) {
		w := ind[r.Key]
		w.Key = r.Key
		if r != w {
			t.Fatalf("%s: the fleet close says %+v, central's raw events %+v", r.Key, r, w)
		}
	}
	again, err := f.book.FleetReport(ctx, "main", day, eur)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(closed)
	b, _ := json.Marshal(again)
	if string(a) != string(b) || len(again.Late) != 0 {
		t.Fatalf("printed again:\n%s\nat closing:\n%s\nlate %+v", b, a, again.Late)
	}
	if _, err := f.book.CloseFleetDay(ctx, "main", day, eur, "boss", nil); !errors.Is(err, central.ErrFleetDayClosed) {
		t.Fatalf("closing twice: %v", err)
	}
	// A payment for one of the day's open orders, after the close.
	open, err := tills["counter 2"].List(ctx, store.Filter{Status: []payment.Status{payment.StatusOpen}})
	if err != nil || len(open) == 0 {
		t.Fatalf("open orders of counter 2: %d %v", len(open), err)
	}
	if _, err := tills["counter 2"].Apply(ctx, open[0].Ref, payment.Event{Kind: payment.EventPayment, Amount: open[0].Amount.Minor, Source: "notification:late", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := (&Syncer{Store: tills["counter 2"]}).Once(ctx); err != nil {
		t.Fatal(err)
	}
	later, err := f.book.FleetReport(ctx, "main", day, eur)
	if err != nil {
		t.Fatal(err)
	}
	if figures(later.Total) != figures(closed.Total) {
		t.Fatal("a late arrival changed the closed figures")
	}
	if len(later.Late) != 1 || later.Late[0].Ref != string(open[0].Ref) || later.Late[0].Kind != "payment" || later.Late[0].Till != "counter 2" {
		t.Fatalf("late arrivals: %+v", later.Late)
	}
}

// A till that has not closed its day blocks the fleet's close until it is
// named absent; a name that is no till is refused.
func TestFleetDayCloseWithAnAbsentTill(t *testing.T) {
	f := newLiveFleet(t)
	srv := f.server(t)
	ctx := context.Background()
	a, b := f.till(t, "north", srv.srv.URL), f.till(t, "south", srv.srv.URL)
	day := sellDay(t, a, 7)
	sellDay(t, b, 3)
	if _, err := a.CloseDay(ctx, day, eur, "ann", nil, ""); err != nil {
		t.Fatal(err)
	}
	for _, st := range []*store.Store{a, b} {
		if _, err := (&Syncer{Store: st}).Once(ctx); err != nil {
			t.Fatal(err)
		}
	}
	_, err := f.book.CloseFleetDay(ctx, "main", day, eur, "boss", nil)
	if !errors.Is(err, central.ErrTillsBehind) || !strings.Contains(err.Error(), `till "south" (has not closed the day`) {
		t.Fatalf("closing without south's close: %v", err)
	}
	if _, err := f.book.CloseFleetDay(ctx, "main", day, eur, "boss", []string{"west"}); err == nil || !strings.Contains(err.Error(), `"west"`) {
		t.Fatalf("an unknown absent till: %v", err)
	}
	fd, err := f.book.CloseFleetDay(ctx, "main", day, eur, "boss", []string{"south"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fd.Absent, []string{"south"}) || len(fd.Tills) != 2 || fd.Total.Total.Count != 10 {
		t.Fatalf("closed with south absent: absent %v, %d tills, %d orders", fd.Absent, len(fd.Tills), fd.Total.Total.Count)
	}
}
