package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/ui/setup"
)

func (a *app) setupCommand() *cobra.Command {
	var from string
	cmd := &cobra.Command{
		Use:   "setup",
		Short: "Set up the merchant profile and payment schemes",
		Long: "Set up till with a form: your business, the payment schemes with their keys (each\n" +
			"checked as you type it), an optional manager PIN and the expiry, then a test QR to\n" +
			"scan before saving. An existing configuration is edited; what the form does not ask\n" +
			"([serve], [[csv_profiles]], cashier, printer) is kept. The file is readable by you only.\n" +
			"With --from, the configuration is checked and written from a TOML file instead.\n" +
			"Changing or removing the manager PIN needs the current one (asked, or $TILL_PIN).",
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, _ := a.configPath()
			if from != "" {
				return a.setupFrom(path, from)
			}
			if _, err := a.runSetup(cmd.Context()); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Configuration saved to %s (readable by you only).\n", path)
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "write the configuration from this TOML file, after checking it, instead of asking")
	return cmd
}

// runSetup shows the setup form on the terminal, editing the current
// configuration if there is one, and returns the configuration it saved.
// `till` calls it on a first run (no configuration yet), then goes on to
// the till with the result. It fails with setup.ErrCancelled when the
// person leaves the form, and with a clear error when till does not run
// on a terminal.
func (a *app) runSetup(ctx context.Context) (*config.Config, error) {
	path, _ := a.configPath()
	existing, err := a.readConfigFile(path)
	if err != nil {
		return nil, err
	}
	if !a.interactive() {
		return nil, errors.New("till setup needs a terminal; to write a configuration from a file, use till setup --from FILE")
	}
	// The form speaks the configured language, else the system's.
	configured := ""
	if existing != nil {
		configured = existing.Till.Language
	}
	lang := locale.New(locale.Choose(configured, a.getenv))
	f, err := setup.Run(ctx, setup.Options{Path: path, Existing: existing, NoColor: a.getenv("NO_COLOR") != "", Lang: lang}, a.stdin, a.stdout)
	if err != nil {
		return nil, err
	}
	return config.Resolve(f)
}

// interactive reports whether standard input and output are a terminal,
// so that a form can be shown.
func (a *app) interactive() bool {
	in, ok1 := a.stdin.(*os.File)
	out, ok2 := a.stdout.(*os.File)
	return ok1 && ok2 && term.IsTerminal(int(in.Fd())) && term.IsTerminal(int(out.Fd()))
}

// readConfigFile reads the configuration to edit: nil when there is none
// yet. A file that is there but not valid is an error rather than a fresh
// start, so that nothing in it is lost by accident. It passes the same
// guard as the till's own reading: a file others could change is not
// taken over into a file of yours.
func (a *app) readConfigFile(path string) (*config.File, error) {
	data, _, err := a.readGuardedConfig(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	var perr *fs.PathError
	if errors.As(err, &perr) {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	if err != nil {
		return nil, err
	}
	cfg, err := config.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("configuration %s: %w; fix it or move it away, then run till setup again", path, err)
	}
	return &cfg.File, nil
}

// setupFrom writes the configuration at path from a TOML file, once it
// has passed every check the till applies when it starts.
func (a *app) setupFrom(path, from string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return fmt.Errorf("read %s: %w", from, err)
	}
	cfg, err := config.Parse(data)
	if err != nil {
		return fmt.Errorf("%s: %w", from, err)
	}
	// Changing or removing the manager PIN needs the current one, as in
	// the form: from $TILL_PIN or asked on the terminal.
	existing, err := a.readConfigFile(path)
	if err != nil {
		return err
	}
	if existing != nil && existing.Till.ManagerPIN != "" && cfg.File.Till.ManagerPIN != existing.Till.ManagerPIN {
		if err := a.checkManagerPIN(&config.Config{File: *existing}); err != nil {
			return fmt.Errorf("%s changes the manager PIN, which needs the current one: %w", from, err)
		}
	}
	if err := config.Save(path, cfg.File); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Configuration from %s saved to %s (readable by you only).\n", from, path)
	return nil
}
