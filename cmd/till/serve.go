package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
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
	var addr, certFile, keyFile string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Receive signed payment notifications over HTTP",
		Long: "Receive payment notifications (POST /notify, POST /pix) signed with a secret from\n" +
			"[serve] secrets, and mark orders paid. Listens on " + DefaultServeAddr + " unless --addr says otherwise.\n" +
			"Logs one line per request to standard error; --tls-cert and --tls-key serve HTTPS.",
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (certFile == "") != (keyFile == "") {
				return usagef("--tls-cert and --tls-key go together: give both, or neither")
			}
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
				log := slog.New(slog.NewTextHandler(a.stderr, nil))
				ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
				defer stop()
				if _, err := backgroundSync(ctx, st, cfg.Merchant.Currency.Code, log); err != nil { // a joined till syncs with its fleet meanwhile
					return err
				}
				h := &notifyhttp.Handler{Store: st, Secrets: cfg.Secrets, Log: log, Currency: cfg.Merchant.Currency.Code}
				return serve(ctx, addr, h, serveOptions{CertFile: certFile, KeyFile: keyFile, Log: log}, func(url string) {
					fmt.Fprintf(a.stdout, "till serve: listening on %s (POST /notify, POST /pix, GET /healthz)\n", url)
				})
			})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "", "address to listen on (default "+DefaultServeAddr+")")
	cmd.Flags().StringVar(&certFile, "tls-cert", "", "serve HTTPS with this certificate (PEM; with --tls-key)")
	cmd.Flags().StringVar(&keyFile, "tls-key", "", "the private key of --tls-cert (PEM)")
	return cmd
}

// serveOptions are serve's optional parts: TLS, and the log.
type serveOptions struct {
	CertFile, KeyFile string
	Log               *slog.Logger
}

// serve runs the HTTP server until ctx ends, then shuts down gracefully:
// it stops accepting, and waits for requests in flight, whose
// notifications are committed before they are answered. ready gets the
// URL it listens on.
func serve(ctx context.Context, addr string, h http.Handler, opt serveOptions, ready func(url string)) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      20 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	scheme := "http"
	if opt.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(opt.CertFile, opt.KeyFile)
		if err != nil {
			return fmt.Errorf("--tls-cert %s and --tls-key %s: %w", opt.CertFile, opt.KeyFile, err)
		}
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
		scheme = "https"
	}
	if opt.Log != nil {
		srv.ErrorLog = slog.NewLogLogger(opt.Log.Handler(), slog.LevelWarn)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	if scheme == "http" && !loopback(ln.Addr()) && opt.Log != nil {
		opt.Log.Warn("listening beyond this machine without TLS: notifications cross the network readable by anyone on the way; "+
			"use --tls-cert and --tls-key, or listen on 127.0.0.1 behind a relay that speaks TLS", "addr", ln.Addr().String())
	}
	if ready != nil {
		ready(scheme + "://" + ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() {
		if scheme == "https" {
			errc <- srv.ServeTLS(ln, "", "")
		} else {
			errc <- srv.Serve(ln)
		}
	}()
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

// loopback says whether a listener's address is reachable from this
// machine only.
func loopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return false
	}
	ip, ok := netip.AddrFromSlice(tcp.IP)
	return ok && ip.Unmap().IsLoopback()
}
