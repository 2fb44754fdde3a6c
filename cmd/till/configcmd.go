package main

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/spf13/cobra"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/safetext"
)

// configJSON is `till config --json`, a stable interface for scripts
// (documented in the README): add fields, never rename or remove them.
type configJSON struct {
	ConfigPath   string              `json:"config_path"`
	ConfigSource string              `json:"config_source"` // "--config flag", "TILL_CONFIG" or "default location"
	DBPath       string              `json:"db_path"`
	DBSource     string              `json:"db_source"` // "--db flag", "TILL_DB" or "default location"
	Effective    configEffectiveJSON `json:"effective"`
	File         map[string]any      `json:"file"` // the TOML file as written, secrets masked
}

// configEffectiveJSON is the configuration as till uses it, defaults applied.
type configEffectiveJSON struct {
	Merchant         configMerchantJSON `json:"merchant"`
	CurrencyExponent int                `json:"currency_exponent"`
	Schemes          []configSchemeJSON `json:"schemes"`
	Expiry           string             `json:"expiry"`
	ExpirySeconds    int64              `json:"expiry_seconds"`
	Cashier          string             `json:"cashier"`
	Bell             bool               `json:"bell"`
	ManagerPIN       bool               `json:"manager_pin"`
	NotifySecrets    int                `json:"notification_secrets"`
	ServeAddr        string             `json:"serve_addr"`
	CSVProfiles      []string           `json:"csv_profiles"`
}

type configMerchantJSON struct {
	Name     string `json:"name"`
	City     string `json:"city"`
	Country  string `json:"country"`
	Currency string `json:"currency"`
	MCC      string `json:"mcc"`
}

type configSchemeJSON struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

func (a *app) configCommand() *cobra.Command {
	var asJSON, pathOnly bool
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show the configuration in effect and where it comes from",
		Long: "Show the configuration till uses, with defaults applied, where the configuration\n" +
			"file and the database are and why (--config/--db flag, TILL_CONFIG/TILL_DB, or the\n" +
			"default location), and the file itself. Secrets and the PIN hash are masked.",
		Args: exactArgs(0, "no arguments"),
		RunE: func(*cobra.Command, []string) error {
			path, source := a.configPath()
			if pathOnly {
				fmt.Fprintln(a.stdout, path)
				return nil
			}
			dbPath, dbSource := a.dbPathSource()
			if !asJSON {
				tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintf(tw, "Configuration\t%s (%s)\n", path, source)
				fmt.Fprintf(tw, "Database\t%s (%s)\n", dbPath, dbSource)
				tw.Flush()
			}
			cfg, err := a.loadConfig()
			if err != nil {
				return err
			}
			masked := config.Masked(cfg.File)
			file, err := config.Encode(masked)
			if err != nil {
				return err
			}
			eff := configEffective(cfg)
			if asJSON {
				out := configJSON{ConfigPath: path, ConfigSource: source, DBPath: dbPath, DBSource: dbSource, Effective: eff}
				// The file as a generic table, so the JSON mirrors the TOML keys.
				if _, err := toml.Decode(string(file), &out.File); err != nil {
					return err
				}
				return writeJSON(a.stdout, out)
			}
			return writeConfigText(a, cfg, eff, file)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&pathOnly, "path", false, "print only the configuration file's path")
	return cmd
}

// dbPathSource is dbPath with where it came from.
func (a *app) dbPathSource() (path, source string) {
	switch {
	case a.dbFlag != "":
		return a.dbFlag, "--db flag"
	case a.getenv("TILL_DB") != "":
		return a.getenv("TILL_DB"), "TILL_DB"
	}
	return defaultDBPath(), "default location"
}

func configEffective(cfg *config.Config) configEffectiveJSON {
	m := cfg.Merchant
	e := configEffectiveJSON{
		Merchant:         configMerchantJSON{Name: m.Name, City: m.City, Country: m.Country, Currency: m.Currency.Code, MCC: m.MCC},
		CurrencyExponent: m.Currency.Exponent,
		Schemes:          []configSchemeJSON{},
		Expiry:           configDuration(cfg.Expiry),
		ExpirySeconds:    int64(cfg.Expiry.Seconds()),
		Cashier:          actor(cfg),
		Bell:             cfg.Bell,
		ManagerPIN:       cfg.File.Till.ManagerPIN != "",
		NotifySecrets:    len(cfg.Secrets),
		ServeAddr:        cfg.File.Serve.Addr,
		CSVProfiles:      []string{},
	}
	if e.ServeAddr == "" {
		e.ServeAddr = DefaultServeAddr
	}
	for _, sc := range cfg.Schemes.Schemes {
		e.Schemes = append(e.Schemes, configSchemeJSON{Name: sc.Name(), Type: sc.Type()})
	}
	for _, p := range cfg.Profiles {
		e.CSVProfiles = append(e.CSVProfiles, p.Name)
	}
	return e
}

// writeConfigText prints the effective settings, then the masked file.
func writeConfigText(a *app, cfg *config.Config, e configEffectiveJSON, file []byte) error {
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	m := e.Merchant
	// The configuration is checked at load, but it is a file anyone with
	// the account can edit: what it says passes the guard like any text.
	fmt.Fprintf(tw, "Merchant\t%s, %s, %s\n", safetext.Escape(m.Name), safetext.Escape(m.City), safetext.Escape(m.Country))
	mcc := ""
	if m.MCC != "0000" {
		mcc = ", MCC " + m.MCC
	}
	fmt.Fprintf(tw, "Currency\t%s (%d decimals)%s\n", m.Currency, e.CurrencyExponent, mcc)
	var schemes []string
	for _, s := range e.Schemes {
		if s.Name == s.Type {
			schemes = append(schemes, s.Name)
		} else {
			schemes = append(schemes, s.Name+" ("+s.Type+")")
		}
	}
	fmt.Fprintf(tw, "Schemes\t%s\n", safetext.Escape(strings.Join(schemes, ", ")))
	fmt.Fprintf(tw, "Expiry\t%s%s\n", e.Expiry, configDefaulted(cfg.File.Till.Expiry == ""))
	cashier := e.Cashier
	if cfg.Cashier == "" {
		cashier += " (login name)"
	}
	fmt.Fprintf(tw, "Cashier\t%s\n", safetext.Escape(cashier))
	fmt.Fprintf(tw, "Manager PIN\t%s\n", configChoose(e.ManagerPIN, "set", "not set"))
	fmt.Fprintf(tw, "Bell\t%s%s\n", configChoose(e.Bell, "on", "off"), configDefaulted(cfg.File.Till.Bell == nil))
	if e.NotifySecrets > 0 {
		fmt.Fprintf(tw, "Notifications\t%s, till serve listens on %s\n", plural(e.NotifySecrets, "secret", "secrets"), safetext.Escape(e.ServeAddr))
	} else {
		fmt.Fprintf(tw, "Notifications\tnot set up (no [serve] secrets)\n")
	}
	if len(e.CSVProfiles) > 0 {
		fmt.Fprintf(tw, "CSV profiles\t%s\n", safetext.Escape(strings.Join(e.CSVProfiles, ", ")))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\n# The file, secrets masked:\n%s", safetext.Lines(string(file)))
	return nil
}

func configDefaulted(isDefault bool) string {
	if isDefault {
		return " (default)"
	}
	return ""
}

func configChoose(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

// configDuration writes a duration as the configuration would: "15m",
// "1h30m", "2h" rather than Go's "15m0s".
func configDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
