package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/till-pos/till/payment/config"
)

func TestSetupFromFile(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "mine.toml")
	data, _ := config.Encode(config.Demo())
	// Comments and a group-readable source file: the copy is owner-only.
	if err := os.WriteFile(src, append([]byte("# my till\n"), data...), 0o644); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "xdg", "till", "config.toml")
	code, out, errs := tillSetupCmds(t, noEnv, "--config", dst, "setup", "--from", src)
	if code != 0 || !strings.Contains(out, "saved to "+dst) {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	fi, err := os.Stat(dst)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("written file: %v %v", fi, err)
	}
	got, _ := os.ReadFile(dst)
	if _, err := config.Parse(got); err != nil {
		t.Fatal(err)
	}
	// till config now reads it.
	if code, out, errs := tillSetupCmds(t, noEnv, "--config", dst, "config"); code != 0 || !strings.Contains(out, "Till Demo Café") {
		t.Fatalf("config after setup: %d %s %s", code, out, errs)
	}
}

func TestSetupFromBadFileWritesNothing(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "config.toml")
	old := []byte("# keep me\n")
	if err := os.WriteFile(dst, old, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ content, want string }{
		{"[merchant]\nname = \"x\"\n", "merchant.city is required"},
		{strings.Replace(string(mustEncode(t, config.Demo())), `merchant_id = "1"`, `merchant_id = ""`, 1), "schemes[0] (demo): merchant_id: is required"},
		{"[merchant\n", "line 2"},
	}
	for _, tt := range tests {
		src := filepath.Join(dir, "bad.toml")
		if err := os.WriteFile(src, []byte(tt.content), 0o600); err != nil {
			t.Fatal(err)
		}
		code, _, errs := tillSetupCmds(t, noEnv, "--config", dst, "setup", "--from", src)
		if code != 1 || !strings.Contains(errs, tt.want) || !strings.Contains(errs, src) {
			t.Errorf("%q: exit %d: %s", tt.want, code, errs)
		}
		if got, _ := os.ReadFile(dst); string(got) != string(old) {
			t.Fatalf("configuration changed to %s", got)
		}
	}
	if code, _, errs := tillSetupCmds(t, noEnv, "--config", dst, "setup", "--from", filepath.Join(dir, "missing.toml")); code != 1 || !strings.Contains(errs, "missing.toml") {
		t.Fatalf("missing file: %d %s", code, errs)
	}
}

func mustEncode(t *testing.T, f config.File) []byte {
	t.Helper()
	data, err := config.Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Without a terminal the form cannot run: till says so and how else to
// set up, and writes nothing.
func TestSetupNeedsATerminal(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "config.toml")
	code, _, errs := tillSetupCmds(t, noEnv, "--config", dst, "setup")
	if code != 1 || !strings.Contains(errs, "needs a terminal") || !strings.Contains(errs, "--from") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(dst); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a file was written: %v", err)
	}
}

// A configuration that is there but broken is not silently replaced.
func TestSetupRefusesToEditABrokenFile(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(dst, []byte("[merchant]\nname = 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := tillSetupCmds(t, noEnv, "--config", dst, "setup")
	if code != 1 || !strings.Contains(errs, "fix it or move it away") || !strings.Contains(errs, dst) {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

func TestReadConfigFile(t *testing.T) {
	dir := t.TempDir()
	a := &app{}
	if f, err := a.readConfigFile(filepath.Join(dir, "none.toml")); f != nil || err != nil {
		t.Fatalf("missing file: %v, %v", f, err)
	}
	path := filepath.Join(dir, "config.toml")
	want := secretFile(t, path)
	f, err := a.readConfigFile(path)
	if err != nil || f == nil || f.Till.ManagerPIN != want.Till.ManagerPIN || len(f.Serve.Secrets) != 2 {
		t.Fatalf("%+v, %v", f, err)
	}
	// A file others can change is not taken over by editing it.
	os.Chmod(path, 0o666)
	if f, err := a.readConfigFile(path); f != nil || err == nil || !strings.Contains(err.Error(), "can be changed by anyone") {
		t.Fatalf("a configuration anyone can write was read for editing: %v, %v", f, err)
	}
}
