package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/till-pos/till/payment"
	tillapp "github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/receipt"
	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/qrview"
)

func (a *app) receiptCommand() *cobra.Command {
	var width int
	var out string
	var force, toPrinter, withQR, ascii bool
	cmd := &cobra.Command{
		Use:   "receipt REF",
		Short: "Show, save or print an order's receipt",
		Long: "Show the plain-text receipt of an order, write it to a file (--out), or send it to the\n" +
			"printer command set as printer in the [till] section of the configuration (--print),\n" +
			"which gets the receipt on its standard input, e.g. printer = \"lp -d receipt\".\n" +
			"Thermal printers take 32, 42 or 48 columns; screens 80.",
		Args: exactArgs(1, "one order reference"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if width < receipt.MinWidth || width > receipt.MaxWidth {
				return usagef("--width %d: use %d to %d columns (32, 42 or 48 for thermal printers, 80 for a screen)",
					width, receipt.MinWidth, receipt.MaxWidth)
			}
			if withQR && ascii {
				return usagef("--qr draws with block characters, which --ascii leaves out: choose one")
			}
			if force && out == "" {
				return usagef("--force only applies with --out FILE")
			}
			ref, err := payment.ParseReference(args[0])
			if err != nil {
				return err
			}
			return a.withStoreFor(cmd.Context(), true, func(cfg *config.Config, st *store.Store) error {
				if toPrinter && strings.TrimSpace(cfg.File.Till.Printer) == "" {
					return tillapp.ErrNoPrinter
				}
				r, err := tillapp.LoadReceipt(cmd.Context(), st, ref, cfg.Merchant, false)
				if err != nil {
					return err
				}
				// A receipt is the customer's paper: it follows [till]
				// receipt_language (or language) when the merchant set one,
				// but never the environment, so scripts keep what they read.
				opt := receipt.Options{Width: width, ASCII: ascii, Lang: cfg.ReceiptLocale(noEnvironment)}
				toScreen := out == "" && !toPrinter
				if withQR {
					if opt.QR, err = a.receiptQR(ref, toScreen); err != nil {
						return err
					}
				}
				if toScreen {
					return a.writeReceipt(receipt.Text(r, opt))
				}
				if out != "" {
					if err := writeNewFile(out, receipt.Text(r, opt), force); err != nil {
						return err
					}
					fmt.Fprintf(a.stdout, "Receipt of %s written to %s\n", ref.Grouped(), out)
				}
				if toPrinter {
					printer := cfg.File.Till.Printer
					opt.Feed = 3
					if err := tillapp.RunPrinter(cmd.Context(), printer, receipt.Text(r, opt)); err != nil {
						return err
					}
					fmt.Fprintf(a.stdout, "Receipt of %s sent to the printer (%s)\n", ref.Grouped(), safetext.Escape(printer))
				}
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&width, "width", receipt.DefaultWidth, "line width in columns")
	fl.StringVar(&out, "out", "", "write the receipt to FILE instead of the screen")
	fl.BoolVar(&force, "force", false, "with --out: replace FILE if it exists")
	fl.BoolVar(&toPrinter, "print", false, "send the receipt to the configured printer command")
	fl.BoolVar(&withQR, "qr", false, "add a small QR code of the order reference")
	fl.BoolVar(&ascii, "ascii", false, "plain ASCII only, for printers without UTF-8")
	return cmd
}

// isTerminal reports whether till's output is a terminal.
func (a *app) isTerminal() bool {
	f, ok := a.stdout.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// receiptQR draws the reference as a QR block: with explicit black and
// white on a terminal, where plain ink characters would show inverted on a
// dark theme; as ink characters for paper and files.
func (a *app) receiptQR(ref payment.Reference, toScreen bool) (*receipt.QR, error) {
	if toScreen && a.isTerminal() {
		code, err := qrview.New(string(ref))
		if err != nil {
			return nil, err
		}
		if l, ok := code.LayoutOf(qrview.Variant{Mode: qrview.Half, Level: qrview.LevelM, QuietZone: qrview.MinQuietZone}); ok {
			return &receipt.QR{Lines: strings.Split(l.View, "\n"), Width: l.Width}, nil
		}
	}
	lines, err := tillapp.ReceiptQR(string(ref))
	if err != nil {
		return nil, err
	}
	return &receipt.QR{Lines: lines}, nil
}

// writeReceipt prints a receipt on standard output, keeping a QR's
// colours on a terminal (even under NO_COLOR: a code without its colours
// is blank) and dropping escape codes anywhere else.
func (a *app) writeReceipt(text string) error {
	w := colorprofile.NewWriter(a.stdout, os.Environ())
	if a.isTerminal() {
		w.Profile = qrview.ColorProfile(a.stdout, os.Environ())
	}
	_, err := io.WriteString(w, text)
	return err
}

// writeNewFile writes text to path, refusing to replace a file that is
// already there unless force is set.
func writeNewFile(path, text string, force bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: choose another file, or add --force to replace it", path)
	}
	if err != nil {
		return fmt.Errorf("write receipt: %w", err)
	}
	if _, err := io.WriteString(f, text); err != nil {
		f.Close()
		return fmt.Errorf("write receipt to %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write receipt to %s: %w", path, err)
	}
	return nil
}

// noEnvironment is a getenv that finds nothing: the command line's output
// does not change with LANG.
func noEnvironment(string) string { return "" }
