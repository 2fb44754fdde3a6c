package pin

import (
	"errors"
	"strings"
	"testing"
)

func TestHashAndCheck(t *testing.T) {
	h, err := Hash("4321")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h, "4321") || CheckHash(h) != nil {
		t.Fatalf("hash %q", h)
	}
	if err := Check(h, "4321"); err != nil {
		t.Fatalf("right PIN refused: %v", err)
	}
	for _, wrong := range []string{"1234", "43210", "", "4321 "} {
		if err := Check(h, wrong); !errors.Is(err, ErrWrong) {
			t.Errorf("Check(%q) = %v", wrong, err)
		}
	}
	h2, _ := Hash("4321")
	if h2 == h {
		t.Error("two hashes of one PIN are equal: no salt")
	}
	for _, bad := range []string{"123", "1234567890123", "12a4"} {
		if _, err := Hash(bad); err == nil {
			t.Errorf("Hash(%q) accepted", bad)
		}
	}
	for _, bad := range []string{"", "4321", "pbkdf2-sha256$1$x$y", "md5$1$2$3"} {
		if err := CheckHash(bad); err == nil {
			t.Errorf("CheckHash(%q) accepted", bad)
		}
	}
}
