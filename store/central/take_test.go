package central

import (
	"strings"
	"testing"
)

// FuzzParseEntry: whatever a till sends, parseEntry answers without
// panicking, and an entry it lets through names an order and an event,
// and a created one its order with an amount and a known currency.
func FuzzParseEntry(f *testing.F) {
	f.Add(`{"ref":"22A","id":1,"kind":"created","amount":5,"at":1,"recorded_at":1,"source":"manual","actor":"a","note":"","order":{"amount":5,"currency":"EUR","note":"","day":"2026-12-02","created_at":1,"schemes":"EPC"}}`)
	f.Add(`{"ref":"22A","id":2,"kind":"payment","amount":5,"at":1,"recorded_at":1,"source":"notification:x","actor":"a","note":"","order":null}`)
	f.Add(`{"ref":"22A","id":3,"kind":"created","order":{"amount":5,"currency":"XXX"}}`)
	f.Add(`not json`)
	f.Add(`{}`)
	f.Fuzz(func(t *testing.T, text string) {
		b, why := parseEntry(text)
		if why != "" {
			return
		}
		if b.Ref == "" || b.Kind == "" || b.ID <= 0 {
			t.Fatalf("taken without an order or event: %+v", b)
		}
		if b.Kind == "created" && (b.Order == nil || b.Order.Amount <= 0) {
			t.Fatalf("a created entry taken without its order: %+v", b)
		}
		if b.Order != nil && strings.TrimSpace(b.Order.Currency) == "" {
			t.Fatalf("an order without a currency taken: %+v", b)
		}
	})
}
