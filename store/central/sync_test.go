package central_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/till-pos/till/store/central"
)

// joined enrols and joins a till, returning it as the server sees it.
func joined(t *testing.T, b *central.Book, name string) central.Till {
	t.Helper()
	ctx := context.Background()
	code, _, err := b.Enroll(ctx, "shop", name)
	if err != nil {
		t.Fatal(err)
	}
	till, _, err := b.Join(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	return till
}

// ev is an outbox body as the till sends it.
func ev(ref string, id int64, kind string, amount int64, rec int64) string {
	m := map[string]any{"ref": ref, "id": id, "kind": kind, "amount": amount, "at": rec, "recorded_at": rec,
		"source": "manual", "actor": "ann", "note": ""}
	if kind == "created" {
		m["order"] = map[string]any{"amount": amount, "currency": "EUR", "note": "", "day": "2026-12-02",
			"created_at": rec, "schemes": "EPC"}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func batch(from int64, bodies ...string) []central.Entry {
	out := make([]central.Entry, len(bodies))
	for i, body := range bodies {
		out[i] = central.Entry{Seq: from + int64(i), Body: body}
	}
	return out
}

func mustCheck(t *testing.T, b *central.Book) {
	t.Helper()
	problems, err := b.Check(context.Background(), "shop")
	if err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %q", err, problems)
	}
}

// Resending a batch any number of times, whole or in parts, changes
// nothing: the book keys entries by (merchant, till, seq).
func TestPushIsIdempotent(t *testing.T) {
	b, _ := migrated(t)
	ctx := context.Background()
	till := joined(t, b, "counter 1")
	all := batch(1, ev("22A", 1, "created", 1250, 1000), ev("22A", 2, "payment", 1250, 2000), ev("22B", 3, "created", 500, 3000))
	for i := range 4 {
		res, err := b.Push(ctx, till, all)
		if err != nil {
			t.Fatal(err)
		}
		wantNew := 3
		if i > 0 {
			wantNew = 0
		}
		if res.Next != 4 || res.Accepted != wantNew || res.Duplicates != 3-wantNew {
			t.Fatalf("push %d: %+v", i, res)
		}
	}
	if res, err := b.Push(ctx, till, all[1:]); err != nil || res.Duplicates != 2 || res.Next != 4 {
		t.Fatalf("resend a part: %+v %v", res, err)
	}
	orders, err := b.Orders(ctx, "shop", central.OrderFilter{})
	if err != nil || len(orders) != 2 || orders[0].Status != "paid" || orders[1].Status != "open" {
		t.Fatalf("orders: %+v %v", orders, err)
	}
	if evs, _ := b.Events(ctx, "shop", ""); len(evs) != 3 {
		t.Fatalf("%d events, want 3", len(evs))
	}
	mustCheck(t, b)
}

// A batch that starts after the seq the book expects is a gap: nothing of
// it is taken, and the reply says where to start again.
func TestPushGap(t *testing.T) {
	b, _ := migrated(t)
	ctx := context.Background()
	till := joined(t, b, "counter 1")
	if _, err := b.Push(ctx, till, batch(1, ev("22A", 1, "created", 100, 1))); err != nil {
		t.Fatal(err)
	}
	res, err := b.Push(ctx, till, batch(3, ev("22A", 3, "claimed", 0, 3)))
	if err != nil || !res.Gap || res.Next != 2 || res.Accepted != 0 {
		t.Fatalf("gap: %+v %v", res, err)
	}
	// Batches overlapping what is there and running past it are fine.
	res, err = b.Push(ctx, till, batch(1, ev("22A", 1, "created", 100, 1), ev("22A", 2, "note", 0, 2), ev("22A", 3, "claimed", 0, 3)))
	if err != nil || res.Gap || res.Next != 4 || res.Accepted != 2 || res.Duplicates != 1 {
		t.Fatalf("repair: %+v %v", res, err)
	}
	if _, err := b.Push(ctx, till, []central.Entry{{Seq: 4, Body: "{}"}, {Seq: 6, Body: "{}"}}); !errors.Is(err, central.ErrBadBatch) {
		t.Fatalf("a batch with a hole in it: %v", err)
	}
	mustCheck(t, b)
}

// A restored or copied till presents another entry under a seq the book
// has: refused, marked, an exception raised, and the book unchanged.
func TestPushDivergedHistoryIsRefused(t *testing.T) {
	b, _ := migrated(t)
	ctx := context.Background()
	till := joined(t, b, "counter 1")
	if _, err := b.Push(ctx, till, batch(1, ev("22A", 1, "created", 100, 1), ev("22A", 2, "claimed", 0, 2))); err != nil {
		t.Fatal(err)
	}
	// The copy made its own second event, and a third.
	_, err := b.Push(ctx, till, batch(1, ev("22A", 1, "created", 100, 1), ev("22A", 2, "cancelled", 0, 5), ev("22A", 3, "note", 0, 6)))
	if !errors.Is(err, central.ErrDiverged) || !strings.Contains(err.Error(), "seq 2") {
		t.Fatalf("diverged push: %v", err)
	}
	orders, _ := b.Orders(ctx, "shop", central.OrderFilter{})
	if len(orders) != 1 || orders[0].Status != "claimed" {
		t.Fatalf("the book changed: %+v", orders)
	}
	if next, _ := b.Head(ctx, till); next != 3 {
		t.Fatalf("head %d, want 3", next)
	}
	xs, _ := b.Exceptions(ctx, "shop")
	if len(xs) != 1 || xs[0].Kind != "diverged" || xs[0].Seq != 2 {
		t.Fatalf("exceptions: %+v", xs)
	}
	// Again: still refused, one exception.
	if _, err := b.Push(ctx, till, batch(2, ev("22A", 2, "cancelled", 0, 5))); !errors.Is(err, central.ErrDiverged) {
		t.Fatalf("second diverged push: %v", err)
	}
	if xs, _ := b.Exceptions(ctx, "shop"); len(xs) != 1 {
		t.Fatalf("exceptions: %+v", xs)
	}
	mustCheck(t, b)
}

// Entries the book cannot take are quarantined, with an exception; the
// queue goes on past them, and a resend reports them again.
func TestPushQuarantine(t *testing.T) {
	b, _ := migrated(t)
	ctx := context.Background()
	one, two := joined(t, b, "counter 1"), joined(t, b, "counter 2")
	if _, err := b.Push(ctx, one, batch(1, ev("22A", 1, "created", 100, 1))); err != nil {
		t.Fatal(err)
	}
	bad := batch(1,
		"not json",
		ev("22A", 1, "created", 100, 1), // another till's order
		ev("23Z", 2, "payment", 100, 2), // no such order
		ev("23B", 3, "created", 200, 3), // fine
		`{"ref":"23C","id":4,"kind":"created","amount":5,"at":1,"recorded_at":1,"source":"m","actor":"a","note":"","order":{"amount":5,"currency":"XXX","day":"2026-12-02"}}`,
		ev("23B", 5, "payment", 200, 4)) // fine, after the quarantined ones
	res, err := b.Push(ctx, two, bad)
	if err != nil || res.Next != 7 || res.Accepted != 6 || len(res.Quarantined) != 4 {
		t.Fatalf("push: %+v %v", res, err)
	}
	again, err := b.Push(ctx, two, bad)
	if err != nil || again.Duplicates != 6 || len(again.Quarantined) != 4 {
		t.Fatalf("resend: %+v %v", again, err)
	}
	for i, want := range []string{"not readable", "belongs to till", "does not have", "unknown currency"} {
		if !strings.Contains(res.Quarantined[i].Reason, want) {
			t.Errorf("quarantine %d: %q, want %q", i, res.Quarantined[i].Reason, want)
		}
	}
	xs, _ := b.Exceptions(ctx, "shop")
	if len(xs) != 4 {
		t.Fatalf("exceptions: %+v", xs)
	}
	orders, _ := b.Orders(ctx, "shop", central.OrderFilter{Till: "counter 2"})
	if len(orders) != 1 || orders[0].Ref != "23B" || orders[0].Status != "paid" {
		t.Fatalf("orders: %+v", orders)
	}
	mustCheck(t, b)
}

// The fold: money is never refused (a payment after a cancel is late), a
// manual action the merged history makes invalid is kept, marked refused,
// with an exception.
func TestFoldKeepsMoneyAndRefusesInvalidActions(t *testing.T) {
	b, _ := migrated(t)
	ctx := context.Background()
	till := joined(t, b, "counter 1")
	_, err := b.Push(ctx, till, batch(1,
		ev("22A", 1, "created", 100, 1), ev("22A", 2, "cancelled", 0, 2), ev("22A", 3, "payment", 100, 3),
		ev("22B", 4, "created", 100, 4), ev("22B", 5, "payment", 100, 5), ev("22B", 6, "cancelled", 0, 6)))
	if err != nil {
		t.Fatal(err)
	}
	orders, _ := b.Orders(ctx, "shop", central.OrderFilter{})
	if len(orders) != 2 || orders[0].Status != "paid" || !orders[0].Late || orders[1].Status != "paid" || orders[1].Late {
		t.Fatalf("orders: %+v", orders)
	}
	evs, _ := b.Events(ctx, "shop", "counter 1")
	if evs[5].Refused == "" || evs[2].Refused != "" {
		t.Fatalf("events: %+v", evs)
	}
	xs, _ := b.Exceptions(ctx, "shop")
	if len(xs) != 1 || xs[0].Kind != "refused" || xs[0].Ref != "22B" {
		t.Fatalf("exceptions: %+v", xs)
	}
	mustCheck(t, b)
}

// MergeOrder keeps each till's own order and merges tills by recording
// time, whatever order the events come in.
func TestMergeOrder(t *testing.T) {
	in := []central.Event{
		{Till: "b", Seq: 7, RecordedAt: 5}, {Till: "a", Seq: 2, RecordedAt: 9}, {Till: "a", Seq: 1, RecordedAt: 10},
		{Till: "b", Seq: 8, RecordedAt: 1}, {Till: "c", Seq: 1, RecordedAt: 5},
	}
	got := central.MergeOrder(in)
	var order []string
	for _, e := range got {
		order = append(order, e.Till+string(rune('0'+e.Seq)))
	}
	// a1 (10) then a2: a's own order even though a2 was stamped earlier.
	if want := "b7 b8 c1 a1 a2"; strings.Join(order, " ") != want {
		t.Fatalf("merged %v, want %s", order, want)
	}
}
