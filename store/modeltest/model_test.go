package modeltest

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/notify"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/statement"
	"github.com/till-pos/till/store"
	stt "github.com/till-pos/till/store/statementtest"
)

// The model-based test of the books (issue 11): seeded random sequences of
// charges, claims, cancels, expiries, notifications and statement files in
// every format, with refunds, reversals, corrections, repeats, overlapping
// files, the same bank ids in two accounts and payer ids reused, and the
// manual link, accept and dismiss. After every step, every order's
// received, refunded and status and the open exceptions must equal the
// reference ledger's.
//
// The short run is part of `go test ./...`; the long one:
//
//	go test ./store/modeltest -run TestBooksModel -model.steps 20000 -model.seeds 20
//
// (or TILL_MODEL_STEPS / TILL_MODEL_SEEDS in the environment).
var (
	steps = flag.Int("model.steps", envInt("TILL_MODEL_STEPS", 400), "steps per seed")
	seeds = flag.Int("model.seeds", envInt("TILL_MODEL_SEEDS", 2), "seeds to run (1..N)")
	seed0 = flag.Int("model.seed", envInt("TILL_MODEL_SEED", 0), "run only this seed (0: all)")
)

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

var brl = payment.MustCurrency("BRL")

func TestBooksModel(t *testing.T) {
	n := *steps
	if testing.Short() {
		n = min(n, 150)
	}
	for s := 1; s <= *seeds; s++ {
		if *seed0 != 0 && s != *seed0 {
			continue
		}
		t.Run(fmt.Sprintf("seed%d", s), func(t *testing.T) { run(t, uint64(s), n) })
	}
}

// world is the store under test and the ledger, driven together.
type world struct {
	t       *testing.T
	rnd     *rand.Rand
	st      *store.Store
	m       *ledger
	now     time.Time
	dir     string
	refs    []string              // orders in creation order
	sent    map[string][]stt.Line // lines written per format and account
	files   []imported            // every file imported, to import again at the end
	notes   []notification        // every notification sent
	sentEv  []sentNote            // the first delivery of each, with what the ledger made of it
	pids    []string              // provider ids of payments made (PIX endToEndIds, notification payment ids)
	counter map[string]int        // bank ids per format and account: both accounts count from 1
	pixRef  map[string]*stt.Line  // PIX payments by endToEndId, to list them again with devoluções
	step    int
	log     []string
	stats   map[string]int
}

type imported struct {
	path, account string
}

type notification struct {
	body string
}

type sentNote struct {
	body string
	e    mEvidence
}

func run(t *testing.T, seed uint64, n int) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := &world{t: t, rnd: rand.New(rand.NewPCG(seed, 11)), st: st, m: newLedger("BRL"),
		now: time.Date(2026, 1, 15, 9, 0, 0, 0, time.Local), dir: dir, sent: map[string][]stt.Line{},
		counter: map[string]int{}, pixRef: map[string]*stt.Line{}, stats: map[string]int{}}
	st.Now = func() time.Time { return w.now }
	for w.step = 1; w.step <= n; w.step++ {
		w.act()
		w.compare()
		if t.Failed() {
			t.Logf("seed %d failed at step %d; the last steps:\n%s", seed, w.step, strings.Join(w.log[max(0, len(w.log)-15):], "\n"))
			return
		}
	}
	w.finish()
	t.Logf("seed %d: %d steps, %d orders, %d statement files, %d notifications; %v", seed, n, len(w.refs), len(w.files), len(w.notes), w.stats)
}

func (w *world) logf(format string, args ...any) {
	w.log = append(w.log, fmt.Sprintf("%5d ", w.step)+fmt.Sprintf(format, args...))
}

// act takes one random step.
func (w *world) act() {
	ctx := context.Background()
	r := w.rnd.IntN(100)
	switch {
	case r < 14 || len(w.refs) < 3:
		w.charge(ctx)
	case r < 18:
		w.claim(ctx)
	case r < 21:
		w.cancel(ctx)
	case r < 24:
		w.expire(ctx)
	case r < 28:
		w.rest(ctx)
	case r < 40:
		w.notify(ctx)
	case r < 88:
		w.statement(ctx)
	default:
		w.manual(ctx)
	}
}

func (w *world) anyOrder() string { return w.refs[w.rnd.IntN(len(w.refs))] }

// waitingOrder is, most of the time, an order still waiting for money (a
// cashier claims or voids those), else any order.
func (w *world) waitingOrder() string {
	var waiting []string
	for _, ref := range w.refs[max(0, len(w.refs)-30):] {
		if st := w.m.orders[ref].status(); st == "open" || st == "claimed" {
			waiting = append(waiting, ref)
		}
	}
	if len(waiting) == 0 || w.rnd.IntN(4) == 0 {
		return w.anyOrder()
	}
	return waiting[w.rnd.IntN(len(waiting))]
}

func (w *world) charge(ctx context.Context) {
	due := []int64{500, 1000, 1250, 2000, 3333}[w.rnd.IntN(5)]
	o, err := w.st.CreateOrder(ctx, store.NewOrder{Amount: payment.Amount{Minor: due, Currency: brl}, Expiry: 15 * time.Minute, Actor: "model"})
	if err != nil {
		w.t.Fatal(err)
	}
	ref := string(o.Ref)
	w.refs = append(w.refs, ref)
	w.m.orders[ref] = &mOrder{ref: ref, due: due, expires: w.now.Add(15 * time.Minute)}
	w.logf("charge %s %d", ref, due)
	w.stats["charge"]++
}

func (w *world) claim(ctx context.Context) {
	ref := w.waitingOrder()
	w.m.expire(w.now)
	o := w.m.orders[ref]
	ok := o.status() == "open"
	_, err := w.st.Claim(ctx, payment.Reference(ref), "model", "")
	w.expect("claim "+ref, ok, err)
	if ok && err == nil {
		o.claimed = true
	}
}

func (w *world) cancel(ctx context.Context) {
	ref := w.waitingOrder()
	w.m.expire(w.now)
	o := w.m.orders[ref]
	st := o.status()
	ok := (st == "open" || st == "claimed") && o.refunded == 0 && o.covered() == 0
	_, err := w.st.Cancel(ctx, payment.Reference(ref), "model", "void")
	w.expect("cancel "+ref, ok, err)
	if ok && err == nil {
		o.closed = "cancelled"
	}
}

func (w *world) expect(what string, ok bool, err error) {
	w.logf("%s (ledger allows: %t, store: %v)", what, ok, err)
	if ok != (err == nil) {
		w.t.Errorf("step %d: %s: the ledger says allowed=%t, the store answered %v", w.step, what, ok, err)
	}
	if err == nil {
		w.stats[strings.Fields(what)[0]]++
	}
}

func (w *world) expire(ctx context.Context) {
	w.now = w.now.Add(time.Hour)
	if _, err := w.st.ExpireDue(ctx); err != nil {
		w.t.Fatal(err)
	}
	w.m.expire(w.now)
	w.logf("expire at %s", w.now.Format(time.DateTime))
	w.stats["expire"]++
}

// notify sends a generic notification: a payment (sometimes of a payment
// a PIX statement lists too, sometimes in EUR), or a refund naming a
// payment by its id; a third of them are delivered twice.
func (w *world) notify(ctx context.Context) {
	if len(w.sentEv) > 0 && w.rnd.IntN(15) == 0 { // an id used again with another amount
		old := w.sentEv[w.rnd.IntN(len(w.sentEv))]
		e := old.e
		e.amount++
		body := strings.Replace(old.body, `"amount":"`+dec(old.e.amount)+`"`, `"amount":"`+dec(e.amount)+`"`, 1)
		e.content = body
		w.post(ctx, body)
		w.m.expire(w.now)
		w.m.evidence(e)
		w.logf("notify again with another amount: %s", body)
		w.stats["notification:id-reused"]++
		return
	}
	id := fmt.Sprintf("n%d", w.step)
	ref := w.anyOrder()
	o := w.m.orders[ref]
	ref = w.payRef(ref)
	cur := "BRL"
	if w.rnd.IntN(12) == 0 {
		cur = "EUR"
	}
	amount := w.amountFor(o.due)
	e := mEvidence{key: "notify:" + id, ref: ref, amount: amount, cur: cur, credit: true}
	body := ""
	switch r := w.rnd.IntN(10); {
	case r < 3 && len(w.pids) > 0: // a refund of a known payment
		pid := w.pids[w.rnd.IntN(len(w.pids))]
		e = mEvidence{key: "notify:" + id, pid: pid, amount: int64(1 + w.rnd.IntN(1500)), cur: "BRL"}
		body = fmt.Sprintf(`{"id":%q,"type":"refund","amount":%q,"currency":"BRL","payment_id":%q,"paid_at":%q}`,
			id, dec(e.amount), pid, w.now.Format(time.RFC3339))
	case r < 5 && len(w.pixRef) > 0: // a payment a PIX statement lists too
		keys := make([]string, 0, len(w.pixRef))
		for k := range w.pixRef {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		l := w.pixRef[keys[w.rnd.IntN(len(keys))]]
		e = mEvidence{key: "notify:" + id, pid: l.ID, ref: l.Ref, amount: l.Minor, cur: "BRL", credit: true}
		if w.rnd.IntN(4) == 0 {
			e.amount++ // the same id, another amount
		}
		body = fmt.Sprintf(`{"id":%q,"ref":%q,"amount":%q,"currency":"BRL","payment_id":%q,"paid_at":%q}`,
			id, firstNonEmpty(l.Ref, ref), dec(e.amount), l.ID, w.now.Format(time.RFC3339))
		if l.Ref == "" {
			e.ref = ref
		}
	default:
		e.pid = "PAY-" + id
		w.pids = append(w.pids, e.pid)
		body = fmt.Sprintf(`{"id":%q,"ref":%q,"amount":%q,"currency":%q,"payment_id":%q,"paid_at":%q}`,
			id, ref, dec(amount), cur, e.pid, w.now.Format(time.RFC3339))
	}
	e.content = body
	times := 1 + w.rnd.IntN(3)/2
	for i := 0; i < times; i++ {
		w.post(ctx, body)
	}
	w.m.expire(w.now)
	w.m.evidence(e)
	w.sentEv = append(w.sentEv, sentNote{body: body, e: e})
	w.logf("notify %s ×%d: %s", id, times, body)
	w.stats["notification"]++
}

func (w *world) post(ctx context.Context, body string) {
	p, err := notify.ParseGeneric([]byte(body), w.now)
	if err != nil {
		w.t.Fatalf("notification %s: %v", body, err)
	}
	if _, err := w.st.Notify(ctx, store.Notification{ID: p.ID, Kind: p.Kind, Body: []byte(body)}, p.Items,
		reconcile.Options{Actor: "model", Currency: "BRL"}); err != nil {
		w.t.Fatal(err)
	}
	w.notes = append(w.notes, notification{body: body})
}

// amountFor is what a payer pays for an order due: mostly the amount,
// sometimes less or more.
func (w *world) amountFor(due int64) int64 {
	switch w.rnd.IntN(8) {
	case 0:
		return due / 2
	case 1:
		return due + 100
	}
	return due
}

func dec(minor int64) string { return fmt.Sprintf("%d.%02d", minor/100, minor%100) }

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// compare checks every order and the open exceptions against the ledger.
func (w *world) compare() {
	ctx := context.Background()
	// Listing orders expires those whose time ran out (an order a reversal
	// reopened after its expiry): so does the ledger.
	w.m.expire(w.now)
	orders, err := w.st.List(ctx, store.Filter{Oldest: true})
	if err != nil {
		w.t.Fatal(err)
	}
	if len(orders) != len(w.refs) {
		w.t.Fatalf("step %d: the store lists %d orders, the ledger has %d", w.step, len(orders), len(w.refs))
	}
	for _, o := range orders {
		ref := string(o.Ref)
		mo := w.m.orders[ref]
		if mo == nil {
			w.t.Fatalf("step %d: order %s is not in the ledger", w.step, ref)
		}
		if o.State.Received != mo.received || o.State.Refunded != mo.refunded || string(o.Status()) != mo.status() ||
			o.State.Cash != mo.cash || o.State.RestClaimed != mo.restClaimed {
			w.t.Errorf("step %d: order %s: store received %d refunded %d cash %d rest claimed %d %s; ledger received %d refunded %d cash %d rest claimed %d %s",
				w.step, ref, o.State.Received, o.State.Refunded, o.State.Cash, o.State.RestClaimed, o.Status(),
				mo.received, mo.refunded, mo.cash, mo.restClaimed, mo.status())
		}
	}
	open, err := w.st.Exceptions(ctx, true, 0)
	if err != nil {
		w.t.Fatal(err)
	}
	got := make([]string, len(open))
	for i, x := range open {
		got[i] = excKey(normKey(x.Key), x.Kind, x.Amount, x.Currency, x.Ref)
	}
	slices.Sort(got)
	want := w.m.openExceptions()
	if !slices.Equal(got, want) {
		w.t.Errorf("step %d: open exceptions differ\nstore:  %s\nledger: %s", w.step, strings.Join(diff(got, want), "\n        "),
			strings.Join(diff(want, got), "\n        "))
	}
}

// diff lists what is in a and not in b (as multisets).
func diff(a, b []string) []string {
	left := map[string]int{}
	for _, s := range b {
		left[s]++
	}
	var out []string
	for _, s := range a {
		if left[s] > 0 {
			left[s]--
			continue
		}
		out = append(out, s)
	}
	return out
}

// finish checks the end invariants: importing every file and posting
// every notification again changes nothing, the money adds up, and
// `till check` finds nothing.
func (w *world) finish() {
	ctx := context.Background()
	before := w.snapshot()
	for _, f := range w.files {
		if _, err := w.st.ImportFiles(ctx, store.ImportRequest{Files: []string{f.path}, Currency: "BRL",
			Options: statement.Options{Profile: "generic", Account: f.account}}, "model", nil); err != nil {
			w.t.Fatal(err)
		}
	}
	for _, n := range w.notes {
		w.post(ctx, n.body)
	}
	if after := w.snapshot(); after != before {
		w.t.Errorf("importing everything again changed the books:\nbefore %s\nafter  %s", before, after)
	}
	problems, err := w.st.Check(ctx)
	if err != nil || len(problems) > 0 {
		w.t.Errorf("till check: %v %v", problems, err)
	}
	w.money()
	all, err := w.st.Exceptions(ctx, false, 0)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, x := range all {
		w.stats["exception:"+x.Kind]++
	}
}

// snapshot is every order's state and the open exceptions, as text.
func (w *world) snapshot() string {
	ctx := context.Background()
	var b strings.Builder
	for _, ref := range w.refs {
		o, err := w.st.Get(ctx, payment.Reference(ref))
		if err != nil {
			w.t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %+v\n", ref, o.State)
	}
	open, err := w.st.Exceptions(ctx, true, 0)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, x := range open {
		fmt.Fprintf(&b, "#%d %s %s %d\n", x.ID, x.Kind, x.Key, x.Amount)
	}
	return b.String()
}

// money checks that every unit of money in the ledger's lines is on
// exactly one order or in exactly one exception: received on the orders
// is the money of the applied credits, less reversals and corrections;
// each held line has exactly one exception, open or dismissed.
func (w *world) money() {
	var received int64
	for _, o := range w.m.orders {
		received += o.received
	}
	var applied int64
	for _, l := range w.m.lines {
		switch {
		case l.appliedTo == "" || l.corrected:
		case l.ev.credit && !l.ev.reversal:
			applied += l.ev.amount
		case !l.ev.credit && l.ev.reversal:
			applied -= l.ev.amount
		}
	}
	// A correction takes back the line it corrects: that line is marked
	// corrected and left out above.
	if received != applied {
		w.t.Errorf("money: the orders received %d, the applied lines add up to %d", received, applied)
	}
	held := map[string]int{}
	for _, x := range w.m.excs {
		if x.holding {
			held[x.line]++
		}
	}
	for k, n := range held {
		if n != 1 {
			w.t.Errorf("money: line %s is held by %d exceptions", k, n)
		}
		if l := w.m.lines[k]; l != nil && l.appliedTo != "" {
			w.t.Errorf("money: line %s is both applied to %s and held in an exception", k, l.appliedTo)
		}
	}
}
