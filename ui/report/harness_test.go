package report

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/screentest"
)

// host is the smallest root that can run the screen: it gives the screen
// the window less one line, draws the help line under it, and ends when
// the screen asks to go back.
type host struct{ m Model }

func (h host) Init() tea.Cmd { return h.m.Init() }

func (h host) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.m.SetSize(msg.Width, msg.Height-1)
		return h, nil
	case common.GoChargeMsg:
		return h, tea.Quit
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return h, tea.Quit
		}
	}
	var cmd tea.Cmd
	h.m, cmd = h.m.Update(msg)
	return h, cmd
}

func (h host) View() tea.View {
	var keys []string
	for _, b := range h.m.Help().ShortHelp() {
		keys = append(keys, b.Help().Key+" "+b.Help().Desc)
	}
	var v tea.View
	v.AltScreen = true
	v.SetContent(h.m.View() + "\n" + strings.Join(keys, " · "))
	return v
}

// The whole close in a real program at 80×24: count the cash, close the
// day after saying yes, read the closing off the screen, go back.
func TestProgram(t *testing.T) {
	fx := newFixture(t, "")
	fx.sampleDay()
	const w, h = 80, 24
	p := screentest.Start(t, host{New(fx.c)}, w, h)
	p.Wait = 20 * time.Second
	tm, waitFor := p.TM, p.WaitFor
	waitFor("Cash not counted yet")
	tm.Send(keyMsg("c"))
	waitFor("Cash counted (BRL)")
	tm.Type("87,25")
	tm.Send(keyMsg("enter"))
	waitFor("(to record)")
	tm.Send(keyMsg("x"))
	waitFor("cash BRL 87.25? y/n")
	tm.Send(keyMsg("y"))
	screen := waitFor("CLOSED by tester")
	if !strings.Contains(screen, "87.25") || strings.Contains(screen, "y/n") {
		t.Fatalf("closed screen:\n%s", screen)
	}
	tm.Send(keyMsg("esc"))
	final := p.Final().(host)
	if got, _ := final.m.Report(); !got.Closed || got.Report.Cash != 8725 {
		t.Fatalf("final model: %+v", got)
	}
	d, err := fx.st.DayReport(context.Background(), "2026-11-24", fx.cfg.Merchant.Currency, false)
	if err != nil || d.ClosedBy != "tester" || d.Cash != 8725 || d.Takings != d.Expected+8725 {
		t.Fatalf("stored closing %+v %v", d, err)
	}
}
