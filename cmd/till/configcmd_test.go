package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/adrg/xdg"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/pin"
)

// tillSetupCmds runs till in-process like run, with getenv standing for
// the environment.
func tillSetupCmds(t *testing.T, getenv func(string) string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: getenv}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SilenceErrors, root.SilenceUsage = true, true
	if err := root.ExecuteContext(context.Background()); err != nil {
		printError(&errOut, err, "till")
		return 1, out.String(), errOut.String()
	}
	return 0, out.String(), errOut.String()
}

// testSecrets are the secrets of secretFile; none may ever be printed.
var testSecrets = []string{"0123456789abcdef0123456789abcdef", "a-second-secret-for-rotation-42"}

var testHash = sync.OnceValues(func() (string, error) { return pin.Hash("97531") })

// secretFile writes a configuration with notification secrets and a PIN.
func secretFile(t *testing.T, path string) config.File {
	t.Helper()
	hash, err := testHash()
	if err != nil {
		t.Fatal(err)
	}
	f := config.Demo()
	f.Till.ManagerPIN = hash
	f.Till.Cashier = ""
	f.Serve = config.ServeSection{Addr: "127.0.0.1:9999", Secrets: testSecrets}
	if err := config.Save(path, f); err != nil {
		t.Fatal(err)
	}
	return f
}

func noEnv(string) string { return "" }

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// withXDG points the default locations at temporary folders.
func withXDG(t *testing.T) (configHome, dataHome string) {
	t.Helper()
	t.Cleanup(xdg.Reload) // runs after the variables are restored
	configHome, dataHome = t.TempDir(), t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", configHome)
	t.Setenv("XDG_DATA_HOME", dataHome)
	xdg.Reload()
	return configHome, dataHome
}

// Each way of naming the configuration and the database is reported as
// its source, and no secret is ever printed.
func TestConfigShowsSourcesAndMasksSecrets(t *testing.T) {
	configHome, dataHome := withXDG(t)
	dir := t.TempDir()
	flagPath, envPath := filepath.Join(dir, "flag.toml"), filepath.Join(dir, "env.toml")
	defPath := filepath.Join(configHome, "till", "config.toml")
	for _, p := range []string{flagPath, envPath, defPath} {
		secretFile(t, p)
	}
	tests := []struct {
		name         string
		args         []string
		env          map[string]string
		path, source string
		db, dbSource string
	}{
		{"flags", []string{"--config", flagPath, "--db", "/x/flag.db"}, map[string]string{"TILL_CONFIG": envPath, "TILL_DB": "/x/env.db"},
			flagPath, "--config flag", "/x/flag.db", "--db flag"},
		{"environment", nil, map[string]string{"TILL_CONFIG": envPath, "TILL_DB": "/x/env.db"},
			envPath, "TILL_CONFIG", "/x/env.db", "TILL_DB"},
		{"defaults", nil, nil, defPath, "default location", filepath.Join(dataHome, "till", "till.db"), "default location"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := tillSetupCmds(t, envOf(tt.env), append(append([]string{}, tt.args...), "config")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			for _, want := range []string{
				"Configuration  " + tt.path + " (" + tt.source + ")",
				"Database       " + tt.db + " (" + tt.dbSource + ")",
				"Manager PIN    set", "Notifications  2 secrets, till serve listens on 127.0.0.1:9999",
				"Expiry         15m\n", "Schemes        demo (emv)", "manager_pin = \"********\"",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			assertNoSecret(t, out+errs)

			code, out, errs = tillSetupCmds(t, envOf(tt.env), append(append([]string{}, tt.args...), "config", "--json")...)
			if code != 0 {
				t.Fatalf("--json exit %d: %s", code, errs)
			}
			assertNoSecret(t, out+errs)
			var j configJSON
			if err := json.Unmarshal([]byte(out), &j); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if j.ConfigPath != tt.path || j.ConfigSource != tt.source || j.DBPath != tt.db || j.DBSource != tt.dbSource {
				t.Errorf("locations: %+v", j)
			}
			e := j.Effective
			if e.Merchant.Currency != "BRL" || e.CurrencyExponent != 2 || e.ExpirySeconds != 900 || !e.ManagerPIN ||
				e.NotifySecrets != 2 || !e.Bell || len(e.Schemes) != 1 || e.Schemes[0] != (configSchemeJSON{"demo", "emv"}) {
				t.Errorf("effective: %+v", e)
			}
			till, _ := j.File["till"].(map[string]any)
			serve, _ := j.File["serve"].(map[string]any)
			if till["manager_pin"] != config.Mask || len(serve["secrets"].([]any)) != 2 || serve["secrets"].([]any)[0] != config.Mask {
				t.Errorf("file: %v", j.File)
			}

			code, out, _ = tillSetupCmds(t, envOf(tt.env), append(append([]string{}, tt.args...), "config", "--path")...)
			if code != 0 || out != tt.path+"\n" {
				t.Errorf("--path: %d %q", code, out)
			}
		})
	}
}

func assertNoSecret(t *testing.T, out string) {
	t.Helper()
	hash, _ := testHash()
	for _, s := range append([]string{hash, "pbkdf2-sha256$"}, testSecrets...) {
		if strings.Contains(out, s) {
			t.Fatalf("output shows the secret %q:\n%s", s, out)
		}
	}
}

func TestConfigWithoutFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.toml")
	code, out, errs := tillSetupCmds(t, noEnv, "--config", path, "config")
	if code != 1 || !strings.Contains(errs, "till setup") || !strings.Contains(out, path+" (--config flag)") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	// --path needs no file.
	if code, out, _ := tillSetupCmds(t, noEnv, "--config", path, "config", "--path"); code != 0 || out != path+"\n" {
		t.Fatalf("--path: %d %q", code, out)
	}
}

func TestConfigRefusesReadableSecrets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	secretFile(t, path)
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := tillSetupCmds(t, noEnv, "--config", path, "config")
	if code != 1 || !strings.Contains(errs, "chmod 600") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	assertNoSecret(t, out+errs)
}

func TestConfigDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		15 * time.Minute: "15m", 90 * time.Minute: "1h30m", 2 * time.Hour: "2h", 168 * time.Hour: "168h", 90 * time.Second: "1m30s",
	} {
		if got := configDuration(d); got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
}
