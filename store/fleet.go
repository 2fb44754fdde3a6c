package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/till-pos/till/payment"
)

// Fleet is the fleet a till has joined: the central server, who the till
// is there, and its token.
type Fleet struct {
	URL      string
	Merchant string
	Name     string
	Prefix   string // every reference this till makes starts with it
	Token    string
	JoinedAt time.Time
}

// ErrAlreadyJoined is returned when a till that is in a fleet joins again.
var ErrAlreadyJoined = errors.New("this till has already joined a fleet")

// Fleet returns the fleet the till has joined; ok is false when none.
func (s *Store) Fleet(ctx context.Context) (f Fleet, ok bool, err error) {
	var joined int64
	err = s.db.QueryRowContext(ctx, `SELECT url, merchant, name, prefix, token, joined_at FROM fleet WHERE id = 1`).
		Scan(&f.URL, &f.Merchant, &f.Name, &f.Prefix, &f.Token, &joined)
	if errors.Is(err, sql.ErrNoRows) {
		return Fleet{}, false, nil
	}
	if err != nil {
		return Fleet{}, false, fmt.Errorf("read the fleet: %w", err)
	}
	f.JoinedAt = fromMS(joined)
	return f, true, nil
}

// JoinFleet records the fleet the till joined; from then on its
// references start with the fleet's prefix, so no two tills of the fleet
// ever make the same one.
func (s *Store) JoinFleet(ctx context.Context, f Fleet) error {
	if err := payment.CheckReferencePrefix(f.Prefix); err != nil {
		return err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, `SELECT name FROM fleet WHERE id = 1`).Scan(&name)
		if err == nil {
			return fmt.Errorf("%w as %q", ErrAlreadyJoined, name)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO fleet (id, url, merchant, name, prefix, token, joined_at)
			VALUES (1, ?, ?, ?, ?, ?, ?)`, f.URL, f.Merchant, f.Name, f.Prefix, f.Token, ms(s.Now()))
		return err
	})
	if err != nil {
		return err
	}
	s.usePrefix(f.Prefix)
	return nil
}

// usePrefix makes the store draw references that start with prefix.
func (s *Store) usePrefix(prefix string) {
	s.NewReference = func() payment.Reference { return payment.NewReferenceWithPrefix(prefix) }
}

// loadFleet applies a joined fleet's prefix when the store opens.
func (s *Store) loadFleet(ctx context.Context) error {
	f, ok, err := s.Fleet(ctx)
	if err != nil || !ok {
		return err
	}
	s.usePrefix(f.Prefix)
	return nil
}
