package ui_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/screentest"
)

// bookScreen is one screen of the books' tour in a language: its text as
// the terminal shows it, and the sentences it must show whole.
type bookScreen struct {
	name   string
	screen string
	whole  []string
}

// The charge note, the orders list and its search, an order's details
// with its questions and prompts, the code for its rest with the
// rest's y/n questions, at 80×24 in every language: golden files to read,
// no line wider than the window, each sentence whole (not cut, not broken
// inside a word), no English left on the screen, and the code still
// scans beside its panel, where it does in English.
func TestBooksGoldenLanguages(t *testing.T) {
	for _, tag := range locale.Supported {
		l := locale.New(tag)
		t.Run(tag.String(), func(t *testing.T) {
			const w, h = 80, 24
			screens := booksTour(t, l, w, h)
			var all []string
			for _, s := range screens {
				for i, line := range strings.Split(s.screen, "\n") {
					if n := ansi.StringWidth(line); n > w {
						t.Errorf("%s: line %d is %d cells: %q", s.name, i+1, n, line)
					}
				}
				flat := flatten(s.screen)
				for _, want := range s.whole {
					if !strings.Contains(flat, flatten(want)) {
						t.Errorf("%s: %q is not shown whole:\n%s", s.name, want, s.screen)
					}
				}
				if !l.IsEnglish() {
					for _, en := range englishLeft(l, s.screen) {
						t.Errorf("%s: English %q on the %v screen:\n%s", s.name, en, tag, s.screen)
					}
				}
				all = append(all, "== "+s.name+"\n"+s.screen)
			}
			golden.RequireEqual(t, []byte(strings.Join(all, "\n")))
		})
	}
}

// booksTour drives the real program speaking l through the books'
// screens and returns them.
func booksTour(t *testing.T, l locale.Locale, w, h int) []bookScreen {
	t.Helper()
	st, cfg := goldenStore(t)
	st.Now = func() time.Time { return goldenClock }
	p := screentest.Start(t, ui.New(ui.Options{Store: st, Config: cfg, Actor: "ana", Demo: true, Dir: t.TempDir(),
		Now: func() time.Time { return goldenClock }, Lang: l, ReceiptLang: l}), w, h)
	defer p.Quit()
	var out []bookScreen
	// tr is a message as the screens write it (common.Cells).
	tr := func(key string, args ...any) string { return common.Cells(l.T(key, args...)) }
	// take waits for text, lets the frame settle, and keeps the screen.
	take := func(name, waitFor string, whole ...string) string {
		t.Helper()
		p.WaitFor(waitFor)
		p.Settle()
		screen := p.WaitFor(waitFor)
		out = append(out, bookScreen{name, screen, whole})
		return screen
	}
	partial := orderIn(t, st, payment.StatusPartial)
	ref := partial.Ref.Grouped()
	money := func(minor int64) string {
		return l.Money(payment.Amount{Minor: minor, Currency: partial.Amount.Currency})
	}

	p.WaitFor(tr("New charge"))
	keys(p.TM, "\t")
	take("charge, the note's placeholder", tr("back to amount"), tr("optional note (table 4, fare to airport...)"))
	keys(p.TM, "\to")
	take("orders", tr("%s · %d shown", tr("all orders"), 5), tr("Orders"), tr("* paid after it expired or was cancelled"),
		tr("Time"), tr("Reference"), tr("Amount"), tr("Status"), tr("Note"),
		tr("refunded"), tr("cancelled"), tr("partial"), tr("claimed"), tr("paid"), money(4500))
	keys(p.TM, "/")
	take("orders, searching", tr("reference, amount or note"))
	p.TM.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	p.WaitGone(tr("reference, amount or note"))
	keys(p.TM, "↓↓\n")
	take("order details", tr("History"), tr("Order %s", ref), tr("amount"), tr("created"), tr("received"),
		tr("in %d payments", 1), tr("still due"), tr("note"), tr("schemes"), tr("Created"), tr("Payment"),
		tr("expires %s", partial.ExpiresAt.Format("15:04:05")), money(3000), money(1500))
	keys(p.TM, "C")
	take("order details, rest in cash?", "y/n", tr("%s paid in cash for order %s? y/n", money(1500), ref))
	keys(p.TM, "n")
	p.WaitGone("y/n")
	keys(p.TM, "R")
	take("order details, refund", tr("Record a refund for order %s", ref), tr("Amount"), tr("enter: next · esc: never mind"))
	p.TM.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	p.WaitGone(tr("Record a refund for order %s", ref))
	keys(p.TM, "c")
	p.WaitFor(tr("WAITING FOR PAYMENT"))
	rest := restOf(t, st, partial.Ref)
	screen := take("pay, the rest's code", tr("WAITING FOR PAYMENT"), tr("reference"), rest.Ref.Grouped(), tr("expires in %d:%02d", 15, 0))
	scans(t, p, "the rest's code", screen)
	keys(p.TM, "C")
	screen = take("pay, the rest in cash?", "y/n", tr("%s paid in cash for %s? y/n", money(1500), ref))
	scans(t, p, "the rest's cash question", screen)
	keys(p.TM, "n")
	p.WaitGone("y/n")
	keys(p.TM, "p")
	screen = take("pay, mark paid?", "y/n", tr("Mark %s paid? y/n", rest.Ref.Grouped()))
	scans(t, p, "the mark-paid question", screen)
	return out
}

// scans checks the code on the screen still decodes.
func scans(t *testing.T, p *screentest.Program, what, screen string) {
	t.Helper()
	if got, err := screentest.DecodeScreen(screentest.Screen(p.Out.Bytes, p.W, p.H), screentest.Dark, 0); err != nil || got == "" {
		t.Errorf("%s: the code does not scan: %v\n%s", what, err, screen)
	}
}

// orderIn is the golden store's order in status st.
func orderIn(t *testing.T, st *store.Store, status payment.Status) store.Order {
	t.Helper()
	os, err := st.List(context.Background(), store.Filter{Status: []payment.Status{status}, Limit: 10})
	if err != nil || len(os) != 1 {
		t.Fatalf("orders %s: %v %v", status, os, err)
	}
	return os[0]
}

// restOf is the code for the rest of the order ref, once it is charged.
func restOf(t *testing.T, st *store.Store, ref payment.Reference) *store.Rest {
	t.Helper()
	o, err := st.Get(context.Background(), ref)
	if err != nil || o.Rest == nil {
		t.Fatalf("the rest of %s: %v %v", ref, o.Rest, err)
	}
	return o.Rest
}

// flatten is text as read across lines: the QR's blocks and the boxes'
// borders left out, runs of spaces and line breaks made one space. A
// sentence wrapped at a space reads whole; one cut, or broken inside a
// word, does not.
func flatten(s string) string {
	s = common.Cells(s)
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune("█▀▄│╭╮╰╯─", r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// data is what the golden store and the program write that is not the
// screens' words: notes, reasons, names, schemes, and key names.
var data = regexp.MustCompile(`table 4|fare to the airport|two coffees|customer left|wrong order|Till Demo Café|till serve|notification:evt|\bdemo\b|\bana\b|ctrl\+\w|enter|esc|tab|y/n|pgup|pgdn|home|end|↑/k|↓/j`)

// englishLeft lists the catalog's English sentences (and the longer
// plain parts of its formats) that l translates differently but that the
// screen still shows: words that missed the catalog.
func englishLeft(l locale.Locale, screen string) []string {
	text := data.ReplaceAllString(flatten(screen), " ")
	var left []string
	for _, m := range locale.Messages() {
		for _, part := range regexp.MustCompile(`%(\[\d+\])?[sdq]|%%|%\d*:?%?0?\d*d`).Split(m.Key, -1) {
			part = strings.TrimSpace(part)
			if len(part) < 4 || (part != strings.TrimSpace(m.Key) && !strings.Contains(part, " ")) {
				continue // short words, and single words inside a format, match too much
			}
			if strings.Contains(l.T(m.Key), part) {
				continue // the same in this language
			}
			if regexp.MustCompile(`(^|[^\pL])` + regexp.QuoteMeta(part) + `($|[^\pL])`).MatchString(text) {
				left = append(left, part)
			}
		}
	}
	return left
}
