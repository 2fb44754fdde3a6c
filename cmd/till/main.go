// Command till is a terminal point of sale for QR payments. This package
// only wires: flags, configuration and database paths, and which part of
// till each subcommand calls. The work is done in payment, store and ui.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
)

// Set by the release build (-ldflags "-X main.version=...").
var version = ""

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// usageError marks a mistake in how till was called (exit status 2).
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// run executes till with args and returns the exit status: 0 on success,
// 1 on a failure, 2 on a usage error.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	// Subcommands inherit this unless they set their own (charge and
	// refund read "-5" as a negative amount first).
	root.SetFlagErrorFunc(flagError)
	// --version says what `till version` says on its first line.
	root.SetVersionTemplate("till {{.Version}}\n")
	// A usage error points at the help of the command that was run: the
	// one the arguments name, as cobra itself resolves them.
	helpFor := root.CommandPath()
	if cmd, _, err := root.Find(args); err == nil && cmd != nil {
		helpFor = cmd.CommandPath()
	}
	opts := []fang.Option{fang.WithoutManpage(), fang.WithVersion(versionString()),
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) { printError(w, err, helpFor) })}
	err := fang.Execute(ctx, root, opts...)
	switch {
	case err == nil:
		return 0
	case isUsage(err):
		return 2
	default:
		return 1
	}
}

// printError writes the error as one sentence in the Unix way, "till:
// message.", keeping the message's own case: it often starts with a file
// name or a reference, which must not change. A usage error adds where to
// read how the command is called.
func printError(w io.Writer, err error, helpFor string) {
	if errors.Is(err, errReported) {
		return // the command's own output already says it
	}
	// Messages quote file names, statement lines and payload fields: the
	// guard keeps them one line and shows controls as escapes.
	msg := safetext.Escape(strings.TrimSpace(err.Error()))
	if errors.Is(err, store.ErrDiskFull) {
		msg = "the disk is full: free some space, then try again"
	}
	if !strings.HasSuffix(msg, ".") && !strings.HasSuffix(msg, "?") {
		msg += "."
	}
	fmt.Fprintln(w, "till: "+msg)
	if isUsage(err) {
		fmt.Fprintf(w, "Run '%s --help' for usage.\n", helpFor)
	}
}

// errReported ends a command with exit status 1 when its output has
// already said what is wrong (till decode's report): saying it again on
// standard error would print each error twice.
var errReported = errors.New("reported")

func isUsage(err error) bool {
	var u usageError
	if errors.As(err, &u) {
		return true
	}
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag",
		"flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// args validators that report usage errors.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("expected %s", what)
		}
		return nil
	}
}

func rangeArgs(lo, hi int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) < lo || len(args) > hi {
			return usagef("expected %s", what)
		}
		return nil
	}
}
