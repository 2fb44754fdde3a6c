package store

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
)

// Every event, whatever wrote it, gets an outbox entry in its own
// transaction, numbered without a gap; a 'created' entry carries its order.
func TestOutboxHasEveryEvent(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	eur, _ := payment.LookupCurrency("EUR")
	a, err := s.CreateOrder(ctx, NewOrder{Amount: payment.Amount{Minor: 1250, Currency: eur}, Note: "tea \"x\"", Expiry: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateOrder(ctx, NewOrder{Amount: payment.Amount{Minor: 300, Currency: eur}, Expiry: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Claim(ctx, a.Ref, "ann", ""); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if _, err := s.ExpireDue(ctx); err != nil {
		t.Fatal(err)
	}
	// A refused change writes nothing, in the outbox neither.
	if _, err := s.Claim(ctx, b.Ref, "ann", ""); err == nil {
		t.Fatal("claimed an expired order")
	}
	entries, err := s.Outbox(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	// Claiming a expires b first, in the same transaction.
	want := []string{a.Ref.String() + " created", b.Ref.String() + " created", b.Ref.String() + " expired", a.Ref.String() + " claimed"}
	if len(entries) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(entries), len(want), entries)
	}
	for i, e := range entries {
		var body struct {
			Ref, Kind string
			Order     *struct {
				Amount   int64
				Currency string
				Note     string
			}
		}
		if err := json.Unmarshal([]byte(e.Body), &body); err != nil || e.Seq != int64(i+1) || body.Ref+" "+body.Kind != want[i] {
			t.Fatalf("entry %d: %+v %v, want %s", i, e, err, want[i])
		}
		if (body.Order != nil) != (body.Kind == "created") {
			t.Fatalf("entry %d: order %+v", i, body.Order)
		}
	}
	if got, _ := s.Outbox(ctx, 2, 1); len(got) != 1 || got[0].Seq != 3 {
		t.Fatalf("Outbox(2, 1): %+v", got)
	}
	st, err := s.SyncState(ctx)
	if err != nil || st.Last != 4 || st.Waiting() != 4 {
		t.Fatalf("state %+v %v", st, err)
	}
	if err := s.ApplyAck(ctx, Ack{Next: 4, Quarantined: map[int64]string{2: "why"}}); err != nil {
		t.Fatal(err)
	}
	if st, _ = s.SyncState(ctx); st.Waiting() != 1 || st.Quarantined != 1 || st.LastOK.IsZero() {
		t.Fatalf("after ack: %+v", st)
	}
	if err := s.ApplyAck(ctx, Ack{Next: 9}); err != ErrBehindCentral {
		t.Fatalf("ack beyond the outbox: %v", err)
	}
	// An entry reads the same every time, even after its order changed.
	if again, _ := s.Outbox(ctx, 0, 100); again[0] != entries[0] || again[1] != entries[1] {
		t.Fatalf("entries changed: %+v, then %+v", entries[:2], again[:2])
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %q", err, problems)
	}
}

// A till of the schema before the outbox (version 10) has its whole history in it
// when it upgrades, so a till that joins later uploads everything.
func TestOutboxMigrationTakesTheHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "till.db")
	old, err := openVersion(path, 10)
	if err != nil {
		t.Fatal(err)
	}
	eur, _ := payment.LookupCurrency("EUR")
	ctx := context.Background()
	for range 3 {
		o, err := old.CreateOrder(ctx, NewOrder{Amount: payment.Amount{Minor: 99, Currency: eur}, Expiry: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := old.Cancel(ctx, o.Ref, "ann", "x"); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st, err := s.SyncState(ctx); err != nil || st.Last != 6 || st.Acked != 0 {
		t.Fatalf("state %+v %v", st, err)
	}
	if problems, err := s.CheckOutbox(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %q", err, problems)
	}
	// Check finds a gap, which only an event written with an id of its
	// own could make.
	if _, err := s.db.Exec(`INSERT INTO order_events (id, order_id, kind, at, recorded_at, source, actor) VALUES (99, 1, 'note', 1, 1, 'x', 'x')`); err != nil {
		t.Fatal(err)
	}
	if problems, _ := s.CheckOutbox(ctx); len(problems) == 0 {
		t.Fatal("a gap was not found")
	}
}
