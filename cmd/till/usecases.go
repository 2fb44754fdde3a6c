package main

import (
	tillapp "github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/qrview"
)

// useCases is the application layer on an open store, acting as this
// till's cashier with its configuration: the same use cases the screens
// run. (The import is named tillapp because this package's own type is
// called app.)
func useCases(cfg *config.Config, st *store.Store) *tillapp.App {
	return &tillapp.App{
		Book: st, Merchant: cfg.Merchant, Schemes: cfg.Schemes, Expiry: cfg.Expiry, Actor: actor(cfg),
		ManagerPIN: cfg.File.Till.ManagerPIN, Printer: tillapp.CommandPrinter(cfg.File.Till.Printer), Fits: qrFits,
	}
}

// qrFits refuses a payload that no QR code on a screen could hold, before
// an order with it is saved.
func qrFits(payload string) error {
	_, err := qrview.New(payload)
	return err
}
