//go:build !race

package statement

const raceEnabled = false
