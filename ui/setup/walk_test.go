package setup_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/pin"
	"github.com/till-pos/till/ui/screentest"
	"github.com/till-pos/till/ui/setup"
	"github.com/till-pos/till/ui/setup/setuptest"
)

// From an empty configuration to a written file the till reads, for every
// scheme type, through the real form; the file is the one the headless
// Build makes from the same answers.
func TestWalkEveryScheme(t *testing.T) {
	tests := []struct {
		name, country string
		scheme        map[string]any
	}{
		{"pix", "BR", map[string]any{"type": "pix", "key": "+5511999999999", "info": "Obrigado"}},
		{"promptpay id", "TH", map[string]any{"type": "promptpay", "id": "1234567890121"}},
		{"promptpay biller", "TH", map[string]any{"type": "promptpay", "biller_id": "123456789012300", "ref2": "SHOP1"}},
		{"paynow", "SG", map[string]any{"type": "paynow", "uen": "201403121W", "editable": true}},
		{"duitnow", "MY", map[string]any{"type": "duitnow", "acquirer_id": "501664", "account": "MY0001"}},
		{"vietqr card", "VN", map[string]any{"type": "vietqr", "bin": "970436", "card": "9704360000000000"}},
		{"upi", "IN", map[string]any{"type": "upi", "vpa": "shop@okaxis", "payee_name": "Chai Corner"}},
		{"epc", "DE", map[string]any{"type": "epc", "iban": "DE89370400440532013000", "bic": "COBADEFFXXX"}},
		{"emv", "US", map[string]any{"type": "emv", "name": "wallet", "tag": int64(26), "guid": "COM.EXAMPLE.WALLET", "merchant_id": "M-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "till", "config.toml")
			a := setup.Answers{Name: "Corner Shop", City: "Capital", Country: tt.country, Schemes: []map[string]any{tt.scheme}}
			got := setuptest.Walk(t, setup.Options{Path: path}, a)
			cfg := readBack(t, path)
			if !reflect.DeepEqual(cfg.File, got) {
				t.Fatalf("file on disk\n%+v\nform returned\n%+v", cfg.File, got)
			}
			want, err := setup.Build(nil, a)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("form wrote\n%+v\nBuild makes\n%+v", got, want)
			}
			if !reflect.DeepEqual(got.Schemes[0], tt.scheme) {
				t.Fatalf("scheme %v, want %v", got.Schemes[0], tt.scheme)
			}
			if cfg.Merchant.Currency.Code != config.DefaultCurrency(tt.country) || cfg.Expiry.Minutes() != 15 || got.Till.ManagerPIN != "" {
				t.Fatalf("defaults: %+v", cfg)
			}
		})
	}
}

// readBack reads a written configuration as the till does and checks that
// only its owner can read it.
func readBack(t *testing.T, path string) *config.Config {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("%s has mode %v, want 0600", path, fi.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return cfg
}

// Two schemes in one code, a PIN, an expiry, an MCC and a currency typed
// in lower case.
func TestWalkTwoSchemesAndPIN(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	a := setup.Answers{
		Name: "Padaria Pão Quente", City: "São Paulo", Country: "br", Currency: "brl", MCC: "5462",
		Schemes: []map[string]any{
			{"type": "pix", "key": "padaria@example.com"},
			{"type": "emv", "name": "wallet", "tag": int64(27), "guid": "COM.EXAMPLE.WALLET", "merchant_id": "M-000123"},
		},
		PIN: "4321", ExpiryMinutes: 20,
	}
	f := setuptest.Walk(t, setup.Options{Path: path}, a)
	cfg := readBack(t, path)
	if pin.Check(cfg.File.Till.ManagerPIN, "4321") != nil || strings.Contains(cfg.File.Till.ManagerPIN, "4321") {
		t.Fatalf("PIN hash %q", cfg.File.Till.ManagerPIN)
	}
	if cfg.Merchant.Country != "BR" || cfg.Merchant.Currency.Code != "BRL" || cfg.Merchant.MCC != "5462" || cfg.Expiry.Minutes() != 20 {
		t.Fatalf("merchant %+v expiry %v", cfg.Merchant, cfg.Expiry)
	}
	if len(cfg.Schemes.Schemes) != 2 || cfg.Schemes.Schemes[1].Name() != "wallet" || !reflect.DeepEqual(f.Schemes, a.Schemes) {
		t.Fatalf("schemes %v", f.Schemes)
	}
}

// Editing keeps what the form does not ask, and what is not changed.
func TestEditKeepsTheRest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	existing := shopFile(t)
	existing.Schemes = append(existing.Schemes, map[string]any{"type": "emv", "name": "wallet", "tag": int64(27), "guid": "COM.X", "merchant_id": "1"})
	if err := config.Save(path, existing); err != nil {
		t.Fatal(err)
	}
	d := setuptest.New(t, setup.Options{Path: path, Existing: &existing}, 100, 30)
	d.Expect("merchant", "name")
	if !strings.Contains(d.Screen(), "Lojinha") {
		t.Fatalf("name not shown:\n%s", d.Screen())
	}
	d.Clear()
	d.Type("Mercadinho da Ana")
	for range 5 {
		d.Key("enter")
	}
	d.Expect("schemes", "hub")
	// Change the Pix key of the first scheme.
	d.Choose("edit:0")
	d.Key("enter")
	d.Expect("type", "type")
	if _, v := d.M.Field(); v != "pix" {
		t.Fatalf("type %v", v)
	}
	d.Key("enter")
	d.Expect("fields", "key")
	d.Clear()
	d.Type("+5581988887777")
	for range 3 {
		d.Key("enter")
	}
	d.Expect("schemes", "hub")
	d.Choose("continue")
	d.Key("enter")
	d.Expect("till", "pin_mode")
	if _, v := d.M.Field(); v != "keep" {
		t.Fatalf("PIN choice %v, want keep", v)
	}
	d.Key("enter")
	if _, v := d.M.Field(); v != "30" {
		t.Fatalf("expiry %v, want 30", v)
	}
	d.Key("enter")
	if _, v := d.M.Field(); v != setup.LanguageSystem {
		t.Fatalf("language %v, want %v", v, setup.LanguageSystem)
	}
	d.Key("enter")
	d.Expect("preview", "")
	d.Key("enter")
	f, ok := d.M.Saved()
	if !ok || !d.Quit {
		t.Fatalf("not saved: %s", d.M.Notice())
	}
	want := existing
	want.Merchant.Name = "Mercadinho da Ana"
	want.Schemes = []map[string]any{{"type": "pix", "key": "+5581988887777"}, existing.Schemes[1]}
	if !reflect.DeepEqual(f, want) {
		t.Fatalf("saved\n%+v\nwant\n%+v", f, want)
	}
	if cfg := readBack(t, path); !reflect.DeepEqual(cfg.File, want) {
		t.Fatalf("on disk %+v", cfg.File)
	}
}

// start fills the business step and arrives at the scheme type list.
func start(t *testing.T, country string, w, h int) *setuptest.Driver {
	t.Helper()
	d := setuptest.New(t, setup.Options{Path: filepath.Join(t.TempDir(), "config.toml")}, w, h)
	for _, v := range []string{"Corner Shop", "Capital", country, "", ""} {
		d.Type(v)
		d.Key("enter")
	}
	d.Expect("type", "type")
	return d
}

// A wrong value is refused on its own field, with the field's name and
// the rule, right under it; the focus stays there until it is right.
func TestFieldErrorsOnTheRightField(t *testing.T) {
	tests := []struct {
		name, country, typ, target string
		typed                      [][2]string // key, value; the last one is wrong
		title, rule                string
	}{
		{"bad IBAN", "DE", "epc", "", [][2]string{{"iban", "DE89 3704 0044 0532 0130 01"}}, "IBAN", "check digit"},
		{"IBAN outside SEPA", "DE", "epc", "", [][2]string{{"iban", "US12345678901234"}}, "IBAN", "SEPA"},
		{"bad BIC", "DE", "epc", "", [][2]string{{"iban", "DE89370400440532013000"}, {"bic", "COBA"}}, "BIC", "COBA"},
		{"bad PIX key", "BR", "pix", "", [][2]string{{"key", "loja-do-joao"}}, "Pix key", "not a Pix key"},
		{"PIX CPF check digit", "BR", "pix", "", [][2]string{{"key", "529.982.247-24"}}, "Pix key", "CPF"},
		{"PromptPay id length", "TH", "promptpay", "id", [][2]string{{"id", "123456789012"}}, "National id or tax id", "13 digits"},
		{"PromptPay phone", "TH", "promptpay", "phone", [][2]string{{"phone", "12345"}}, "Mobile number", "Thai mobile"},
		{"DuitNow acquirer", "MY", "duitnow", "", [][2]string{{"acquirer_id", "5016"}}, "Acquirer id", "6 digits"},
		{"VietQR BIN missing", "VN", "vietqr", "account", [][2]string{{"bin", ""}}, "Bank BIN", "is required"},
		{"UPI address", "IN", "upi", "", [][2]string{{"vpa", "not an address"}}, "UPI address", "name@bank"},
		{"PayNow UEN", "SG", "paynow", "uen", [][2]string{{"uen", "ACME"}}, "UEN", "not a UEN"},
		{"EMV tag range", "US", "emv", "", [][2]string{{"tag", "99"}}, "Tag", "26 to 51"},
		{"EMV tag text", "US", "emv", "", [][2]string{{"tag", "x"}}, "Tag", "not a whole number"},
		{"EMV GUID needed", "US", "emv", "", [][2]string{{"tag", "26"}, {"guid", ""}}, "GUID", "is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := start(t, tt.country, 80, 24)
			d.Choose(tt.typ)
			d.Key("enter")
			if tt.target != "" {
				d.Expect("target", "target")
				d.Choose(tt.target)
				d.Key("enter")
			}
			for _, kv := range tt.typed {
				d.Expect("fields", kv[0])
				d.Type(kv[1])
				d.Key("enter")
			}
			bad := tt.typed[len(tt.typed)-1]
			d.Expect("fields", bad[0])
			assertErrorUnder(t, d.Screen(), tt.title, tt.rule)
		})
	}
}

// assertErrorUnder checks that the screen shows "✗ title: …rule…" right
// under the field titled title.
func assertErrorUnder(t *testing.T, screen, title, rule string) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if !strings.Contains(l, "✗ "+title+":") {
			continue
		}
		msg := strings.Join(lines[i:min(i+3, len(lines))], " ")
		if !strings.Contains(msg, rule) {
			t.Fatalf("error %q lacks %q\n%s", msg, rule, screen)
		}
		// Above it: the field's input line, and above that its title
		// (with or without a help line between).
		for j := i - 1; j >= max(i-3, 0); j-- {
			if strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(lines[j]), "┃")) == title {
				return
			}
		}
		t.Fatalf("the error is not under the field %q\n%s", title, screen)
	}
	t.Fatalf("no error for %q on screen\n%s", title, screen)
}

// Fixing the value lets the form go on.
func TestFixedValueGoesOn(t *testing.T) {
	d := start(t, "DE", 80, 24)
	d.Choose("epc")
	d.Key("enter")
	d.Type("DE89370400440532013001")
	d.Key("enter")
	d.Expect("fields", "iban")
	d.Clear()
	d.Type("DE89 3704 0044 0532 0130 00")
	d.Key("enter")
	d.Expect("fields", "bic")
	if strings.Contains(d.Screen(), "✗") {
		t.Fatalf("error still shown:\n%s", d.Screen())
	}
}

func TestMerchantErrors(t *testing.T) {
	tests := []struct {
		values     []string // typed in order; the last is wrong
		key, title string
		rule       string
	}{
		{[]string{""}, "name", "Business name", "is required"},
		{[]string{"カフェ"}, "name", "Business name", "no letters a payment code can carry"},
		{[]string{"Shop", ""}, "city", "City", "is required"},
		{[]string{"Shop", "Town", "B1"}, "country", "Country", "two-letter ISO 3166"},
		{[]string{"Shop", "Town", "BR", "XYZ"}, "currency", "Currency", "unknown currency"},
		{[]string{"Shop", "Town", "ZZ", ""}, "currency", "Currency", "no usual currency for country \"ZZ\""},
		{[]string{"Shop", "Town", "BR", "", "12"}, "mcc", "Merchant category code", "four digits"},
	}
	for _, tt := range tests {
		d := setuptest.New(t, setup.Options{Path: filepath.Join(t.TempDir(), "c.toml")}, 80, 24)
		for _, v := range tt.values {
			d.Type(v)
			d.Key("enter")
		}
		d.Expect("merchant", tt.key)
		screen := d.Screen()
		if !strings.Contains(screen, "✗ "+tt.title) || !strings.Contains(strings.ReplaceAll(screen, "\n", " "), tt.rule) {
			t.Errorf("%v: screen lacks %q / %q\n%s", tt.values, tt.title, tt.rule, screen)
		}
	}
}

// Only the schemes of the merchant's currency and country are offered;
// schemes that cannot share one code are refused before the overview, and
// names stay unique.
func TestSchemesMustFitTogether(t *testing.T) {
	d := start(t, "BR", 80, 24)
	d.Expect("type", "type")
	for _, other := range []string{"PromptPay", "PayNow", "DuitNow", "VietQR", "UPI", "SEPA"} {
		if s := d.Screen(); strings.Contains(s, other) {
			t.Fatalf("a Brazilian merchant is offered %s:\n%s", other, s)
		}
	}
	d.Choose("pix")
	d.Key("enter")
	d.Type("+5511999999999")
	for range 3 {
		d.Key("enter")
	}
	d.Expect("schemes", "hub")
	// A second template on Pix's tag 26 cannot share the code.
	d.Choose("add")
	d.Key("enter")
	d.Choose("emv")
	d.Key("enter")
	for _, v := range []string{"26", "COM.EXAMPLE", "M-1", ""} {
		d.Type(v)
		d.Key("enter")
	}
	d.Expect("fields", "")
	if d.M.Notice() == "" || !strings.Contains(d.Screen(), "✗ ") {
		t.Fatalf("clash not reported: %q\n%s", d.M.Notice(), d.Screen())
	}
	// The same name twice.
	d.Key("esc")
	d.Key("esc")
	d.Expect("schemes", "hub")
	d.Choose("add")
	d.Key("enter")
	d.Choose("pix")
	d.Key("enter")
	d.Type("+5511988887777")
	d.Key("enter")
	d.Key("enter")
	d.Expect("fields", "name")
	d.Key("enter") // the default name, "pix", is taken
	d.Expect("fields", "name")
	assertErrorUnder(t, d.Screen(), "Name", "already called \"pix\"")
}

func TestCancelWritesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	d := setuptest.New(t, setup.Options{Path: path}, 80, 24)
	d.Type("Shop")
	d.Key("enter")
	d.Key("ctrl+c")
	if !d.Quit || d.M.Step() != "done" {
		t.Fatalf("ctrl+c: quit %v step %s", d.Quit, d.M.Step())
	}
	if _, ok := d.M.Saved(); ok {
		t.Fatal("saved")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("file: %v", err)
	}
}

// A failed save says why and keeps everything typed for another try.
func TestSaveFailureIsShown(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// Point the save at a folder that cannot be made: its parent is a file.
	d := setuptest.New(t, setup.Options{Path: filepath.Join(blocker, "config.toml")}, 80, 24)
	for _, v := range []string{"Chai", "Pune", "IN", "", ""} {
		d.Type(v)
		d.Key("enter")
	}
	d.Choose("upi")
	d.Key("enter")
	d.Type("chai@okaxis")
	for range 3 {
		d.Key("enter")
	}
	d.Choose("continue")
	d.Key("enter")
	d.Key("enter")
	d.Key("enter")
	d.Key("enter") // the system's language
	d.Expect("preview", "")
	d.Key("enter")
	if _, ok := d.M.Saved(); ok || d.Quit {
		t.Fatal("saved into a file")
	}
	if !strings.Contains(d.M.Notice(), "Not saved") || !strings.Contains(d.Screen(), "✗ Not saved") {
		t.Fatalf("notice %q\n%s", d.M.Notice(), d.Screen())
	}
	d.Expect("preview", "")
}

// esc goes back a step and keeps what was typed.
func TestBackKeepsValues(t *testing.T) {
	d := start(t, "DE", 80, 24)
	d.Choose("epc")
	d.Key("enter")
	d.Type("DE89370400440532013000")
	d.Key("enter")
	d.Key("esc")
	d.Expect("type", "type")
	d.Key("esc")
	d.Expect("merchant", "name")
	if !strings.Contains(d.Screen(), "Corner Shop") {
		t.Fatalf("name lost:\n%s", d.Screen())
	}
	for range 5 {
		d.Key("enter")
	}
	d.Expect("type", "type")
	if _, v := d.M.Field(); v != "epc" {
		t.Fatalf("type %v", v)
	}
	d.Key("enter")
	if !strings.Contains(d.Screen(), "DE89370400440532013000") {
		t.Fatalf("IBAN lost:\n%s", d.Screen())
	}
}

// Every step fits 80x24: no line wider, no more lines.
func TestEveryStepFits80x24(t *testing.T) {
	d := start(t, "BR", 80, 24)
	var screens []string
	shot := func(step, key string) {
		t.Helper()
		d.Expect(step, key)
		screens = append(screens, d.M.Screen())
	}
	shot("type", "type")
	d.Choose("pix")
	d.Key("enter")
	d.Type("loja")
	d.Key("enter")
	shot("fields", "key") // refused, with the reason
	d.Clear()
	d.Type("+5511999999999")
	for range 3 {
		d.Key("enter")
	}
	shot("schemes", "hub")
	d.Choose("add")
	d.Key("enter")
	d.Choose("emv")
	d.Key("enter")
	shot("fields", "tag")
	for _, v := range []string{"26", "COM.EXAMPLE", "M-1", "w"} {
		d.Type(v)
		d.Key("enter")
	}
	shot("fields", "") // the clash on tag 26, as a notice
	d.Key("esc")
	d.Key("esc")
	d.Choose("continue")
	d.Key("enter")
	d.Choose("set")
	shot("till", "pin_mode")
	d.Key("enter")
	d.Key("enter")
	d.Type("12")
	d.Key("enter")
	shot("till", "pin")
	d.Clear()
	d.Type("1234")
	d.Key("enter")
	d.Type("1234")
	d.Key("enter")
	shot("preview", "")
	d.Key("v")
	shot("preview", "")
	// The code alone fits 80x24 and scans.
	got, err := screentest.DecodeScreen(screentest.FromANSI([]byte(d.M.Screen()), 80, 24), screentest.Dark, 0)
	if err != nil || !strings.HasPrefix(got, "000201") || !strings.Contains(got, setup.SampleReference.String()) {
		t.Fatalf("code alone at 80x24: %q, %v", got, err)
	}
	for i, s := range screens {
		lines := strings.Split(s, "\n")
		if len(lines) > 24 {
			t.Errorf("screen %d has %d lines", i, len(lines))
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > 80 {
				t.Errorf("screen %d: a line is %d cells wide: %q", i, w, ansi.Strip(l))
			}
		}
	}
}

// The preview names the reference only when the code carries it: a
// PromptPay transfer to a phone number has none.
func TestPreviewReferenceOnlyWhenCarried(t *testing.T) {
	d := start(t, "TH", 120, 40)
	d.Choose("promptpay")
	d.Key("enter")
	d.Key("enter") // pays to a mobile number
	d.Type("0812345678")
	d.Key("enter")
	d.Key("enter")
	d.Expect("schemes", "hub")
	d.Choose("continue")
	d.Key("enter")
	d.Key("enter")
	d.Key("enter")
	d.Key("enter") // the system's language
	d.Expect("preview", "")
	screen := d.Screen()
	if strings.Contains(screen, string(setup.SampleReference)) || !strings.Contains(screen, "no reference in this code") {
		t.Fatalf("preview of a code without a reference:\n%s", screen)
	}
}
