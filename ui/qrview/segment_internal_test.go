package qrview

import (
	"math/rand/v2"
	"strings"
	"testing"

	"rsc.io/qr"
	"rsc.io/qr/coding"
)

func joined(segs []coding.Encoding) string {
	var b strings.Builder
	for _, s := range segs {
		switch s := s.(type) {
		case coding.Num:
			b.WriteString(string(s))
		case coding.Alpha:
			b.WriteString(string(s))
		case coding.String:
			b.WriteString(string(s))
		}
	}
	return b.String()
}

func bits(segs []coding.Encoding, v coding.Version) int {
	n := 0
	for _, s := range segs {
		n += s.Bits(v)
	}
	return n
}

// Segments carry the payload whole, in order, each valid in its mode, and
// never take more bits than the one mode rsc.io/qr would pick.
func TestSegmentsKeepThePayloadAndNeverCostMore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:abcxyz@#_"
	for range 2000 {
		b := make([]byte, 1+rng.IntN(300))
		for i := range b {
			b[i] = chars[rng.IntN(len(chars))]
		}
		p := string(b)
		for _, v := range []coding.Version{1, 9, 10, 26, 27, 40} {
			segs := segments(p, v)
			if joined(segs) != p {
				t.Fatalf("%q at v%d: segments carry %q", p, v, joined(segs))
			}
			for _, s := range segs {
				if err := s.Check(); err != nil {
					t.Fatalf("%q at v%d: %v", p, v, err)
				}
			}
			var single coding.Encoding = coding.String(p)
			if coding.Alpha(p).Check() == nil {
				single = coding.Alpha(p)
			}
			if coding.Num(p).Check() == nil {
				single = coding.Num(p)
			}
			if got, one := bits(segs, v), single.Bits(v); got > one {
				t.Fatalf("%q at v%d: %d bits in segments, %d in one mode", p, v, got, one)
			}
		}
	}
}

// A Pix code with a wallet (lower-case GUID and key among upper-case
// names and digits) is drawn smaller in mixed segments; a code in one mode
// already (the demo's, all upper case) keeps qrterminal's matrix.
func TestMixedSegmentsOnlyWhereSmaller(t *testing.T) {
	pix := "00020101021226860014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400000217Pedido na padaria2752" +
		"0025COM.EXAMPLE.WALLET.BRASIL0119MERCHANT-000012345652045462530398654071234.565802BR5925PADARIA PAO DE ACUCAR LTDA6015SAO JOSE DOS CAM62140510ABCDE1234X6304ABCD"
	code, own, err := encode(pix, LevelL)
	if err != nil {
		t.Fatal(err)
	}
	single, _ := qr.Encode(pix, qr.L)
	if !own || code.Size >= single.Size {
		t.Fatalf("Pix + wallet: own %v, %d modules against %d in one mode", own, code.Size, single.Size)
	}
	demo := "00020101021226340017INVALID.TILL.DEMO0109DEMO-0001520458125303986540512.505802BR5914TILL DEMO CAFE6009DEMO CITY62140510ABCDE1234X630424E9"
	code, own, err = encode(demo, LevelM)
	if err != nil {
		t.Fatal(err)
	}
	single, _ = qr.Encode(demo, qr.M)
	if own || code.Size != single.Size {
		t.Fatalf("demo: own %v, %d modules against %d", own, code.Size, single.Size)
	}
}
