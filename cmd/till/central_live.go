package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/till-pos/till/cmd/till/internal/centralhttp"
	"github.com/till-pos/till/cmd/till/internal/syncclient"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/store/central"
)

// centralHandler is the central server's handler: the fleet protocol, the
// payment notifications signed with [serve] secrets of the configuration
// (none, or no configuration: the server takes no notifications), and
// the tills' long-polls, woken through PostgreSQL LISTEN/NOTIFY by
// whichever server took a notification.
func (a *app) centralHandler(ctx context.Context, b *central.Book, merchant string, log *slog.Logger) (http.Handler, error) {
	var secrets [][]byte
	cfg, err := a.loadConfig()
	switch {
	case errors.Is(err, errNoConfig):
	case err != nil:
		return nil, err
	default:
		secrets = cfg.Secrets
	}
	hub := centralhttp.NewHub()
	go b.Listen(ctx, hub.Wake, hub.SetUp)
	return centralhttp.NewLive(&centralhttp.Server{Book: b, Log: log}, b, merchant, secrets, hub), nil
}

// startLive starts the till's long-poll to its fleet's central server,
// which brings down what central learned about its orders (payment
// notifications sent to central); it stops with ctx. Its payments are
// checked against the till's currency, as till serve checks its own.
func startLive(ctx context.Context, st *store.Store, currency string, log *slog.Logger) {
	go (&syncclient.Live{Store: st, Currency: currency, Log: log}).Run(ctx)
}
