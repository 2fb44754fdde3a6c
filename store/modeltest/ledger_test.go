package modeltest

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// The reference ledger: what the books must say, written from the rules
// in the README and the issue with plain maps. It imports neither the
// matcher nor the store (nor anything of till's): a defect shared by the
// two cannot hide behind the same code.

// mOrder is an order as the ledger keeps it.
type mOrder struct {
	ref                string
	due                int64
	received, refunded int64
	claimed            bool
	closed             string // "", "expired" or "cancelled"
	expires            time.Time
	cash               int64    // the rest taken in cash
	restClaimed        int64    // the rest's code marked paid by the cashier
	aliases            []string // references of codes for its rest
}

// covered is the money that surely settles the order: evidence and cash.
func (o *mOrder) covered() int64 { return o.received + o.cash }

// settled is the money the merchant holds for the order.
func (o *mOrder) settled() int64 {
	switch {
	case o.covered() > 0:
		return o.covered() + min(o.restClaimed, max(o.due-o.covered(), 0))
	case o.claimed && o.closed == "":
		return o.due
	}
	return 0
}

// outstanding is what the rest's code asks for and what cash may take.
func (o *mOrder) outstanding() int64 {
	if o.closed != "" || o.refunded > 0 || o.restClaimed > 0 || (o.claimed && o.covered() == 0) {
		return 0
	}
	return max(o.due-o.covered(), 0)
}

func (o *mOrder) status() string {
	if o.refunded > 0 && o.refunded >= o.settled() {
		return "refunded"
	}
	if c := o.covered(); c > 0 {
		switch {
		case c < o.due && o.restClaimed > 0 && c+o.restClaimed >= o.due:
			return "claimed"
		case c < o.due:
			return "partial"
		case c > o.due:
			return "overpaid"
		}
		return "paid"
	}
	if o.closed != "" {
		return o.closed
	}
	if o.claimed {
		return "claimed"
	}
	return "open"
}

// mEvidence is one line or notification item as the ledger sees it.
type mEvidence struct {
	key      string // the key the store gives it (see keys in model_test.go)
	pid      string // a provider id the bank or scheme keeps unique
	ref      string // the order reference it carries, "" if none
	amount   int64
	cur      string
	credit   bool
	reversal bool
	corrects string // the key of the line it corrects
	action   string // DELETE or REPLACE
	content  string // what it says, to tell a repeat from a conflict
}

// mExc is an exception the ledger expects.
type mExc struct {
	id      int    // the ledger's own number
	key     string // as the store lists it
	line    string // the ledger's key of the line
	kind    string // exact kind, or "unplaced" for unmatched or suggested
	amount  int64
	cur     string
	ref     string
	holding bool // it holds the money (not applied to any order)
	credit  bool
}

// mLine is what the ledger remembers of a stored piece of evidence.
type mLine struct {
	ev        mEvidence
	appliedTo string // the order an event from it changed, "" if none
	corrected bool
	seen      bool
}

type mProvider struct {
	key    string // the first credit with the id
	amount int64
	cur    string
	ref    string // the order it was applied to, "" if not
}

// ledger is the model.
type ledger struct {
	currency  string
	orders    map[string]*mOrder
	aliases   map[string]string // a rest's reference → its order's
	lines     map[string]*mLine
	providers map[string]*mProvider
	excs      map[int]*mExc
	nextExc   int
}

func newLedger(currency string) *ledger {
	return &ledger{currency: currency, orders: map[string]*mOrder{}, aliases: map[string]string{}, lines: map[string]*mLine{},
		providers: map[string]*mProvider{}, excs: map[int]*mExc{}}
}

func (m *ledger) exception(e mEvidence, kind, ref string, holding bool) {
	m.nextExc++
	key := e.key
	if i := strings.Index(key, "|v|"); i >= 0 {
		key = key[:i] + "|v" // the store's key has a hash of the content here
	}
	m.excs[m.nextExc] = &mExc{id: m.nextExc, line: e.key, key: key, kind: kind, amount: e.amount, cur: e.cur, ref: ref, holding: holding, credit: e.credit}
}

// expire closes the open orders whose time ran out, as every write that
// may change an order does first.
func (m *ledger) expire(now time.Time) {
	for _, o := range m.orders {
		if o.status() == "open" && !o.expires.After(now) {
			o.closed = "expired"
		}
	}
}

// evidence applies one line or notification item.
func (m *ledger) evidence(e mEvidence) {
	if prior, ok := m.lines[e.key]; ok {
		if prior.ev.content == e.content {
			return // the same line again: nothing changes
		}
		e.key += "|v|" + e.content // the store gives it a key of its own
		if _, ok := m.lines[e.key]; ok {
			return
		}
		m.remember(e, "")
		kind := "review"
		if e.credit && !e.reversal {
			kind = "unplaced" // a payment a person may link; a reversal is only reviewed
		}
		m.exception(e, kind, "", true)
		return
	}
	if e.credit && !e.reversal && e.corrects == "" && e.pid != "" {
		if p, ok := m.providers[e.pid]; ok {
			if p.amount == e.amount && p.cur == e.cur {
				m.lines[e.key] = &mLine{ev: e, seen: true}
				return
			}
			m.remember(e, "")
			m.exception(e, "unplaced", "", true)
			return
		}
	}
	if e.cur != m.currency {
		m.remember(e, "")
		m.exception(e, "review", "", true)
		return
	}
	switch {
	case e.corrects != "":
		m.correct(e)
	case e.reversal:
		m.reverse(e)
	default:
		m.match(e)
	}
}

// remember stores a line with the order an event from it changed.
func (m *ledger) remember(e mEvidence, appliedTo string) {
	m.lines[e.key] = &mLine{ev: e, appliedTo: appliedTo}
	if e.pid != "" && e.credit && !e.reversal {
		if _, ok := m.providers[e.pid]; !ok {
			m.providers[e.pid] = &mProvider{key: e.key, amount: e.amount, cur: e.cur, ref: appliedTo}
		}
	}
}

// order finds the order e names: a debit through the payment id it
// carries, then the reference.
func (m *ledger) order(e mEvidence) *mOrder {
	if e.pid != "" && (!e.credit || e.reversal) {
		if p, ok := m.providers[e.pid]; ok && p.ref != "" {
			return m.orders[p.ref]
		}
	}
	if ref, ok := m.aliases[e.ref]; ok {
		return m.orders[ref]
	}
	return m.orders[e.ref]
}

func (m *ledger) match(e mEvidence) {
	o := m.order(e)
	if o == nil {
		m.remember(e, "")
		if e.credit {
			m.exception(e, "unplaced", "", true)
		} // money out that is not ours (rent, fees): ignored
		return
	}
	if !e.credit {
		if refundable := o.settled() - o.refunded; refundable <= 0 || e.amount > refundable {
			m.remember(e, "")
			m.exception(e, "review", o.ref, true)
			return
		}
		o.refunded += e.amount
		m.remember(e, o.ref)
		return
	}
	kind := ""
	before := *o
	o.received += e.amount
	switch {
	case before.received > 0 && before.covered() >= before.due:
		kind = "duplicate"
	case before.closed != "":
		kind = "late"
	case o.covered() < o.due:
		kind = "partial"
	case o.covered() > o.due:
		kind = "overpaid"
	}
	m.remember(e, o.ref)
	if kind != "" {
		m.exception(e, kind, o.ref, false)
	}
}

// reverse takes back a payment (money out) or a refund (money in).
func (m *ledger) reverse(e mEvidence) {
	o := m.order(e)
	switch {
	case o == nil:
		m.remember(e, "")
		m.exception(e, "review", "", true)
	case !e.credit && e.amount <= o.received:
		o.received -= e.amount
		m.remember(e, o.ref)
	case e.credit && e.amount <= o.refunded:
		o.refunded -= e.amount
		m.remember(e, o.ref)
	default:
		m.remember(e, "")
		m.exception(e, "review", o.ref, true)
	}
}

// correct applies an OFX correction.
func (m *ledger) correct(e mEvidence) {
	p, ok := m.lines[e.corrects]
	if !ok || p.corrected {
		m.remember(e, "")
		m.exception(e, "review", "", true)
		return
	}
	if p.appliedTo != "" {
		o := m.orders[p.appliedTo]
		if p.ev.credit {
			if p.ev.amount > o.received {
				m.remember(e, "")
				m.exception(e, "review", o.ref, true)
				return
			}
			o.received -= p.ev.amount
		} else {
			if p.ev.amount > o.refunded {
				m.remember(e, "")
				m.exception(e, "review", o.ref, true)
				return
			}
			o.refunded -= p.ev.amount
		}
	}
	p.corrected = true
	for id, x := range m.excs {
		if x.line == p.ev.key {
			delete(m.excs, id) // withdrawn with the line
		}
	}
	if strings.ToUpper(e.action) == "DELETE" {
		m.remember(e, "")
		return
	}
	r := e
	r.corrects = ""
	m.match(r)
}

// link applies a held credit to an order a person chose.
func (m *ledger) link(x *mExc, ref string) {
	o := m.orders[ref]
	o.received += x.amount
	delete(m.excs, x.id)
	if l := m.lines[x.line]; l != nil {
		l.appliedTo = ref
		if p, ok := m.providers[l.ev.pid]; ok && p.key == x.line {
			p.ref = ref
		}
	}
}

// excKey is how an exception is compared with the store's: what it is
// about, its kind, money and order (a suggestion's order is the store's
// guess, not compared).
func excKey(key, kind string, amount int64, cur, ref string) string {
	if kind == "unmatched" || kind == "suggested" || kind == "unplaced" {
		kind, ref = "unplaced", ""
	}
	return fmt.Sprintf("%s %s %s %d %s", key, kind, cur, amount, ref)
}

func (m *ledger) openExceptions() []string {
	var out []string
	for _, x := range m.excs {
		out = append(out, excKey(x.key, x.kind, x.amount, x.cur, x.ref))
	}
	sort.Strings(out)
	return out
}
