package qrview

import (
	"fmt"

	"github.com/charmbracelet/x/ansi"
)

// FitMessage is EnlargeMessage in the longest wording that fits room cells
// on one line: a message that wraps in a small window would push the
// amount off the screen it is meant to keep. The last form fits in 16
// cells for any window up to 999×999.
func FitMessage(width, height, room int) string {
	forms := []string{
		EnlargeMessage(width, height) + " to show the QR code",
		EnlargeMessage(width, height),
		fmt.Sprintf("enlarge to %d×%d for the QR", width, height),
		fmt.Sprintf("QR needs %d×%d", width, height),
	}
	for _, f := range forms {
		if ansi.StringWidth(f) <= room {
			return f
		}
	}
	return forms[len(forms)-1]
}
