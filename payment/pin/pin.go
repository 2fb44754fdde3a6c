// Package pin hashes and checks the manager PIN that protects refunds and
// voids. The configuration keeps only the hash. A PIN has few digits, so
// the hash is deliberately slow (PBKDF2-SHA256, 600,000 rounds, as OWASP
// recommends in 2023): guessing all 10⁶ six-digit PINs from a stolen
// configuration then takes days of CPU, not seconds.
package pin

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Rounds is the PBKDF2 iteration count for new hashes.
const Rounds = 600_000

// ErrWrong is returned for a PIN that does not match.
var ErrWrong = errors.New("wrong PIN")

// Validate checks that a new PIN is 4 to 12 digits.
func Validate(pin string) error {
	if len(pin) < 4 || len(pin) > 12 {
		return errors.New("a manager PIN has 4 to 12 digits")
	}
	for _, c := range pin {
		if c < '0' || c > '9' {
			return errors.New("a manager PIN is digits only")
		}
	}
	return nil
}

// Hash returns the text to store for pin: "pbkdf2-sha256$ROUNDS$SALT$KEY".
func Hash(pin string) (string, error) {
	if err := Validate(pin); err != nil {
		return "", err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key, err := pbkdf2.Key(sha256.New, pin, salt, Rounds, 32)
	if err != nil {
		return "", err
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("pbkdf2-sha256$%d$%s$%s", Rounds, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// CheckHash reports whether stored is a hash Check can read, for
// configuration validation.
func CheckHash(stored string) error {
	_, _, _, err := parse(stored)
	return err
}

func parse(stored string) (rounds int, salt, key []byte, err error) {
	parts := strings.Split(stored, "$")
	if len(parts) != 4 || parts[0] != "pbkdf2-sha256" {
		return 0, nil, nil, errors.New("till.manager_pin is not a PIN hash made by till setup (pbkdf2-sha256$...)")
	}
	enc := base64.RawStdEncoding
	rounds, err1 := strconv.Atoi(parts[1])
	salt, err2 := enc.DecodeString(parts[2])
	key, err3 := enc.DecodeString(parts[3])
	if err1 != nil || err2 != nil || err3 != nil || rounds < 1000 || rounds > 10_000_000 || len(salt) < 8 || len(key) != 32 {
		return 0, nil, nil, errors.New("till.manager_pin is a damaged PIN hash: set the PIN again with till setup")
	}
	return rounds, salt, key, nil
}

// Check compares pin with a stored hash in constant time.
func Check(stored, pin string) error {
	rounds, salt, key, err := parse(stored)
	if err != nil {
		return err
	}
	got, err := pbkdf2.Key(sha256.New, pin, salt, rounds, 32)
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return ErrWrong
	}
	return nil
}
