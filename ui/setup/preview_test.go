package setup

import (
	"testing"
	"time"
)

// The summary counts minutes in words that agree with the number.
func TestMinutes(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Minute:      "1 minute",
		15 * time.Minute: "15 minutes",
		2 * time.Hour:    "120 minutes",
		90 * time.Second: "1 minute",
		168 * time.Hour:  "10080 minutes",
	} {
		if got := minutes(d); got != want {
			t.Errorf("minutes(%v) = %q, want %q", d, got, want)
		}
	}
}
