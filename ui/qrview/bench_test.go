package qrview_test

import (
	"fmt"
	"testing"

	"github.com/till-pos/till/ui/qrview"
)

// Areas to lay out in: 200×58 gives the 120-byte code full blocks and the
// 300-byte code half blocks; 120×38 gives both half blocks.
var benchAreas = []struct {
	name string
	w, h int
}{{"200x58", 200, 58}, {"120x38", 120, 38}}

func BenchmarkNew(b *testing.B) {
	for _, n := range []int{120, 300} {
		payload := emvLike(b, n)
		b.Run(fmt.Sprintf("%dB", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := qrview.New(payload); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLayoutFirst is the first layout of a variant: rendering with
// qrterminal (which encodes again) and merging the styled runs.
func BenchmarkLayoutFirst(b *testing.B) {
	for _, n := range []int{120, 300} {
		payload := emvLike(b, n)
		for _, a := range benchAreas {
			b.Run(fmt.Sprintf("%dB/%s", n, a.name), func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					c, err := qrview.New(payload)
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					if !c.Layout(a.w, a.h).OK {
						b.Fatal("no layout")
					}
				}
			})
		}
	}
}

// BenchmarkLayoutCached is what a window resize costs once the variant
// has been rendered.
func BenchmarkLayoutCached(b *testing.B) {
	for _, n := range []int{120, 300} {
		payload := emvLike(b, n)
		for _, a := range benchAreas {
			b.Run(fmt.Sprintf("%dB/%s", n, a.name), func(b *testing.B) {
				c, err := qrview.New(payload)
				if err != nil {
					b.Fatal(err)
				}
				l := c.Layout(a.w, a.h)
				for b.Loop() {
					if !c.Layout(a.w, a.h).OK {
						b.Fatal("no layout")
					}
				}
				b.ReportMetric(float64(len(l.View)), "view-bytes")
			})
		}
	}
}
