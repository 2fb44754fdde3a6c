package app_test

import (
	"testing"
	"time"

	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/app/apptest"
)

// TestUseCases runs the use-case checks on the in-memory book; store runs
// the same on SQLite (store/app_test.go).
func TestUseCases(t *testing.T) {
	apptest.Run(t, func(t *testing.T, now func() time.Time) app.Book {
		b := apptest.New()
		b.Now = now
		return b
	})
}
