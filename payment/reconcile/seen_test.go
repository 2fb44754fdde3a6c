package reconcile

import (
	"strings"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
)

func TestDiffers(t *testing.T) {
	eur, brl := payment.MustCurrency("EUR"), payment.MustCurrency("BRL")
	day := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	base := Evidence{Key: "k", Amount: payment.Amount{Minor: 1250, Currency: eur}, Credit: true, At: day, Reference: "RF18 ABC"}
	with := func(f func(*Evidence)) Evidence { e := base; f(&e); return e }
	for _, c := range []struct {
		name     string
		now      Evidence
		knownRef bool
		want     []string // what the sentence names; none: the same line
	}{
		{"the same line", base, true, nil},
		{"the same line, later that day, spaces around the reference", with(func(e *Evidence) { e.At = day.Add(5 * time.Hour); e.Reference = " RF18 ABC " }), true, nil},
		{"no time on the new line", with(func(e *Evidence) { e.At = time.Time{} }), true, nil},
		{"another amount", with(func(e *Evidence) { e.Amount.Minor = 1300 }), true, []string{"the amount (EUR 12.50 before, EUR 13.00 now)"}},
		{"another currency", with(func(e *Evidence) { e.Amount.Currency = brl }), true, []string{"the amount"}},
		{"money out", with(func(e *Evidence) { e.Credit = false }), true, []string{"the direction"}},
		{"another day", with(func(e *Evidence) { e.At = day.AddDate(0, 0, 1) }), true, []string{"the day (2026-12-02 before, 2026-12-03 now)"}},
		{"another reference", with(func(e *Evidence) { e.Reference = "RF18 XYZ" }), true, []string{"the reference"}},
		{"another reference, not kept before", with(func(e *Evidence) { e.Reference = "RF18 XYZ" }), false, nil},
		{"several", with(func(e *Evidence) { e.Credit = false; e.Amount.Minor = 1 }), true, []string{"the direction, the amount"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Differs(base, c.now, c.knownRef, time.UTC)
			if (got == "") != (c.want == nil) {
				t.Fatalf("Differs = %q, want it to name %q", got, c.want)
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("Differs = %q, want it to name %q", got, w)
				}
			}
			if got != "" && AltKey(c.now, time.UTC) == AltKey(base, time.UTC) {
				t.Errorf("a line with other content has the same key as the first")
			}
		})
	}
}
