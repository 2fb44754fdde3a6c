package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
)

// stepLines is a statement of n lines against refs that exercises every
// path the steps could change: payments by reference and in free text,
// short ones, lines found by amount and time, provider ids seen before in
// the file, keys repeated with the same and other content, corrections,
// reversals, and orders paid twice.
func stepLines(refs []payment.Reference, n int) func() func() (reconcile.Evidence, error) {
	base := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	return func() func() (reconcile.Evidence, error) {
		i := 0
		return func() (reconcile.Evidence, error) {
			if i == n {
				return reconcile.Evidence{}, io.EOF
			}
			k := i % len(refs)
			e := reconcile.Evidence{Key: "line:" + strconv.Itoa(i), Credit: true,
				Amount: payment.Amount{Minor: int64(100 + k%5000), Currency: brl}, At: base.Add(time.Duration(k) * time.Second),
				Reference: string(refs[k])}
			switch i % 17 {
			case 0:
				e.Reference, e.Text = "", "PIX recebido "+string(refs[k])+" obrigado"
			case 1:
				e.Amount.Minor-- // short
			case 2:
				e.Reference = "" // the amount+time pass
			case 3:
				e.ProviderID = "E2E" + strconv.Itoa(i%900) // repeats: seen, or another amount
			case 4:
				e.Key = "line:" + strconv.Itoa(i-4) // the same key again, other content
			case 5:
				e.Key, e.Reference = "line:"+strconv.Itoa(max(i-22, 0)), "" // a key from an earlier step
			case 6:
				e.Corrects, e.CorrectAction = "line:"+strconv.Itoa(max(i-40, 0)), "DELETE"
			case 7:
				e.Credit, e.Reversal = false, true
				e.Reference = string(refs[max(k-7, 0)])
			case 8:
				e.Reference = string(refs[max(k-8, 0)]) // an order paid before: a duplicate
			case 9:
				e.Amount.Currency = payment.MustCurrency("EUR")
			}
			i++
			return e, nil
		}
	}
}

// copyStore makes an identical copy of s's database and opens it.
func copyStore(t *testing.T, s *Store) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "copy.db")
	if _, err := s.db.Exec(`VACUUM INTO ?`, path); err != nil {
		t.Fatal(err)
	}
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	c.Now = s.Now
	t.Cleanup(func() { c.Close() })
	return c
}

// dumpBooks is every row an import writes, in id order, as text.
func dumpBooks(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	// Order events are written in order id order within a step, so their
	// row ids depend on the steps; each order's history may not.
	for _, q := range []string{"imports ORDER BY id", "evidence ORDER BY id", "orders ORDER BY id", "exceptions ORDER BY id",
		"order_events ORDER BY order_id, id"} {
		table := strings.Fields(q)[0]
		rows, err := s.db.Query(`SELECT * FROM ` + q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			if table == "order_events" {
				vals = vals[1:]
			}
			out = append(out, table+fmt.Sprint(vals...))
		}
		rows.Close()
	}
	return out
}

func sameBooks(t *testing.T, what string, a, b *Store) {
	t.Helper()
	da, db := dumpBooks(t, a), dumpBooks(t, b)
	if len(da) != len(db) {
		t.Fatalf("%s: %d rows against %d", what, len(da), len(db))
	}
	for i := range da {
		if da[i] != db[i] {
			t.Fatalf("%s: row %d differs:\n%s\n%s", what, i, da[i], db[i])
		}
	}
}

// sameResult compares two import results field by field, naming the first
// field (and exception) that differs.
func sameResult(t *testing.T, what string, got, want ImportResult) {
	t.Helper()
	if len(got.Exceptions) != len(want.Exceptions) {
		t.Fatalf("%s: %d exceptions listed, want %d", what, len(got.Exceptions), len(want.Exceptions))
	}
	for i := range got.Exceptions {
		if got.Exceptions[i] != want.Exceptions[i] {
			t.Fatalf("%s: exception %d is\n%+v\nwant\n%+v", what, i, got.Exceptions[i], want.Exceptions[i])
		}
	}
	g, w := got, want
	g.Exceptions, w.Exceptions = nil, nil
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("%s: result\n%+v\nwant\n%+v", what, g, w)
	}
}

func fixedClock(s *Store) {
	now := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
}

// A stepped import gives the result, the exceptions and the rows of the
// same import in one transaction, whatever the step size.
func TestSteppedImportEqualsOneTransaction(t *testing.T) {
	const n = 3000
	one, refs := seeded(t, 1500)
	fixedClock(one)
	lines := stepLines(refs, n)
	ctx := context.Background()
	stores := map[int]*Store{}
	for _, size := range []int{13, 250, 0} { // 0: adaptive
		stores[size] = copyStore(t, one)
	}
	want, err := one.Import(ctx, lines(), ImportOptions{SHA256: "x", Format: "csv", stepLines: n + 1, MaxExceptions: n})
	if err != nil {
		t.Fatal(err)
	}
	if want.ExceptionCount < n/10 || len(want.Counts) < 6 {
		t.Fatalf("the statement exercises too little: %d exceptions, outcomes %v", want.ExceptionCount, want.Counts)
	}
	for size, s := range stores {
		got, err := s.Import(ctx, lines(), ImportOptions{SHA256: "x", Format: "csv", stepLines: size, MaxExceptions: n})
		if err != nil {
			t.Fatal(err)
		}
		sameResult(t, fmt.Sprintf("steps of %d lines", size), got, want)
		sameBooks(t, fmt.Sprintf("steps of %d lines", size), s, one)
	}
}

// An import stopped part way (here: its reader fails after some steps,
// as a kill between steps leaves it) keeps whole steps only, passes the
// check, and importing the same file again resumes it: the result and
// the rows are those of one whole run, nothing counted twice.
func TestStoppedImportResumes(t *testing.T) {
	const n = 4000
	one, refs := seeded(t, 2000)
	fixedClock(one)
	lines := stepLines(refs, n)
	ctx := context.Background()
	ref := copyStore(t, one)
	opt := ImportOptions{SHA256: "x", Format: "csv", stepLines: 100, MaxExceptions: n}
	whole := opt
	whole.stepLines = n + 1
	want, err := ref.Import(ctx, lines(), whole)
	if err != nil {
		t.Fatal(err)
	}
	for _, stopAt := range []int{0, 1, 333, 2999} {
		s := copyStore(t, one)
		next, read := lines(), 0
		broken := func() (reconcile.Evidence, error) {
			if read == stopAt {
				return reconcile.Evidence{}, errors.New("killed")
			}
			read++
			return next()
		}
		if _, err := s.Import(ctx, broken, opt); err == nil {
			t.Fatal("the broken import did not fail")
		}
		var recorded, done int
		if err := s.db.QueryRow(`SELECT lines, done FROM imports`).Scan(&recorded, &done); err != nil {
			t.Fatal(err)
		}
		if recorded != stopAt/100*100 || done != 0 {
			t.Fatalf("stopped at %d: the import recorded %d lines, done %d; want the whole steps only", stopAt, recorded, done)
		}
		if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
			t.Fatalf("stopped at %d: %v %v", stopAt, problems, err)
		}
		// Another file is a new import, not this one resumed.
		other := opt
		other.SHA256 = "y"
		if r, err := s.Import(ctx, func() (reconcile.Evidence, error) { return reconcile.Evidence{}, io.EOF }, other); err != nil || r.Lines != 0 {
			t.Fatalf("another file: %+v %v", r, err)
		}
		got, err := s.Import(ctx, lines(), opt)
		if err != nil {
			t.Fatal(err)
		}
		sameResult(t, fmt.Sprintf("stopped at %d and resumed", stopAt), got, want)
		if _, err := s.db.Exec(`DELETE FROM imports WHERE sha256 = 'y'`); err != nil {
			t.Fatal(err)
		}
		sameBooks(t, fmt.Sprintf("stopped at %d and resumed", stopAt), s, ref)
		// Once done, the same file again is a new import that adds nothing.
		again, err := s.Import(ctx, lines(), opt)
		if err != nil || again.NewLines != 0 || again.AlreadyImported != n {
			t.Fatalf("the same file after it was done: %+v %v", again, err)
		}
	}
}

// A dry run writes nothing, also over an unfinished import, and says what
// finishing it would do.
func TestDryRunOverUnfinishedImport(t *testing.T) {
	const n = 1500
	s, refs := seeded(t, 1000)
	fixedClock(s)
	lines := stepLines(refs, n)
	ctx := context.Background()
	ref := copyStore(t, s)
	opt := ImportOptions{SHA256: "x", Format: "csv", stepLines: 100, MaxExceptions: n}
	want, err := ref.Import(ctx, lines(), opt)
	if err != nil {
		t.Fatal(err)
	}
	next, read := lines(), 0
	if _, err := s.Import(ctx, func() (reconcile.Evidence, error) {
		if read == 700 {
			return reconcile.Evidence{}, errors.New("killed")
		}
		read++
		return next()
	}, opt); err == nil {
		t.Fatal("the broken import did not fail")
	}
	before := dumpBooks(t, s)
	dry := opt
	dry.DryRun = true
	got, err := s.Import(ctx, lines(), dry)
	if err != nil {
		t.Fatal(err)
	}
	sameResult(t, "dry run over the unfinished import", got, want)
	if after := dumpBooks(t, s); !reflect.DeepEqual(before, after) {
		t.Fatal("the dry run wrote")
	}
}
