package central

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/till-pos/till/payment"
)

// Till is one till of the fleet as the central book knows it.
type Till struct {
	Merchant    string     `json:"merchant"`
	Name        string     `json:"name"`
	Prefix      string     `json:"prefix"` // the start of every reference it makes
	EnrolledAt  time.Time  `json:"enrolled_at"`
	JoinedAt    *time.Time `json:"joined_at"`
	RevokedAt   *time.Time `json:"revoked_at"`
	LastContact *time.Time `json:"last_contact"`
	// Of the sync (Tills fills them): the outbox entries the book has,
	// when it last took a batch, how long the newest event it has took
	// from the till's commit to the book, and whether the till presented
	// another history (a restored or copied database).
	Acked    int64      `json:"acked"`
	LastSync *time.Time `json:"last_sync"`
	LagMS    *int64     `json:"lag_ms"`
	Diverged *time.Time `json:"diverged_at"`
}

// Errors of enrolment.
var (
	ErrTillExists  = errors.New("a till of that name is already enrolled")
	ErrNoSuchTill  = errors.New("no till of that name is enrolled")
	ErrBadJoinCode = errors.New("the join code is unknown, used or expired: enroll the till again for a new one")
	ErrBadToken    = errors.New("the till's token is unknown or revoked: join again with a new code")
	ErrFleetFull   = errors.New("every reference prefix is taken: the fleet has its largest number of tills")
)

// JoinCodeTTL is how long a join code stays usable.
const JoinCodeTTL = 24 * time.Hour

// prefixes are the two-symbol starts of references, in the order they are
// given out: 32×32 tills per merchant.
func prefixes() []string {
	a := payment.ReferenceAlphabet
	out := make([]string, 0, len(a)*len(a))
	for i := range len(a) {
		for j := range len(a) {
			out = append(out, string([]byte{a[i], a[j]}))
		}
	}
	return out
}

func hash(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// newSecret is n random symbols of the reference alphabet (5 bits each).
func newSecret(n int) string {
	buf := make([]byte, n)
	rand.Read(buf)
	for i, b := range buf {
		buf[i] = payment.ReferenceAlphabet[b&31]
	}
	return string(buf)
}

// Enroll registers a till under name and returns its one-time join code
// ("JOIN-" and 16 symbols: 80 bits, usable once, for JoinCodeTTL). The
// till gets the first free reference prefix of the merchant.
func (b *Book) Enroll(ctx context.Context, merchant, name string) (code string, t Till, err error) {
	name = strings.TrimSpace(name)
	if err := payment.CheckNote(name); err != nil || name == "" || len(name) > 64 {
		return "", Till{}, errors.New("--name: a till's name is one line of printable text, 1 to 64 characters")
	}
	secret := newSecret(16)
	code = "JOIN-" + secret
	err = pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		// One enrolment at a time per merchant picks the prefixes.
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext($1))", "enroll:"+merchant); err != nil {
			return err
		}
		taken := map[string]bool{}
		rows, err := tx.Query(ctx, "SELECT prefix FROM tills WHERE merchant = $1", merchant)
		if err != nil {
			return err
		}
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				return err
			}
			taken[p] = true
		}
		if err := rows.Err(); err != nil {
			return err
		}
		prefix := ""
		for _, p := range prefixes() {
			if !taken[p] {
				prefix = p
				break
			}
		}
		if prefix == "" {
			return ErrFleetFull
		}
		err = tx.QueryRow(ctx, `INSERT INTO tills (merchant, name, prefix, join_hash, join_expires)
			VALUES ($1, $2, $3, $4, now() + $5::interval) RETURNING enrolled_at`,
			merchant, name, prefix, hash(secret), JoinCodeTTL.String()).Scan(&t.EnrolledAt)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" {
			return fmt.Errorf("%w: %s", ErrTillExists, name)
		}
		t.Merchant, t.Name, t.Prefix = merchant, name, prefix
		return err
	})
	return code, t, err
}

// Join exchanges a join code for the till's token: 256 random bits, of
// which the book keeps only the hash. The code works once.
func (b *Book) Join(ctx context.Context, code string) (t Till, token string, err error) {
	secret, ok := strings.CutPrefix(strings.ToUpper(strings.TrimSpace(code)), "JOIN-")
	if !ok {
		return Till{}, "", ErrBadJoinCode
	}
	token = newSecret(52) // 260 bits
	err = b.pool.QueryRow(ctx, `UPDATE tills SET token_hash = $2, join_hash = NULL, join_expires = NULL,
			joined_at = now(), last_contact = now()
		WHERE join_hash = $1 AND join_expires > now() AND revoked_at IS NULL
		RETURNING merchant, name, prefix, enrolled_at, joined_at`, hash(secret), hash(token)).
		Scan(&t.Merchant, &t.Name, &t.Prefix, &t.EnrolledAt, &t.JoinedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return Till{}, "", ErrBadJoinCode
	}
	return t, token, err
}

// Authenticate finds the till a token belongs to and notes the contact.
func (b *Book) Authenticate(ctx context.Context, token string) (Till, error) {
	var t Till
	err := b.pool.QueryRow(ctx, `UPDATE tills SET last_contact = now()
		WHERE token_hash = $1 AND revoked_at IS NULL
		RETURNING merchant, name, prefix, enrolled_at, joined_at, last_contact`, hash(token)).
		Scan(&t.Merchant, &t.Name, &t.Prefix, &t.EnrolledAt, &t.JoinedAt, &t.LastContact)
	if errors.Is(err, pgx.ErrNoRows) {
		return Till{}, ErrBadToken
	}
	return t, err
}

// Tills lists a merchant's tills by name.
func (b *Book) Tills(ctx context.Context, merchant string) ([]Till, error) {
	rows, err := b.pool.Query(ctx, `SELECT t.merchant, t.name, t.prefix, t.enrolled_at, t.joined_at, t.revoked_at, t.last_contact,
			coalesce(h.next_seq, 1) - 1, h.last_push, h.diverged_at,
			(SELECT (extract(epoch FROM e.synced_at) * 1000)::bigint - e.recorded_at FROM events e
				WHERE e.merchant = t.merchant AND e.till = t.name ORDER BY e.seq DESC LIMIT 1)
		FROM tills t LEFT JOIN sync_heads h ON h.merchant = t.merchant AND h.till = t.name
		WHERE t.merchant = $1 ORDER BY t.name`, merchant)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Till, error) {
		var t Till
		err := r.Scan(&t.Merchant, &t.Name, &t.Prefix, &t.EnrolledAt, &t.JoinedAt, &t.RevokedAt, &t.LastContact,
			&t.Acked, &t.LastSync, &t.Diverged, &t.LagMS)
		return t, err
	})
}

// Revoke ends a till's access: its token and any join code stop working.
// Its orders stay in the book; its prefix is never given to another till.
func (b *Book) Revoke(ctx context.Context, merchant, name string) error {
	tag, err := b.pool.Exec(ctx, `UPDATE tills SET revoked_at = coalesce(revoked_at, now()), join_hash = NULL
		WHERE merchant = $1 AND name = $2`, merchant, name)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w: %s", ErrNoSuchTill, name)
	}
	return nil
}
