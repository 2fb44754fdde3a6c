package qrview

import (
	"errors"
	"strings"

	"rsc.io/qr"
	"rsc.io/qr/coding"
)

// A payload with bytes outside ASCII (an EPC beneficiary "Müller", EMV tag
// 64 in Thai or Chinese) is UTF-8, but a QR byte segment does not say so:
// ISO 18004 makes ISO 8859-1 the default, and decoders guess. ZBar's
// zbarimg guesses Shift-JIS for short texts and shows "Mﾃｼller"; gozxing
// guesses right. An ECI designator 000026 (UTF-8) in front of the byte
// segment, as EMV QRCPS 4.12.1.2 asks for non-ans text, makes both read
// the same text. ASCII payloads (every code till writes itself, since root
// fields are folded to ASCII) are encoded exactly as before, without it.

// eciUTF8 is the ECI segment that declares the bytes after it UTF-8: mode
// 0111 and the one-byte designator 26.
type eciUTF8 struct{}

func (eciUTF8) String() string                          { return "ECI(26)" }
func (eciUTF8) Check() error                            { return nil }
func (eciUTF8) Bits(coding.Version) int                 { return 4 + 8 }
func (eciUTF8) Encode(b *coding.Bits, _ coding.Version) { b.Write(0b0111, 4); b.Write(26, 8) }

// NeedsECI reports whether payload has bytes outside ASCII, and so is
// encoded with the UTF-8 designator.
func NeedsECI(payload string) bool {
	for i := 0; i < len(payload); i++ {
		if payload[i] >= 0x80 {
			return true
		}
	}
	return false
}

// encode returns the QR matrix of payload at lv. ASCII payloads go
// through qr.Encode, which is what qrterminal calls, so the matrix is the
// one qrterminal draws. Others are one ECI 26 segment and one byte segment
// in the smallest version that holds them, with rsc.io/qr's own planner
// (mask 0, like qr.Encode).
//
// An ASCII payload that mixed segments (segment.go) put in a smaller
// version than qr.Encode's single mode gets that smaller code; own reports
// that till draws it itself (drawMatrix), as qrterminal would encode the
// payload in one mode.
func encode(payload string, lv Level) (code *qr.Code, own bool, err error) {
	if NeedsECI(payload) {
		code, err := encodeSegments(lv, func(coding.Version) []coding.Encoding {
			return []coding.Encoding{eciUTF8{}, coding.String(payload)}
		})
		return code, true, err
	}
	single, err := qr.Encode(payload, qrLevel(lv))
	if err != nil {
		return nil, false, err
	}
	mixed, err := encodeSegments(lv, func(v coding.Version) []coding.Encoding { return segments(payload, v) })
	if err == nil && mixed.Size < single.Size {
		return mixed, true, nil
	}
	return single, false, nil
}

// encodeSegments puts the segments segs gives for each version in the
// smallest version that holds them, with rsc.io/qr's own planner (mask 0,
// like qr.Encode).
func encodeSegments(lv Level, segsFor func(coding.Version) []coding.Encoding) (*qr.Code, error) {
	l := coding.Level(qrLevel(lv))
	for v := coding.Version(coding.MinVersion); v <= coding.MaxVersion; v++ {
		segs := segsFor(v)
		bits := 0
		for _, s := range segs {
			bits += s.Bits(v)
		}
		if bits > v.DataBytes(l)*8 {
			continue
		}
		plan, err := coding.NewPlan(v, l, 0)
		if err != nil {
			return nil, err
		}
		cc, err := plan.Encode(segs...)
		if err != nil {
			return nil, err
		}
		return &qr.Code{Bitmap: cc.Bitmap, Size: cc.Size, Stride: cc.Stride, Scale: 8}, nil
	}
	return nil, errors.New("text too long to encode as QR")
}

// drawMatrix draws code module by module in qrterminal's layout (the same
// rows, the same extra white column and row, the same half-block pairing),
// for the matrices qrterminal cannot draw: it only takes text and encodes it
// itself, without an ECI segment. TestECIDrawingMatchesQrterminal checks
// that both draw an ASCII code identically.
func drawMatrix(code *qr.Code, v Variant, cs charset) string {
	var b strings.Builder
	q, n := v.QuietZone, code.Size
	blank := func(piece token) string { return strings.Repeat(piece.styled, n+2*q) + "\n" }
	if v.Mode == Full {
		b.WriteString(strings.Repeat(blank(cs.white), q))
		for y := 0; y <= n; y++ {
			b.WriteString(strings.Repeat(cs.white.styled, q))
			for x := 0; x <= n; x++ {
				if code.Black(x, y) {
					b.WriteString(cs.black.styled)
				} else {
					b.WriteString(cs.white.styled)
				}
			}
			b.WriteString(strings.Repeat(cs.white.styled, q-1) + "\n")
		}
		b.WriteString(strings.Repeat(blank(cs.white), q-1))
		return b.String()
	}
	b.WriteString(strings.Repeat(blank(cs.white), q/2)) // q is even (LayoutOf)
	for y := 0; y <= n; y += 2 {
		b.WriteString(strings.Repeat(cs.white.styled, q))
		for x := 0; x <= n; x++ {
			top, bottom := code.Black(x, y), y+1 < n && code.Black(x, y+1)
			switch {
			case top && bottom:
				b.WriteString(cs.black.styled)
			case top:
				b.WriteString(cs.blackWhite.styled)
			case bottom:
				b.WriteString(cs.whiteBlack.styled)
			default:
				b.WriteString(cs.white.styled)
			}
		}
		b.WriteString(strings.Repeat(cs.white.styled, q-1) + "\n")
	}
	b.WriteString(strings.Repeat(blank(cs.white), q/2-1))
	b.WriteString(blank(cs.whiteBlack))
	return b.String()
}
