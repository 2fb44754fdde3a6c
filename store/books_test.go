package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/statement"
	stt "github.com/till-pos/till/store/statementtest"
)

// The tests of issue 11, one or more per class of defect, on real files
// through the real readers, matcher and SQLite.

var day15 = time.Date(2026, 1, 15, 0, 0, 0, 0, time.Local)

type booksEnv struct {
	t   *testing.T
	s   *Store
	dir string
	n   int
}

func newBooks(t *testing.T) *booksEnv {
	s := openTest(t)
	now := day15.Add(9 * time.Hour)
	s.Now = func() time.Time { return now }
	return &booksEnv{t: t, s: s, dir: t.TempDir()}
}

func (b *booksEnv) importAs(req ImportRequest, name, content string) (ImportResult, error) {
	b.t.Helper()
	b.n++
	req.Files = []string{stt.Write(b.t, b.dir, strings.Replace(name, "*", string(rune('a'+b.n%26))+strings.Repeat("x", b.n/26), 1), content)}
	return b.s.ImportFiles(context.Background(), req, "tester", nil)
}

func (b *booksEnv) mustImport(name, content string) ImportResult {
	b.t.Helper()
	res, err := b.importAs(ImportRequest{}, name, content)
	if err != nil {
		b.t.Fatal(err)
	}
	return res
}

func (b *booksEnv) state(ref payment.Reference) payment.State {
	b.t.Helper()
	o, err := b.s.Get(context.Background(), ref)
	if err != nil {
		b.t.Fatal(err)
	}
	return o.State
}

func (b *booksEnv) check() {
	b.t.Helper()
	problems, err := b.s.Check(context.Background())
	if err != nil || len(problems) > 0 {
		b.t.Fatalf("till check: %v %v", problems, err)
	}
}

func (b *booksEnv) openExceptions() []ExceptionItem {
	b.t.Helper()
	xs, err := b.s.Exceptions(context.Background(), true, 0)
	if err != nil {
		b.t.Fatal(err)
	}
	return xs
}

// Class 1: money out that carries the payment's id is a refund of that
// payment, never "the same payment already seen".
func TestRefundCarryingThePaymentIDIsARefund(t *testing.T) {
	b := newBooks(t)
	a := newOrder(t, b.s, 1000)
	pay := stt.Line{ID: "E18236120202601151327s0123456789", Minor: 1000, Credit: true, Ref: string(a.Ref), Day: day15.Add(10 * time.Hour)}
	b.mustImport("pix-*.json", stt.PIX("chave", []stt.Line{pay}))
	// The next download lists the same payment with a devolução.
	pay.Refunds = []stt.Refund{{ID: "D1", RtrID: "D18236120202601161000abcdef01234", Minor: 400, Day: day15.Add(30 * time.Hour)}}
	res := b.mustImport("pix-*.json", stt.PIX("chave", []stt.Line{pay}))
	if res.Counts[reconcile.Refund] != 1 {
		t.Fatalf("devolução: counts %v, want one refund", res.Counts)
	}
	if st := b.state(a.Ref); st.Received != 1000 || st.Refunded != 400 {
		t.Fatalf("after the devolução: %+v, want received 1000 refunded 400", st)
	}

	// A refund notification naming the payment by its provider id.
	o := newOrder(t, b.s, 2500)
	ctx := context.Background()
	body := `{"id":"n1","ref":"` + string(o.Ref) + `","amount":"25.00","currency":"BRL","payment_id":"PAY-77"}`
	p, err := notify.ParseGeneric([]byte(body), day15.Add(11*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.s.Notify(ctx, Notification{ID: p.ID, Kind: p.Kind, Body: []byte(body)}, p.Items, reconcile.Options{}); err != nil {
		t.Fatal(err)
	}
	body = `{"id":"n2","type":"refund","amount":"5.00","currency":"BRL","payment_id":"PAY-77"}`
	if p, err = notify.ParseGeneric([]byte(body), day15.Add(12*time.Hour)); err != nil {
		t.Fatal(err)
	}
	r, err := b.s.Notify(ctx, Notification{ID: p.ID, Kind: p.Kind, Body: []byte(body)}, p.Items, reconcile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Applied[0].Decision.Outcome; got != reconcile.Refund {
		t.Fatalf("refund notification: %s, want refund", got)
	}
	if st := b.state(o.Ref); st.Refunded != 500 {
		t.Fatalf("after the refund notification: %+v, want refunded 500", st)
	}
	b.check()
}

// Class 2: ids the payer chooses repeat; two credits sharing one are two
// payments. A bank id seen again with other content is an exception.
func TestPayerSetIDsAreNotPaymentIdentities(t *testing.T) {
	b := newBooks(t)
	a, c := newOrder(t, b.s, 1000), newOrder(t, b.s, 2000)
	b.mustImport("camt-*.xml", stt.CAMT("DE89370400440532013000", "BRL", []stt.Line{
		{ID: "ACR-1", Minor: 1000, Credit: true, Ref: string(a.Ref), E2E: "INVOICE-7", Day: day15},
		{ID: "ACR-2", Minor: 2000, Credit: true, Ref: string(c.Ref), E2E: "INVOICE-7", Day: day15},
	}))
	if sa, sc := b.state(a.Ref), b.state(c.Ref); sa.Status != payment.StatusPaid || sc.Status != payment.StatusPaid {
		t.Fatalf("camt EndToEndId shared: %s and %s, want both paid", sa.Status, sc.Status)
	}
	d, e := newOrder(t, b.s, 300), newOrder(t, b.s, 400)
	b.mustImport("mt940-*.sta", stt.MT940("37040044/0532013000", "BRL", []stt.Line{
		{ID: "B-1", Minor: 300, Credit: true, Ref: string(d.Ref), E2E: "RECHNUNG-9", Day: day15},
		{ID: "B-2", Minor: 400, Credit: true, Ref: string(e.Ref), E2E: "RECHNUNG-9", Day: day15},
	}))
	if sd, se := b.state(d.Ref), b.state(e.Ref); sd.Status != payment.StatusPaid || se.Status != payment.StatusPaid {
		t.Fatalf("MT940 EREF+ shared: %s and %s, want both paid", sd.Status, se.Status)
	}
	b.check()
}

func TestRepeatedKeyWithOtherContentIsAnException(t *testing.T) {
	b := newBooks(t)
	a := newOrder(t, b.s, 1000)
	first := stt.CAMT("DE89370400440532013000", "BRL", []stt.Line{{ID: "ACR-1", Minor: 1000, Credit: true, Ref: string(a.Ref), Day: day15}})
	b.mustImport("camt-*.xml", first)
	other := stt.CAMT("DE89370400440532013000", "BRL", []stt.Line{{ID: "ACR-1", Minor: 1200, Credit: true, Ref: string(a.Ref), Day: day15}})
	res := b.mustImport("camt-*.xml", other)
	if res.AlreadyImported != 0 || res.ExceptionCount != 1 {
		t.Fatalf("same id, other amount: %d already imported, %d exceptions; want a new line with an exception", res.AlreadyImported, res.ExceptionCount)
	}
	if x := res.Exceptions[0]; !strings.Contains(x.Detail, "the amount (BRL 10.00 before, BRL 12.00 now)") {
		t.Fatalf("the exception does not say what differs: %q", x.Detail)
	}
	if st := b.state(a.Ref); st.Received != 1000 {
		t.Fatalf("the conflicting line was applied by itself: %+v", st)
	}
	// Importing either file again changes nothing.
	for _, f := range []string{first, other} {
		if res := b.mustImport("camt-*.xml", f); res.NewLines != 0 {
			t.Fatalf("re-import wrote %d lines", res.NewLines)
		}
	}
	b.check()
}

// Class 3: reversals and corrections undo what they reverse, as events of
// their own, never as extra money.
func TestReversalsAndCorrectionsUndo(t *testing.T) {
	b := newBooks(t)
	a, c, d, e, f := newOrder(t, b.s, 1000), newOrder(t, b.s, 700), newOrder(t, b.s, 500), newOrder(t, b.s, 600), newOrder(t, b.s, 800)
	b.mustImport("camt-*.xml", stt.CAMT("DE89370400440532013000", "BRL", []stt.Line{
		{ID: "ACR-1", Minor: 1000, Credit: true, Ref: string(a.Ref), Day: day15},
		{ID: "ACR-2", Minor: 1000, Credit: false, Reversal: true, Ref: string(a.Ref), Day: day15.AddDate(0, 0, 1)},
	}))
	b.mustImport("mt940-*.sta", stt.MT940("37040044/0532013000", "BRL", []stt.Line{
		{ID: "B-1", Minor: 700, Credit: true, Ref: string(c.Ref), Day: day15},
		{ID: "B-2", Minor: 700, Credit: false, Reversal: true, Ref: string(c.Ref), Day: day15.AddDate(0, 0, 1)},
	}))
	b.mustImport("ofx-*.ofx", stt.OFX("12345-6", "BRL", []stt.Line{
		{ID: "F-1", Minor: 500, Credit: true, Ref: string(d.Ref), Day: day15},
		{ID: "F-2", Minor: 600, Credit: true, Ref: string(e.Ref), Day: day15},
	}))
	res := b.mustImport("ofx-*.ofx", stt.OFX("12345-6", "BRL", []stt.Line{
		{ID: "F-3", Minor: 500, Credit: true, Corrects: "F-1", Action: "DELETE", Ref: string(d.Ref), Day: day15},
		{ID: "F-4", Minor: 800, Credit: true, Corrects: "F-2", Action: "REPLACE", Ref: string(f.Ref), Day: day15},
	}))
	if res.Counts[reconcile.Corrected] != 1 || res.Counts[reconcile.Paid] != 1 {
		t.Fatalf("corrections: %v", res.Counts)
	}
	for _, w := range []struct {
		o    Order
		want int64
	}{{a, 0}, {c, 0}, {d, 0}, {e, 0}, {f, 800}} {
		if st := b.state(w.o.Ref); st.Received != w.want {
			t.Errorf("order %s: received %d, want %d (%+v)", w.o.Ref, st.Received, w.want, st)
		}
	}
	o, err := b.s.Get(context.Background(), a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.s.Details(context.Background(), []Order{o}); err != nil {
		t.Fatal(err)
	}
	b.s.Details(context.Background(), []Order{o})
	var kinds []string
	orders := []Order{o}
	if err := b.s.Details(context.Background(), orders); err != nil {
		t.Fatal(err)
	}
	for _, ev := range orders[0].Events {
		kinds = append(kinds, string(ev.Kind))
	}
	if got := strings.Join(kinds, ","); got != "created,payment,reversed" {
		t.Fatalf("history of the reversed order: %s, want created,payment,reversed", got)
	}
	if res := b.mustImport("ofx-*.ofx", stt.OFX("12345-6", "BRL", []stt.Line{
		{ID: "F-3", Minor: 500, Credit: true, Corrects: "F-1", Action: "DELETE", Ref: string(d.Ref), Day: day15},
	})); res.NewLines != 0 {
		t.Fatalf("a correction imported again wrote %d lines", res.NewLines)
	}
	b.check()
}

// Class 5: an amount the format does not define is refused, naming the
// file, the line and the field, and nothing is written.
func TestMisreadAmountsAreRefused(t *testing.T) {
	b := newBooks(t)
	a := newOrder(t, b.s, 100000)
	content := strings.Replace(stt.MT940("37040044/0532013000", "BRL", []stt.Line{
		{ID: "B-1", Minor: 100000, Credit: true, Ref: string(a.Ref), Day: day15}}), "C1000,00", "C1 000,00", 1)
	_, err := b.importAs(ImportRequest{}, "thousands-*.sta", content)
	if err == nil {
		t.Fatal("an MT940 amount with a space was accepted")
	}
	for _, want := range []string{"thousands-", "line 5", ":61: amount"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error %q does not name %q", err, want)
		}
	}
	if st := b.state(a.Ref); st.Status != payment.StatusOpen {
		t.Fatalf("order is %s after a refused file", st.Status)
	}
	if n, _ := b.s.OpenExceptionCount(context.Background()); n != 0 {
		t.Fatalf("%d exceptions written by a refused file", n)
	}
}

// Class 6: a line or notification in another currency is an exception of
// its own, and a file with such lines gets one warning.
func TestOtherCurrencyIsAnExceptionPerLine(t *testing.T) {
	b := newBooks(t)
	a := newOrder(t, b.s, 1000)
	res, err := b.importAs(ImportRequest{Currency: "BRL"}, "eur-*.xml", stt.CAMT("DE89370400440532013000", "EUR", []stt.Line{
		{ID: "E-1", Minor: 1000, Credit: true, Ref: string(a.Ref), Day: day15},
		{ID: "E-2", Minor: 1234, Credit: true, Day: day15},
		{ID: "E-3", Minor: 50, Credit: false, Day: day15},
	}))
	if err != nil {
		t.Fatal(err)
	}
	if res.ExceptionCount != 3 || len(res.Warnings) != 1 {
		t.Fatalf("%d exceptions, warnings %q; want 3 and one", res.ExceptionCount, res.Warnings)
	}
	for _, x := range res.Exceptions {
		if !strings.HasPrefix(x.Detail, "EUR statement line on a BRL till") {
			t.Errorf("exception %q does not say the currency", x.Detail)
		}
	}
	body := `{"id":"n1","ref":"` + string(a.Ref) + `","amount":"10.00","currency":"EUR"}`
	p, err := notify.ParseGeneric([]byte(body), day15)
	if err != nil {
		t.Fatal(err)
	}
	r, err := b.s.Notify(context.Background(), Notification{ID: p.ID, Kind: p.Kind, Body: []byte(body)}, p.Items,
		reconcile.Options{Currency: "BRL"})
	if err != nil {
		t.Fatal(err)
	}
	if d := r.Applied[0].Decision; !strings.HasPrefix(d.Exception, "EUR notification on a BRL till") {
		t.Fatalf("notification in EUR: %s %q", d.Outcome, d.Exception)
	}
	if st := b.state(a.Ref); st.Received != 0 {
		t.Fatalf("money in another currency reached the order: %+v", st)
	}
	b.check()
}

// The statement readers keep the kinds of id apart (class 2): the payer's
// id is never the ProviderID.
func TestReadersKeepPayerIDsOutOfProviderID(t *testing.T) {
	for name, content := range map[string]string{
		"camt":  stt.CAMT("DE89370400440532013000", "EUR", []stt.Line{{ID: "A", Minor: 100, Credit: true, E2E: "INV-1", TxID: "TX-9", Day: day15}}),
		"mt940": stt.MT940("37040044/0532013000", "EUR", []stt.Line{{ID: "A", Minor: 100, Credit: true, E2E: "INV-1", Day: day15}}),
	} {
		r, err := statement.Open(strings.NewReader(content), "auto", statement.Options{})
		if err != nil {
			t.Fatal(err)
		}
		l, err := r.Next()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := map[string]string{"camt": "TX-9", "mt940": ""}[name]
		if l.ProviderID != want {
			t.Errorf("%s: ProviderID %q, want %q", name, l.ProviderID, want)
		}
	}
}

// Class 7: the day close lists every open exception of the day the
// reconcile screen lists, whatever its currency.
func TestDayCloseCountsTheReconcileScreensExceptions(t *testing.T) {
	b := newBooks(t)
	ctx := context.Background()
	a := newOrder(t, b.s, 1000)
	body := `{"id":"n1","ref":"` + string(a.Ref) + `","amount":"10.00","currency":"EUR","paid_at":"` + day15.Add(10*time.Hour).Format(time.RFC3339) + `"}`
	p, err := notify.ParseGeneric([]byte(body), day15)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.s.Notify(ctx, Notification{ID: p.ID, Kind: p.Kind, Body: []byte(body)}, p.Items, reconcile.Options{Currency: "BRL"}); err != nil {
		t.Fatal(err)
	}
	b.mustImport("camt-*.xml", stt.CAMT("DE89370400440532013000", "BRL", []stt.Line{
		{ID: "ACR-1", Minor: 600, Credit: true, Ref: string(a.Ref), Day: day15},
		{ID: "ACR-2", Minor: 999, Credit: true, Day: day15},
	}))
	screen := b.openExceptions()
	d, err := b.s.DayReport(ctx, day15.Format(time.DateOnly), brl, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(screen) != 3 || len(d.OpenExceptions) != len(screen) {
		t.Fatalf("reconcile screen has %d open exceptions, the day close %d", len(screen), len(d.OpenExceptions))
	}
	for i, x := range d.OpenExceptions {
		if x.ID != screen[i].ID || x.Currency != screen[i].Currency {
			t.Errorf("day close exception %d: %+v, screen %+v", i, x, screen[i])
		}
	}
}

// The published shapes of a return, a storno, a correction and a
// devolução (payment/statement/testdata, see SOURCES-reversals.md) applied
// to orders: each undoes or refunds, never adds money.
func TestPublishedReversalsAndCorrectionsApply(t *testing.T) {
	type order struct {
		ref   payment.Reference
		minor int64
		cur   string
	}
	type want struct {
		ref                payment.Reference
		received, refunded int64
		history            string
	}
	tests := []struct {
		name   string
		orders []order
		files  []string
		want   []want
	}{
		{"camt RvslInd", []order{{"MHDH7MZPWY", 4200, "EUR"}}, []string{"camt053_reversal.xml"},
			[]want{{"MHDH7MZPWY", 0, 0, "created,payment,reversed"}}},
		{"MT940 RC storno", []order{{"MHDH7MZPWY", 4200, "EUR"}}, []string{"mt940_storno.sta"},
			[]want{{"MHDH7MZPWY", 0, 0, "created,payment,reversed"}}},
		{"OFX REPLACE and DELETE", []order{{"MHDH7MZPWY", 4200, "BRL"}, {"NBT568R5FB", 1850, "BRL"}},
			[]string{"ofx_correction_before.ofx", "ofx_correction_after.ofx"},
			[]want{{"MHDH7MZPWY", 2400, 0, "created,payment,reversed,payment"}, {"NBT568R5FB", 0, 0, "created,payment,reversed"}}},
		{"PIX devolucoes", []order{{"NBT568R5FB", 10000, "BRL"}}, []string{"pix_devolucoes.json"},
			[]want{{"NBT568R5FB", 10000, 1100, "created,payment,refund"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			ctx := context.Background()
			for _, o := range tt.orders {
				s.NewReference = func() payment.Reference { return o.ref }
				if _, err := s.CreateOrder(ctx, NewOrder{Amount: payment.Amount{Minor: o.minor, Currency: payment.MustCurrency(o.cur)},
					Expiry: time.Hour, Actor: "ana"}); err != nil {
					t.Fatal(err)
				}
			}
			for _, f := range tt.files {
				if _, err := s.ImportFiles(ctx, ImportRequest{Files: []string{"../payment/statement/testdata/" + f}}, "tester", nil); err != nil {
					t.Fatal(err)
				}
			}
			for _, w := range tt.want {
				o, err := s.Get(ctx, w.ref)
				if err != nil {
					t.Fatal(err)
				}
				orders := []Order{o}
				if err := s.Details(ctx, orders); err != nil {
					t.Fatal(err)
				}
				var kinds []string
				for _, e := range orders[0].Events {
					kinds = append(kinds, string(e.Kind))
				}
				if o.State.Received != w.received || o.State.Refunded != w.refunded || strings.Join(kinds, ",") != w.history {
					t.Errorf("order %s: received %d refunded %d history %s; want %d, %d, %s", w.ref,
						o.State.Received, o.State.Refunded, strings.Join(kinds, ","), w.received, w.refunded, w.history)
				}
			}
			if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
				t.Fatalf("till check: %v %v", problems, err)
			}
		})
	}
}

// Class 2 for notifications: the same notification id with another
// amount is not a silent replay.
func TestNotificationIDReusedWithOtherContent(t *testing.T) {
	b := newBooks(t)
	ctx := context.Background()
	a := newOrder(t, b.s, 1000)
	send := func(amount string) NotifyResult {
		body := `{"id":"n1","ref":"` + string(a.Ref) + `","amount":"` + amount + `","currency":"BRL","paid_at":"2026-01-15T10:00:00Z"}`
		p, err := notify.ParseGeneric([]byte(body), day15)
		if err != nil {
			t.Fatal(err)
		}
		r, err := b.s.Notify(ctx, Notification{ID: p.ID, Kind: p.Kind, Body: []byte(body)}, p.Items, reconcile.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	send("10.00")
	if r := send("10.00"); !r.Replayed {
		t.Fatal("the same notification again is not a replay")
	}
	if r := send("12.00"); r.Replayed {
		t.Fatal("the same id with another amount was taken as a replay")
	}
	xs := b.openExceptions()
	if len(xs) != 1 || !strings.Contains(xs[0].Detail, "the amount (BRL 10.00 before, BRL 12.00 now)") {
		t.Fatalf("exceptions %+v, want one saying the amount differs", xs)
	}
	if st := b.state(a.Ref); st.Received != 1000 {
		t.Fatalf("received %d, want 1000", st.Received)
	}
	b.check()
}
