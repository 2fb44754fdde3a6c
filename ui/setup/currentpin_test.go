package setup_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/pin"
	"github.com/till-pos/till/ui/screentest"
	"github.com/till-pos/till/ui/setup"
)

// Changing or removing the manager PIN needs the current one; keeping it,
// or setting the first one, does not.
func TestPINChangeNeedsTheCurrentPIN(t *testing.T) {
	existing := shopFile(t) // PIN 8642
	fresh := shopFile(t)
	fresh.Till.ManagerPIN = ""
	tests := []struct {
		name     string
		from     config.File
		change   func(*setup.Answers)
		want     error  // nil: saved
		wantText string // part of the error
		pin      string // the PIN afterwards, "" for none
	}{
		{"remove without it", existing, func(a *setup.Answers) { a.RemovePIN = true }, nil, "type the current PIN", "8642"},
		{"remove with a wrong one", existing, func(a *setup.Answers) { a.RemovePIN = true; a.CurrentPIN = "1111" }, setup.ErrCurrentPIN, "", "8642"},
		{"remove with it", existing, func(a *setup.Answers) { a.RemovePIN = true; a.CurrentPIN = "8642" }, nil, "", ""},
		{"change without it", existing, func(a *setup.Answers) { a.PIN = "1357" }, nil, "type the current PIN", "8642"},
		{"change with a wrong one", existing, func(a *setup.Answers) { a.PIN = "1357"; a.CurrentPIN = "8641" }, setup.ErrCurrentPIN, "", "8642"},
		{"change with it", existing, func(a *setup.Answers) { a.PIN = "1357"; a.CurrentPIN = "8642" }, nil, "", "1357"},
		{"keep", existing, func(*setup.Answers) {}, nil, "", "8642"},
		{"first PIN", fresh, func(a *setup.Answers) { a.PIN = "2468" }, nil, "", "2468"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := setup.AnswersOf(tt.from)
			tt.change(&a)
			from := tt.from
			f, err := setup.Build(&from, a)
			switch {
			case tt.want != nil || tt.wantText != "":
				if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) || !strings.Contains(err.Error(), tt.wantText) {
					t.Fatalf("error %v, want %v %q", err, tt.want, tt.wantText)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if tt.pin == "" {
				if f.Till.ManagerPIN != "" {
					t.Fatal("PIN still set")
				}
				return
			}
			if err := pin.Check(f.Till.ManagerPIN, tt.pin); err != nil {
				t.Fatalf("PIN afterwards: %v", err)
			}
		})
	}
}

// In the real program: removing the PIN asks the current one; a wrong one
// is refused and the file stays byte for byte as it was; the right one
// removes it.
func TestProgramRemovingThePINAsksTheCurrentOne(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	existing := shopFile(t) // PIN 8642
	if err := config.Save(path, existing); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const w, h = 100, 40
	p := screentest.Start(t, setup.New(setup.Options{Path: path, Existing: &existing, NoColor: true}), w, h)
	p.Wait = 30 * time.Second
	tm, waitFor := p.TM, p.WaitFor
	key := func(code rune) { tm.Send(tea.KeyPressMsg{Code: code}) }
	waitFor("Your business")
	for range 5 {
		key(tea.KeyEnter)
	}
	waitFor("What next?")
	key(tea.KeyEnter)
	waitFor("Keep the current PIN")
	key(tea.KeyUp) // No PIN
	key(tea.KeyEnter)
	waitFor("Codes expire after")
	key(tea.KeyEnter)
	key(tea.KeyEnter) // the system's language
	waitFor("Current manager PIN")
	key(tea.KeyEnter)
	waitFor("type the current manager PIN to change or remove it")
	tm.Type("1111")
	key(tea.KeyEnter)
	waitFor("Test code")
	key(tea.KeyEnter)
	waitFor("Not saved: manager PIN: the current PIN is needed")
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Fatal("a wrong current PIN changed the configuration")
	}
	key(tea.KeyEscape)
	waitFor("Codes expire after")
	key(tea.KeyEnter)
	key(tea.KeyEnter)
	key(tea.KeyEnter) // the system's language
	waitFor("Current manager PIN")
	tm.Type("8642")
	key(tea.KeyEnter)
	waitFor("Test code")
	key(tea.KeyEnter)
	final := tm.FinalModel(t, teatest.WithFinalTimeout(30*time.Second)).(setup.Model)
	f, ok := final.Saved()
	if !ok || f.Till.ManagerPIN != "" {
		t.Fatalf("saved %v, PIN %q", ok, f.Till.ManagerPIN)
	}
	if cfg := readBack(t, path); cfg.File.Till.ManagerPIN != "" {
		t.Fatal("the PIN is still on disk")
	}
}
