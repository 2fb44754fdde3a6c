package statement

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
)

// readAll reads a whole statement, failing the test on any error.
func readAll(t *testing.T, r io.Reader, format string, opts Options) []Line {
	t.Helper()
	lines, err := tryReadAll(r, format, opts)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return lines
}

func tryReadAll(r io.Reader, format string, opts Options) ([]Line, error) {
	rd, err := Open(r, format, opts)
	if err != nil {
		return nil, err
	}
	var out []Line
	for {
		l, err := rd.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, l)
	}
}

func readFixture(t *testing.T, name, format string, opts Options) []Line {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if opts.Location == nil {
		opts.Location = cet
	}
	return readAll(t, f, format, opts)
}

// cet is the zone the fixtures' date-only values are read in.
var cet = time.FixedZone("CET", 3600)

func amt(code string, minor int64) payment.Amount {
	return payment.Amount{Minor: minor, Currency: payment.MustCurrency(code)}
}

func day(y, m, d int, loc *time.Location) time.Time {
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// diffLine lists every field where got differs from want; times compare
// as instants.
func diffLine(got, want Line) []string {
	var d []string
	str := func(name, g, w string) {
		if g != w {
			d = append(d, fmt.Sprintf("%s = %q, want %q", name, g, w))
		}
	}
	str("Key", got.Key, want.Key)
	str("ProviderID", got.ProviderID, want.ProviderID)
	str("Account", got.Account, want.Account)
	str("Reference", got.Reference, want.Reference)
	str("Text", got.Text, want.Text)
	str("Counterparty", got.Counterparty, want.Counterparty)
	str("BankCode", got.BankCode, want.BankCode)
	str("Corrects", got.Corrects, want.Corrects)
	str("CorrectAction", got.CorrectAction, want.CorrectAction)
	str("Source", got.Source, want.Source)
	if !got.BookedAt.Equal(want.BookedAt) {
		d = append(d, fmt.Sprintf("BookedAt = %v, want %v", got.BookedAt, want.BookedAt))
	}
	if !got.ValueAt.Equal(want.ValueAt) {
		d = append(d, fmt.Sprintf("ValueAt = %v, want %v", got.ValueAt, want.ValueAt))
	}
	if got.Amount != want.Amount {
		d = append(d, fmt.Sprintf("Amount = %v (%d), want %v (%d)", got.Amount, got.Amount.Minor, want.Amount, want.Amount.Minor))
	}
	flag := func(name string, g, w bool) {
		if g != w {
			d = append(d, fmt.Sprintf("%s = %v, want %v", name, g, w))
		}
	}
	flag("Credit", got.Credit, want.Credit)
	flag("Reversal", got.Reversal, want.Reversal)
	flag("Pending", got.Pending, want.Pending)
	num := func(name string, g, w int) {
		if g != w {
			d = append(d, fmt.Sprintf("%s = %d, want %d", name, g, w))
		}
	}
	num("Batch", got.Batch, want.Batch)
	num("Position", got.Position, want.Position)
	num("FileLine", got.FileLine, want.FileLine)
	return d
}

func checkLines(t *testing.T, got, want []Line) {
	t.Helper()
	if len(got) != len(want) {
		for _, l := range got {
			t.Logf("got %+v", l)
		}
		t.Fatalf("got %d lines, want %d", len(got), len(want))
	}
	for i := range want {
		if d := diffLine(got[i], want[i]); len(d) > 0 {
			t.Errorf("line %d (%s):\n  %s", i+1, want[i].Key, strings.Join(d, "\n  "))
		}
	}
}

// wantError checks that err is a ParseError at the given line (0: any)
// and entry (0: any) whose message contains every fragment.
func wantError(t *testing.T, err error, line, entry int, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one mentioning %q", fragments)
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %q (%T) is not a *ParseError", err, err)
	}
	if line != 0 && pe.Line != line {
		t.Errorf("error %q: line %d, want %d", err, pe.Line, line)
	}
	if entry != 0 && pe.Entry != entry {
		t.Errorf("error %q: entry %d, want %d", err, pe.Entry, entry)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not mention %q", err, f)
		}
	}
}
