package ui_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/ui"
	"github.com/till-pos/till/ui/screentest"
)

// The desk's screens in Thai in the real program at 80×24: the day close,
// the statement picker, an import's outcome and the exceptions' queue,
// with the header and the help line. Every word is Thai but for data
// (names, the statement's text, file names) and what stays by design
// (scheme and key names); no line is cut in the middle of a word.
func TestDeskInThai(t *testing.T) {
	th := locale.New(locale.Thai)
	const w, h = 80, 24
	st, cfg := goldenStore(t)
	st.Now = func() time.Time { return goldenClock }
	dir := t.TempDir()
	statement := "date,amount,currency,reference,counterparty,id\n" +
		"2026-11-25,3.20,BRL,,Kiosk do Mercado,TX-1\n2026-11-25,7.77,BRL,,Maria Souza,TX-2\n"
	if err := os.WriteFile(filepath.Join(dir, "statement.csv"), []byte(statement), 0o600); err != nil {
		t.Fatal(err)
	}
	p := screentest.Start(t, ui.New(ui.Options{Store: st, Config: cfg, Actor: "ana", Demo: true, Dir: dir,
		Now: func() time.Time { return goldenClock }, Lang: th, ReceiptLang: th}), w, h)
	p.Wait = 20 * time.Second
	data := []string{cfg.Merchant.Name, cfg.Merchant.City, "ana", "demo", "DEMO", "BRL", "statement.csv", dir,
		"Kiosk do Mercado", "Maria Souza", "TX-1", "TX-2", "csv generic", "auto",
		"no reference, and no order waits for at that time", "ctrl enter esc tab space pgup pgdn home end"}
	words := screentest.WordsOf(th, data...)
	check := func(name, screen string) {
		t.Helper()
		screentest.CheckLines(t, name, screen, w, words)
		screentest.NoEnglish(t, name, screen, th, data...)
	}

	p.WaitFor(th.T("New charge"))
	p.Key('z')
	p.WaitFor(th.T("Money"))
	p.Settle()
	check("day close", p.WaitFor(th.T("Day close")))

	p.Press(tea.KeyEscape)
	p.WaitFor(th.T("New charge"))
	p.Key('r')
	p.WaitFor("statement.csv")
	p.Settle()
	check("picker", p.WaitFor(th.T("Reconcile · choose a statement")))

	p.Press(tea.KeyEnter)
	p.WaitFor(th.T("Exceptions a person must look at: %d", 2))
	p.Settle()
	check("outcome", p.WaitFor(th.T("imported")))

	p.Key('e')
	p.WaitFor(th.T("oldest first"))
	p.Settle()
	check("queue", p.WaitFor(th.T("Exceptions · %d open", 2)))
	p.Quit()
}
