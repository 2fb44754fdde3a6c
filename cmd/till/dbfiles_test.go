package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// withForeignDB puts another program's SQLite database where till's
// should be, runs till with args, and checks the file is left byte for
// byte as it was, with nothing added beside it.
func withForeignDB(args ...string) func(*testing.T, env) (int, string) {
	return func(t *testing.T, e env) (int, string) {
		db, err := sql.Open("sqlite", "file:"+e.db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`PRAGMA journal_mode = DELETE; CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ana')`); err != nil {
			t.Fatal(err)
		}
		db.Close()
		before := dirSums(t, filepath.Dir(e.db))
		code, _, errs := e.till(args...)
		after := dirSums(t, filepath.Dir(e.db))
		if len(before) != len(after) {
			t.Errorf("till %v added or removed files beside another program's database: %v", args, after)
		}
		for name, sum := range before {
			if after[name] != sum {
				t.Errorf("till %v changed %s", args, name)
			}
		}
		return code, strings.ReplaceAll(strings.TrimSpace(errs), e.db, "DB")
	}
}

func dirSums(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][32]byte{}
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err == nil {
			out[e.Name()] = sha256.Sum256(b)
		}
	}
	return out
}

// charged makes one order and returns its reference.
func charged(t *testing.T, e env) string {
	t.Helper()
	code, out, errs := e.till("charge", "4.20", "--json")
	if code != 0 {
		t.Fatalf("charge: %s", errs)
	}
	var o orderJSON
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatal(err)
	}
	return o.Ref
}

// readCommands runs every read-only command on e's database and fails
// the test if one does not work.
func readCommands(t *testing.T, e env, ref string) {
	t.Helper()
	for _, args := range [][]string{
		{"orders"},
		{"orders", "--json"},
		{"report"},
		{"receipt", ref},
		{"check"},
		{"backup", filepath.Join(t.TempDir(), "copy.db")},
	} {
		if code, out, errs := e.till(args...); code != 0 {
			t.Errorf("till %s: exit %d: %s", strings.Join(args, " "), code, errs)
		} else if args[0] == "orders" && !strings.Contains(out, ref) {
			t.Errorf("till %s does not list %s:\n%s", strings.Join(args, " "), ref, out)
		}
	}
}

// The read-only commands work on a read-only medium (a read-only bind
// mount: as root, file modes do not stop writes); writing commands say
// why they cannot.
func TestReadOnlyCommandsOnReadOnlyMedium(t *testing.T) {
	e := newEnv(t)
	ref := charged(t, e)
	ro := t.TempDir()
	if out, err := exec.Command("mount", "--bind", filepath.Dir(e.db), ro).CombinedOutput(); err != nil {
		t.Skipf("cannot bind-mount (needs root and mount rights): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", ro).Run() })
	if out, err := exec.Command("mount", "-o", "remount,ro,bind", ro).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
	e.db, e.config = filepath.Join(ro, "till.db"), filepath.Join(ro, "config.toml")
	readCommands(t, e, ref)
	code, _, errs := e.till("charge", "1")
	if code == 0 || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
		t.Errorf("charge on a read-only medium: exit %d, %q", code, errs)
	}
}

// On a full disk a write says "the disk is full" in one sentence, and the
// read-only commands still work.
func TestDiskFullSaysSo(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (needs root and mount rights): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	e := newEnv(t)
	e.db = filepath.Join(dir, "till.db")
	ref := charged(t, e)
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	for buf := make([]byte, 4096); err == nil; {
		_, err = f.Write(buf)
	}
	f.Close()
	for _, args := range [][]string{{"charge", "1"}, {"cancel", ref, "--reason", "x"}, {"backup", filepath.Join(dir, "copy.db")}} {
		code, _, errs := e.till(args...)
		if code != 1 || strings.TrimSpace(errs) != "till: the disk is full: free some space, then try again." {
			t.Errorf("till %s on a full disk: exit %d, %q", strings.Join(args, " "), code, errs)
		}
	}
	readCommands(t, e, ref)
}

// A till run as an ordinary user reads a database in a folder it cannot
// write (no -shm can be made there). Root passes every permission check,
// so this runs the real binary as "nobody".
func TestReadOnlyFolderAsAnotherUser(t *testing.T) {
	if _, err := exec.LookPath("runuser"); err != nil || os.Getuid() != 0 {
		t.Skip("needs root and runuser to run till as the user nobody")
	}
	e := newEnv(t)
	ref := charged(t, e)
	base, err := os.MkdirTemp("", "till-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(base, 0o755); os.RemoveAll(base) })
	bin := filepath.Join(base, "till")
	data := filepath.Join(base, "data")
	for _, c := range [][]string{{"cp", tillBinary, bin}, {"mkdir", data}, {"cp", e.db, filepath.Join(data, "till.db")}, {"cp", e.config, filepath.Join(base, "config.toml")}} {
		if out, err := exec.Command(c[0], c[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v %s", c, err, out)
		}
	}
	os.Chmod(base, 0o755)
	os.Chmod(bin, 0o755)
	os.Chmod(filepath.Join(data, "till.db"), 0o444)
	os.Chmod(data, 0o555)
	if out, err := exec.Command("chown", "nobody", filepath.Join(base, "config.toml")).CombinedOutput(); err != nil {
		t.Skipf("chown to nobody: %v %s", err, out)
	}
	before := dirSums(t, data)
	for _, args := range [][]string{{"orders"}, {"report"}, {"receipt", ref}, {"check"}} {
		cmd := exec.Command("runuser", append([]string{"-u", "nobody", "--", bin, "--db", filepath.Join(data, "till.db"), "--config", filepath.Join(base, "config.toml")}, args...)...)
		cmd.Env = []string{"HOME=/nonexistent", "PATH=/usr/bin:/bin"}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("till %s as nobody in a read-only folder: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	if after := dirSums(t, data); len(after) != len(before) || after["till.db"] != before["till.db"] {
		t.Errorf("reading changed the folder: %v", after)
	}
}
