package report

import (
	"context"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/receipt"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/common"
	"github.com/till-pos/till/ui/screentest"
)

// paper draws half-block text as a printer would: ink for █ ▀ ▄, white
// for space, each character a 4×8 pixel cell, with a white margin.
func paper(lines []string) image.Image {
	const cw, ch, margin = 4, 8, 16
	width := 0
	for _, l := range lines {
		width = max(width, len([]rune(l)))
	}
	img := image.NewGray(image.Rect(0, 0, width*cw+2*margin, len(lines)*ch+2*margin))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y, l := range lines {
		for x, r := range []rune(l) {
			top, bottom := r == '█' || r == '▀', r == '█' || r == '▄'
			for py := range ch {
				if (py < ch/2 && top) || (py >= ch/2 && bottom) {
					for px := range cw {
						img.SetGray(margin+x*cw+px, margin+y*ch+py, color.Gray{})
					}
				}
			}
		}
	}
	return img
}

// The receipt QR is a real code: printed, it scans as the reference.
func TestReceiptQRScans(t *testing.T) {
	for range 5 {
		ref := payment.NewReference()
		lines, err := common.ReceiptQR(string(ref))
		if err != nil {
			t.Fatal(err)
		}
		if w := receipt.TextWidth(lines[0]); w > 32 || len(lines) > 14 {
			t.Fatalf("QR is %d×%d, too big for a 32-column receipt", w, len(lines))
		}
		got, err := screentest.DecodeQR(paper(lines))
		if err != nil || got != string(ref) {
			t.Fatalf("printed QR reads %q, %v; want %s\n%s", got, err, ref, strings.Join(lines, "\n"))
		}
	}
}

func fakePrinter(t *testing.T) (command, paperFile string) {
	t.Helper()
	dir := t.TempDir()
	paperFile = filepath.Join(dir, "paper.txt")
	bin := filepath.Join(dir, "fakelp")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\ncat > \"$1\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin + " " + paperFile, paperFile
}

// The backend's receipt for the pay and orders screens, and printing.
func TestBackendReceipts(t *testing.T) {
	command, paperFile := fakePrinter(t)
	fx := newFixture(t, command)
	fx.sampleDay()
	ctx := context.Background()
	list, _ := fx.st.List(ctx, storeFilterRefunded())
	o := list[0]

	msg, ok := fx.run(fx.c.Backend.Receipt(o.Ref, 32)).(common.ReceiptMsg)
	if !ok || msg.Ref != o.Ref {
		t.Fatalf("receipt: %+v", msg)
	}
	for _, s := range []string{"Till Demo Café", o.Ref.Grouped(), "REFUNDED", "-BRL 25.90", "wrong size", "DEMO — no money moved"} {
		if !strings.Contains(msg.Text, s) {
			t.Errorf("receipt has no %q:\n%s", s, msg.Text)
		}
	}
	if strings.Contains(msg.Text, "█") {
		t.Error("the screen receipt carries a paper QR")
	}

	if p, ok := fx.run(fx.c.Backend.PrintReceipt(o.Ref, 32)).(common.PrintedMsg); !ok || p.Printer != command {
		t.Fatalf("print receipt: %+v", p)
	}
	printed, _ := os.ReadFile(paperFile)
	if !strings.Contains(string(printed), "█") || !strings.Contains(string(printed), "REFUNDED") {
		t.Fatalf("printed receipt:\n%s", printed)
	}

	// The day close goes to the printer as shown, with the typed cash.
	m := fx.screen(80, 22)
	m = typeText(first(press(m, "c")), "10.00")
	m, _ = press(m, "enter")
	m, cmd := press(m, "ctrl+p")
	if !m.busy {
		t.Fatal("ctrl+p did not start printing")
	}
	m, _ = m.Update(fx.run(cmd))
	if !strings.Contains(plain(m), "day close 2026-11-24 sent to the printer") {
		t.Fatalf("no word of printing:\n%s", plain(m))
	}
	printed, _ = os.ReadFile(paperFile)
	if !strings.Contains(string(printed), "Day close 2026-11-24") || !regexp.MustCompile(`\+ Cash counted +10\.00\n`).Match(printed) {
		t.Fatalf("printed day:\n%s", printed)
	}

	// No printer configured: the key is not offered, and the backend says why.
	fx.c.Backend.Config.File.Till.Printer = ""
	m = fx.screen(80, 22)
	if hasKey(m.Help(), "ctrl+p") {
		t.Error("print offered with no printer")
	}
	if e, ok := fx.run(fx.c.Backend.PrintReceipt(o.Ref, 32)).(common.PrintFailedMsg); !ok || !strings.Contains(e.Err.Error(), "no printer") {
		t.Fatalf("print with no printer: %+v", e)
	}
}

func storeFilterRefunded() store.Filter {
	return store.Filter{Status: []payment.Status{payment.StatusRefunded}}
}
