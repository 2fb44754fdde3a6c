package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/till-pos/till/payment/decode"
)

// errInvalidPayload makes `till decode` exit 1 after printing its report.
var errInvalidPayload = errors.New("the payload is not valid")

// maxPayload bounds what decode reads from stdin: the largest QR code
// holds 2,953 bytes.
const maxPayload = 8 << 10

func (a *app) decodeCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "decode PAYLOAD|-",
		Short: "Inspect and validate a payment QR payload (EMV, PIX, PromptPay, UPI, EPC...)",
		Long: "Inspect any supported payment payload: the fields with their names, the schemes\n" +
			"found, and every rule it breaks. Use - to read the payload from standard input.\n" +
			"Exit status 0 when the payload is valid, 1 when it is not.",
		Args: exactArgs(1, "one PAYLOAD, or - for standard input"),
		RunE: func(_ *cobra.Command, args []string) error {
			payload := args[0]
			if payload == "-" {
				b, err := io.ReadAll(io.LimitReader(a.stdin, maxPayload+1))
				if err != nil {
					return fmt.Errorf("read standard input: %w", err)
				}
				if len(b) > maxPayload {
					return fmt.Errorf("standard input is longer than %d bytes; no QR code holds that much", maxPayload)
				}
				// One trailing line break is the shell's, not the code's.
				payload = strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
			}
			r := decode.Decode(payload)
			if asJSON {
				if err := writeJSON(a.stdout, r); err != nil {
					return err
				}
			} else {
				fmt.Fprint(a.stdout, r.Text())
			}
			if !r.Valid {
				// The report lists every error, each once; exit 1.
				return fmt.Errorf("%w: %w", errInvalidPayload, errReported)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	return cmd
}
