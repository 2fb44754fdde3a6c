package main

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The command line calls the application layer (payment/app), never the
// screens' adapter: ui/common is the TUI's, and a CLI that used it would
// take Bubble Tea messages for its data model again.
func TestCommandLineDoesNotUseTheScreensAdapter(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "github.com/till-pos/till/ui/common" {
				t.Errorf("%s imports %s: call payment/app instead", name, path)
			}
		}
	}
}
