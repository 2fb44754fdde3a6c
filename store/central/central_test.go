package central_test

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/till-pos/till/store/central"
	"github.com/till-pos/till/store/central/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

func open(t *testing.T, url string) *central.Book {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := central.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// Eight servers starting at once against a new database apply each step
// exactly once, under the advisory lock, and all end at this version.
func TestMigrateConcurrently(t *testing.T) {
	url := pgtest.Shared(t).NewDatabase(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := open(t, url)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if _, to, err := b.Migrate(ctx); err != nil || to != central.SchemaVersion() {
				errs <- errors.Join(err, errors.New("did not end at this version"))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var rows, distinct int
	if err := conn.QueryRow(ctx, "SELECT count(*), count(DISTINCT version) FROM schema_version").Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != central.SchemaVersion() || distinct != rows {
		t.Fatalf("schema_version has %d rows (%d distinct), want one per step (%d)", rows, distinct, central.SchemaVersion())
	}
}

// A database migrated by a newer till is refused and left as it is.
func TestNewerSchemaRefused(t *testing.T) {
	url := pgtest.Shared(t).NewDatabase(t)
	b := open(t, url)
	ctx := context.Background()
	if _, _, err := b.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	newer := central.SchemaVersion() + 1
	if _, err := conn.Exec(ctx, "INSERT INTO schema_version (version) VALUES ($1)", newer); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Migrate(ctx); !errors.Is(err, central.ErrNewerSchema) {
		t.Fatalf("migrating a newer schema: %v", err)
	}
	if v, err := b.Version(ctx); err != nil || v != newer {
		t.Fatalf("version after the refusal: %d %v", v, err)
	}
}

// A crash of PostgreSQL in the middle of the day loses nothing that was
// committed: the server restarts and the book opens again.
func TestSurvivesAServerCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("restarts the shared server")
	}
	srv := pgtest.Shared(t)
	url := srv.NewDatabase(t)
	b := open(t, url)
	ctx := context.Background()
	if _, _, err := b.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := srv.Crash(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	b2 := open(t, url)
	if v, err := b2.Version(ctx); err != nil || v != central.SchemaVersion() {
		t.Fatalf("after a crash: version %d %v", v, err)
	}
}
