package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/till-pos/till/cmd/till/internal/notifyhttp"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
)

// DefaultServeAddr listens on loopback only: a relay or tunnel in front of
// till decides what reaches it. Listening elsewhere takes an explicit --addr.
const DefaultServeAddr = "127.0.0.1:8787"

func (a *app) serveCommand() *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Receive signed payment notifications over HTTP",
		Long: "Receive payment notifications (POST /notify, POST /pix) signed with a secret from\n" +
			"[serve] secrets, and mark orders paid. Listens on " + DefaultServeAddr + " unless --addr says otherwise.",
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withStore(cmd.Context(), func(cfg *config.Config, st *store.Store) error {
				if len(cfg.Secrets) == 0 {
					return errors.New("till serve needs at least one secret in [serve] secrets of the configuration")
				}
				if addr == "" {
					addr = cfg.File.Serve.Addr
				}
				if addr == "" {
					addr = DefaultServeAddr
				}
				ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
				defer stop()
				return serve(ctx, addr, &notifyhttp.Handler{Store: st, Secrets: cfg.Secrets, Currency: cfg.Merchant.Currency.Code}, func(bound string) {
					fmt.Fprintf(a.stdout, "till serve: listening on http://%s (POST /notify, POST /pix, GET /healthz)\n", bound)
				})
			})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "", "address to listen on (default "+DefaultServeAddr+")")
	return cmd
}

// serve runs the HTTP server until ctx ends, then shuts down gracefully:
// it stops accepting, and waits for requests in flight, whose
// notifications are committed before they are answered.
func serve(ctx context.Context, addr string, h http.Handler, ready func(string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      20 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 25*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}
