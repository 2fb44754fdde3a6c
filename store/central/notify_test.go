package central_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/store/central"
)

func evidence(key, ref string, minor int64) reconcile.Evidence {
	eur, _ := payment.LookupCurrency("EUR")
	return reconcile.Evidence{Key: key, Reference: ref, Amount: payment.Amount{Minor: minor, Currency: eur}, Credit: true, At: time.Now()}
}

// A notification is kept once; each payment goes to the till its
// reference's prefix names, one message per till; an unknown prefix is
// unrouted; a replay answers the first verdict and queues nothing.
func TestNotifyRoutesByPrefixOnce(t *testing.T) {
	b, _ := migrated(t)
	ctx := context.Background()
	t1, t2 := joined(t, b, "counter 1"), joined(t, b, "counter 2")
	r1, _ := payment.CompleteReference(t1.Prefix + "AAAAAAA")
	r1b, _ := payment.CompleteReference(t1.Prefix + "BBBBBBB")
	r2, _ := payment.CompleteReference(t2.Prefix + "CCCCCCC")
	rx, _ := payment.CompleteReference("ZZ" + "DDDDDDD")
	n := central.Notification{ID: "pix-1", Kind: "pix", Body: []byte(`{}`), ReceivedAt: time.Now(), Items: []reconcile.Evidence{
		evidence("k1", string(r1), 100), evidence("k2", "RF00"+string(r2), 200), evidence("k3", string(rx), 300),
		{Key: "k4", Text: "pay " + string(r1b.Grouped()) + " thanks"},
	}}
	res, err := b.Notify(ctx, "shop", n)
	if err != nil || res.Replayed || len(res.Items) != 4 {
		t.Fatalf("notify: %+v %v", res, err)
	}
	want := []central.Routed{{Key: "k1", Outcome: "sent", Ref: string(r1), Till: "counter 1"},
		{Key: "k2", Outcome: "sent", Ref: string(r2), Till: "counter 2"},
		{Key: "k3", Outcome: "unrouted", Ref: string(rx)},
		{Key: "k4", Outcome: "sent", Ref: string(r1b), Till: "counter 1"}}
	for i, w := range want {
		got := res.Items[i]
		got.Detail = ""
		if got != w {
			t.Errorf("item %d: got %+v, want %+v", i, res.Items[i], w)
		}
	}
	m1, err := b.Down(ctx, t1, 0)
	if err != nil || len(m1) != 1 || m1[0].N != 1 || m1[0].Source != "pix-1" || len(m1[0].Keys) != 2 {
		t.Fatalf("till 1's queue: %+v %v", m1, err)
	}
	m2, _ := b.Down(ctx, t2, 0)
	if len(m2) != 1 || len(m2[0].Keys) != 1 || m2[0].Keys[0] != "k2" {
		t.Fatalf("till 2's queue: %+v", m2)
	}
	again, err := b.Notify(ctx, "shop", n)
	if err != nil || !again.Replayed || len(again.Items) != 4 || again.Items[0] != res.Items[0] {
		t.Fatalf("replay: %+v %v", again, err)
	}
	if m, _ := b.Down(ctx, t1, 0); len(m) != 1 {
		t.Fatalf("a replay queued again: %+v", m)
	}
	// The till acknowledged 1: a till without its cursor resumes after it.
	if m, _ := b.Down(ctx, t1, 1); len(m) != 0 {
		t.Fatalf("after 1: %+v", m)
	}
	if m, _ := b.Down(ctx, t1, -1); len(m) != 0 {
		t.Fatalf("from the acknowledged: %+v", m)
	}
}

// Many servers notifying at once number each till's messages 1, 2, 3…
// without a gap or a repeat, and every delivery is answered once.
func TestNotifyConcurrentNumbering(t *testing.T) {
	b, url := migrated(t)
	b2 := open(t, url)
	ctx := context.Background()
	t1 := joined(t, b, "counter 1")
	var wg sync.WaitGroup
	const n = 40
	errs := make(chan error, 2*n)
	for i := range n {
		for _, book := range []*central.Book{b, b2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ref, _ := payment.CompleteReference(t1.Prefix + "AAAAA" + string(payment.ReferenceAlphabet[i%32]) + string(payment.ReferenceAlphabet[i/32]))
				id := "n-" + string(ref)
				_, err := book.Notify(ctx, "shop", central.Notification{ID: id, Kind: "generic", Body: []byte("{}"), ReceivedAt: time.Now(),
					Items: []reconcile.Evidence{evidence("notify:"+id, string(ref), 100)}})
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	msgs, err := b.Down(ctx, t1, 0)
	if err != nil || len(msgs) != n {
		t.Fatalf("%d messages, want %d: %v", len(msgs), n, err)
	}
	seen := map[string]bool{}
	for i, m := range msgs {
		if m.N != int64(i+1) || seen[m.Source] {
			t.Fatalf("message %d: %+v", i, m)
		}
		seen[m.Source] = true
	}
}

// Refused requests are kept within their bound.
func TestRefusedAreBounded(t *testing.T) {
	b, _ := migrated(t)
	ctx := context.Background()
	big := make([]byte, 4096)
	for range central.MaxRefusedRows + 20 {
		if err := b.Refuse(ctx, "shop", "192.0.2.1:1", "not signed", big); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := b.Refused(ctx, "shop"); err != nil || n != central.MaxRefusedRows {
		t.Fatalf("kept %d, want %d: %v", n, central.MaxRefusedRows, err)
	}
}
