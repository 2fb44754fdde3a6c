package ui_test

import (
	"context"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui"
)

// A control key is not its plain letter: ctrl+o, ctrl+r and ctrl+z on the
// charge screen open no other screen, and the amount typed after them is
// charged as usual.
func TestControlKeysAreNotLetters(t *testing.T) {
	h := start(t, 80, 24)
	h.waitFor("New charge")
	for _, k := range []rune{'o', 'r'} {
		h.tm.Send(tea.KeyPressMsg{Code: k, Mod: tea.ModCtrl})
	}
	h.tm.Type("700")
	h.enter()
	h.waitFor("WAITING FOR PAYMENT")
	list, _ := h.st.List(context.Background(), store.Filter{})
	if len(list) != 1 || list[0].Amount.Minor != 700 {
		t.Fatalf("orders after control keys: %+v", list)
	}
	h.quit()
}

// ctrl+z suspends till like any terminal program. It is checked on the
// model: suspending a teatest program would stop the test process itself.
func TestCtrlZSuspends(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg, err := config.Resolve(config.Demo())
	if err != nil {
		t.Fatal(err)
	}
	m := ui.New(ui.Options{Store: st, Config: cfg, Actor: "tester", Demo: true})
	var model tea.Model = m
	model, _ = model.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	_, cmd := model.Update(tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl})
	if cmd == nil {
		t.Fatal("ctrl+z gave no command")
	}
	if _, ok := cmd().(tea.SuspendMsg); !ok {
		t.Fatalf("ctrl+z gave %T, want tea.SuspendMsg", cmd())
	}
}
