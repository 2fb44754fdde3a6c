package common

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/store"
)

// MatchActor is the actor written on order events the matcher records.
const MatchActor = app.MatchActor

// ImportRequest is what the reconcile screen asks to import.
type ImportRequest = app.ImportRequest

// ImportProgress is how far an import has got.
type ImportProgress = app.ImportProgress

// ImportProgressMsg reports how far import Job has got.
type ImportProgressMsg struct {
	Job int
	ImportProgress
}

// ImportDoneMsg ends import Job: its result, or the error that made it
// write nothing (a malformed file, a cancellation).
type ImportDoneMsg struct {
	Job    int
	Req    ImportRequest
	Result app.ImportResult
	Err    error
}

// Cancelled reports whether the import ended because it was cancelled.
func (m ImportDoneMsg) Cancelled() bool { return errors.Is(m.Err, context.Canceled) }

var lastImportJob atomic.Int64

// ImportJob is one import running in the background. Its progress reaches
// the screen through a channel read by the Progress command, which the
// screen issues again after each report, so Update never waits.
type ImportJob struct {
	ID       int
	progress chan ImportProgressMsg
	cancel   context.CancelFunc
}

// Import starts importing req: the returned command runs the import and
// ends with an ImportDoneMsg; read progress with job.Progress().
func (b *Backend) Import(req ImportRequest) (*ImportJob, tea.Cmd) {
	a := b.app()
	ctx, cancel := context.WithCancel(context.Background())
	job := &ImportJob{ID: int(lastImportJob.Add(1)), progress: make(chan ImportProgressMsg, 1), cancel: cancel}
	req.Files = append([]string(nil), req.Files...)
	run := func() tea.Msg {
		defer cancel()
		res, err := a.Import(ctx, req, job.report)
		if err != nil && ctx.Err() != nil {
			// Imports commit in steps: what a stopped one had written
			// stays, and the same file imported again carries on from it.
			if res.Lines > 0 && !req.DryRun {
				err = fmt.Errorf("import stopped; the lines already imported are kept, and importing the file again finishes it: %w", context.Canceled)
			} else {
				err = fmt.Errorf("import cancelled, nothing was written: %w", context.Canceled)
			}
		}
		close(job.progress) // ends a waiting Progress command
		return ImportDoneMsg{Job: job.ID, Req: req, Result: res, Err: err}
	}
	return job, run
}

// report hands the newest progress to the screen without ever waiting:
// an older report still unread is replaced.
func (j *ImportJob) report(p ImportProgress) {
	msg := ImportProgressMsg{Job: j.ID, ImportProgress: p}
	select {
	case j.progress <- msg:
		return
	default:
	}
	select {
	case <-j.progress:
	default:
	}
	select {
	case j.progress <- msg:
	default:
	}
}

// Progress waits for the next progress report; it returns no message once
// the import has ended.
func (j *ImportJob) Progress() tea.Cmd {
	ch := j.progress
	return func() tea.Msg {
		p, ok := <-ch
		if !ok {
			return nil
		}
		return p
	}
}

// Cancel stops the import; its transaction is rolled back.
func (j *ImportJob) Cancel() { j.cancel() }

// ExceptionsMsg carries the open exceptions, oldest first, and how many
// are open in all (Items may be cut at the limit).
type ExceptionsMsg struct {
	Items []app.ExceptionItem
	Open  int
	Err   error
}

// Exceptions loads up to limit open exceptions.
func (b *Backend) Exceptions(limit int) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		items, n, err := a.Exceptions(ctx, limit)
		return ExceptionsMsg{Items: items, Open: n, Err: err}, nil
	})
}

// ExceptionResolvedMsg reports a person's decision on exception ID:
// Outcome is app.Dismissed, app.Linked or app.Accepted; Order is the
// order paid by a link or an accepted suggestion.
type ExceptionResolvedMsg struct {
	ID      int64
	Outcome app.Outcome
	Order   store.Order
	Err     error
}

// Dismiss closes an exception with a reason (required), after the
// manager PIN when one is set: a wrong PIN changes nothing.
func (b *Backend) Dismiss(id int64, reason, managerPIN string) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		err := a.Dismiss(ctx, id, reason, managerPIN)
		return ExceptionResolvedMsg{ID: id, Outcome: app.Dismissed, Err: err}, nil
	})
}

// Link applies an unmatched or suggested payment to the order ref, after
// the manager PIN when one is set.
func (b *Backend) Link(id int64, ref payment.Reference, note, managerPIN string) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := a.Link(ctx, id, ref, note, managerPIN)
		return ExceptionResolvedMsg{ID: id, Outcome: app.Linked, Order: o, Err: err}, nil
	})
}

// Accept applies a suggestion to the order it suggested, after the
// manager PIN when one is set.
func (b *Backend) Accept(id int64, managerPIN string) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := a.Accept(ctx, id, managerPIN)
		return ExceptionResolvedMsg{ID: id, Outcome: app.Accepted, Order: o, Err: err}, nil
	})
}

// LinkTargetMsg is the order a person chose to link exception ID to, read
// before anything is written so the screen can say what differs.
type LinkTargetMsg struct {
	ID    int64
	Ref   payment.Reference
	Order store.Order
	Err   error
}

// LinkTarget reads the order ref that exception id is about to be linked to.
func (b *Backend) LinkTarget(id int64, ref payment.Reference) tea.Cmd {
	a := b.app()
	return call(func(ctx context.Context) (tea.Msg, error) {
		o, err := a.Order(ctx, ref)
		return LinkTargetMsg{ID: id, Ref: ref, Order: o, Err: err}, nil
	})
}
