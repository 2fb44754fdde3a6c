package locale

import (
	"testing"
	"time"
)

// Each language writes a recent day as its short date without the year.
func TestDayMonth(t *testing.T) {
	at := time.Date(2026, 11, 5, 9, 30, 0, 0, time.UTC)
	want := map[string]string{"en": "11-05", "pt-BR": "05/11", "es": "05/11", "de": "05.11.", "th": "05/11",
		"zh-Hans": "11/05", "vi": "05/11", "ms": "05/11", "id": "05/11"}
	for _, tag := range Supported {
		if got := New(tag).DayMonth(at); got != want[tag.String()] {
			t.Errorf("%v: DayMonth = %q, want %q", tag, got, want[tag.String()])
		}
	}
}
