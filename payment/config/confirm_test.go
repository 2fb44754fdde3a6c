package config

import (
	"strings"
	"testing"
)

func TestConfirmAbove(t *testing.T) {
	for _, tt := range []struct {
		value string
		minor int64
		err   string
	}{{"", 500000, ""}, {"0", 0, ""}, {"250.00", 25000, ""}, {"lots", 0, "till.confirm_above"}} {
		f := Demo()
		f.Till.ConfirmAbove = tt.value
		c, err := Resolve(f)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: %v, want an error naming %s", tt.value, err, tt.err)
			}
			continue
		}
		if err != nil || c.ConfirmAbove.Minor != tt.minor {
			t.Errorf("%q: %v %v, want %d", tt.value, c.ConfirmAbove, err, tt.minor)
		}
	}
}
