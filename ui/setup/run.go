package setup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/ui/qrview"
)

// Run shows the setup form on the terminal behind in and out until the
// configuration is saved to o.Path (it returns it) or the person cancels
// (ErrCancelled; nothing is written).
func Run(ctx context.Context, o Options, in io.Reader, out io.Writer) (config.File, error) {
	p := tea.NewProgram(New(o), tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out),
		// The test code keeps its black and white under NO_COLOR (see
		// qrview); the form's own styles drop colour through o.NoColor.
		tea.WithColorProfile(qrview.ColorProfile(out, os.Environ())))
	final, err := p.Run()
	if err != nil {
		if ctx.Err() != nil {
			return config.File{}, fmt.Errorf("setup: %w", ctx.Err())
		}
		if !errors.Is(err, tea.ErrProgramKilled) {
			return config.File{}, fmt.Errorf("terminal: %w", err)
		}
	}
	if m, ok := final.(Model); ok {
		if f, saved := m.Saved(); saved {
			return f, nil
		}
	}
	return config.File{}, ErrCancelled
}
