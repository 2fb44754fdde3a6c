package qrview

import (
	"io"
	"strings"

	"github.com/charmbracelet/colorprofile"
)

// ColorProfile detects the colour profile of output as Bubble Tea would,
// except that NO_COLOR is ignored. A QR code without its colours is blank,
// so a program that honours NO_COLOR passes this to tea.WithColorProfile
// and keeps its own styles colourless rather than letting the renderer
// strip the code's colours too. CLICOLOR, TERM=dumb and the tty check still
// apply: a terminal that cannot show colour gets none.
func ColorProfile(output io.Writer, environ []string) colorprofile.Profile {
	kept := make([]string, 0, len(environ))
	for _, kv := range environ {
		if strings.HasPrefix(kv, "NO_COLOR=") {
			continue
		}
		kept = append(kept, kv)
	}
	return colorprofile.Detect(output, kept)
}
