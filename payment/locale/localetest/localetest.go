// Package localetest checks that code asks the catalog only for messages
// it has: every string literal passed to a translating function (l.T,
// tr, ...) in a package's source must be a key of payment/locale.
package localetest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/till-pos/till/payment/locale"
)

// CheckCalls fails t for each call in the non-test Go files of dir whose
// function is named one of names (a method or a plain function) and whose
// first argument is a string literal that is not in the catalog. It
// returns how many such calls it found, so a test can check it looked.
func CheckCalls(t testing.TB, dir string, names ...string) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	fset := token.NewFileSet()
	found := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !want[name] || !ok || lit.Kind != token.STRING {
				return true
			}
			key, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			found++
			if !locale.Known(key) {
				t.Errorf("%s: %q is not in the catalog (payment/locale)", fset.Position(lit.Pos()), key)
			}
			return true
		})
	}
	return found
}
