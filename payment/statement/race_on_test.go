//go:build race

package statement

// The race detector makes the reader ten times slower; the memory tests
// read fewer lines under it.
const raceEnabled = true
