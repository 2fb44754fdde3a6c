package common

import "github.com/till-pos/till/payment/locale"

// Lang is the language the screens speak (English when there is no
// backend, as in some tests).
func (c Common) Lang() locale.Locale {
	if c.Backend == nil {
		return locale.Locale{}
	}
	return c.Backend.Lang
}

// T translates a message of the catalog into the screens' language.
func (c Common) T(key string, args ...any) string { return c.Lang().T(key, args...) }

// Text translates a sentence that may come from elsewhere (an error, a
// key's help): one the catalog does not know is shown as it is.
func (c Common) Text(s string) string { return c.Lang().Text(s) }
