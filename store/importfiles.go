package store

import (
	"context"

	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/reconcile"
)

// MaxStatementBytes bounds one statement file (see app.MaxStatementBytes).
const MaxStatementBytes = app.MaxStatementBytes

// MatchActor is the actor written on order events the matcher records.
const MatchActor = app.MatchActor

// The statement import's request and progress are the application
// layer's (app.App.Import reads the files; the store applies them).
type (
	ImportRequest  = app.ImportRequest
	ImportProgress = app.ImportProgress
)

var _ app.Importer = (*Store)(nil)

// ImportStatement implements app.Importer: the evidence goes to Import.
func (s *Store) ImportStatement(ctx context.Context, next func() (reconcile.Evidence, error), si app.StatementImport) (ImportResult, error) {
	return s.Import(ctx, next, ImportOptions{
		File: si.File, SHA256: si.SHA256, Format: si.Format, Actor: si.Actor,
		DryRun: si.DryRun, Match: si.Match, Progress: si.Progress,
	})
}

// ImportFiles reads statement files from the file system and imports
// them as one statement. It is a thin wrapper of app.App.Import, which
// holds the file checks, progress and warnings; the store's tests and
// benchmarks call it.
func (s *Store) ImportFiles(ctx context.Context, req ImportRequest, actor string, report func(ImportProgress)) (ImportResult, error) {
	a := app.App{Importer: s, Files: app.OSFiles{}, Actor: actor}
	return a.Import(ctx, req, report)
}
