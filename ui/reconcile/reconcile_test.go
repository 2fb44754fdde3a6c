package reconcile

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/locale"
	rc "github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/payment/statement"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
)

// Importing the test statement from the picker shows every outcome it
// produced, and the orders moved in the store.
func TestImportShowsOutcome(t *testing.T) {
	e := newEnv(t)
	e.statementOrders()
	e.write("statement.csv", nil)
	d := e.open(100, 38)
	if d.m.state != statePick {
		t.Fatalf("opened in state %d with no exceptions, want the picker", d.m.state)
	}
	d.importFile("statement.csv")
	if d.m.state != stateOutcome {
		t.Fatalf("state %d after import, err %v", d.m.state, d.m.done.Err)
	}
	r := d.m.done.Result
	want := map[rc.Outcome]int{rc.Paid: 1, rc.Partial: 1, rc.Overpaid: 1, rc.Late: 1, rc.Duplicate: 1,
		rc.Refund: 1, rc.Unmatched: 1, rc.Suggested: 1}
	for o, n := range want {
		if r.Counts[o] != n {
			t.Errorf("%s = %d, want %d (all: %v)", o, r.Counts[o], n, r.Counts)
		}
	}
	if r.Lines != 8 || r.NewLines != 8 || r.ExceptionCount != 6 || len(r.UnverifiedClaims) != 1 ||
		r.UnverifiedClaims[0].Ref != e.refs["Claimed"] {
		t.Fatalf("result %+v", r)
	}
	view := ansi.Strip(d.m.View())
	for _, s := range []string{"statement.csv imported", "8 lines read, 8 new, 0 already imported",
		"paid                 1", "unverified claims    1", "Exceptions a person must look at: 6",
		e.refs["Claimed"].Grouped(), "order " + e.refs["Partial"].Grouped() + " is short"} {
		if !strings.Contains(view, s) {
			t.Errorf("outcome does not show %q:\n%s", s, view)
		}
	}
	ctx := context.Background()
	// The order paid twice shows the duplicate's money as overpaid.
	for name, status := range map[string]payment.Status{"Paid": payment.StatusOverpaid, "Partial": payment.StatusPartial,
		"Overpaid": payment.StatusOverpaid, "Suggested": payment.StatusOpen, "Claimed": payment.StatusClaimed} {
		o, err := e.st.Get(ctx, e.refs[name])
		if err != nil || o.Status() != status {
			t.Errorf("order %s: %s, %v; want %s", name, o.Status(), err, status)
		}
	}
	evs, _ := e.st.Events(ctx, e.refs["Paid"])
	if last := evs[len(evs)-1]; last.Actor != common.MatchActor || !strings.Contains(last.Source, "TX-1005") {
		t.Errorf("the duplicate's event does not name its line: %+v", last)
	}
	// The queue already knows about the new exceptions.
	if d.m.open != 6 || len(d.m.items) != 6 {
		t.Fatalf("queue after import: %d open, %d loaded", d.m.open, len(d.m.items))
	}
}

// The same file again changes nothing and says so.
func TestReimportChangesNothing(t *testing.T) {
	e := newEnv(t)
	e.statementOrders()
	e.write("statement.csv", nil)
	d := e.open(80, 22)
	d.importFile("statement.csv")
	before, _ := e.st.Get(context.Background(), e.refs["Paid"])
	d.keys("i")
	d.importFile("statement.csv")
	r := d.m.done.Result
	if d.m.state != stateOutcome || r.Lines != 8 || r.AlreadyImported != 8 || r.NewLines != 0 || r.ExceptionCount != 0 {
		t.Fatalf("second import: state %d, %+v, %v", d.m.state, r, d.m.done.Err)
	}
	if !strings.Contains(ansi.Strip(d.m.View()), "already imported     8") {
		t.Errorf("outcome does not count the lines already imported:\n%s", ansi.Strip(d.m.View()))
	}
	after, _ := e.st.Get(context.Background(), e.refs["Paid"])
	if after.State != before.State || d.m.open != 6 {
		t.Fatalf("re-import changed things: %+v → %+v, %d open", before.State, after.State, d.m.open)
	}
}

// A malformed file is refused with the file, the line and the problem,
// and nothing of it is written, not even its good first line.
func TestMalformedFileWritesNothing(t *testing.T) {
	e := newEnv(t)
	e.order("Paid", 1250)
	path := e.write("malformed.csv", nil)
	d := e.open(80, 22)
	d.importFile("malformed.csv")
	if d.m.state != stateFailed || d.m.done.Err == nil {
		t.Fatalf("state %d, err %v", d.m.state, d.m.done.Err)
	}
	msg := d.m.done.Err.Error()
	if !strings.Contains(msg, path) || !strings.Contains(msg, "line 3") {
		t.Errorf("error %q does not name the file and line 3", msg)
	}
	view := ansi.Strip(d.m.View())
	flat := strings.Join(strings.Fields(view), " ")
	if !strings.Contains(view, "Nothing was written.") || !strings.Contains(flat, `line 3: amount "twelve"`) || !strings.Contains(view, "refused") {
		t.Errorf("failure view:\n%s", view)
	}
	o, _ := e.st.Get(context.Background(), e.refs["Paid"])
	if o.Status() != payment.StatusOpen {
		t.Fatalf("the good line of a refused file was applied: %s", o.Status())
	}
	all, _ := e.st.Exceptions(context.Background(), false, 0)
	if len(all) != 0 {
		t.Fatalf("exceptions written: %+v", all)
	}
	d.keys("{enter}")
	if d.m.state != statePick {
		t.Fatalf("enter after a failure: state %d", d.m.state)
	}
}

// Two files of different formats, marked and imported together, are one
// import; the camt reference in free text is found across a line break.
func TestMarkedFilesImportTogether(t *testing.T) {
	e := newEnv(t)
	e.statementOrders()
	camtRef := e.order("CamtRef", 2500)
	text := e.order("CamtText", 4000)
	e.write("statement.csv", nil)
	e.write("camt053.xml", map[string]string{"CamtTextHead": strings.ToLower(string(text[:4])), "CamtTextTail": string(text[4:])})
	d := e.open(120, 38)
	d.selectFile("camt053.xml")
	d.keys("{space}")
	d.selectFile("statement.csv")
	d.keys("{space}")
	if len(d.m.marked) != 2 || !strings.Contains(ansi.Strip(d.m.View()), "marked: camt053.xml and 1 more") {
		t.Fatalf("marked %v:\n%s", d.m.marked, ansi.Strip(d.m.View()))
	}
	d.keys("i")
	r := d.m.done.Result
	if d.m.state != stateOutcome || r.Lines != 10 || r.Counts[rc.Paid] != 3 {
		t.Fatalf("state %d, %+v, %v", d.m.state, r, d.m.done.Err)
	}
	for _, ref := range []payment.Reference{camtRef, text} {
		if o, _ := e.st.Get(context.Background(), ref); o.Status() != payment.StatusPaid {
			t.Errorf("camt order %s is %s", ref, o.Status())
		}
	}
	if len(d.m.marked) != 0 {
		t.Errorf("marks survive the import: %v", d.m.marked)
	}
}

// A dry run shows the outcome and writes nothing.
func TestDryRun(t *testing.T) {
	e := newEnv(t)
	e.statementOrders()
	e.write("statement.csv", nil)
	d := e.open(80, 22)
	d.keys("d")
	d.importFile("statement.csv")
	if d.m.state != stateOutcome || d.m.done.Result.Counts[rc.Paid] != 1 {
		t.Fatalf("dry run: state %d, %+v", d.m.state, d.m.done.Result)
	}
	view := ansi.Strip(d.m.View())
	if !strings.Contains(view, "dry run: nothing was written") || strings.Contains(view, "#1 ") {
		t.Errorf("dry-run outcome:\n%s", view)
	}
	if o, _ := e.st.Get(context.Background(), e.refs["Paid"]); o.Status() != payment.StatusOpen {
		t.Fatalf("dry run paid an order: %s", o.Status())
	}
	if n, _ := e.st.OpenExceptionCount(context.Background()); n != 0 || d.m.open != 0 {
		t.Fatalf("dry run left %d exceptions (screen says %d)", n, d.m.open)
	}
	// It does not claim exceptions that e then says do not exist.
	found := d.m.done.Result.ExceptionCount
	if found == 0 {
		t.Fatal("the statement raises no exception: the test needs some")
	}
	if strings.Contains(view, "must look at") || !strings.Contains(view, fmt.Sprintf("not recorded (dry run): %d", found)) ||
		strings.Contains(view, "e works through the open exceptions") {
		t.Errorf("dry-run outcome claims exceptions to work through:\n%s", view)
	}
	d.keys("e")
	queue := ansi.Strip(d.m.View())
	if strings.Contains(queue, "every statement line is accounted for") || !strings.Contains(queue, fmt.Sprintf("The dry run's %d were not recorded", found)) {
		t.Errorf("the queue after a dry run:\n%s", queue)
	}
}

// The format and profile keys reach the reader: a generic CSV read with
// the Sparkasse profile is refused for its missing columns.
func TestFormatAndProfileChoice(t *testing.T) {
	e := newEnv(t)
	e.statementOrders()
	e.write("statement.csv", nil)
	d := e.open(80, 22)
	for d.m.formats[d.m.format] != statement.FormatCSV {
		d.keys("f")
	}
	if err := d.m.Help(); len(err.Short) == 0 {
		t.Fatal("no help")
	}
	d.importFile("statement.csv")
	if d.m.state != stateFailed || !strings.Contains(d.m.done.Err.Error(), "profile") {
		t.Fatalf("csv without a profile: state %d, %v", d.m.state, d.m.done.Err)
	}
	d.keys("{enter}")
	for d.m.profiles[d.m.profile] != "sparkasse" {
		d.keys("p")
	}
	if !strings.Contains(ansi.Strip(d.m.View()), "format csv · CSV profile sparkasse") {
		t.Fatalf("options line:\n%s", ansi.Strip(d.m.View()))
	}
	d.importFile("statement.csv")
	if d.m.state != stateFailed {
		t.Fatalf("generic CSV accepted as Sparkasse: %+v", d.m.done.Result)
	}
	for d.m.profiles[d.m.profile] != "generic" {
		d.keys("p") // straight from the failure
	}
	d.importFile("statement.csv")
	if d.m.state != stateOutcome || d.m.done.Req.Format != "csv" || d.m.done.Req.Options.Profile != "generic" {
		t.Fatalf("csv with the generic profile: state %d, %+v, %v", d.m.state, d.m.done.Req, d.m.done.Err)
	}
}

// A file that is not a statement cannot be picked, and the picker says why.
func TestPickerRefusesOtherFiles(t *testing.T) {
	e := newEnv(t)
	if err := os.WriteFile(filepath.Join(e.dir, "notes.pdf"), []byte("%PDF"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := e.open(80, 22)
	d.selectFile("notes.pdf")
	d.keys("{enter}")
	if d.m.state != statePick || !strings.Contains(d.m.err, "notes.pdf is not a statement file") {
		t.Fatalf("state %d, err %q", d.m.state, d.m.err)
	}
	d.keys("{space}")
	if len(d.m.marked) != 0 {
		t.Fatalf("marked a PDF: %v", d.m.marked)
	}
	d.keys("{esc}")
	if len(d.root) != 1 {
		t.Fatalf("esc did not go back: %v", d.root)
	}
}

// Progress arrives every 1000 lines with the bytes read, through the
// channel the screen reads; the last import message is the result.
func TestImportProgress(t *testing.T) {
	e := newEnv(t)
	var b strings.Builder
	b.WriteString("date,amount,currency,reference,counterparty,id\n")
	const lines = 2500
	for i := 0; i < lines; i++ {
		fmt.Fprintf(&b, "2026-01-16,%d.%02d,EUR,,Payer %d,TX-%d\n", 1+i%50, i%100, i, i)
	}
	path := filepath.Join(e.dir, "big.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	var got []int
	res, err := e.st.ImportFiles(context.Background(), store.ImportRequest{Files: []string{path}, Format: "auto", DryRun: true}, "tester",
		func(p store.ImportProgress) { got = append(got, p.Lines) })
	if err != nil || res.Lines != lines {
		t.Fatalf("ImportFiles: %+v, %v", res.Lines, err)
	}
	if fmt.Sprint(got) != "[0 1000 2000]" {
		t.Fatalf("progress calls %v", got)
	}

	// Through the screen, as Bubble Tea runs it: the import command on one
	// goroutine, the progress command re-issued after each report.
	d := e.open(80, 22)
	m, cmd := d.m.startImport([]string{path})
	d.m = m
	batch, ok := cmd().(tea.BatchMsg)
	if !ok || len(batch) != 2 {
		t.Fatalf("import command: %T", batch)
	}
	result := make(chan tea.Msg, 1)
	go func() { result <- batch[0]() }()
	var seen []common.ImportProgress
	var importing string
	for next := batch[1]; next != nil; {
		msg := next()
		if msg == nil {
			break // the import ended and closed the channel
		}
		d.m, next = d.m.Update(msg)
		seen = append(seen, d.m.prog)
		if importing == "" {
			importing = ansi.Strip(d.m.View())
		}
	}
	if len(seen) == 0 || seen[0].Total != int64(b.Len()) {
		t.Fatalf("progress seen: %+v (file %d bytes)", seen, b.Len())
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].Lines < seen[i-1].Lines || seen[i].Bytes < seen[i-1].Bytes || seen[i].Bytes > seen[i].Total {
			t.Fatalf("progress goes backwards or beyond the file: %+v", seen)
		}
	}
	if !strings.Contains(importing, "importing big.csv") || !strings.Contains(importing, "lines read") || !strings.Contains(importing, "░") {
		t.Fatalf("importing view:\n%s", importing)
	}
	// A result of another job is not this screen's.
	d.send(common.ImportDoneMsg{Job: d.m.job.ID + 1000, Err: fmt.Errorf("not mine")})
	if !d.m.Importing() {
		t.Fatal("another job's result ended the import")
	}
	d.send(<-result)
	if d.m.state != stateOutcome || d.m.done.Result.Lines != lines || d.m.done.Result.Counts[rc.Unmatched] != lines {
		t.Fatalf("after the import: state %d, %+v", d.m.state, d.m.done.Result.Counts)
	}
	// A progress view with known figures.
	d.m.state, d.m.job = stateImporting, &common.ImportJob{}
	d.m.prog = common.ImportProgress{Lines: 12000, Bytes: 500, Total: 1000}
	if v := ansi.Strip(d.m.View()); !strings.Contains(v, "12,000 lines read · 500 B of 1.0 kB (50%)") {
		t.Fatalf("importing view:\n%s", v)
	}
}

// Esc while importing cancels: the transaction rolls back.
func TestCancelImport(t *testing.T) {
	e := newEnv(t)
	e.statementOrders()
	path := e.write("statement.csv", nil)
	d := e.open(80, 22)
	m, cmd := d.m.startImport([]string{path})
	d.m = m
	d.keys("{esc}") // before the import command runs
	if len(d.root) != 0 {
		t.Fatal("esc while importing left the screen")
	}
	d.run(cmd)
	if d.m.state != statePick || !strings.Contains(d.m.notice, "nothing was written") {
		t.Fatalf("after cancel: state %d, notice %q, err %v", d.m.state, d.m.notice, d.m.done.Err)
	}
	if o, _ := e.st.Get(context.Background(), e.refs["Paid"]); o.Status() != payment.StatusOpen {
		t.Fatalf("cancelled import paid an order: %s", o.Status())
	}
}

func TestHumanBytesAndThousands(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want string
	}{{0, "0 B"}, {999, "999 B"}, {1000, "1.0 kB"}, {1_500_000, "1.5 MB"}, {4 << 30, "4.3 GB"}} {
		if got := humanBytes(locale.Locale{}, tt.n); got != tt.want {
			t.Errorf("humanBytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	if got := humanBytes(locale.New(locale.German), 1_500_000); got != "1,5 MB" {
		t.Errorf("German humanBytes = %q", got)
	}
	// Counts are grouped as the language groups them, by the catalog.
	for _, tt := range []struct {
		l    locale.Locale
		n    int
		want string
	}{{locale.Locale{}, 1, "1 line read"}, {locale.Locale{}, 1234567, "1,234,567 lines read"},
		{locale.New(locale.German), 1234567, "1.234.567 Zeilen gelesen"}} {
		if got := tt.l.T("%d lines read", tt.n); got != tt.want {
			t.Errorf("%d lines read = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// A statement nobody recognises is explained with the screen's keys, not
// the command line's flags.
func TestUnknownFormatNamesKeys(t *testing.T) {
	e := newEnv(t)
	if err := os.WriteFile(filepath.Join(e.dir, "unknown.csv"), []byte("when;what\n2026-01-16;coffee\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := e.open(80, 22)
	if d.m.formats[d.m.format] != "auto" {
		t.Fatalf("format %q at first", d.m.formats[d.m.format])
	}
	d.importFile("unknown.csv")
	if d.m.state != stateFailed || !errors.Is(d.m.done.Err, statement.ErrUnknownFormat) {
		t.Fatalf("state %d, %v", d.m.state, d.m.done.Err)
	}
	if view := ansi.Strip(d.m.View()); strings.Contains(view, "--") || !strings.Contains(view, "choose a format (f)") {
		t.Fatalf("unknown format, on screen:\n%s", view)
	}
}
