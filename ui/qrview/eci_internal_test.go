package qrview

import (
	"bytes"
	"fmt"
	"rsc.io/qr"
	"testing"

	"github.com/mdp/qrterminal/v3"
)

// TestECIDrawingMatchesQrterminal: drawMatrix, which draws the codes
// qrterminal cannot encode (ECI), must draw exactly what qrterminal draws
// for a code it can, in every mode, level and quiet zone.
func TestECIDrawingMatchesQrterminal(t *testing.T) {
	for _, payload := range []string{"HELLO", "00020101021229370016A000000677010111011300668012345675802TH530376463046197"} {
		for _, v := range []Variant{
			{Full, LevelM, 4}, {Full, LevelL, 2}, {Half, LevelM, 4}, {Half, LevelL, 2},
		} {
			t.Run(fmt.Sprintf("%d-%s-%s-q%d", len(payload), v.Mode, v.Level, v.QuietZone), func(t *testing.T) {
				cs := fullChars()
				if v.Mode == Half {
					cs = halfChars()
				}
				var want bytes.Buffer
				qrterminal.GenerateWithConfig(payload, qrterminal.Config{
					Level: qrLevel(v.Level), Writer: &want, HalfBlocks: v.Mode == Half,
					BlackChar: cs.black.styled, WhiteChar: cs.white.styled,
					WhiteBlackChar: cs.whiteBlack.styled, BlackWhiteChar: cs.blackWhite.styled,
					QuietZone: v.QuietZone,
				})
				// The same matrix as qrterminal's: qr.Encode, one mode.
				code, err := qr.Encode(payload, qrLevel(v.Level))
				if err != nil {
					t.Fatal(err)
				}
				if got := drawMatrix(code, v, cs); got != want.String() {
					t.Errorf("drawMatrix differs from qrterminal:\n%s\nwant:\n%s", got, want.String())
				}
			})
		}
	}
}

// TestECIOnlyForNonASCII: ASCII payloads keep qr.Encode's matrix (no
// designator, so nothing changes for till's own codes); others carry it
// and cost one version at most.
func TestECIOnlyForNonASCII(t *testing.T) {
	if NeedsECI("00020101021229370016A0000006770101110113006680123456753037645802TH6304ABCD") {
		t.Error("an ASCII payload would get an ECI designator")
	}
	for _, p := range []string{"Müller", "ร้านค้า", "最佳运输"} {
		if !NeedsECI(p) {
			t.Errorf("%q needs the UTF-8 designator", p)
		}
		if _, _, err := encode(p, LevelM); err != nil {
			t.Errorf("%q: %v", p, err)
		}
	}
	long := make([]byte, 2954)
	for i := range long {
		long[i] = 0xc3
	}
	if _, _, err := encode(string(long), LevelL); err == nil {
		t.Error("a payload over the largest byte capacity encoded")
	}
}
