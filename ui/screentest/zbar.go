package screentest

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ErrNoZBar is returned when zbarimg (Debian: zbar-tools) is not installed;
// tests skip with it, and .ci/run installs it so CI never does.
var ErrNoZBar = errors.New("zbarimg is not installed (apt-get install zbar-tools)")

// DecodeZBar reads the QR code in img with ZBar's zbarimg, a decoder
// independent of gozxing that many scanning apps are built on. It writes
// the picture as a PNG in a temporary directory, after the same
// black-or-white threshold as DecodeQR, and returns the text zbarimg
// prints (its own character-set guess when the code declares none).
func DecodeZBar(img image.Image) (string, error) {
	bin, err := exec.LookPath("zbarimg")
	if err != nil {
		return "", ErrNoZBar
	}
	dir, err := os.MkdirTemp("", "till-zbar-")
	if err != nil {
		return "", fmt.Errorf("zbar: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "screen.png")
	var buf bytes.Buffer
	if err := png.Encode(&buf, threshold(img)); err != nil {
		return "", fmt.Errorf("zbar: encoding the picture: %w", err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		return "", fmt.Errorf("zbar: %w", err)
	}
	// --raw: the text alone, without the "QR-Code:" prefix; -q: no
	// statistics. zbarimg ends each symbol with one line feed.
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", path)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%w by zbarimg in a %dx%d image: %v %s", ErrNoCode,
			img.Bounds().Dx(), img.Bounds().Dy(), err, strings.TrimSpace(lastLine(stderr.String())))
	}
	out := stdout.String()
	if !strings.HasSuffix(out, "\n") {
		return "", fmt.Errorf("zbar: unexpected output %q", out)
	}
	return strings.TrimSuffix(out, "\n"), nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
