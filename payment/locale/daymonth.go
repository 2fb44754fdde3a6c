package locale

import (
	"strings"
	"time"
)

// DayMonth writes the day of t without its year, in the language's order
// ("25/11", "11-25", "25.11."): for lists of recent things, where the
// year goes without saying. It is the short date with the year left out,
// as CLDR's MMdd skeleton gives it in these languages.
func (l Locale) DayMonth(t time.Time) string { return t.Format(dayMonthLayout(l.DateLayout())) }

func dayMonthLayout(date string) string {
	if rest, ok := strings.CutPrefix(date, "2006"); ok {
		return rest[1:] // "2006-01-02": the separator after the year goes too
	}
	rest := strings.TrimSuffix(date, "2006")
	if strings.HasSuffix(rest, ".") {
		return rest // German keeps its dot: "25.11."
	}
	return rest[:len(rest)-1]
}
