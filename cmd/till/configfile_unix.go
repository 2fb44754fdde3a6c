//go:build unix

package main

import (
	"io/fs"
	"syscall"
)

// fileOwner is the uid that owns the file, where the system says.
func fileOwner(fi fs.FileInfo) (int, bool) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid), true
	}
	return 0, false
}
