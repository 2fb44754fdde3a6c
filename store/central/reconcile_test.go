package central_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/statement"
	"github.com/till-pos/till/store/central"
	"github.com/till-pos/till/store/statementtest"
)

// reconFleet is a fleet of tills whose open orders central has, and a
// statement paying each of them once, plus one line of no till.
type reconFleet struct {
	book  *central.Book
	url   string
	tills []central.Till
	refs  map[string][]string // each till's orders
	file  string
	lines int
	list  []statementtest.Line // the statement's lines
}

// newReconFleet uploads perTill open orders of 12.50 EUR for each named
// till and writes the statement.
func newReconFleet(t *testing.T, perTill int, names ...string) *reconFleet {
	t.Helper()
	b, url := migrated(t)
	ctx := context.Background()
	f := &reconFleet{book: b, url: url, refs: map[string][]string{}}
	now := time.Now()
	var lines []statementtest.Line
	for _, name := range names {
		till := joined(t, b, name)
		f.tills = append(f.tills, till)
		var entries []central.Entry
		for i := range perTill {
			ref, err := payment.CompleteReference(till.Prefix + "AAAAAA" + string("ABCDEFGH"[i]))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := json.Marshal(map[string]any{"ref": string(ref), "id": i + 1, "kind": "created", "amount": 1250,
				"at": now.UnixMilli(), "recorded_at": now.UnixMilli(), "source": "manual", "actor": "ann", "note": "",
				"order": map[string]any{"amount": 1250, "currency": "EUR", "note": "", "day": now.Format(time.DateOnly),
					"created_at": now.UnixMilli(), "schemes": "EPC"}})
			entries = append(entries, central.Entry{Seq: int64(i + 1), Body: string(body)})
			f.refs[name] = append(f.refs[name], string(ref))
			lines = append(lines, statementtest.Line{ID: fmt.Sprintf("%s-%d", name, i), Minor: 1250, Cur: "EUR", Credit: true, Ref: string(ref), Day: now})
		}
		if _, err := b.Push(ctx, till, entries); err != nil {
			t.Fatal(err)
		}
	}
	lines = append(lines, statementtest.Line{ID: "nobody", Minor: 999, Cur: "EUR", Credit: true, Ref: "NOBODY", Day: now})
	f.file, f.lines, f.list = statementtest.Write(t, t.TempDir(), "fleet.csv", statementtest.CSV(lines)), len(lines), lines
	return f
}

// appendLines writes the statement again with more lines at its end.
func (f *reconFleet) appendLines(t *testing.T, more ...statementtest.Line) {
	t.Helper()
	f.list = append(f.list, more...)
	f.file, f.lines = statementtest.Write(t, t.TempDir(), "fleet.csv", statementtest.CSV(f.list)), len(f.list)
}

// reconcile imports the statement as till central reconcile does.
func (f *reconFleet) reconcile(ctx context.Context, rec *central.Reconciler) (app.ImportResult, error) {
	rec.Book, rec.Merchant = f.book, "shop"
	uc := app.App{Importer: rec, Actor: "test"}
	return uc.Import(ctx, app.ImportRequest{Files: []string{f.file}, Format: "csv", Options: statement.Options{Profile: "generic"}}, nil)
}

// queued is how many statement lines are in each till's down queue.
func (f *reconFleet) queued(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, till := range f.tills {
		msgs, err := f.book.Down(context.Background(), till, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			var body central.StatementBody
			if err := json.Unmarshal([]byte(m.Body), &body); err != nil {
				t.Fatalf("till %s, message %d: %v", till.Name, m.N, err)
			}
			out[till.Name] += len(body.Lines)
		}
	}
	return out
}

// While a fleet reconciliation holds one till's down-queue head (its
// lines queued, its transaction not yet committed), every other till's
// head is free: a notification for another till goes through at once and
// its long-poll reads. One step of many tills' lines never holds them all.
func TestFleetReconcileHoldsOneTillAtATime(t *testing.T) {
	f := newReconFleet(t, 3, "a", "b", "c")
	ctx := context.Background()
	other, err := pgx.Connect(ctx, f.url)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(ctx)
	var held []string
	var problems []string
	central.SetTillQueued(func(till string) {
		held = append(held, till)
		for _, o := range f.tills {
			if o.Name == till {
				continue
			}
			// NOWAIT: a head held by the reconciliation fails at once.
			err := pgx.BeginFunc(ctx, other, func(tx pgx.Tx) error {
				_, err := tx.Exec(ctx, `SELECT 1 FROM down_heads WHERE merchant = 'shop' AND till = $1 FOR UPDATE NOWAIT`, o.Name)
				return err
			})
			if err != nil {
				problems = append(problems, fmt.Sprintf("while till %s's lines were queued, till %s's head was held: %v", till, o.Name, err))
				continue
			}
			nctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			_, err = f.book.Notify(nctx, "shop", central.Notification{ID: "during-" + till + "-" + o.Name, Kind: "generic", Body: []byte("{}"),
				ReceivedAt: time.Now(), Items: []reconcile.Evidence{evidence("n-"+till+"-"+o.Name, f.refs[o.Name][0], 1)}})
			cancel()
			if err != nil {
				problems = append(problems, fmt.Sprintf("a notification for till %s while till %s's lines were queued: %v", o.Name, till, err))
			}
		}
	})
	defer central.SetTillQueued(nil)
	res, err := f.reconcile(ctx, &central.Reconciler{StepLines: 1000}) // one step holds every till's lines
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if len(held) != 3 {
		t.Errorf("till transactions: %q, want one for each of a, b, c", held)
	}
	if res.NewLines != f.lines || res.Counts[reconcile.Paid] != 9 || res.Counts[reconcile.Unmatched] != 1 {
		t.Fatalf("result: %+v", res)
	}
}

// A run stopped between two tills' transactions leaves whole tills only:
// the lines of the tills done are recorded and queued, the others nothing.
// Run again, it resumes the same import: every line is queued once, the
// central exception raised once, and the result is that of one whole run.
// Stopped in the first step, or in a later one after whole steps.
func TestFleetReconcileStoppedBetweenTills(t *testing.T) {
	for _, c := range []struct {
		name              string
		stepLines, stopAt int            // stop after this many till transactions
		queued            map[string]int // lines queued when it stopped
		twice             bool           // the file ends with a-0 and b-3 again: duplicates
	}{
		{"in the first step", 1000, 1, map[string]int{"a": 4}, false},
		{"after a whole step", 5, 4, map[string]int{"a": 4, "b": 4, "c": 2}, false}, // steps: a0-3 b0 | b1-3 c0-1 | c2-3 nobody
		{"after a whole step, with lines twice in the file", 5, 4, map[string]int{"a": 4, "b": 4, "c": 2}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newReconFleet(t, 4, "a", "b", "c")
			dups := 0
			if c.twice {
				f.appendLines(t, f.list[0], f.list[7])
				dups = 2
			}
			ctx, cancel := context.WithCancel(context.Background())
			txs := 0
			first := &central.Reconciler{StepLines: c.stepLines, HeadHeld: func(time.Duration) {
				if txs++; txs == c.stopAt {
					cancel()
				}
			}}
			if _, err := f.reconcile(ctx, first); err == nil {
				t.Fatal("a run stopped between two till transactions succeeded")
			}
			if got := f.queued(t); got["a"] != c.queued["a"] || got["b"] != c.queued["b"] || got["c"] != c.queued["c"] {
				t.Fatalf("when it stopped: queued %v, want %v", got, c.queued)
			}
			if xs, _ := f.book.Exceptions(context.Background(), "shop"); len(xs) != 0 {
				t.Fatalf("the central part was written before the tills': %+v", xs)
			}
			rec := &central.Reconciler{StepLines: c.stepLines}
			res, err := f.reconcile(context.Background(), rec)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Fleet.Import != first.Fleet.Import {
				t.Errorf("run again as import %d, not the stopped %d", rec.Fleet.Import, first.Fleet.Import)
			}
			if res.Lines != f.lines || res.AlreadyImported != dups || res.NewLines != f.lines-dups || res.Counts[reconcile.Paid] != 12 ||
				res.ExceptionCount != 1 || len(res.Exceptions) != 1 ||
				rec.Fleet.Sent["a"] != 4 || rec.Fleet.Sent["b"] != 4 || rec.Fleet.Sent["c"] != 4 || rec.Fleet.Central != 1 {
				t.Fatalf("resumed: %+v %+v, want the result of one whole run", res, rec.Fleet)
			}
			if got := f.queued(t); got["a"] != 4 || got["b"] != 4 || got["c"] != 4 {
				t.Fatalf("after the run again: queued %v, want 4 lines for each till", got)
			}
			if xs, _ := f.book.Exceptions(context.Background(), "shop"); len(xs) != 1 || xs[0].Till != "" {
				t.Fatalf("central exceptions: %+v", xs)
			}
			again, err := f.reconcile(context.Background(), &central.Reconciler{})
			if err != nil || again.NewLines != 0 || again.AlreadyImported != f.lines {
				t.Fatalf("a third run: %+v %v", again, err)
			}
			// Never stopped, the same file in a fresh fleet gives the same.
			g := newReconFleet(t, 4, "a", "b", "c")
			if c.twice {
				g.appendLines(t, g.list[0], g.list[7])
			}
			whole, err := g.reconcile(context.Background(), &central.Reconciler{StepLines: c.stepLines})
			if err != nil || whole.Lines != res.Lines || whole.NewLines != res.NewLines || whole.AlreadyImported != res.AlreadyImported ||
				!maps.Equal(whole.Counts, res.Counts) || whole.ExceptionCount != res.ExceptionCount {
				t.Fatalf("a run never stopped: %+v %v; the resumed one: %+v", whole, err, res)
			}
			if got := f.queued(t); got["a"] != 4 || got["b"] != 4 || got["c"] != 4 {
				t.Fatalf("a third run queued again: %v", got)
			}
		})
	}
}

// A statement line whose id came before with other content (here another
// amount) is not "already imported": it is a central exception saying
// what differs, as a till's book raises one, and nothing goes down to a
// till. Importing it again is "already imported"; the same content under
// the same id still is too.
func TestFleetReconcileKeyWithOtherContent(t *testing.T) {
	f := newReconFleet(t, 2, "a", "b")
	ctx := context.Background()
	if _, err := f.reconcile(ctx, &central.Reconciler{}); err != nil {
		t.Fatal(err)
	}
	before := f.queued(t)
	now := time.Now()
	changed := statementtest.Write(t, t.TempDir(), "changed.csv", statementtest.CSV([]statementtest.Line{
		{ID: "a-0", Minor: 1250, Cur: "EUR", Credit: true, Ref: f.refs["a"][0], Day: now}, // the same line again
		{ID: "a-1", Minor: 9950, Cur: "EUR", Credit: true, Ref: f.refs["a"][1], Day: now}, // the same id, another amount
	}))
	f.file = changed
	rec := &central.Reconciler{}
	res, err := f.reconcile(ctx, rec)
	if err != nil {
		t.Fatal(err)
	}
	if res.AlreadyImported != 1 || res.NewLines != 1 || res.ExceptionCount != 1 || rec.Fleet.Central != 1 || len(rec.Fleet.Sent) != 0 {
		t.Fatalf("the changed line: %+v %+v", res, rec.Fleet)
	}
	if got := res.Exceptions[0].Detail; !strings.Contains(got, "came before with other content") || !strings.Contains(got, "the amount") {
		t.Errorf("the exception says %q", got)
	}
	if got := f.queued(t); got["a"] != before["a"] || got["b"] != before["b"] {
		t.Errorf("the changed line went down: %v, was %v", got, before)
	}
	again, err := f.reconcile(ctx, &central.Reconciler{})
	if err != nil || again.AlreadyImported != 2 || again.NewLines != 0 {
		t.Fatalf("the changed file again: %+v %v", again, err)
	}
	if xs, _ := f.book.Exceptions(ctx, "shop"); len(xs) != 2 { // "nobody" and the changed line
		t.Fatalf("central exceptions: %+v", xs)
	}
}

// The same id with other content in one step is a conflict as across
// steps; a conflict for an order central has not seen (a line that was
// forwarded to its till) stays central too, not sent down under its new
// key, where the till would take it for a new payment.
func TestFleetReconcileConflictsInAStepAndForwarded(t *testing.T) {
	f := newReconFleet(t, 1, "a")
	ctx := context.Background()
	now := time.Now()
	unseen, err := payment.CompleteReference(f.tills[0].Prefix + "ZZZZZZZ") // a's, not uploaded
	if err != nil {
		t.Fatal(err)
	}
	f.appendLines(t,
		statementtest.Line{ID: "twice", Minor: 500, Cur: "EUR", Credit: true, Ref: "NOBODY", Day: now},
		statementtest.Line{ID: "twice", Minor: 700, Cur: "EUR", Credit: true, Ref: "NOBODY", Day: now},
		statementtest.Line{ID: "fwd", Minor: 300, Cur: "EUR", Credit: true, Ref: string(unseen), Day: now})
	rec := &central.Reconciler{StepLines: 1000}
	res, err := f.reconcile(ctx, rec)
	if err != nil {
		t.Fatal(err)
	}
	if res.NewLines != 5 || res.Counts[central.Forwarded] != 1 || rec.Fleet.Sent["a"] != 2 || rec.Fleet.Central != 3 {
		t.Fatalf("first import: %+v %+v", res, rec.Fleet)
	}
	var conflicts int
	for _, x := range res.Exceptions {
		if strings.Contains(x.Detail, "came before with other content") {
			conflicts++
		}
	}
	if conflicts != 1 {
		t.Fatalf("the id twice in one step: %d conflicts, want 1: %+v", conflicts, res.Exceptions)
	}
	sent := f.queued(t)["a"]
	f.file = statementtest.Write(t, t.TempDir(), "again.csv", statementtest.CSV([]statementtest.Line{
		{ID: "fwd", Minor: 999, Cur: "EUR", Credit: true, Ref: string(unseen), Day: now}}))
	rec = &central.Reconciler{}
	res, err = f.reconcile(ctx, rec)
	if err != nil {
		t.Fatal(err)
	}
	if res.NewLines != 1 || len(rec.Fleet.Sent) != 0 || rec.Fleet.Central != 1 || res.ExceptionCount != 1 {
		t.Fatalf("the forwarded line with another amount: %+v %+v", res, rec.Fleet)
	}
	if got := f.queued(t)["a"]; got != sent {
		t.Fatalf("the conflict went down to the till: %d lines queued, was %d", got, sent)
	}
}

// Two runs of the same file at once: the second is refused in one
// sentence (it would take the first's unfinished import as its own).
func TestFleetReconcileSameFileTwiceAtOnce(t *testing.T) {
	f := newReconFleet(t, 2, "a", "b")
	var second error
	central.SetTillQueued(func(string) {
		if second == nil {
			_, second = f.reconcile(context.Background(), &central.Reconciler{})
			if second == nil {
				second = errors.New("no error")
			}
		}
	})
	defer central.SetTillQueued(nil)
	if _, err := f.reconcile(context.Background(), &central.Reconciler{}); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(second, central.ErrReconcileBusy) {
		t.Fatalf("a second run of the file during the first: %v", second)
	}
	if res, err := f.reconcile(context.Background(), &central.Reconciler{}); err != nil || res.AlreadyImported != f.lines {
		t.Fatalf("after the first: %+v %v", res, err)
	}
}
