package main

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// TestDecodeNationalDeviations runs the real binary on published codes:
// a DuitNow code signed by PayNet (raw hex in tag 82) decodes with exit
// status 0 and a warning naming the practice; the same code with its
// merchant name edited breaks the CRC: exit status 1.
func TestDecodeNationalDeviations(t *testing.T) {
	const signed = "00020201021126490014A000000615000101065898360212014107775108030115204000053034585802MY5917GOVINDARAJ SELVAM6002MY82640362fe1d2be9fd944680b854e2e50bae2314f3f34bcdcf76e59300cab8735c646304DD8A"
	out, err := exec.Command(tillBinary, "decode", signed).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "PayNet") || !strings.Contains(string(out), "duitnow") {
		t.Fatalf("till decode: %v\n%s", err, out)
	}
	broken := strings.Replace(signed, "GOVINDARAJ", "GOVINDARAX", 1)
	out, err = exec.Command(tillBinary, "decode", broken).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(string(out), "CRC") {
		t.Fatalf("a changed name: %v\n%s", err, out)
	}
}
