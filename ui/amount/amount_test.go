package amount_test

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/ui/amount"
)

func TestKeys(t *testing.T) {
	brl := payment.MustCurrency("BRL")
	f := amount.New(brl)
	for _, k := range []tea.KeyPressMsg{{Code: '1', Text: "1"}, {Code: '2', Text: "2"}, {Code: 'x', Text: "x"}} {
		f = f.Key(k)
	}
	if f.Refused() == "" {
		t.Error("x was not refused")
	}
	if a, err := f.Amount(); err != nil || a.Minor != 12 {
		t.Errorf("12 then x: %v %v", a, err)
	}
	f = f.Key(tea.KeyPressMsg{Code: tea.KeyBackspace})
	if a, _ := f.Amount(); a.Minor != 1 {
		t.Errorf("after backspace: %v", a)
	}
	if f = f.Key(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}); !f.Empty() {
		t.Error("ctrl+u did not clear")
	}
	if _, err := f.Minor(); err == nil {
		t.Error("an empty field gave an amount")
	}
	if f = f.Type('0'); f.Empty() {
		t.Error("a lone 0 was dropped")
	}
	if m, err := f.Minor(); m != 0 || err != nil {
		t.Errorf("0: %d %v", m, err)
	}
	if f = f.Set(750); f.Empty() {
		t.Error("Set(750) left the field empty")
	}
	if a, _ := f.Amount(); a.Minor != 750 {
		t.Errorf("Set(750): %v", a)
	}
	if typed, pending := amount.New(brl).Paste(" 12. ").Display(); typed != "12." || pending != "00" {
		t.Errorf("display of 12.: %q %q", typed, pending)
	}
}
