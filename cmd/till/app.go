package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"

	"github.com/adrg/xdg"
	"github.com/spf13/cobra"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
)

// app holds what every subcommand shares: the global flags and the
// process's standard streams and environment.
type app struct {
	dbFlag     string
	configFlag string
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
	getenv     func(string) string
	// getuid is the user till runs as (os.Getuid when nil); tests set it
	// to see a file as another user's.
	getuid func() int
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "till",
		Short: "A terminal point of sale for QR payments",
		Long: "till shows a payment QR for the amount you type, keeps every order in SQLite, and\n" +
			"confirms payments by hand, by signed notification, or from a bank statement.\n" +
			"Run it without arguments for the till itself, or try `till demo`.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runTUI(cmd.Context(), false) },
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			// An empty --db or --config is a mistake (an unset variable in a
			// script), not a request for the default location.
			for _, name := range []string{"db", "config"} {
				if f := cmd.Flags().Lookup(name); f != nil && f.Changed && f.Value.String() == "" {
					return usagef("--%s needs a path", name)
				}
			}
			return nil
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.dbFlag, "db", "", "database file (env TILL_DB; default "+defaultDBPath()+")")
	pf.StringVar(&a.configFlag, "config", "", "configuration file (env TILL_CONFIG; default "+defaultConfigPath()+")")
	root.AddCommand(
		a.demoCommand(),
		a.chargeCommand(),
		a.ordersCommand(),
		a.confirmCommand(),
		a.cashCommand(),
		a.cancelCommand(),
		a.reportCommand(),
		a.receiptCommand(),
		a.refundCommand(),
		a.reconcileCommand(),
		a.decodeCommand(),
		a.serveCommand(),
		a.setupCommand(),
		a.configCommand(),
		a.backupCommand(),
		a.checkCommand(),
		a.versionCommand(),
		a.centralCommand(),
		a.joinCommand(),
		a.syncCommand(),
	)
	return root
}

func defaultDBPath() string { return filepath.Join(xdg.DataHome, "till", "till.db") }

func defaultConfigPath() string { return filepath.Join(xdg.ConfigHome, "till", "config.toml") }

// dbPath is --db, else $TILL_DB, else the XDG data directory.
func (a *app) dbPath() string {
	if a.dbFlag != "" {
		return a.dbFlag
	}
	if p := a.getenv("TILL_DB"); p != "" {
		return p
	}
	return defaultDBPath()
}

// configPath is --config, else $TILL_CONFIG, else the XDG config
// directory; source says which, for `till config`.
func (a *app) configPath() (path, source string) {
	if a.configFlag != "" {
		return a.configFlag, "--config flag"
	}
	if p := a.getenv("TILL_CONFIG"); p != "" {
		return p, "TILL_CONFIG"
	}
	return defaultConfigPath(), "default location"
}

// errNoConfig is returned when there is no configuration file yet.
var errNoConfig = errors.New("no configuration")

// loadConfig reads and validates the configuration file.
func (a *app) loadConfig() (*config.Config, error) {
	path, _ := a.configPath()
	// A file others can change, or replace, could put their own payment
	// key on the codes or their own printer command in till's hands: it is
	// refused before it is parsed (readGuardedConfig).
	data, fi, err := a.readGuardedConfig(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s: run 'till setup' to create one, or 'till demo' to try till without one", errNoConfig, path)
	}
	if err != nil {
		var perr *fs.PathError
		if errors.As(err, &perr) {
			return nil, fmt.Errorf("read configuration: %w", err)
		}
		return nil, err
	}
	cfg, err := config.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("configuration %s: %w", path, err)
	}
	// Secrets in a file others can read are not secrets.
	if cfg.HasSecrets() && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("configuration %s holds secrets but others can read it (mode %v): run chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	return cfg, nil
}

// openStore opens the database. Its folder is created only at the
// default location: a path given by hand whose folder does not exist is
// more likely a typo than a wish for a new folder.
func (a *app) openStore() (*store.Store, error) {
	path := a.dbPath()
	if path != defaultDBPath() {
		dir := filepath.Dir(path)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("the folder %s of the database %s does not exist", dir, path)
		}
	}
	return store.Open(path)
}

// openReading opens the database for a command that only reads it
// (orders, report, receipt, check, backup): read-only, so that it works
// on a read-only file or folder and on a full disk, and writes nothing.
// A database that does not exist yet, or that an older till wrote, is
// opened as openStore does: it must be created or upgraded first.
func (a *app) openReading(mustExist bool) (*store.Store, error) {
	path := a.dbPath()
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if mustExist {
			return nil, fmt.Errorf("there is no database at %s", path)
		}
		return a.openStore()
	}
	st, err := store.OpenReadOnly(path)
	if errors.Is(err, store.ErrNeedsUpgrade) {
		return a.openStore()
	}
	return st, err
}

// actor is the name recorded on manual actions: the configured cashier,
// else the login name.
func actor(cfg *config.Config) string {
	if cfg != nil && cfg.Cashier != "" {
		return cfg.Cashier
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "cashier"
}

// withStore opens config and store for a command and closes the store.
func (a *app) withStore(ctx context.Context, fn func(*config.Config, *store.Store) error) error {
	return a.withStoreFor(ctx, false, fn)
}

// withStoreFor is withStore; readOnly opens the store for reading only.
func (a *app) withStoreFor(_ context.Context, readOnly bool, fn func(*config.Config, *store.Store) error) error {
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	open := a.openStore
	if readOnly {
		open = func() (*store.Store, error) { return a.openReading(false) }
	}
	st, err := open()
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(cfg, st)
}
