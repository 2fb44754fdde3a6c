package screentest_test

import (
	"testing"

	"github.com/till-pos/till/ui/qrview"
	"github.com/till-pos/till/ui/screentest"
)

func benchScreen(b *testing.B) screentest.Grid {
	code, err := qrview.New(pixPayload)
	if err != nil {
		b.Fatal(err)
	}
	l := code.Layout(200, 60)
	if !l.OK {
		b.Fatal(l.Message)
	}
	return screentest.Screen([]byte(l.View), 200, 60)
}

// BenchmarkRasterize is one 200×60 screen at 8×16 pixels a cell.
func BenchmarkRasterize(b *testing.B) {
	g := benchScreen(b)
	for b.Loop() {
		screentest.Rasterize(g, screentest.Light, 3)
	}
}

// BenchmarkDecodeScreen is one full check: rasterise and decode.
func BenchmarkDecodeScreen(b *testing.B) {
	g := benchScreen(b)
	for b.Loop() {
		if got, err := screentest.DecodeScreen(g, screentest.GreyWhite, 3); err != nil || got != pixPayload {
			b.Fatalf("decoded %q, %v", got, err)
		}
	}
}
