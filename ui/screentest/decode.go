package screentest

import (
	"errors"
	"fmt"
	"image"

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// ErrNoCode is returned (wrapped) when no QR code could be read.
var ErrNoCode = errors.New("no QR code could be decoded")

// DecodeQR reads the QR code in img with gozxing, strictly:
//
//   - Every pixel is first made black or white at 50% luminance. gozxing's
//     adaptive binariser alone reads a code whose light modules are a
//     theme's dark grey (#555555 against #000000), which a phone in a
//     lit room often cannot; the fixed threshold fails it.
//   - Dark modules on a light background only: an inverted code is not
//     accepted, because many scanners reject it too.
//
// It tries once with TRY_HARDER, then once more at twice the size, which
// helps when modules are only a few pixels wide; each time the multi-code
// reader is the fallback (see below). Byte-mode text is read as
// UTF-8, which is what till's payloads are.
func DecodeQR(img image.Image) (string, error) { return DecodeQRAs(img, "UTF-8") }

// DecodeQRAs is DecodeQR with charset as gozxing's character-set hint for
// byte segments that declare none; "" leaves gozxing to guess, as an app
// that gives no hint does. An ECI designator in the code wins either way.
func DecodeQRAs(img image.Image, charset string) (string, error) {
	bw := threshold(img)
	hints := map[gozxing.DecodeHintType]any{
		gozxing.DecodeHintType_TRY_HARDER: true,
	}
	if charset != "" {
		hints[gozxing.DecodeHintType_CHARACTER_SET] = charset
	}
	var errs []error
	for try := range 2 {
		candidate := bw
		if try == 1 {
			candidate = upscale2(bw)
		}
		bmp, err := gozxing.NewBinaryBitmapFromImage(candidate)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
		if err == nil {
			return res.GetText(), nil
		}
		errs = append(errs, err)
		// The single reader keeps the first three finder-like patterns it
		// sees; some valid codes have a module pattern that looks like a
		// finder and it gives up (zbar reads them). The multi reader tries
		// the other triples: take its answer when it finds one code only.
		multi, merr := multiqr.NewQRCodeMultiReader().DecodeMultiple(bmp, hints)
		if merr == nil {
			texts := map[string]bool{}
			for _, r := range multi {
				texts[r.GetText()] = true
			}
			if len(texts) == 1 {
				return multi[0].GetText(), nil
			}
			merr = fmt.Errorf("%d different codes on the screen", len(texts))
		}
		errs = append(errs, merr)
	}
	return "", fmt.Errorf("%w in a %dx%d image: %w", ErrNoCode, img.Bounds().Dx(), img.Bounds().Dy(), errors.Join(errs...))
}

// DecodeScreen rasterises g with 8×16 cells under theme and gap and decodes
// the QR code on it.
func DecodeScreen(g Grid, theme Theme, gap int) (string, error) {
	text, err := DecodeQR(Rasterize(g, theme, gap))
	if err != nil {
		return "", fmt.Errorf("screen %dx%d, theme %s, line gap %dpx: %w", g.Width(), g.Height(), theme.Name, gap, err)
	}
	return text, nil
}

// threshold returns img in pure black and white, split at half luminance
// (Rec. 601 weights, as gozxing's own luminance source uses).
func threshold(img image.Image) *image.Gray {
	b := img.Bounds()
	out := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	light := func(r, g, bl uint32) bool { return 299*r+587*g+114*bl >= 500*0xff } // 8-bit channels
	if rgba, ok := img.(*image.RGBA); ok {                                        // the rasteriser's output: read bytes directly
		for y := range b.Dy() {
			src := rgba.Pix[rgba.PixOffset(b.Min.X, b.Min.Y+y):]
			dst := out.Pix[y*out.Stride:]
			for x := range b.Dx() {
				if light(uint32(src[4*x]), uint32(src[4*x+1]), uint32(src[4*x+2])) {
					dst[x] = 0xff
				}
			}
		}
		return out
	}
	for y := range b.Dy() {
		for x := range b.Dx() {
			r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			if light(r>>8, g>>8, bl>>8) {
				out.Pix[y*out.Stride+x] = 0xff
			}
		}
	}
	return out
}

// upscale2 doubles img in both directions by repeating pixels.
func upscale2(img *image.Gray) *image.Gray {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	out := image.NewGray(image.Rect(0, 0, 2*w, 2*h))
	for y := range h {
		src := img.Pix[y*img.Stride : y*img.Stride+w]
		dst := out.Pix[2*y*out.Stride : 2*y*out.Stride+2*w]
		for x, p := range src {
			dst[2*x], dst[2*x+1] = p, p
		}
		copy(out.Pix[(2*y+1)*out.Stride:], dst)
	}
	return out
}
