package qrview

import (
	"bytes"
	"fmt"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/mdp/qrterminal/v3"
)

func TestScratch(t *testing.T) {
	w := lipgloss.NewStyle().Background(lipgloss.Color("#ffffff")).Render("  ")
	b := lipgloss.NewStyle().Background(lipgloss.Color("#000000")).Render("  ")
	fmt.Printf("%q %q\n", w, b)
	st := lipgloss.NewStyle().Foreground(lipgloss.Color("#ffffff")).Background(lipgloss.Color("#000000"))
	fmt.Printf("%q\n", st.Render("▀"))
	var buf bytes.Buffer
	qrterminal.GenerateWithConfig("hello", qrterminal.Config{Level: qrterminal.M, Writer: &buf, HalfBlocks: true, BlackChar: " ", WhiteChar: "█", WhiteBlackChar: "▀", BlackWhiteChar: "▄", QuietZone: 2})
	fmt.Println(buf.String())
	buf.Reset()
	qrterminal.GenerateWithConfig("hello", qrterminal.Config{Level: qrterminal.M, Writer: &buf, BlackChar: "  ", WhiteChar: "██", QuietZone: 2})
	fmt.Println(buf.String())
}
