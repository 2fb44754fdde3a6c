package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A configuration decides whose account the codes pay and which command
// till runs: one that anybody but its owner could change or replace is
// refused, in one sentence that says why, before it is parsed.
func TestConfigFileGuard(t *testing.T) {
	root := os.Getuid() == 0
	const stranger = 65534 // nobody
	for _, tt := range []struct {
		name  string
		setup func(t *testing.T, a *app, dir, path string) // dir holds path; its parent is private
		want  string                                       // "" when accepted
	}{
		{"owner-only file in a private folder", func(*testing.T, *app, string, string) {}, ""},
		{"readable by all, no secrets", func(t *testing.T, _ *app, _, path string) { chmod(t, path, 0o644) }, ""},
		{"group can write", func(t *testing.T, _ *app, _, path string) { chmod(t, path, 0o620) },
			"can be changed by other users (mode -rw--w----), and it holds payment keys and a command till runs: run chmod 600"},
		{"anyone can write", func(t *testing.T, _ *app, _, path string) { chmod(t, path, 0o602) },
			"can be changed by anyone (mode -rw-----w-), and it holds payment keys and a command till runs: run chmod 600"},
		{"another user's file", func(t *testing.T, a *app, _, path string) {
			if root {
				chown(t, path, stranger)
			} else {
				uid := os.Getuid() + 1 // the file's owner is now someone else
				a.getuid = func() int { return uid }
			}
		}, "belongs to another user (uid "},
		{"root's file", func(t *testing.T, a *app, _, _ string) {
			if !root {
				t.Skip("only root can give a file to root")
			}
			a.getuid = func() int { return 1000 } // run as a user; the file is root's
		}, ""},
		{"folder anyone can write", func(t *testing.T, _ *app, dir, _ string) { chmod(t, dir, 0o777) },
			"is in a folder anyone can write ("},
		{"folder anyone can write, sticky", func(t *testing.T, _ *app, dir, _ string) { chmod(t, dir, 0o777|os.ModeSticky) },
			"is in a folder anyone can write ("},
		{"folder above anyone can write", func(t *testing.T, _ *app, dir, _ string) { chmod(t, filepath.Dir(dir), 0o777) },
			"is in a folder anyone can write ("},
		{"folder above anyone can write, sticky (as /tmp)", func(t *testing.T, _ *app, dir, _ string) {
			chmod(t, filepath.Dir(dir), 0o777|os.ModeSticky)
		}, ""},
		{"another user's folder", func(t *testing.T, _ *app, dir, _ string) {
			if !root {
				t.Skip("only root can give a folder away")
			}
			chown(t, dir, stranger)
		}, "is in a folder of another user ("},
		{"a link into a folder anyone can write", func(t *testing.T, a *app, dir, path string) {
			open := filepath.Join(t.TempDir(), "open")
			os.Mkdir(open, 0o700)
			chmod(t, open, 0o777)
			target := filepath.Join(open, "config.toml")
			data, _ := os.ReadFile(path)
			os.WriteFile(target, data, 0o600)
			os.Remove(path)
			if err := os.Symlink(target, path); err != nil {
				t.Fatal(err)
			}
		}, "is in a folder anyone can write ("},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			dir := filepath.Join(filepath.Dir(e.config), "private", "till")
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "config.toml")
			data, _ := os.ReadFile(e.config)
			os.WriteFile(path, data, 0o600)
			e.config = path
			a := e.app()
			tt.setup(t, a, dir, path)
			_, err := a.loadConfig()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("got %v, want %q", err, tt.want)
			case err != nil && (strings.Count(err.Error(), "\n") > 0 || !strings.HasPrefix(err.Error(), "configuration "+path)):
				t.Fatalf("not one sentence naming the file: %q", err)
			}
		})
	}
}

func chmod(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	// t.TempDir's cleanup must still be able to remove what is inside.
	t.Cleanup(func() { os.Chmod(path, 0o700) })
}

func chown(t *testing.T, path string, uid int) {
	t.Helper()
	if err := os.Chown(path, uid, -1); err != nil {
		t.Fatal(err)
	}
}
