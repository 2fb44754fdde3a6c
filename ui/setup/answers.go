// Package setup is till's first-run setup: a form (huh) for the merchant
// profile, the payment schemes with their keys, the manager PIN and the
// expiry, then a preview with a test QR, and the configuration written
// owner-only with config.Save.
//
// Every value is checked field by field with the rules the till itself
// applies when it loads the file (config.ResolveMerchant, scheme.New,
// Set.Validate), so a configuration the form accepts is one the till
// starts with. Run is the interactive form; Apply writes the same file from
// answers given in code, for scripts and tests.
package setup

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/pin"
)

// Answers are what the form asks. A script can fill them in and call
// Apply; the form builds them from what is typed and calls the same code.
type Answers struct {
	// The merchant profile. Currency "" means the usual currency of
	// Country (config.DefaultCurrency); MCC "" means none (0000).
	Name, City, Country, Currency, MCC string
	// Schemes are the [[schemes]] entries, keys and values as in the TOML
	// (see the README), e.g. {"type": "pix", "key": "+5511999999999"}.
	Schemes []map[string]any
	// PIN is a new manager PIN (4 to 12 digits), stored hashed. "" keeps
	// the current PIN, if any, unless RemovePIN is set.
	PIN       string
	RemovePIN bool
	// CurrentPIN is the PIN set now: changing or removing a PIN needs it,
	// so whoever can open the setup cannot take the PIN away unnoticed.
	CurrentPIN string
	// ExpiryMinutes is how long a code stays payable; 0 keeps the current
	// setting (15 minutes when there is none).
	ExpiryMinutes int
	// Language is [till] language ("th", "pt-BR"); "" keeps the current
	// setting and LanguageSystem removes it, so the screens follow the
	// system's (LANG).
	Language string
}

// LanguageSystem is the answer that lets the system choose the language.
const LanguageSystem = "system"

// MaxExpiryMinutes is the longest expiry the form accepts: a week, as
// config.Resolve allows.
const MaxExpiryMinutes = 7 * 24 * 60

// ErrCurrentPIN is returned when the PIN would change or go without the
// right current PIN. Nothing has been written then.
var ErrCurrentPIN = errors.New("manager PIN: the current PIN is needed to change or remove it, and the one given is wrong; nothing was saved")

// ErrCancelled is returned by Run when the person leaves the form without
// saving. Nothing has been written then.
var ErrCancelled = errors.New("setup cancelled: no configuration was written")

// Build returns the configuration the answers describe, on top of
// existing (nil for a first run): the merchant, the schemes, the PIN and
// the expiry come from the answers; everything the form does not ask
// ([serve], [[csv_profiles]], the cashier, the printer, the bell, the
// merchant's local-language name) is kept as it was. It validates the
// result as the till does when it starts. Hashing a new PIN takes a
// noticeable fraction of a second, on purpose.
func Build(existing *config.File, a Answers) (config.File, error) {
	f, _, err := build(existing, a, true)
	return f, err
}

// Apply builds the configuration and saves it to path (owner-only, see
// config.Save).
func Apply(path string, existing *config.File, a Answers) (config.File, error) {
	f, err := Build(existing, a)
	if err != nil {
		return config.File{}, err
	}
	if err := config.Save(path, f); err != nil {
		return config.File{}, err
	}
	return f, nil
}

// build is Build; without hashPIN a new PIN is left out (for the preview,
// which must not wait for the hash).
//
// It is better whole: it copies the answers into the file one setting after
// another (merchant, schemes, manager PIN, expiry, language and the rest),
// each answer's check beside it; the settings share nothing but f.
func build(existing *config.File, a Answers, hashPIN bool) (config.File, *config.Config, error) {
	var f config.File
	if existing != nil {
		f = *existing
		f.Serve.Secrets = append([]string(nil), existing.Serve.Secrets...)
		f.CSVProfiles = append(f.CSVProfiles[:0:0], existing.CSVProfiles...)
	}
	m := &f.Merchant
	m.Name = strings.TrimSpace(a.Name)
	m.City = strings.TrimSpace(a.City)
	m.Country = strings.ToUpper(strings.TrimSpace(a.Country))
	m.Currency = strings.ToUpper(strings.TrimSpace(a.Currency))
	if m.Currency == "" {
		m.Currency = config.DefaultCurrency(m.Country)
		if m.Currency == "" && m.Country != "" {
			return config.File{}, nil, fmt.Errorf("merchant.currency is required: till knows no usual currency for country %s", m.Country)
		}
	}
	m.MCC = strings.TrimSpace(a.MCC)

	f.Schemes = nil
	for _, s := range a.Schemes {
		f.Schemes = append(f.Schemes, copyEntry(s))
	}

	if err := checkCurrentPIN(existing, a, hashPIN); err != nil {
		return config.File{}, nil, err
	}
	switch {
	case a.PIN != "" && a.RemovePIN:
		return config.File{}, nil, errors.New("manager PIN: give a new PIN or remove it, not both")
	case a.PIN != "":
		if err := pin.Validate(a.PIN); err != nil {
			return config.File{}, nil, fmt.Errorf("manager PIN: %w", err)
		}
		f.Till.ManagerPIN = ""
		if hashPIN {
			h, err := pin.Hash(a.PIN)
			if err != nil {
				return config.File{}, nil, fmt.Errorf("manager PIN: %w", err)
			}
			f.Till.ManagerPIN = h
		}
	case a.RemovePIN:
		f.Till.ManagerPIN = ""
	}

	switch {
	case a.ExpiryMinutes < 0 || a.ExpiryMinutes > MaxExpiryMinutes:
		return config.File{}, nil, fmt.Errorf("expiry: %d minutes is not between 1 and %d (a week)", a.ExpiryMinutes, MaxExpiryMinutes)
	case a.ExpiryMinutes > 0:
		f.Till.Expiry = formatMinutes(a.ExpiryMinutes)
	case f.Till.Expiry == "":
		f.Till.Expiry = formatMinutes(int(config.DefaultExpiry / time.Minute))
	}

	switch a.Language {
	case "":
	case LanguageSystem:
		f.Till.Language = ""
	default:
		f.Till.Language = a.Language
	}

	cfg, err := config.Resolve(f)
	if err != nil {
		return config.File{}, nil, err
	}
	return f, cfg, nil
}

// checkCurrentPIN refuses to change or remove a PIN without the current
// one. Without check (the preview, which must not wait for the slow
// hash) it only asks that one was typed.
func checkCurrentPIN(existing *config.File, a Answers, check bool) error {
	if existing == nil || existing.Till.ManagerPIN == "" || (a.PIN == "" && !a.RemovePIN) {
		return nil
	}
	if a.CurrentPIN == "" {
		return errors.New("manager PIN: type the current PIN to change or remove it")
	}
	if !check {
		return nil
	}
	if err := pin.Check(existing.Till.ManagerPIN, a.CurrentPIN); err != nil {
		if errors.Is(err, pin.ErrWrong) {
			return ErrCurrentPIN
		}
		return fmt.Errorf("manager PIN: %w", err)
	}
	return nil
}

// formatMinutes writes an expiry as the TOML holds it: "15m", "2h".
func formatMinutes(n int) string {
	if n%60 == 0 {
		return fmt.Sprintf("%dh", n/60)
	}
	return fmt.Sprintf("%dm", n)
}

// AnswersOf returns the answers that reproduce f: what the form shows
// when it edits an existing configuration.
func AnswersOf(f config.File) Answers {
	a := Answers{
		Name: f.Merchant.Name, City: f.Merchant.City, Country: f.Merchant.Country,
		Currency: f.Merchant.Currency, MCC: f.Merchant.MCC,
	}
	for _, s := range f.Schemes {
		a.Schemes = append(a.Schemes, copyEntry(s))
	}
	if d, err := time.ParseDuration(f.Till.Expiry); err == nil && d%time.Minute == 0 {
		a.ExpiryMinutes = int(d / time.Minute)
	}
	a.Language = f.Till.Language
	if a.Language == "" {
		a.Language = LanguageSystem
	}
	return a
}

// copyEntry copies a [[schemes]] entry so the caller's map is never
// changed (nested tables included).
func copyEntry(e map[string]any) map[string]any {
	out := make(map[string]any, len(e))
	for k, v := range e {
		if sub, ok := v.(map[string]any); ok {
			v = copyEntry(sub)
		}
		out[k] = v
	}
	return out
}
