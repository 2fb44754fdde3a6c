package main

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/till-pos/till/payment"
)

// flagError turns cobra's and pflag's flag errors into usage errors that
// read as one sentence for a person: `--limit: "abc" is not a whole
// number` rather than the strconv error underneath.
func flagError(_ *cobra.Command, err error) error {
	var invalid *pflag.InvalidValueError
	if errors.As(err, &invalid) {
		f := invalid.GetFlag()
		return usagef("--%s: %q is %s", f.Name, invalid.GetValue(), flagValueRule(f.Value.Type()))
	}
	return usageError{err}
}

// flagValueRule says what a flag of pflag's type name takes.
func flagValueRule(typ string) string {
	switch typ {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "not a whole number"
	case "float32", "float64":
		return "not a number"
	case "bool":
		return "not true or false"
	case "duration":
		return "not a duration like 4s, 2m or 1h30m"
	default:
		return "not a valid " + typ
	}
}

// negativeAmount is how pflag reports "-5" where an amount was meant: as
// the unknown shorthand flag '5'.
var negativeAmount = regexp.MustCompile(`^unknown shorthand flag: '[0-9.,]' in (-[0-9.,]+)$`)

// amountFlagError is the flag error function of commands that take an
// AMOUNT argument: "till charge -5" reaches cobra as an unknown flag, but
// it is a bad amount, and is reported as one.
func amountFlagError(cmd *cobra.Command, err error) error {
	if m := negativeAmount.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("amount %q: %w", m[1], payment.ErrAmountNegative)
	}
	return flagError(cmd, err)
}
