package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/till-pos/till/payment/config"
)

// till setup --from cannot change or remove the manager PIN without the
// current one: a wrong PIN leaves the configuration byte for byte as it was.
func TestSetupFromNeedsTheCurrentPIN(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "config.toml")
	current := secretFile(t, dst) // PIN 97531
	before, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	noPIN := current
	noPIN.Till.ManagerPIN = ""
	src := filepath.Join(dir, "new.toml")
	if err := config.Save(src, noPIN); err != nil {
		t.Fatal(err)
	}
	code, _, errs := tillSetupCmds(t, envOf(map[string]string{"TILL_PIN": "11111"}), "--config", dst, "setup", "--from", src)
	if code != 1 || !strings.Contains(errs, "changes the manager PIN, which needs the current one: wrong manager PIN") {
		t.Fatalf("wrong PIN: exit %d: %s", code, errs)
	}
	if after, _ := os.ReadFile(dst); !bytes.Equal(after, before) {
		t.Fatal("a wrong PIN changed the configuration")
	}
	// Other changes with the PIN as it is need no PIN.
	same := current
	same.Merchant.Name = "Other Name"
	if err := config.Save(src, same); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := tillSetupCmds(t, noEnv, "--config", dst, "setup", "--from", src); code != 0 {
		t.Fatalf("same PIN: exit %d: %s", code, errs)
	}
	if err := config.Save(src, noPIN); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := tillSetupCmds(t, envOf(map[string]string{"TILL_PIN": "97531"}), "--config", dst, "setup", "--from", src); code != 0 {
		t.Fatalf("right PIN: exit %d: %s", code, errs)
	}
	if f, err := (&app{getenv: os.Getenv, getuid: os.Getuid}).readConfigFile(dst); err != nil || f.Till.ManagerPIN != "" {
		t.Fatalf("PIN not removed: %v", err)
	}
}
