// Package config reads and writes till's TOML configuration: the merchant
// profile, the payment schemes and the till's own settings. It parses and
// validates bytes; finding and opening the file is the command's job.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/language"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/pin"
	"github.com/till-pos/till/payment/scheme"
	"github.com/till-pos/till/payment/statement"
)

// File is the configuration as written in TOML.
type File struct {
	Merchant MerchantSection  `toml:"merchant"`
	Till     TillSection      `toml:"till"`
	Serve    ServeSection     `toml:"serve,omitempty"`
	Schemes  []map[string]any `toml:"schemes"`
	// CSVProfiles describe the merchant's own bank CSV layouts for
	// `till reconcile --profile NAME`.
	CSVProfiles []statement.Profile `toml:"csv_profiles,omitempty"`
}

// MerchantSection is [merchant].
type MerchantSection struct {
	Name       string `toml:"name"`
	City       string `toml:"city"`
	Country    string `toml:"country"`
	Currency   string `toml:"currency"`
	MCC        string `toml:"mcc,omitempty"`
	PostalCode string `toml:"postal_code,omitempty"`
	Language   string `toml:"language,omitempty"`
	LocalName  string `toml:"local_name,omitempty"`
	LocalCity  string `toml:"local_city,omitempty"`
}

// TillSection is [till]: how this till behaves.
type TillSection struct {
	// Expiry is how long a shown code stays payable ("15m").
	Expiry string `toml:"expiry,omitempty"`
	// Cashier is the name recorded on manual actions (default: the login name).
	Cashier string `toml:"cashier,omitempty"`
	// ManagerPIN, when set, is the hash of the PIN that refunds and voids
	// require (see `till setup`); never the PIN itself.
	ManagerPIN string `toml:"manager_pin,omitempty"`
	// Printer is a command that receives a receipt on its standard input.
	Printer string `toml:"printer,omitempty"`
	// Bell rings the terminal bell when a payment arrives (default true).
	Bell *bool `toml:"bell,omitempty"`
	// ConfirmAbove is the amount above which the charge screen asks once
	// before charging ("5000.00"; "0" never asks). The default depends on
	// the currency (payment.LargeAmount).
	ConfirmAbove string `toml:"confirm_above,omitempty"`
	// Language is the language of the screens ("th", "pt-BR"); empty
	// follows LC_ALL, LC_MESSAGES and LANG, else English.
	Language string `toml:"language,omitempty"`
	// ReceiptLanguage is the language of printed receipts and day
	// closes, when the customer reads another than the cashier; empty is
	// the screens' language.
	ReceiptLanguage string `toml:"receipt_language,omitempty"`
}

// ServeSection is [serve]: the notification receiver.
type ServeSection struct {
	Addr    string   `toml:"addr,omitempty"`
	Secrets []string `toml:"secrets,omitempty"`
}

// Config is a validated configuration, ready to use.
type Config struct {
	File     File
	Merchant payment.Merchant
	Schemes  scheme.Set
	Expiry   time.Duration
	Cashier  string
	Bell     bool
	// ConfirmAbove is the amount above which a charge is confirmed once;
	// zero never asks.
	ConfirmAbove payment.Amount
	// Profiles are the user's CSV statement profiles.
	Profiles []statement.Profile
	// Secrets are the shared secrets that sign payment notifications; more
	// than one lets a secret be rotated without missing a notification.
	Secrets [][]byte
	// Language and ReceiptLanguage are the configured languages, validated;
	// the zero Tag where none is set (see Locale and ReceiptLocale).
	Language, ReceiptLanguage language.Tag
}

// HasSecrets reports whether the file holds anything that must stay
// private (notification secrets, the manager PIN hash), so that the file
// must not be readable by others.
func (c *Config) HasSecrets() bool { return len(c.Secrets) > 0 || c.File.Till.ManagerPIN != "" }

// DefaultExpiry is how long a code stays payable unless configured.
const DefaultExpiry = 15 * time.Minute

// Parse decodes and validates a configuration. Errors name the key and the
// rule: "merchant.currency: unknown currency "EUX" ...".
func Parse(data []byte) (*Config, error) {
	var f File
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, fmt.Errorf("line %d: %s", perr.Position.Line, perr.Message)
		}
		return nil, err
	}
	// Scheme entries are free-form tables (an EMV scheme's fields table
	// shows up as undecoded); scheme.New reports their unknown keys itself.
	for _, k := range md.Undecoded() {
		if len(k) > 0 && k[0] == "schemes" {
			continue
		}
		return nil, fmt.Errorf("%s: unknown key", k.String())
	}
	return Resolve(f)
}

var (
	countryRe  = regexp.MustCompile(`^[A-Z]{2}$`)
	mccRe      = regexp.MustCompile(`^[0-9]{4}$`)
	languageRe = regexp.MustCompile(`^[a-zA-Z]{2}$`)
)

// Resolve validates a File and builds the Config.
func Resolve(f File) (*Config, error) {
	c := &Config{File: f, Bell: true}
	var err error
	if c.Merchant, err = merchantOf(f); err != nil {
		return nil, err
	}

	c.Expiry = DefaultExpiry
	if f.Till.Expiry != "" {
		d, err := time.ParseDuration(f.Till.Expiry)
		if err != nil || d < time.Minute || d > 7*24*time.Hour {
			return nil, fmt.Errorf("till.expiry %q must be a duration between 1m and 168h, like 15m", f.Till.Expiry)
		}
		c.Expiry = d
	}
	c.Cashier = f.Till.Cashier
	if f.Till.ManagerPIN != "" {
		if err := pin.CheckHash(f.Till.ManagerPIN); err != nil {
			return nil, err
		}
	}
	if f.Till.Bell != nil {
		c.Bell = *f.Till.Bell
	}
	if c.ConfirmAbove, err = confirmAbove(f.Till.ConfirmAbove, c.Merchant.Currency); err != nil {
		return nil, err
	}
	if c.Language, c.ReceiptLanguage, err = languages(f.Till); err != nil {
		return nil, err
	}

	for i, sec := range f.Serve.Secrets {
		if len(sec) < 16 {
			return nil, fmt.Errorf("serve.secrets[%d] is too short: use at least 16 random characters (e.g. openssl rand -hex 32)", i)
		}
		c.Secrets = append(c.Secrets, []byte(sec))
	}

	for i, p := range f.CSVProfiles {
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("csv_profiles[%d] (%s): %w", i, p.Name, err)
		}
	}
	c.Profiles = f.CSVProfiles

	if c.Schemes, err = schemesOf(f.Schemes, c.Merchant); err != nil {
		return nil, err
	}
	return c, nil
}

// merchantOf checks the merchant section (and the till's free texts, whose
// limits are checked with the merchant's) and builds the merchant.
func merchantOf(f File) (payment.Merchant, error) {
	m := f.Merchant
	if strings.TrimSpace(m.Name) == "" {
		return payment.Merchant{}, errors.New("merchant.name is required")
	}
	if strings.TrimSpace(m.City) == "" {
		return payment.Merchant{}, errors.New("merchant.city is required")
	}
	for _, t := range []struct {
		key, value string
		max        int
	}{
		{"merchant.name", m.Name, maxName}, {"merchant.city", m.City, maxName},
		{"merchant.local_name", m.LocalName, maxName}, {"merchant.local_city", m.LocalCity, maxName},
		{"till.cashier", f.Till.Cashier, maxCashier}, {"till.printer", f.Till.Printer, maxPrinter},
	} {
		if err := checkText(t.key, t.value, t.max); err != nil {
			return payment.Merchant{}, err
		}
	}
	country := strings.ToUpper(strings.TrimSpace(m.Country))
	if !countryRe.MatchString(country) {
		return payment.Merchant{}, fmt.Errorf("merchant.country %q must be a two-letter ISO 3166 code such as BR or TH", m.Country)
	}
	cur, err := payment.LookupCurrency(m.Currency)
	if err != nil {
		return payment.Merchant{}, fmt.Errorf("merchant.currency: %w", err)
	}
	mcc := strings.TrimSpace(m.MCC)
	if mcc == "" {
		mcc = "0000"
	}
	if !mccRe.MatchString(mcc) {
		return payment.Merchant{}, fmt.Errorf("merchant.mcc %q must be four digits (ISO 18245), or 0000", m.MCC)
	}
	if m.LocalName != "" && !languageRe.MatchString(m.Language) {
		return payment.Merchant{}, fmt.Errorf("merchant.language %q must be a two-letter ISO 639-1 code (needed with local_name)", m.Language)
	}
	merchant := payment.Merchant{
		Name: strings.TrimSpace(m.Name), City: strings.TrimSpace(m.City), Country: country,
		Currency: cur, MCC: mcc, PostalCode: strings.TrimSpace(m.PostalCode),
		Language: strings.ToUpper(m.Language), LocalName: m.LocalName, LocalCity: m.LocalCity,
	}
	// Names that fold to nothing would put an empty merchant on every code.
	if _, err := scheme.FoldField("merchant.name", merchant.Name, 25); err != nil {
		return payment.Merchant{}, err
	}
	if _, err := scheme.FoldField("merchant.city", merchant.City, 15); err != nil {
		return payment.Merchant{}, err
	}
	return merchant, nil
}

// schemesOf checks and builds the configured payment schemes for the merchant.
func schemesOf(schemes []map[string]any, merchant payment.Merchant) (scheme.Set, error) {
	set := scheme.Set{Merchant: merchant}
	for i, values := range schemes {
		// A scheme's name labels its code on the screen, and its text
		// fields go into the code, where a wallet shows them.
		for _, k := range slices.Sorted(maps.Keys(values)) {
			if v, ok := values[k].(string); ok {
				if err := checkText(fmt.Sprintf("schemes[%d].%s", i, k), v, maxPrinter); err != nil {
					return scheme.Set{}, err
				}
			}
		}
		sc, err := scheme.New(i, values)
		if err != nil {
			return scheme.Set{}, err
		}
		set.Schemes = append(set.Schemes, sc)
	}
	if err := set.Validate(); err != nil {
		return scheme.Set{}, err
	}
	return set, nil
}

// The longest texts the configuration takes, in characters: a merchant's
// name or city (codes cut them to 25 and 15; receipts show them whole), the
// cashier recorded on manual actions, and the printer command.
const (
	maxName    = 100
	maxCashier = 64
	maxPrinter = 1024
)

// checkText refuses a name, a cashier or a printer command that is not one
// line of printable text: each is shown on the screen and printed on
// receipts, the printer command is run by a shell, and a control
// character, an escape sequence or a bidi override in any of them would
// reach a terminal, a printer or the shell as something other than it
// reads. The joiners (U+200C, U+200D) are text and stay allowed.
func checkText(key, s string, max int) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s must be text (UTF-8)", key)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Errorf("%s is %d characters long; at most %d are allowed", key, n, max)
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' ||
			(unicode.Is(unicode.Cf, r) && r != '\u200c' && r != '\u200d') {
			return fmt.Errorf("%s must be printable text on one line, but it holds the character %U", key, r)
		}
	}
	return nil
}

// Encode writes a File as TOML.
func Encode(f File) ([]byte, error) {
	var buf bytes.Buffer
	enc := toml.NewEncoder(&buf)
	enc.Indent = ""
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Demo is the configuration of `till demo`: a merchant in a made-up place,
// paid through a generic EMV template whose GUID no wallet knows, so the
// codes scan and decode like real ones but can never move money.
func Demo() File {
	return File{
		Merchant: MerchantSection{Name: "Till Demo Café", City: "Demo City", Country: "BR", Currency: "BRL", MCC: "5812"},
		Till:     TillSection{Expiry: "15m", Cashier: "demo"},
		Schemes: []map[string]any{{
			"type": "emv", "name": "demo", "tag": int64(26),
			"guid": scheme.DemoGUID, "merchant_id": scheme.DemoMerchantID,
		}},
	}
}

// confirmAbove reads [till] confirm_above in the merchant's currency:
// empty takes the currency's default, "0" turns the question off.
func confirmAbove(v string, cur payment.Currency) (payment.Amount, error) {
	v = strings.TrimSpace(v)
	switch v {
	case "":
		a, _ := payment.LargeAmount(cur)
		return a, nil
	case "0":
		return payment.Amount{Currency: cur}, nil
	}
	a, err := payment.ParseAmount(v, cur)
	if err != nil {
		return payment.Amount{}, fmt.Errorf("till.confirm_above %q: %w", v, err)
	}
	return a, nil
}
