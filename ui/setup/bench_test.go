package setup

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// benchAnswers are a two-scheme configuration (one merged EMV code).
var benchAnswers = Answers{
	Name: "Padaria Pão Quente", City: "São Paulo", Country: "BR",
	Schemes: []map[string]any{
		{"type": "pix", "key": "+5511999999999"},
		{"type": "emv", "name": "wallet", "tag": int64(27), "guid": "COM.EXAMPLE.WALLET", "merchant_id": "M-1"},
	},
}

// BenchmarkPreview measures entering the preview: validating the whole
// configuration, building the codes and encoding their QR.
func BenchmarkPreview(b *testing.B) {
	for b.Loop() {
		if p := newPreview(Options{Path: "x"}, benchAnswers); p.err != nil {
			b.Fatal(p.err)
		}
	}
}

// BenchmarkPreviewScreen measures drawing the preview at 120x40, which
// happens on every key and resize.
func BenchmarkPreviewScreen(b *testing.B) {
	m := New(Options{Path: "x", Existing: nil})
	m.d = newDraft(benchAnswers, false)
	next, _ := m.goTo(stepPreview)
	m = next.(Model)
	next, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m = next.(Model)
	for b.Loop() {
		if m.Screen() == "" {
			b.Fatal("empty")
		}
	}
}

// BenchmarkFieldRule measures checking one typed value (every key that
// moves on runs it).
func BenchmarkFieldRule(b *testing.B) {
	m := New(Options{Path: "x"})
	m.d = newDraft(benchAnswers, false)
	m.d.cur = newSchemeDraft("epc")
	spec, _ := specFor("epc")
	rule := m.fieldRule(spec.Before[0])
	for b.Loop() {
		if rule("DE89 3704 0044 0532 0130 00") != nil {
			b.Fatal("refused")
		}
	}
}
