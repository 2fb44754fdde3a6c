package report

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/ui/common"
)

// Receipts shown and printed from the screens, and the printed day close,
// are in the receipt language the command chose.
func TestBackendReceiptsInTheReceiptLanguage(t *testing.T) {
	command, paperFile := fakePrinter(t)
	fx := newFixture(t, command)
	fx.sampleDay()
	list, _ := fx.st.List(context.Background(), storeFilterRefunded())
	o := list[0]

	fx.c.Backend.ReceiptLang = locale.New(locale.Thai)
	msg, ok := fx.run(fx.c.Backend.Receipt(o.Ref, 32)).(common.ReceiptMsg)
	if !ok {
		t.Fatalf("receipt: %+v", msg)
	}
	for _, s := range []string{"เลขอ้างอิง", "คืนเงินแล้ว", "-R$ 25.90", "สาธิต — ไม่มีการโอนเงินจริง"} {
		if !strings.Contains(msg.Text, s) {
			t.Errorf("Thai receipt has no %q:\n%s", s, msg.Text)
		}
	}
	if strings.Contains(msg.Text, "REFUNDED") {
		t.Errorf("Thai receipt in English:\n%s", msg.Text)
	}

	fx.c.Backend.ReceiptLang = locale.New(locale.German)
	if p, ok := fx.run(fx.c.Backend.PrintReceipt(o.Ref, 32)).(common.PrintedMsg); !ok {
		t.Fatalf("print receipt: %+v", p)
	}
	printed, _ := os.ReadFile(paperFile)
	if !strings.Contains(string(printed), "ERSTATTET") || !strings.Contains(string(printed), "-25,90 R$") {
		t.Fatalf("German printed receipt:\n%s", printed)
	}

	m := fx.screen(80, 22)
	m, cmd := press(m, "ctrl+p")
	m.Update(fx.run(cmd))
	printed, _ = os.ReadFile(paperFile)
	if !strings.Contains(string(printed), "Tagesabschluss 24.11.2026 (BRL)") {
		t.Fatalf("German printed day:\n%s", printed)
	}
}
