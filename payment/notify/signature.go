// Package notify checks and reads payment notifications: the signature
// that proves a notification comes from someone holding the shared secret,
// within a time window, and the bodies till understands (its own generic
// JSON and the PIX webhook), turned into reconciliation evidence.
package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Header is the HTTP header that carries the signature.
const Header = "Till-Signature"

// DefaultTolerance is how far a signature's timestamp may be from the
// receiver's clock: five minutes, as Stripe and Standard Webhooks use.
const DefaultTolerance = 5 * time.Minute

// Errors of Verify. Each says what is wrong without saying what would be
// right (no expected signature in an error).
var (
	ErrNoSignature  = errors.New("the Till-Signature header is missing")
	ErrMalformed    = errors.New("the Till-Signature header is malformed: want t=UNIX,v1=HEX")
	ErrStale        = errors.New("the signature timestamp is outside the allowed window")
	ErrBadSignature = errors.New("the signature does not match the body")
)

// Sign returns the header value for body at time t: HMAC-SHA256 with the
// secret over "t.body", as "t=<unix seconds>,v1=<hex>".
func Sign(secret []byte, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

func mac(secret []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks a Till-Signature header against body. Several v1 values
// may be given and several secrets configured (to rotate a secret without
// downtime): one match of any is enough. The comparison runs in constant
// time, and the timestamp must be within tolerance of now in either
// direction.
func Verify(header string, body []byte, secrets [][]byte, now time.Time, tolerance time.Duration) error {
	ts, sigs, err := parseSignature(header)
	if err != nil {
		return err
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || unix <= 0 {
		return ErrMalformed
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	if d := now.Sub(time.Unix(unix, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w (%s off)", ErrStale, d.Round(time.Second))
	}
	ok := false
	for _, secret := range secrets {
		want := mac(secret, ts, body)
		for _, sig := range sigs {
			// Always compare everything: the time taken says nothing.
			if hmac.Equal(want, sig) {
				ok = true
			}
		}
	}
	if !ok {
		return ErrBadSignature
	}
	return nil
}

// parseSignature reads a Till-Signature header: one timestamp t and one
// to eight v1 signatures, unknown schemes skipped.
func parseSignature(header string) (ts string, sigs [][]byte, err error) {
	header = strings.TrimSpace(header)
	if header == "" {
		return "", nil, ErrNoSignature
	}
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return "", nil, ErrMalformed
		}
		switch k {
		case "t":
			if ts != "" {
				return "", nil, ErrMalformed
			}
			ts = v
		case "v1":
			sig, err := hex.DecodeString(v)
			if err != nil || len(sig) != sha256.Size {
				return "", nil, ErrMalformed
			}
			sigs = append(sigs, sig)
		default:
			// Unknown schemes (a future v2) are ignored, as Stripe does.
		}
	}
	if ts == "" || len(sigs) == 0 || len(sigs) > 8 {
		return "", nil, ErrMalformed
	}
	return ts, sigs, nil
}
