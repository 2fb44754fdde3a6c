package central_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/till-pos/till/store/central"
	"github.com/till-pos/till/store/central/pgtest"
)

func migrated(t *testing.T) (*central.Book, string) {
	t.Helper()
	url := pgtest.Shared(t).NewDatabase(t)
	b := open(t, url)
	if _, _, err := b.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return b, url
}

// Enrol, join once, authenticate, list, revoke: the whole life of a till,
// with the server keeping hashes only.
func TestTillLife(t *testing.T) {
	b, url := migrated(t)
	ctx := context.Background()
	code, till, err := b.Enroll(ctx, "shop", "counter 1")
	if err != nil || !strings.HasPrefix(code, "JOIN-") || till.Prefix != "22" {
		t.Fatalf("enroll: %q %+v %v", code, till, err)
	}
	code2, till2, err := b.Enroll(ctx, "shop", "counter 2")
	if err != nil || till2.Prefix == till.Prefix {
		t.Fatalf("second till: %+v %v", till2, err)
	}
	if _, _, err := b.Enroll(ctx, "shop", "counter 1"); !errors.Is(err, central.ErrTillExists) {
		t.Fatalf("same name twice: %v", err)
	}
	if _, _, err := b.Enroll(ctx, "shop", "bad\x1bname"); err == nil {
		t.Fatal("a name with a control character was enrolled")
	}
	joined, token, err := b.Join(ctx, strings.ToLower(code))
	if err != nil || joined.Name != "counter 1" || len(token) < 52 {
		t.Fatalf("join: %+v %q %v", joined, token, err)
	}
	if _, _, err := b.Join(ctx, code); !errors.Is(err, central.ErrBadJoinCode) {
		t.Fatalf("a join code used twice: %v", err)
	}
	if got, err := b.Authenticate(ctx, token); err != nil || got.Name != "counter 1" || got.LastContact == nil {
		t.Fatalf("authenticate: %+v %v", got, err)
	}
	if _, err := b.Authenticate(ctx, token+"X"); !errors.Is(err, central.ErrBadToken) {
		t.Fatalf("a wrong token: %v", err)
	}
	// Only hashes are kept: neither the token nor the code is in the table.
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var dump string
	conn.QueryRow(ctx, "SELECT string_agg(t::text, ' ') FROM tills t").Scan(&dump)
	for _, secret := range []string{token, strings.TrimPrefix(code, "JOIN-"), strings.TrimPrefix(code2, "JOIN-")} {
		if strings.Contains(strings.ToUpper(dump), secret) {
			t.Fatalf("the table holds a secret in clear: %s", dump)
		}
	}
	if err := b.Revoke(ctx, "shop", "counter 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Authenticate(ctx, token); !errors.Is(err, central.ErrBadToken) {
		t.Fatalf("a revoked till authenticated: %v", err)
	}
	if err := b.Revoke(ctx, "shop", "counter 1"); err != nil {
		t.Fatalf("revoking twice: %v", err)
	}
	if err := b.Revoke(ctx, "shop", "nobody"); !errors.Is(err, central.ErrNoSuchTill) {
		t.Fatalf("revoking an unknown till: %v", err)
	}
	if err := b.Revoke(ctx, "shop", "counter 2"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Join(ctx, code2); !errors.Is(err, central.ErrBadJoinCode) {
		t.Fatalf("the join code of a revoked till worked: %v", err)
	}
	list, err := b.Tills(ctx, "shop")
	if err != nil || len(list) != 2 || list[0].RevokedAt == nil || list[1].JoinedAt != nil {
		t.Fatalf("tills: %+v %v", list, err)
	}
	// A revoked till's prefix is never given again.
	_, till3, err := b.Enroll(ctx, "shop", "counter 3")
	if err != nil || till3.Prefix == till.Prefix || till3.Prefix == till2.Prefix {
		t.Fatalf("third till: %+v %v", till3, err)
	}
	// Merchants are apart: another merchant's first till starts again.
	if _, other, err := b.Enroll(ctx, "taxi", "counter 1"); err != nil || other.Prefix != "22" {
		t.Fatalf("another merchant: %+v %v", other, err)
	}
}
