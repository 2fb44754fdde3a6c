package common

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/statement"
	"github.com/till-pos/till/store"
)

// MaxStatementBytes bounds one statement file. Readers stream, so this is
// not about memory: a file this large is a mistake, not a statement.
const MaxStatementBytes = 4 << 30

// MatchActor is the actor written on order events the matcher records.
const MatchActor = "till reconcile"

// ImportFiles imports all files as one statement in one transaction: if
// any file is malformed, nothing is written. progress, if set, is called
// every store.ProgressEvery lines with the count so far. The CLI and the
// reconcile screen share it.
func ImportFiles(ctx context.Context, st *store.Store, files []string, format string, opts statement.Options,
	dryRun bool, actor string, progress func(lines int)) (store.ImportResult, error) {
	var report func(ImportProgress)
	if progress != nil {
		report = func(p ImportProgress) { progress(p.Lines) }
	}
	return importFiles(ctx, st, ImportRequest{Files: files, Format: format, Options: opts, DryRun: dryRun}, actor, report)
}

// ImportRequest is what the reconcile screen asks to import.
type ImportRequest struct {
	Files   []string
	Format  string // "auto" or one of statement.Formats()
	Options statement.Options
	DryRun  bool // decide everything, write nothing
}

// ImportProgress is how far an import has got. Bytes counts what the
// statement readers consumed (they read ahead up to 64 KiB), Total the
// size of all files, 0 when unknown.
type ImportProgress struct {
	Lines        int
	Bytes, Total int64
}

// Fraction is the share of the bytes read, in [0, 1]; 0 if the total is unknown.
func (p ImportProgress) Fraction() float64 {
	if p.Total <= 0 {
		return 0
	}
	return min(float64(p.Bytes)/float64(p.Total), 1)
}

func importFiles(ctx context.Context, st *store.Store, req ImportRequest, actor string, report func(ImportProgress)) (store.ImportResult, error) {
	if len(req.Files) == 0 {
		return store.ImportResult{}, errors.New("reconcile: no statement file given")
	}
	format := req.Format
	if format == "" {
		format = statement.FormatAuto
	}
	var sums []string
	var total int64
	for _, name := range req.Files {
		sum, size, err := fileSHA256(name)
		if err != nil {
			return store.ImportResult{}, err
		}
		sums = append(sums, sum)
		total += size
	}
	var done int64 // bytes of the files already read to the end
	i := -1
	var cur statement.Reader
	var f *os.File
	var cr *countingReader
	defer func() {
		if f != nil {
			f.Close()
		}
	}()
	next := func() (reconcile.Evidence, error) {
		if err := ctx.Err(); err != nil {
			return reconcile.Evidence{}, err // cancelled: stop reading, roll back
		}
		for {
			if cur == nil {
				if f != nil {
					f.Close()
					f = nil
					done += cr.n
				}
				i++
				if i == len(req.Files) {
					return reconcile.Evidence{}, io.EOF
				}
				var err error
				if f, err = os.Open(req.Files[i]); err != nil {
					return reconcile.Evidence{}, fmt.Errorf("reconcile %s: %w", req.Files[i], err)
				}
				cr = &countingReader{r: f, limit: MaxStatementBytes}
				if cur, err = statement.Open(cr, format, req.Options); err != nil {
					return reconcile.Evidence{}, fmt.Errorf("reconcile %s: %w", req.Files[i], err)
				}
			}
			l, err := cur.Next()
			if errors.Is(err, io.EOF) {
				cur = nil
				continue
			}
			if err != nil {
				return reconcile.Evidence{}, fmt.Errorf("reconcile %s: %w", req.Files[i], err)
			}
			return reconcile.FromLine(l), nil
		}
	}
	names := make([]string, len(req.Files))
	for i, n := range req.Files {
		names[i] = filepath.Base(n)
	}
	opt := store.ImportOptions{
		File: strings.Join(names, ", "), SHA256: strings.Join(sums, ","), Format: format,
		Actor: actor, DryRun: req.DryRun, Match: reconcile.Options{Actor: MatchActor},
	}
	if report != nil {
		report(ImportProgress{Total: total})
		// Called by Import on this goroutine, which is also the one reading
		// the files: the counters need no lock.
		opt.Progress = func(lines int) {
			read := done
			if cr != nil {
				read += cr.n
			}
			report(ImportProgress{Lines: lines, Bytes: read, Total: total})
		}
	}
	return st.Import(ctx, next, opt)
}

// countingReader counts the bytes read, for the progress bar, and refuses
// a file over limit with an error instead of silently cutting it short.
type countingReader struct {
	r        io.Reader
	n, limit int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.limit {
		return n, fmt.Errorf("the file is larger than %d GiB, too large for a statement", c.limit>>30)
	}
	return n, err
}

func fileSHA256(name string) (sum string, size int64, err error) {
	f, err := os.Open(name)
	if err != nil {
		return "", 0, fmt.Errorf("reconcile %s: %w", name, err)
	}
	defer f.Close()
	h := sha256.New()
	if size, err = io.Copy(h, f); err != nil {
		return "", 0, fmt.Errorf("reconcile %s: %w", name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), size, nil
}

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
	Result store.ImportResult
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
	st, actor := b.Store, b.Actor
	ctx, cancel := context.WithCancel(context.Background())
	job := &ImportJob{ID: int(lastImportJob.Add(1)), progress: make(chan ImportProgressMsg, 1), cancel: cancel}
	req.Files = append([]string(nil), req.Files...)
	run := func() tea.Msg {
		defer cancel()
		res, err := importFiles(ctx, st, req, actor, job.report)
		if err != nil && ctx.Err() != nil {
			err = fmt.Errorf("import cancelled, nothing was written: %w", context.Canceled)
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
	Items []store.ExceptionItem
	Open  int
	Err   error
}

// Exceptions loads up to limit open exceptions.
func (b *Backend) Exceptions(limit int) tea.Cmd {
	st := b.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		items, err := st.Exceptions(ctx, true, limit)
		if err != nil {
			return ExceptionsMsg{Err: err}
		}
		n, err := st.OpenExceptionCount(ctx)
		return ExceptionsMsg{Items: items, Open: n, Err: err}
	}
}

// ExceptionResolvedMsg reports a person's decision on exception ID: Action
// is "dismissed", "linked" or "accepted"; Order is the order paid by a
// link or an accepted suggestion.
type ExceptionResolvedMsg struct {
	ID     int64
	Action string
	Order  store.Order
	Err    error
}

// Dismiss closes an exception with a reason (required).
func (b *Backend) Dismiss(id int64, reason string) tea.Cmd {
	st, actor := b.Store, b.Actor
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		err := st.Dismiss(ctx, id, actor, reason)
		return ExceptionResolvedMsg{ID: id, Action: "dismissed", Err: err}
	}
}

// Link applies an unmatched or suggested payment to the order ref.
func (b *Backend) Link(id int64, ref payment.Reference, note string) tea.Cmd {
	st, actor := b.Store, b.Actor
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		o, err := st.Link(ctx, id, ref, actor, note)
		return ExceptionResolvedMsg{ID: id, Action: "linked", Order: o, Err: err}
	}
}

// Accept applies a suggestion to the order it suggested.
func (b *Backend) Accept(id int64) tea.Cmd {
	st, actor := b.Store, b.Actor
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		o, err := st.Accept(ctx, id, actor)
		return ExceptionResolvedMsg{ID: id, Action: "accepted", Order: o, Err: err}
	}
}
