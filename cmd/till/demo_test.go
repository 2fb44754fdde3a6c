package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The demo's throw-away database goes when the demo is closed in any way a
// terminal program is closed: a closed window (SIGHUP) or a kill (SIGTERM),
// not only ctrl+c.
func TestDemoRemovesItsDatabaseOnSignals(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			x := newTmux(t)
			tmp := t.TempDir()
			x.run("new-session", "-d", "-s", "till", "-x", "100", "-y", "30",
				"env", "TERM=xterm-256color", "TMPDIR="+tmp, tillBinary, "demo", "--scenario", "none")
			x.waitFor("New charge")
			made, _ := filepath.Glob(filepath.Join(tmp, "till-demo-*", "demo.db"))
			if len(made) != 1 {
				t.Fatalf("the demo made %v in TMPDIR", made)
			}
			// env execs till, so the pane's process is till itself.
			pid := strings.TrimSpace(x.run("list-panes", "-t", "till", "-F", "#{pane_pid}"))
			p, err := strconv.Atoi(pid)
			if err != nil {
				t.Fatalf("pane pid %q: %v", pid, err)
			}
			if err := syscall.Kill(p, sig); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(15 * time.Second)
			for {
				left, _ := os.ReadDir(tmp)
				if len(left) == 0 {
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("after %s the demo left %v in TMPDIR", sig, left)
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}
}

// A negative delay is refused before anything is made.
func TestDemoRefusesNegativeDelay(t *testing.T) {
	e := newEnv(t)
	code, _, errs := e.till("demo", "--delay", "-2s")
	if code != 2 || !strings.Contains(errs, "--delay -2s") {
		t.Fatalf("till demo --delay -2s: exit %d %q", code, errs)
	}
}

// A language till does not speak is refused before anything is made, with
// the languages it does speak.
func TestDemoRefusesUnknownLanguage(t *testing.T) {
	e := newEnv(t)
	code, _, errs := e.till("demo", "--language", "fr")
	if code != 2 || !strings.Contains(errs, `--language: "fr" is not a supported language; use one of en, pt-BR, es, de, th, zh-Hans, vi, ms, id`) {
		t.Fatalf("till demo --language fr: exit %d %q", code, errs)
	}
}
