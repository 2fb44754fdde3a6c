package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/till-pos/till/cmd/till/internal/syncclient"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui"
)

// syncCommand uploads the till's outbox to its fleet's central server.
func (a *app) syncCommand() *cobra.Command {
	var once, asJSON bool
	var poll, maxBackoff time.Duration
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Send this till's orders and events to its fleet's central book",
		Long: "Send every change of this till's books that the central server has not\n" +
			"acknowledged, and apply its answer. Without --once it keeps running, retrying with\n" +
			"backoff while the network is away (till serve does this in the background too).\n" +
			"`till sync status` says where the upload stands.",
		Args: exactArgs(0, "no arguments, or the subcommand status"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withStore(cmd.Context(), func(_ *config.Config, st *store.Store) error {
				s := &syncclient.Syncer{Store: st, Poll: poll, MaxBackoff: maxBackoff}
				if !once {
					ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
					defer stop()
					if _, ok, err := st.Fleet(ctx); err != nil {
						return err
					} else if !ok {
						return syncclient.ErrNotJoined
					}
					s.Log = slog.New(slog.NewTextHandler(a.stderr, nil))
					fmt.Fprintln(a.stdout, "till sync: sending the outbox; stop with Ctrl-C")
					s.Run(ctx)
					return nil
				}
				res, err := s.Once(cmd.Context())
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(a.stdout, res)
				}
				fmt.Fprintf(a.stdout, "sent %d entries: %d new, %d already there, %d quarantined; %d waiting\n",
					res.Sent, res.Accepted, res.Duplicates, res.Quarantined, res.Waiting)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&once, "once", false, "send what is waiting, then stop")
	cmd.Flags().BoolVar(&asJSON, "json", false, "with --once: print the result as JSON")
	// For tests and impatient operators: how often to look for new
	// entries, and the longest wait between retries.
	cmd.Flags().DurationVar(&poll, "poll", 0, "look for new entries this often (default 250ms)")
	cmd.Flags().DurationVar(&maxBackoff, "max-backoff", 0, "wait at most this long between retries (default 30s)")
	cmd.Flags().MarkHidden("poll")
	cmd.Flags().MarkHidden("max-backoff")
	cmd.AddCommand(a.syncStatusCommand())
	return cmd
}

// syncStatusJSON is `till sync status --json`.
type syncStatusJSON struct {
	Joined      bool       `json:"joined"`
	Fleet       string     `json:"fleet,omitempty"`
	Name        string     `json:"name,omitempty"`
	Waiting     int64      `json:"waiting"`
	Acked       int64      `json:"acked"`
	LastOK      *time.Time `json:"last_ok"`
	LastError   string     `json:"last_error"`
	Diverged    string     `json:"diverged,omitempty"`
	Quarantined int        `json:"quarantined"`
}

func (a *app) syncStatusCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Say whether the till has joined a fleet and what waits to be sent",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withStore(cmd.Context(), func(_ *config.Config, st *store.Store) error {
				out, err := syncStatus(cmd.Context(), st)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(a.stdout, out)
				}
				if !out.Joined {
					fmt.Fprintf(a.stdout, "not in a fleet (till join URL CODE); %d changes kept for when it joins\n", out.Waiting)
					return nil
				}
				last := "never"
				if out.LastOK != nil {
					last = out.LastOK.Local().Format("2006-01-02 15:04:05")
				}
				fmt.Fprintf(a.stdout, "fleet %s as %q: %d waiting, last sync %s\n", safetext.Escape(out.Fleet), safetext.Escape(out.Name), out.Waiting, last)
				if out.LastError != "" {
					fmt.Fprintf(a.stdout, "last error: %s\n", safetext.Escape(out.LastError))
				}
				if out.Quarantined > 0 {
					fmt.Fprintf(a.stdout, "%d entries quarantined by central: see till central check\n", out.Quarantined)
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON: joined, waiting, last_ok, last_error, ...")
	return cmd
}

func syncStatus(ctx context.Context, st *store.Store) (syncStatusJSON, error) {
	f, joined, err := st.Fleet(ctx)
	if err != nil {
		return syncStatusJSON{}, err
	}
	s, err := st.SyncState(ctx)
	if err != nil {
		return syncStatusJSON{}, err
	}
	out := syncStatusJSON{Joined: joined, Fleet: f.URL, Name: f.Name, Waiting: s.Waiting(), Acked: s.Acked,
		LastError: s.LastError, Diverged: s.Diverged, Quarantined: s.Quarantined}
	if !s.LastOK.IsZero() {
		t := s.LastOK
		out.LastOK = &t
	}
	return out, nil
}

// backgroundSync starts a syncer for a till that has joined a fleet and
// returns it (nil when the till has not joined); it stops with ctx.
// Selling never waits on it. currency is the till's: a payment brought
// down in another one is an exception, as at till serve.
func backgroundSync(ctx context.Context, st *store.Store, currency string, log *slog.Logger) (*syncclient.Syncer, error) {
	if _, ok, err := st.Fleet(ctx); err != nil || !ok {
		if errors.Is(err, context.Canceled) {
			err = nil
		}
		return nil, err
	}
	s := &syncclient.Syncer{Store: st, Log: log}
	go s.Run(ctx)
	startLive(ctx, st, currency, log) // what central learns about this till's orders comes down
	return s, nil
}

// syncState is what the TUI's header reads of a background syncer; nil
// when the till is not joined (no syncer).
func syncState(s *syncclient.Syncer) func() ui.SyncState {
	if s == nil {
		return nil
	}
	return func() ui.SyncState {
		st := s.Status()
		return ui.SyncState{Online: st.Online, Waiting: st.Waiting, LastOK: st.LastOK, Stopped: st.Diverged != ""}
	}
}
