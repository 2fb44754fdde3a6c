package statement

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"testing"
	"time"
)

func addSeeds(f *testing.F, files ...string) {
	for _, name := range files {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// drain reads every line and checks what must hold for any input: no
// panic, an end, and well-formed lines or one sticky error.
func drain(t *testing.T, data []byte, format string, opts Options) {
	// Go's fuzzing has no time limit per input; a panic from a watchdog
	// makes the engine keep the input that hangs.
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			panic(fmt.Sprintf("reading %d bytes as %s took over 10s", len(data), format))
		}
	}()
	opts.MaxTokenBytes = 1 << 16
	r, err := Open(bytes.NewReader(data), format, opts)
	if err != nil {
		if err.Error() == "" {
			t.Fatal("empty error message")
		}
		return
	}
	for n := 0; ; n++ {
		l, err := r.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			if _, again := r.Next(); again == nil || again.Error() != err.Error() {
				t.Fatalf("error %q then %v: errors must be sticky", err, again)
			}
			return
		}
		if l.Key == "" || l.Source == "" || l.Position < 1 || l.Amount.Minor < 0 || l.Amount.Currency.Code == "" {
			t.Fatalf("malformed line %+v", l)
		}
		if n > len(data) {
			t.Fatalf("%d lines from %d bytes", n, len(data))
		}
	}
}

func FuzzCAMT(f *testing.F) {
	addSeeds(f, "camt053_v02_batch.xml", "camt053_v08.xml", "camt052_v08.xml", "camt054_v04.xml")
	f.Fuzz(func(t *testing.T, data []byte) { drain(t, data, "camt", Options{}) })
}

func FuzzMT940(f *testing.F) {
	addSeeds(f, "mt940_de.sta", "mt940_nl.sta", "mt942.sta")
	f.Fuzz(func(t *testing.T, data []byte) { drain(t, data, "mt940", Options{}) })
}

func FuzzOFX(f *testing.F) {
	addSeeds(f, "ofx102_sgml.ofx", "ofx2_creditcard.ofx", "ofx_oneline.ofx")
	f.Fuzz(func(t *testing.T, data []byte) { drain(t, data, "ofx", Options{}) })
}

func FuzzPIX(f *testing.F) {
	addSeeds(f, "pix_webhook.json", "pix_get.json")
	f.Fuzz(func(t *testing.T, data []byte) { drain(t, data, "pix", Options{}) })
}

func FuzzCSV(f *testing.F) {
	profiles := []string{"generic", "sparkasse", "alipay", "uk-unicode", "wechat", "wechat"}
	for i, name := range []string{"generic.csv", "sparkasse.csv", "alipay.csv", "uk_unicode.txt", "wechat.csv", "wechat_gb18030.csv"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(i))
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		opts := Options{Profile: profiles[int(which)%len(profiles)], Profiles: []Profile{ukUnicode}}
		drain(t, data, "csv", opts)
	})
}

// FuzzAuto feeds anything to format detection and whatever reader it picks.
func FuzzAuto(f *testing.F) {
	files, _ := os.ReadDir("testdata")
	for _, e := range files {
		if !e.IsDir() {
			addSeeds(f, e.Name())
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) { drain(t, data, "auto", Options{Profiles: []Profile{ukUnicode}}) })
}

// FuzzWeChat feeds the WeChat Pay bill profile: backticks, a BOM or
// GB18030, a summary block, refund rows with their own amount column.
func FuzzWeChat(f *testing.F) {
	addSeeds(f, "wechat.csv", "wechat_gb18030.csv")
	f.Fuzz(func(t *testing.T, data []byte) { drain(t, data, "csv", Options{Profile: "wechat"}) })
}

func FuzzCSVAmount(f *testing.F) {
	for _, s := range []string{"1.234,56-", "(12.00)", "R$ 1.234,56", "1,23,456.78", "1'234.50", "€-12"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		decimal := byte('.')
		if comma {
			decimal = ','
		}
		minor, neg, err := parseCSVAmount(s, decimal, 2)
		if err == nil && (minor < 0 || (neg && minor == 0)) {
			t.Fatalf("parseCSVAmount(%q) = %d, %v", s, minor, neg)
		}
	})
}
