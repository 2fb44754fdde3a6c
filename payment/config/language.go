package config

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/till-pos/till/payment/locale"
)

// languages validates [till] language and receipt_language against the
// languages till speaks; an empty one is the zero Tag.
func languages(t TillSection) (screens, receipts language.Tag, err error) {
	for _, l := range []struct {
		key, value string
		tag        *language.Tag
	}{{"till.language", t.Language, &screens}, {"till.receipt_language", t.ReceiptLanguage, &receipts}} {
		if strings.TrimSpace(l.value) == "" {
			continue
		}
		if *l.tag, err = locale.Parse(l.value); err != nil {
			return language.Tag{}, language.Tag{}, fmt.Errorf("%s: %w", l.key, err)
		}
	}
	return screens, receipts, nil
}

// Locale is the language of the screens: [till] language, else the
// environment's (LC_ALL, LC_MESSAGES, LANG, read through getenv), else
// English.
func (c *Config) Locale(getenv func(string) string) locale.Locale {
	configured := ""
	if c.Language != (language.Tag{}) {
		configured = c.Language.String()
	}
	return locale.New(locale.Choose(configured, getenv))
}

// ReceiptLocale is the language of receipts and day closes: [till]
// receipt_language, else the screens' language.
func (c *Config) ReceiptLocale(getenv func(string) string) locale.Locale {
	if c.ReceiptLanguage != (language.Tag{}) {
		return locale.New(c.ReceiptLanguage)
	}
	return c.Locale(getenv)
}
