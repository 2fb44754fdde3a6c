package modeltest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/till-pos/till/payment/statement"
	"github.com/till-pos/till/store"
	stt "github.com/till-pos/till/store/statementtest"
)

// Two accounts per format, whose banks number their lines the same way:
// "ID1" of one account is not "ID1" of the other.
var accounts = map[string][2]string{
	"camt":  {"DE89370400440532013000", "DE02120300000000202051"},
	"mt940": {"37040044/0532013000", "37040044/0532013001"},
	"ofx":   {"12345-6", "98765-4"},
	"pix":   {"chave-a", "chave-b"},
	"csv":   {"BR-ACC-1", "BR-ACC-2"},
}

var formats = []string{"camt", "mt940", "ofx", "pix", "csv"}

// statement imports one file of one to five lines in a random format.
func (w *world) statement(ctx context.Context) {
	format := formats[w.rnd.IntN(len(formats))]
	acct := accounts[format][w.rnd.IntN(2)]
	hist := format + "|" + acct
	cur := "BRL"
	if format != "pix" && w.rnd.IntN(12) == 0 {
		cur = "EUR" // a statement of another account, in another currency
	}
	var lines []stt.Line
	var evs []mEvidence
	for i, n := 0, 1+w.rnd.IntN(5); i < n; i++ {
		l := w.line(format, hist, cur)
		lines = append(lines, l)
		evs = append(evs, w.evidenceOf(format, acct, l)...)
		w.sent[hist] = append(w.sent[hist], l)
	}
	var content, name string
	switch format {
	case "camt":
		content, name = stt.CAMT(acct, cur, lines), "camt.xml"
	case "mt940":
		content, name = stt.MT940(acct, cur, lines), "stmt.sta"
	case "ofx":
		content, name = stt.OFX(acct, cur, lines), "stmt.ofx"
	case "pix":
		content, name = stt.PIX(acct, lines), "pix.json"
	case "csv":
		content, name = stt.CSV(lines), "bank.csv"
	}
	path := stt.Write(w.t, w.dir, fmt.Sprintf("%05d-%s", w.step, name), content)
	if _, err := w.st.ImportFiles(ctx, store.ImportRequest{Files: []string{path}, Currency: "BRL",
		Options: statement.Options{Profile: "generic", Account: acct}}, "model", nil); err != nil {
		w.t.Fatalf("step %d: import %s: %v\n%s", w.step, name, err, content)
	}
	w.files = append(w.files, imported{path: path, account: acct})
	for _, e := range evs {
		w.m.evidence(e)
	}
	w.logf("statement %s %s: %d lines %+v", format, acct, len(lines), evs)
	w.stats["statement:"+format]++
}

// line makes one line: a payment with or without a reference, a refund, a
// reversal, a correction, a repeat of an earlier line, or an earlier id
// with another amount.
func (w *world) line(format, hist, cur string) stt.Line {
	var earlier []stt.Line
	for _, o := range w.sent[hist] {
		// MT940 and OFX give one currency per file.
		if o.Cur == cur || format == "camt" || format == "csv" {
			earlier = append(earlier, o)
		}
	}
	day := w.now
	if format != "pix" {
		day = time.Date(w.now.Year(), w.now.Month(), w.now.Day(), 0, 0, 0, 0, time.Local)
	}
	ref := w.anyOrder()
	due := w.m.orders[ref].due
	ref = w.payRef(ref)
	l := stt.Line{ID: w.nextID(format, hist), Cur: cur, Credit: true, Day: day, Ref: ref, Minor: w.amountFor(due)}
	if format == "camt" || format == "mt940" {
		l.E2E = []string{"", "INV-1", "INV-2"}[w.rnd.IntN(3)] // the payer's own id, reused
	}
	r := w.rnd.IntN(100)
	switch {
	case r < 12: // no reference
		l.Ref = ""
		w.stats["line:unreferenced"]++
	case r < 24 && format == "pix" && len(w.pixRef) > 0: // a devolução of an earlier PIX payment
		p := w.pickPix()
		p.Refunds = append(p.Refunds, stt.Refund{ID: fmt.Sprintf("D%d", w.step), RtrID: fmt.Sprintf("D%031d", w.counter["rtr"]+1),
			Minor: int64(1 + w.rnd.IntN(int(p.Minor))), Day: w.now})
		w.counter["rtr"]++
		w.stats["line:devolucao"]++
		return *p
	case r < 24 && format != "pix": // a refund
		l.Credit, l.Minor = false, int64(1+w.rnd.IntN(int(due)))
		w.stats["line:refund"]++
	case r < 34 && len(earlier) > 0 && (format == "camt" || format == "mt940"): // a reversal
		o := earlier[w.rnd.IntN(len(earlier))]
		if o.Reversal {
			break
		}
		l.Reversal, l.Credit, l.Ref, l.Minor, l.Cur, l.E2E = true, !o.Credit, o.Ref, o.Minor, o.Cur, ""
		w.stats["line:reversal"]++
	case r < 34 && len(earlier) > 0 && format == "ofx": // a correction
		o := earlier[w.rnd.IntN(len(earlier))]
		l.Corrects, l.Action = o.ID, "REPLACE"
		if w.rnd.IntN(2) == 0 {
			l.Action, l.Ref, l.Minor, l.Credit, l.Cur = "DELETE", o.Ref, o.Minor, o.Credit, o.Cur
		}
		w.stats["line:correction-"+l.Action]++
	case r < 44 && len(earlier) > 0: // the same line again (an overlapping file)
		w.stats["line:repeat"]++
		if format == "pix" {
			return *w.pickPix()
		}
		return earlier[w.rnd.IntN(len(earlier))]
	case r < 48 && len(earlier) > 0: // an earlier id with other content
		o := earlier[w.rnd.IntN(len(earlier))]
		if o.Corrects != "" || format == "pix" {
			break
		}
		o.Minor++
		w.stats["line:conflict"]++
		return o
	}
	if format == "pix" {
		l.Cur, l.Credit, l.E2E = "BRL", true, ""
		if n := w.notifiedPayment(); n != nil && w.rnd.IntN(5) == 0 { // notified first, listed now
			l.ID, l.Ref, l.Minor = n.pid, n.ref, n.amount
			if w.rnd.IntN(4) == 0 {
				l.Minor++ // the same id, another amount
			}
			w.stats["line:notified-first"]++
		}
		w.pixRef[l.ID] = &l
		w.pids = append(w.pids, l.ID)
	}
	return l
}

func (w *world) pickPix() *stt.Line {
	var ids []string
	for id := range w.pixRef {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return w.pixRef[ids[w.rnd.IntN(len(ids))]]
}

// nextID numbers lines per format and account; PIX endToEndIds are
// unique across the scheme.
func (w *world) nextID(format, hist string) string {
	if format == "pix" {
		w.counter["pix"]++
		return fmt.Sprintf("E%031d", w.counter["pix"])
	}
	w.counter[hist]++
	return fmt.Sprintf("ID%d", w.counter[hist])
}

// evidenceOf is what the ledger sees of a line: the store's key, ids,
// reference, money and direction.
func (w *world) evidenceOf(format, acct string, l stt.Line) []mEvidence {
	// What a line says, as the issue defines it: amount, direction,
	// currency, day and reference. A key that comes back saying something
	// else is another line.
	content := fmt.Sprintf("%d|%s|%t|%s|%s", l.Minor, l.Cur, l.Credit, l.Ref, l.Day.Format(time.DateOnly))
	e := mEvidence{ref: l.Ref, amount: l.Minor, cur: l.Cur, credit: l.Credit, reversal: l.Reversal, action: l.Action, content: content}
	switch format {
	case "camt":
		e.key = "camt|" + acct + "|" + l.ID
	case "mt940":
		e.key = "mt940|" + acct + "|" + l.Day.Format(time.DateOnly) + "|" + l.ID
	case "ofx":
		e.key = "ofx|" + acct + "|" + l.ID
		if l.Corrects != "" {
			e.corrects = "ofx|" + acct + "|" + l.Corrects
		}
	case "csv":
		e.key = "csv:generic|" + acct + "|" + l.ID
	case "pix":
		e.key, e.pid = "pix|"+l.ID, l.ID
		out := []mEvidence{e}
		for _, d := range l.Refunds {
			out = append(out, mEvidence{key: "pix|" + d.RtrID, pid: l.ID, ref: l.Ref, amount: d.Minor, cur: "BRL",
				content: fmt.Sprintf("%d|BRL|false|%s|%s", d.Minor, l.Ref, d.Day.Format(time.DateOnly))})
		}
		return out
	}
	return []mEvidence{e}
}

// notifiedPayment is a payment a notification announced in BRL, if any.
func (w *world) notifiedPayment() *mEvidence {
	var paid []*mEvidence
	for i := range w.sentEv {
		if e := &w.sentEv[i].e; e.credit && strings.HasPrefix(e.pid, "PAY-") && e.cur == "BRL" {
			paid = append(paid, e)
		}
	}
	if len(paid) == 0 {
		return nil
	}
	return paid[w.rnd.IntN(len(paid))]
}
