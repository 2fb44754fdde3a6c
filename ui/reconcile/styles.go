package reconcile

import (
	"charm.land/bubbles/v2/filepicker"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"github.com/till-pos/till/payment/safetext"
	"github.com/till-pos/till/ui/styles"
)

// pickerStyles dresses the file picker in till's palette. Files that
// cannot be imported are faint as well as muted, so they stand apart
// without colour; folders show their "d" permission bit.
func pickerStyles(s *styles.Styles, empty string) filepicker.Styles {
	fs := filepicker.DefaultStyles()
	fs.Cursor = s.Title
	fs.DisabledCursor = s.Muted
	fs.Selected = s.Value
	fs.DisabledSelected = s.Muted.Faint(true)
	fs.Directory = s.Title.Bold(false)
	fs.Symlink = s.Notice
	fs.File = lipgloss.NewStyle()
	fs.DisabledFile = s.Muted.Faint(true)
	fs.Permission = s.Muted
	fs.FileSize = s.Muted.Width(7).Align(lipgloss.Right)
	fs.EmptyDirectory = s.Muted.PaddingLeft(2).SetString(empty)
	return fs
}

// ownSGR are the SGR sequences the picker's styles write.
func ownSGR(fs filepicker.Styles) map[string]bool {
	var rendered []string
	for _, st := range []lipgloss.Style{fs.Cursor, fs.DisabledCursor, fs.Selected, fs.DisabledSelected,
		fs.Directory, fs.Symlink, fs.File, fs.DisabledFile, fs.Permission, fs.FileSize, fs.EmptyDirectory} {
		rendered = append(rendered, st.Render("x"))
	}
	return safetext.OwnSGR(rendered...)
}

// inputStyles keep the cursor steady: a blinking cursor redraws the screen
// twice a second for nothing, which a till on a slow link can do without.
func inputStyles(s *styles.Styles) textinput.Styles {
	ts := textinput.DefaultStyles(true)
	ts.Focused.Text = lipgloss.NewStyle()
	ts.Blurred.Text = s.Muted
	ts.Focused.Placeholder = s.Muted
	ts.Blurred.Placeholder = s.Muted
	ts.Cursor.Color = s.Title.GetForeground()
	ts.Cursor.Blink = false
	return ts
}
