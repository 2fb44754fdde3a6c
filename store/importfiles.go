package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/statement"
)

// MaxStatementBytes bounds one statement file. Readers stream, so this is
// not about memory: a file this large is a mistake, not a statement.
const MaxStatementBytes = 4 << 30

// MatchActor is the actor written on order events the matcher records.
const MatchActor = "till reconcile"

// ImportRequest is a statement import: one or more files read as one.
type ImportRequest struct {
	Files   []string
	Format  string // "auto" or one of statement.Formats()
	Options statement.Options
	DryRun  bool // decide everything, write nothing
	// Currency is the till's currency code: each line in another is an
	// exception of its own, and the file gets one warning. Empty accepts
	// every currency.
	Currency string
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

// ImportFiles reads statement files and imports them as one statement in
// one transaction: if any file is malformed, nothing is written. report,
// if set, is called at the start and every ProgressEvery lines, on the
// calling goroutine. The CLI and the reconcile screen share it.
func (st *Store) ImportFiles(ctx context.Context, req ImportRequest, actor string, report func(ImportProgress)) (ImportResult, error) {
	if len(req.Files) == 0 {
		return ImportResult{}, errors.New("reconcile: no statement file given")
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
			return ImportResult{}, err
		}
		sums = append(sums, sum)
		total += size
	}
	foreign := make([]map[string]int, len(req.Files)) // per file: lines by other currency
	var done int64                                    // bytes of the files already read to the end
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
			if c := l.Amount.Currency.Code; req.Currency != "" && c != req.Currency && l.Amount.Minor > 0 && !l.Pending {
				if foreign[i] == nil {
					foreign[i] = map[string]int{}
				}
				foreign[i][c]++
			}
			return reconcile.FromLine(l), nil
		}
	}
	names := make([]string, len(req.Files))
	for i, n := range req.Files {
		names[i] = filepath.Base(n)
	}
	opt := ImportOptions{
		File: strings.Join(names, ", "), SHA256: strings.Join(sums, ","), Format: format,
		Actor: actor, DryRun: req.DryRun, Match: reconcile.Options{Actor: MatchActor, Currency: req.Currency},
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
	res, err := st.Import(ctx, next, opt)
	if err == nil {
		res.Warnings = foreignWarnings(names, foreign, req.Currency)
	}
	return res, err
}

// foreignWarnings is one sentence per file with lines in a currency other
// than the till's.
func foreignWarnings(names []string, foreign []map[string]int, till string) []string {
	var out []string
	for i, byCur := range foreign {
		curs := make([]string, 0, len(byCur))
		n := 0
		for c, k := range byCur {
			curs = append(curs, c)
			n += k
		}
		if n == 0 {
			continue
		}
		slices.Sort(curs)
		lines := "lines are"
		if n == 1 {
			lines = "line is"
		}
		out = append(out, fmt.Sprintf("%s: %d %s in %s on a %s till; each is an exception to review",
			names[i], n, lines, strings.Join(curs, ", "), till))
	}
	return out
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
