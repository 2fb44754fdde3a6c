// Package common is what every till screen shares: the window size, the
// styles and keys, the messages screens exchange, and the Backend, the
// only way a screen reaches the store (through tea.Cmd functions that run
// off the event loop).
package common

import (
	"time"

	"github.com/till-pos/till/ui/keymap"
	"github.com/till-pos/till/ui/styles"
)

// Common is embedded by every screen.
type Common struct {
	Width, Height int
	// ChromeHeight is how many rows the root model uses around a screen
	// (header, help), so a screen can tell how big the window must be.
	ChromeHeight int
	Styles       *styles.Styles
	Keys         *keymap.KeyMap
	Backend      *Backend
	// Now is the clock (tests pin it).
	Now func() time.Time
}

// SetSize records the area a screen may draw in.
func (c *Common) SetSize(w, h int) { c.Width, c.Height = w, h }
