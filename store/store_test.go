package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/scheme"
)

var brl = payment.MustCurrency("BRL")

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func codesFor(ref payment.Reference, _ time.Time) ([]scheme.Code, error) {
	return []scheme.Code{{Label: "TEST", Format: "emv", Schemes: []string{"test"}, Payload: "payload-" + string(ref)}}, nil
}

func newOrder(t *testing.T, s *Store, minor int64) Order {
	t.Helper()
	o, err := s.CreateOrder(context.Background(), NewOrder{
		Amount: payment.Amount{Minor: minor, Currency: brl}, Note: "coffee", Expiry: 15 * time.Minute,
		Actor: "ana", Codes: codesFor,
	})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestCreateGetAndEvents(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	o := newOrder(t, s, 1250)
	if o.Status() != payment.StatusOpen || o.ID == 0 {
		t.Fatalf("new order: %+v", o)
	}
	got, err := s.Get(ctx, o.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Amount != o.Amount || got.Note != "coffee" || len(got.Codes) != 1 || got.Codes[0].Payload != "payload-"+string(o.Ref) {
		t.Fatalf("Get = %+v", got)
	}
	if !got.ExpiresAt.Equal(o.ExpiresAt.Truncate(time.Millisecond)) {
		t.Errorf("expiry %v vs %v", got.ExpiresAt, o.ExpiresAt)
	}
	if _, err := s.Claim(ctx, o.Ref, "ana", ""); err != nil {
		t.Fatal(err)
	}
	evs, err := s.Events(ctx, o.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].Kind != payment.EventCreated || evs[1].Kind != payment.EventClaimed || evs[1].Actor != "ana" {
		t.Fatalf("events = %+v", evs)
	}
	// The stored status is what the events fold to.
	var pe []payment.Event
	for _, e := range evs {
		pe = append(pe, e.Event)
	}
	st, err := payment.Fold(pe)
	if err != nil {
		t.Fatal(err)
	}
	got, _ = s.Get(ctx, o.Ref)
	if st != got.State {
		t.Errorf("row state %+v, events fold to %+v", got.State, st)
	}
}

func TestRefusedTransitionWritesNothing(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	o := newOrder(t, s, 500)
	if _, err := s.Cancel(ctx, o.Ref, "ana", "customer left"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Claim(ctx, o.Ref, "ana", ""); !errors.Is(err, payment.ErrTransition) {
		t.Fatalf("claim after cancel: %v", err)
	}
	evs, _ := s.Events(ctx, o.Ref)
	if len(evs) != 2 {
		t.Fatalf("a refused claim wrote an event: %+v", evs)
	}
	if _, err := s.Claim(ctx, "ZZZZZZZZZZ", "ana", ""); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown ref: %v", err)
	}
}

func TestCodesErrorWritesNothing(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	_, err := s.CreateOrder(ctx, NewOrder{
		Amount: payment.Amount{Minor: 100, Currency: brl}, Expiry: time.Minute,
		Codes: func(payment.Reference, time.Time) ([]scheme.Code, error) { return nil, errors.New("too large") },
	})
	if err == nil {
		t.Fatal("want error")
	}
	list, _ := s.List(ctx, Filter{})
	if len(list) != 0 {
		t.Fatalf("orders written: %v", list)
	}
}

func TestExpireDue(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	a := newOrder(t, s, 100)
	b := newOrder(t, s, 200)
	if _, err := s.Claim(ctx, b.Ref, "ana", ""); err != nil {
		t.Fatal(err)
	}
	if refs, _ := s.ExpireDue(ctx); len(refs) != 0 {
		t.Fatalf("expired too early: %v", refs)
	}
	now = now.Add(16 * time.Minute)
	refs, err := s.ExpireDue(ctx)
	if err != nil || len(refs) != 1 || refs[0] != a.Ref {
		t.Fatalf("ExpireDue = %v, %v; want only %s (the claimed one stays)", refs, err, a.Ref)
	}
	got, _ := s.Get(ctx, a.Ref)
	if got.Status() != payment.StatusExpired {
		t.Fatalf("status %s", got.Status())
	}
}

func TestList(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	base := time.Date(2026, 11, 25, 9, 0, 0, 0, time.Local)
	var refs []payment.Reference
	for i := range 5 {
		s.Now = func() time.Time { return base.Add(time.Duration(i) * time.Hour) }
		refs = append(refs, newOrder(t, s, int64(100*(i+1))).Ref)
	}
	// Claimed and cancelled while none of them has expired.
	s.Now = func() time.Time { return base.Add(5 * time.Minute) }
	if _, err := s.Claim(ctx, refs[1], "ana", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Cancel(ctx, refs[2], "ana", ""); err != nil {
		t.Fatal(err)
	}
	all, _ := s.List(ctx, Filter{})
	if len(all) != 5 || all[0].Ref != refs[4] {
		t.Fatalf("List newest first: %v", all)
	}
	for _, tt := range []struct {
		f    Filter
		want []payment.Reference
	}{
		{Filter{Status: []payment.Status{payment.StatusClaimed}}, refs[1:2]},
		{Filter{Status: []payment.Status{payment.StatusOpen}, Oldest: true}, []payment.Reference{refs[0], refs[3], refs[4]}},
		{Filter{Limit: 2}, []payment.Reference{refs[4], refs[3]}},
		{Filter{Since: base.Add(3 * time.Hour)}, []payment.Reference{refs[4], refs[3]}},
		{Filter{Search: "3.00"}, refs[2:3]},
		{Filter{Search: strings.ToLower(string(refs[0][:5]))}, refs[0:1]},
		{Filter{Scheme: "test", Limit: 1}, refs[4:5]},
		{Filter{Scheme: "other"}, nil},
		{Filter{Search: "%"}, nil},
	} {
		got, err := s.List(ctx, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		var gotRefs []payment.Reference
		for _, o := range got {
			gotRefs = append(gotRefs, o.Ref)
		}
		if strings.Join(toStrings(gotRefs), ",") != strings.Join(toStrings(tt.want), ",") {
			t.Errorf("List(%+v) = %v, want %v", tt.f, gotRefs, tt.want)
		}
	}
}

func toStrings(r []payment.Reference) []string {
	var out []string
	for _, x := range r {
		out = append(out, string(x))
	}
	return out
}

func TestFilePermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "folder")
	s, err := Open(filepath.Join(dir, "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	newOrder(t, s, 100) // make sure WAL files exist
	for _, p := range []string{dir, filepath.Join(dir, "till.db"), filepath.Join(dir, "till.db-wal")} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v; want owner-only", p, fi.Mode().Perm())
		}
	}
	s.Close()
}

// A database created by an earlier till (schema version 1, before order
// codes were stored) is migrated on open and keeps its orders.
func TestMigrateFromVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := openVersion(path, 1)
	if err != nil {
		t.Fatal(err)
	}
	ref := payment.NewReference()
	_, err = old.db.Exec(`INSERT INTO orders (ref, amount_minor, currency, note, status, day, created_at, expires_at, updated_at)
		VALUES (?, 1250, 'BRL', 'old sale', 'open', '2026-01-02', 1, 2, 1)`, ref)
	if err != nil {
		t.Fatal(err)
	}
	old.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v int
	s.db.QueryRow("PRAGMA user_version").Scan(&v)
	if v != SchemaVersion() || v < 2 {
		t.Fatalf("user_version %d, want %d", v, SchemaVersion())
	}
	o, err := s.Get(context.Background(), ref)
	if err != nil || o.Note != "old sale" || o.Amount.Minor != 1250 {
		t.Fatalf("old order after migration: %+v, %v", o, err)
	}
	newOrder(t, s, 300) // and the new tables work
}

func TestRefuseNewerDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Exec("PRAGMA user_version = 999")
	s.Close()
	_, err = Open(path)
	if !errors.Is(err, ErrNewerDatabase) {
		t.Fatalf("Open newer: %v", err)
	}
}

func TestEventsAreAppendOnly(t *testing.T) {
	s := openTest(t)
	o := newOrder(t, s, 100)
	for _, q := range []string{`UPDATE order_events SET note = 'x'`, `DELETE FROM order_events`} {
		if _, err := s.db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	evs, _ := s.Events(context.Background(), o.Ref)
	if len(evs) != 1 {
		t.Fatalf("events changed: %v", evs)
	}
}

func TestWatcherSeesOtherConnections(t *testing.T) {
	path := filepath.Join(t.TempDir(), "till.db")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path) // stands in for another process
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	w, err := a.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if ch, _ := w.Changed(ctx); ch {
		t.Fatal("changed before any write")
	}
	newOrder(t, b, 100)
	if ch, err := w.Changed(ctx); !ch || err != nil {
		t.Fatalf("write by another connection not seen: %v %v", ch, err)
	}
	if ch, _ := w.Changed(ctx); ch {
		t.Fatal("one write reported twice")
	}
}

func TestConcurrentWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "till.db")
	const writers, each = 4, 25
	errs := make(chan error, writers)
	for range writers {
		go func() {
			s, err := Open(path)
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			for range each {
				if _, err := s.CreateOrder(context.Background(), NewOrder{
					Amount: payment.Amount{Minor: 100, Currency: brl}, Expiry: time.Minute, Codes: codesFor,
				}); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM orders`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != writers*each {
		t.Fatalf("%d orders, want %d", n, writers*each)
	}
}

func TestBackup(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	o := newOrder(t, s, 4200)
	dst := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(ctx, dst); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(dst); fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v", fi.Mode().Perm())
	}
	if err := s.Backup(ctx, dst); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("overwrote a backup: %v", err)
	}
	c, err := Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got, err := c.Get(ctx, o.Ref)
	if err != nil || got.Amount.Minor != 4200 {
		t.Fatalf("order in backup: %+v %v", got, err)
	}
	if v, err := c.IntegrityCheck(ctx); v != "ok" || err != nil {
		t.Fatalf("integrity %q %v", v, err)
	}
}

func TestCheckFindsNothingOnAHealthyDatabase(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a := newOrder(t, s, 100)
	b := newOrder(t, s, 200)
	s.Claim(ctx, a.Ref, "ana", "")
	s.Cancel(ctx, b.Ref, "ana", "")
	if problems, err := s.Check(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("%v %v", problems, err)
	}
	// A row edited behind till's back is found.
	if _, err := s.db.Exec(`UPDATE orders SET status = 'paid' WHERE ref = ?`, a.Ref); err != nil {
		t.Fatal(err)
	}
	if problems, _ := s.Check(ctx); len(problems) != 1 || !strings.Contains(problems[0], string(a.Ref)) {
		t.Fatalf("tampering not found: %v", problems)
	}
}

// Expiry does not wait for a screen to run it: a claim, a notification,
// a listing and the day close each see an order whose time ran out as
// expired.
func TestExpiryAppliedWithoutAScreen(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.Local)
	s.Now = func() time.Time { return now }
	claimed, notified, listed := newOrder(t, s, 100), newOrder(t, s, 200), newOrder(t, s, 300)
	now = now.Add(16 * time.Minute)

	if _, err := s.Claim(ctx, claimed.Ref, "ana", ""); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Fatalf("claiming an order past its expiry: %v", err)
	}
	res, err := s.Notify(ctx, Notification{ID: "n1", Kind: "generic", Body: []byte("{}")},
		[]reconcile.Evidence{{Key: "n1", Reference: string(notified.Ref), Amount: payment.Amount{Minor: 200, Currency: brl}, Credit: true, At: now}},
		reconcile.Options{})
	if err != nil || len(res.Applied) != 1 || res.Applied[0].Decision.Outcome != reconcile.Late {
		t.Fatalf("a notification after expiry: %+v %v", res.Applied, err)
	}
	all, err := s.List(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range all {
		want := payment.StatusExpired
		if o.Ref == notified.Ref {
			want = payment.StatusPaid
			if !o.State.Late {
				t.Errorf("%s: paid after expiry but not flagged late", o.Ref)
			}
		}
		if o.Status() != want {
			t.Errorf("%s (%v): %s, want %s", o.Ref, o.Ref == listed.Ref, o.Status(), want)
		}
	}
}

// A refund larger than what is left says the limit in money.
func TestRefundLimitInMoney(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	o := newOrder(t, s, 1000)
	s.Claim(ctx, o.Ref, "ana", "")
	if _, err := s.Refund(ctx, o.Ref, 250, "ana", "one item back"); err != nil {
		t.Fatal(err)
	}
	_, err := s.Refund(ctx, o.Ref, 1000, "ana", "all of it")
	if err == nil || !strings.Contains(err.Error(), "at most BRL 7.50 can still be refunded") || !errors.Is(err, payment.ErrTransition) {
		t.Fatalf("refund over the limit: %v", err)
	}
}

// A path that names something other than a database is refused and left
// as it was; an empty file becomes an owner-only database.
func TestOpenRefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "statement.csv")
	os.WriteFile(csv, []byte("date,amount\n2026-11-25,1.00\n"), 0o644)
	for _, p := range []string{csv, dir} {
		if s, err := Open(p); err == nil {
			s.Close()
			t.Fatalf("Open(%s) took a file that is not a database", p)
		}
	}
	if b, _ := os.ReadFile(csv); string(b) != "date,amount\n2026-11-25,1.00\n" {
		t.Fatalf("the refused file changed: %q", b)
	}
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	s, err := Open(empty)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if fi, _ := os.Stat(empty); fi.Mode().Perm() != 0o600 {
		t.Fatalf("empty file turned database has mode %v", fi.Mode().Perm())
	}
}

// A note that would break a receipt or reach the terminal is refused
// and nothing is written.
func TestNotesRefused(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	_, err := s.CreateOrder(ctx, NewOrder{Amount: payment.Amount{Minor: 100, Currency: brl}, Note: "a\x1b[31mb",
		Expiry: time.Minute, Actor: "ana", Codes: codesFor})
	if !errors.Is(err, payment.ErrNote) {
		t.Fatalf("order with an escape in its note: %v", err)
	}
	o := newOrder(t, s, 100)
	if _, err := s.Cancel(ctx, o.Ref, "ana", "two\nlines"); !errors.Is(err, payment.ErrNote) {
		t.Fatalf("cancel reason on two lines: %v", err)
	}
	if all, _ := s.List(ctx, Filter{}); len(all) != 1 || all[0].Status() != payment.StatusOpen {
		t.Fatalf("refused notes wrote: %+v", all)
	}
}
