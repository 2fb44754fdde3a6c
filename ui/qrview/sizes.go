package qrview

import (
	"fmt"
	"strings"
)

// SizeRow says how much room one payload length needs, measured by encoding
// a payload of that length (byte mode, the worst case: any lower-case
// letter forces it, as in PIX's "br.gov.bcb.pix").
type SizeRow struct {
	Bytes              int
	ModulesM, ModulesL int // modules per side; 0 if the level cannot hold it
	// Cell areas (width×height) of the best variant of each mode (level M,
	// quiet zone 4) and of the smallest (level L if smaller, quiet zone 2).
	FullBest, FullMin, HalfBest, HalfMin [2]int
}

// SizeTable measures the areas needed for payloads of the given lengths in
// bytes. Lengths too long for any QR code are skipped.
func SizeTable(lengths ...int) []SizeRow {
	var rows []SizeRow
	for _, n := range lengths {
		c, err := New(strings.Repeat("a", n))
		if err != nil {
			continue
		}
		r := SizeRow{Bytes: n, ModulesM: c.Modules(LevelM), ModulesL: c.Modules(LevelL)}
		r.FullBest, r.FullMin = c.modeSizes(Full)
		r.HalfBest, r.HalfMin = c.modeSizes(Half)
		rows = append(rows, r)
	}
	return rows
}

// modeSizes returns the area of the first and last variant of a mode.
func (c *Code) modeSizes(m Mode) (best, smallest [2]int) {
	first := true
	for _, v := range c.Variants() {
		if v.Mode != m {
			continue
		}
		w, h, _ := c.Size(v)
		if first {
			best, first = [2]int{w, h}, false
		}
		smallest = [2]int{w, h}
	}
	return best, smallest
}

// FormatSizeTable renders rows as a Markdown table for the README.
func FormatSizeTable(rows []SizeRow) string {
	var b strings.Builder
	b.WriteString("| payload | modules M / L | full blocks M q4 | full blocks smallest | half blocks M q4 | half blocks smallest |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	area := func(a [2]int) string { return fmt.Sprintf("%d×%d", a[0], a[1]) }
	for _, r := range rows {
		fmt.Fprintf(&b, "| %d B | %d / %d | %s | %s | %s | %s |\n", r.Bytes, r.ModulesM, r.ModulesL,
			area(r.FullBest), area(r.FullMin), area(r.HalfBest), area(r.HalfMin))
	}
	return b.String()
}
