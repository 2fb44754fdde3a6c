package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/till-pos/till/cmd/till/internal/demopayer"
	"github.com/till-pos/till/cmd/till/internal/notifyhttp"
	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui"
	"github.com/till-pos/till/ui/qrview"
)

// runTUI starts the till on the configured merchant and database.
func (a *app) runTUI(ctx context.Context, _ bool) error {
	cfg, err := a.loadConfig()
	if errors.Is(err, errNoConfig) && a.interactive() {
		// First run: the setup form writes the configuration, then the
		// till starts on it.
		cfg, err = a.runSetup(ctx)
	}
	if err != nil {
		return err
	}
	if !a.interactive() {
		return errors.New("till needs a terminal: run it in a terminal window, with neither input nor output redirected")
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(ctx) // a joined till syncs in the background; selling never waits on it
	defer cancel()
	syncer, err := backgroundSync(ctx, st, cfg.Merchant.Currency.Code, nil)
	if err != nil {
		return err
	}
	return a.program(ctx, cfg, st, false, syncState(syncer))
}

// program runs the Bubble Tea program until the cashier quits.
func (a *app) program(ctx context.Context, cfg *config.Config, st *store.Store, demo bool, sync func() ui.SyncState) error {
	// A closed terminal window (SIGHUP) or a kill (SIGTERM) ends the program
	// like ctrl+c does, so the deferred clean-ups run: the database is
	// closed and a demo's throw-away folder removed.
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGHUP, syscall.SIGTERM)
	defer stop()
	w, err := st.Watch(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	m := ui.New(ui.Options{
		Store: st, Config: cfg, Watcher: w, Actor: actor(cfg), Demo: demo,
		Dark: true, NoColor: os.Getenv("NO_COLOR") != "",
		Lang: cfg.Locale(os.Getenv), ReceiptLang: cfg.ReceiptLocale(os.Getenv),
		Sync: sync,
	})
	// The QR must keep its black and white even under NO_COLOR: the screen's
	// own styles drop colour instead (ui.Options.NoColor).
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithColorProfile(qrview.ColorProfile(os.Stdout, os.Environ())))
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return fmt.Errorf("terminal: %w", err)
	}
	return nil
}

// demoOptions are the flags of `till demo`.
type demoOptions struct {
	currency, scenario, lang string
	delay                    time.Duration
}

func (a *app) demoCommand() *cobra.Command {
	var o demoOptions
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Try till on a demo merchant, with no setup and no real money",
		Long: "Run the till on a demo merchant whose codes no real wallet can pay, with a\n" +
			"throw-away database (deleted on exit) unless --db is given.",
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runDemo(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.currency, "currency", "", "charge in this ISO 4217 currency (default BRL)")
	cmd.Flags().StringVar(&o.scenario, "scenario", "pay", "how the simulated customer pays: "+strings.Join(demopayer.Scenarios, ", "))
	cmd.Flags().DurationVar(&o.delay, "delay", 4*time.Second, "how long the simulated customer takes to pay")
	cmd.Flags().StringVar(&o.lang, "language", "", "speak this language on the screens and receipts: "+strings.Join(locale.Names(), ", ")+" (default: from LANG)")
	return cmd
}

// demoConfig checks the demo's flags and makes its configuration.
func (o demoOptions) demoConfig() (*config.Config, error) {
	if err := demopayer.CheckScenario(o.scenario); err != nil {
		return nil, usageError{err}
	}
	if o.delay < 0 {
		return nil, usagef("--delay %s: the customer cannot pay before the code is shown; give a duration of 0s or more", o.delay)
	}
	f := config.Demo()
	if o.currency != "" {
		c, err := payment.LookupCurrency(strings.ToUpper(strings.TrimSpace(o.currency)))
		if err != nil {
			return nil, usagef("--currency: %w", err)
		}
		f.Merchant.Currency = c.Code
	}
	if o.lang != "" {
		if _, err := locale.Parse(o.lang); err != nil {
			return nil, usagef("--language: %w", err)
		}
		f.Till.Language = o.lang
	}
	cfg, err := config.Resolve(f)
	if err != nil {
		return nil, fmt.Errorf("--currency %s: %w", o.currency, err)
	}
	if o.scenario == "late" {
		cfg.Expiry = 20 * time.Second // so that the late payment comes soon
	}
	return cfg, nil
}

// runDemo runs `till demo`: the till on a demo database, paid by a simulated wallet.
func (a *app) runDemo(ctx context.Context, o demoOptions) error {
	cfg, err := o.demoConfig()
	if err != nil {
		return err
	}
	// Checked before the database is made: a demo on a pipe could
	// only fail later, with Bubble Tea's words about TTYs.
	if !a.interactive() {
		return errors.New("till demo needs a terminal: run it in a terminal window, with neither input nor output redirected")
	}
	// Only an explicit --db keeps demo sales: $TILL_DB may point at
	// the real till's database, which a demo must never touch.
	path := a.dbFlag
	if path == "" {
		dir, err := os.MkdirTemp("", "till-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = dir + "/demo.db"
	}
	st, err := store.Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	// The simulated wallet pays through the real notification path:
	// signed with a secret made for this run, deduplicated by the store.
	secret := make([]byte, 32)
	rand.Read(secret)
	payer := &demopayer.Payer{
		Store: st, Secret: secret, Delay: o.delay, Scenario: o.scenario,
		Handler: &notifyhttp.Handler{Store: st, Secrets: [][]byte{secret}, Currency: cfg.Merchant.Currency.Code},
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	payErr := make(chan error, 1)
	go func() { payErr <- payer.Run(ctx) }()
	if err := a.program(ctx, cfg, st, true, nil); err != nil {
		return err
	}
	cancel()
	return <-payErr
}
