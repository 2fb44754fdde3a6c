package setup

import (
	"testing"
	"time"

	"github.com/till-pos/till/payment/locale"
)

// The summary counts minutes in words that agree with the number, by the
// language's plural rules.
func TestMinutes(t *testing.T) {
	de := locale.New(locale.German)
	for _, tt := range []struct {
		l    locale.Locale
		d    time.Duration
		want string
	}{
		{locale.Locale{}, time.Minute, "1 minute"},
		{locale.Locale{}, 15 * time.Minute, "15 minutes"},
		{locale.Locale{}, 2 * time.Hour, "120 minutes"},
		{locale.Locale{}, 90 * time.Second, "1 minute"},
		{locale.Locale{}, 168 * time.Hour, "10,080 minutes"},
		{de, time.Minute, "1 Minute"},
		{de, 168 * time.Hour, "10.080 Minuten"},
	} {
		if got := minutes(tt.l, tt.d); got != tt.want {
			t.Errorf("minutes(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
