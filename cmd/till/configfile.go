package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// maxConfigSize bounds what till reads as a configuration: a real one is a
// few kilobytes.
const maxConfigSize = 1 << 20

// configStake ends every refusal below: what is at stake.
const configStake = "it holds payment keys and a command till runs"

// readGuardedConfig reads the configuration at path after checking that
// nobody but its owner can change it: a configuration decides whose
// account the QR codes pay and which printer command till runs, so a file
// that another user could write, or replace, is refused before it is even
// parsed. The checks are made on the opened file (and on the folders of
// the file a symbolic link leads to), so the file cannot be swapped between
// the check and the read.
//
// Root may own the file (a system-wide configuration an administrator
// keeps); any other owner is refused. Its folder must not be writable by
// others, sticky bit or not, and no folder above it may be writable by
// others without the sticky bit (as /tmp has).
func (a *app) readGuardedConfig(path string) ([]byte, fs.FileInfo, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(real)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("configuration %s is not a regular file", path)
	}
	if err := a.checkConfigOwner(path, fi); err != nil {
		return nil, nil, err
	}
	if err := a.checkConfigFolders(path, filepath.Dir(real)); err != nil {
		return nil, nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > maxConfigSize {
		return nil, nil, fmt.Errorf("configuration %s is larger than %d bytes; a configuration is a few kilobytes", path, maxConfigSize)
	}
	return data, fi, nil
}

func (a *app) uid() int {
	if a.getuid != nil {
		return a.getuid()
	}
	return os.Getuid()
}

// checkConfigOwner refuses a file others can write or another user owns.
func (a *app) checkConfigOwner(path string, fi fs.FileInfo) error {
	if perm := fi.Mode().Perm(); perm&0o022 != 0 {
		who := "other users"
		if perm&0o002 != 0 {
			who = "anyone"
		}
		return fmt.Errorf("configuration %s can be changed by %s (mode %v), and %s: run chmod 600 %s", path, who, perm, configStake, path)
	}
	if owner, ok := fileOwner(fi); ok && owner != a.uid() && owner != 0 {
		return fmt.Errorf("configuration %s belongs to another user (uid %d), and %s: use a configuration of your own", path, owner, configStake)
	}
	return nil
}

// checkConfigFolders refuses a file whose folder others can write (they
// could replace it) or another user owns, or that lies under a folder
// others can write without the sticky bit (they could rename the folders
// above it).
func (a *app) checkConfigFolders(path, dir string) error {
	for d, first := dir, true; ; d, first = filepath.Dir(d), false {
		fi, err := os.Stat(d)
		if err != nil {
			return err
		}
		perm := fi.Mode().Perm()
		sticky := fi.Mode()&fs.ModeSticky != 0
		if perm&0o002 != 0 && (first || !sticky) {
			return fmt.Errorf("configuration %s is in a folder anyone can write (%s, mode %v), who could replace it, and %s: move it to a folder of your own", path, d, perm, configStake)
		}
		if owner, ok := fileOwner(fi); first && ok && owner != a.uid() && owner != 0 {
			return fmt.Errorf("configuration %s is in a folder of another user (%s, uid %d), who could replace it, and %s: move it to a folder of your own", path, d, owner, configStake)
		}
		if parent := filepath.Dir(d); parent == d {
			return nil
		}
	}
}
