package setup_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/scheme"
	"github.com/till-pos/till/ui/screentest"
	"github.com/till-pos/till/ui/setup"
	"github.com/till-pos/till/ui/setup/setuptest"
)

// A fixed path and clock keep the goldens stable.
const goldenPath = "/home/ana/.config/till/config.toml"

var goldenNow = func() time.Time { return time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC) }

func goldenDriver(t *testing.T, w, h int) *setuptest.Driver {
	return setuptest.New(t, setup.Options{Path: goldenPath, Now: goldenNow}, w, h)
}

// The screens of the form at 80x24 and 120x40, without colours.
func TestGolden(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}} {
		t.Run("merchant_"+size.name, func(t *testing.T) {
			d := goldenDriver(t, size.w, size.h)
			golden.RequireEqual(t, d.Screen())
		})
		t.Run("iban_error_"+size.name, func(t *testing.T) {
			d := goldenDriver(t, size.w, size.h)
			walkToIBANError(d)
			golden.RequireEqual(t, d.Screen())
		})
		t.Run("preview_"+size.name, func(t *testing.T) {
			d := goldenDriver(t, size.w, size.h)
			walkToTill(d)
			d.Key("enter")
			d.Key("enter")
			d.Key("enter") // the system's language
			d.Expect("preview", "")
			golden.RequireEqual(t, d.Screen())
		})
	}
}

var sgrRe = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// NO_COLOR: the form draws no colour (the test QR, an image, keeps its
// black and white).
func TestNoColor(t *testing.T) {
	d := setuptest.New(t, setup.Options{Path: goldenPath, NoColor: true}, 80, 24)
	d.Type("")
	d.Key("enter") // an error, so that the error style is drawn too
	screen := d.M.Screen()
	for _, sgr := range sgrRe.FindAllStringSubmatch(screen, -1) {
		for _, p := range strings.Split(sgr[1], ";") {
			if n, _ := strconv.Atoi(p); n >= 30 && n <= 38 || n >= 40 && n <= 48 || n >= 90 && n <= 107 {
				t.Fatalf("colour %q drawn under NO_COLOR", sgr[0])
			}
		}
	}
	if !strings.Contains(ansi.Strip(screen), "✗ Business name is required") {
		t.Fatalf("error not in words:\n%s", ansi.Strip(screen))
	}
}

// The real program: edit a configuration, scan the test code off the
// emulated screen, save.
func TestProgramPreviewScansAndSaves(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	existing := config.File{
		Merchant: config.MerchantSection{Name: "Padaria", City: "Recife", Country: "BR", Currency: "BRL"},
		Schemes:  []map[string]any{{"type": "pix", "key": "+5581999999999"}},
	}
	if err := config.Save(path, existing); err != nil {
		t.Fatal(err)
	}
	const w, h = 120, 40
	p := screentest.Start(t, setup.New(setup.Options{Path: path, Existing: &existing, Now: goldenNow}), w, h)
	p.Wait = 20 * time.Second
	tm, waitFor := p.TM, p.WaitFor
	enter := func() { tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) }
	waitFor("Your business")
	for range 5 { // every field is filled in already
		enter()
	}
	waitFor("What next?")
	enter()
	waitFor("Codes expire after")
	enter()
	enter()
	enter() // the system's language
	waitFor("Test code")

	cfg, err := config.Resolve(existing)
	if err != nil {
		t.Fatal(err)
	}
	amount := payment.Amount{Minor: setup.SampleMinor, Currency: cfg.Merchant.Currency}
	codes, err := cfg.Schemes.Codes(scheme.Charge{Amount: amount, Ref: setup.SampleReference, Expires: goldenNow().Add(cfg.Expiry)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.DecodeQR(screentest.Dark, 0)
	if err != nil || got != codes[0].Payload {
		t.Fatalf("test code on screen: %q, %v\nwant %q", got, err, codes[0].Payload)
	}
	enter()
	final := tm.FinalModel(t, teatest.WithFinalTimeout(15*time.Second)).(setup.Model)
	f, ok := final.Saved()
	if !ok || f.Merchant.Name != "Padaria" {
		t.Fatalf("saved %v %+v", ok, f)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("file %v %v", fi, err)
	}
}
