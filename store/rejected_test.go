package store

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// Refused deliveries stay within their bounds however many arrive: by
// count for small ones, by bytes for large ones, each body cut to its
// prefix, the oldest dropped and counted.
func TestRejectedDeliveriesAreBounded(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		body []byte
	}{
		{"small bodies: the row count bounds", MaxRejectedRows + 50, []byte(`{"id":"1"}`)},
		{"60 KB bodies: the bytes bound", MaxRejectedRows + 100, bytes.Repeat([]byte("x"), 60<<10)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			ctx := context.Background()
			for i := range tc.n {
				if err := s.Reject(ctx, fmt.Sprintf("192.0.2.%d:4000", i%250), "the Till-Signature header is missing", tc.body); err != nil {
					t.Fatal(err)
				}
			}
			st, err := s.Rejected(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var rows, size, longest int64
			if err := s.db.QueryRow(`SELECT count(*), COALESCE(SUM(length(body) + length(reason) + length(remote)), 0), COALESCE(MAX(length(body)), 0)
				FROM rejected_notifications`).Scan(&rows, &size, &longest); err != nil {
				t.Fatal(err)
			}
			if rows != st.Kept || size != st.KeptBytes {
				t.Errorf("stats say %d rows, %d bytes; the table has %d, %d", st.Kept, st.KeptBytes, rows, size)
			}
			if rows > MaxRejectedRows || size > MaxRejectedBytes || longest > RejectedBodyPrefix {
				t.Errorf("kept %d rows, %d bytes, a body of %d: over the bounds", rows, size, longest)
			}
			if st.Dropped != int64(tc.n)-rows || st.Dropped == 0 {
				t.Errorf("dropped %d; want %d", st.Dropped, int64(tc.n)-rows)
			}
			if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
				t.Errorf("check: %v %v", problems, err)
			}
			// The newest are the ones kept.
			var newest int64
			s.db.QueryRow(`SELECT max(id) FROM rejected_notifications`).Scan(&newest)
			if newest != int64(tc.n) {
				t.Errorf("newest kept row is %d of %d", newest, tc.n)
			}
		})
	}
}

// A database from before the bounds, with an unbounded table of refused
// deliveries, is brought within them by its migration.
func TestMigrationBoundsOldRejected(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := openVersion(path, 4)
	if err != nil {
		t.Fatal(err)
	}
	const n = MaxRejectedRows + 200
	body := bytes.Repeat([]byte("y"), 4096)
	tx, err := old.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		if _, err := tx.Exec(`INSERT INTO rejected_notifications (received_at, remote, reason, body) VALUES (1, 'r', 'bad', ?)`, body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	old.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Rejected(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Kept != MaxRejectedRows || st.Dropped != n-MaxRejectedRows || st.KeptBytes != MaxRejectedRows*(RejectedBodyPrefix+4) {
		t.Fatalf("after migration: %+v", st)
	}
	// The next refusal brings the bytes within their bound too.
	if err := s.Reject(context.Background(), "r", "bad", body); err != nil {
		t.Fatal(err)
	}
	if st, _ = s.Rejected(context.Background()); st.Kept > MaxRejectedRows || st.KeptBytes > MaxRejectedBytes {
		t.Fatalf("after a refusal: %+v", st)
	}
}

// Check finds kept refusals that disagree with their counters.
func TestCheckFindsRejectedCountersOff(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := s.Reject(ctx, "r", "bad", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`INSERT INTO rejected_notifications (received_at, remote, reason, body, size) VALUES (1, 'r', 'bad', 'y', 5)`); err != nil {
		t.Fatal(err)
	}
	problems, err := s.Check(ctx)
	if err != nil || len(problems) != 1 || !strings.HasPrefix(problems[0], "refused notifications:") {
		t.Fatalf("check: %v %v", problems, err)
	}
}
