package reconcile

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/screentest"
)

// harness is the smallest root a screen can live in: it sizes the screen
// below a header line, draws it, and ends the program when the screen
// asks to go back.
type harness struct {
	screen Model
	left   bool // the screen asked for the charge screen
}

func (h harness) Init() tea.Cmd { return h.screen.Init() }

func (h harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.screen.SetSize(msg.Width, msg.Height-1)
		return h, nil
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return h, tea.Quit
		}
	case common.GoChargeMsg:
		h.left = true
		return h, tea.Quit
	}
	var cmd tea.Cmd
	h.screen, cmd = h.screen.Update(msg)
	return h, cmd
}

func (h harness) View() tea.View {
	v := tea.NewView("till\n" + h.screen.View())
	v.AltScreen = true
	return v
}

// The whole path in a real program on an emulated 80x24 terminal: the
// picker, the import, the outcome, the queue, a dismissal, and back.
func TestProgram(t *testing.T) {
	e := newEnv(t)
	e.statementOrders()
	e.write("statement.csv", nil)
	const w, h = 80, 24
	p := screentest.Start(t, harness{screen: New(e.common(w, h-1), e.dir)}, w, h)
	p.Wait = 20 * time.Second
	tm, waitFor := p.TM, p.WaitFor
	waitFor("statement.csv")
	waitFor("choose a statement")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	screen := waitFor("statement.csv imported")
	if !strings.Contains(screen, "Exceptions a person must look at: 6") {
		t.Fatalf("outcome:\n%s", screen)
	}
	tm.Type("e")
	waitFor("Exceptions · 6 open")
	tm.Type("x")
	waitFor("Dismiss #1 because")
	tm.Type("customer paid the rest in cash")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("#1 dismissed")
	waitFor("Exceptions · 5 open")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	final := p.Final().(harness)
	if !final.left {
		t.Fatal("esc did not leave the screen")
	}
	if n, _ := e.st.OpenExceptionCount(context.Background()); n != 5 {
		t.Fatalf("%d open exceptions in the store, want 5", n)
	}
}
