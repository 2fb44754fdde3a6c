package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// Printer puts text on paper.
type Printer interface {
	Print(ctx context.Context, text string) error
	// String names the printer for the person who printed ("lp -d receipt").
	String() string
}

// PrintTimeout bounds one printing: a spooler answers at once, and a
// printer that hangs must become an error, not a stuck command.
const PrintTimeout = 30 * time.Second

// ErrNoPrinter is returned when printing with no printer command set.
var ErrNoPrinter = errors.New(`no printer is configured: set printer in the [till] section of the configuration, for example printer = "lp -d receipt"`)

// CommandPrinter is a printer command from the configuration, such as
// "lp -d receipt", run by RunPrinter.
type CommandPrinter string

// Print runs the command with text on its standard input.
func (c CommandPrinter) Print(ctx context.Context, text string) error {
	return RunPrinter(ctx, string(c), text)
}

func (c CommandPrinter) String() string { return string(c) }

// maxPrinterSaid bounds how much of a printer command's standard error a
// failure quotes.
const maxPrinterSaid = 600

// RunPrinter runs a printer command such as "lp -d receipt" with text on
// its standard input. The command goes through /bin/sh -c, as git runs
// the commands in its configuration: quotes, pipes and redirections work
// as the merchant would type them ("lp -d 'Front desk'", "tee -a
// receipts.txt | lp"). The configuration file it comes from can be
// changed by its owner only (till refuses it otherwise).
func RunPrinter(ctx context.Context, command, text string) error {
	if strings.TrimSpace(command) == "" {
		return ErrNoPrinter
	}
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
	cmd.Stdin = strings.NewReader(text)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("printer command %q did not finish in time", command)
		}
		// The exit status and everything the command said (a spooler's
		// reason is often on its second line), within reason.
		why := err.Error()
		if said := strings.TrimSpace(stderr.String()); said != "" {
			if len(said) > maxPrinterSaid {
				said = said[:maxPrinterSaid] + "…"
			}
			why += ": " + strings.Join(strings.Fields(strings.ReplaceAll(said, "\n", " / ")), " ")
		}
		return fmt.Errorf("printer command %q failed (%s)", command, why)
	}
	return nil
}
