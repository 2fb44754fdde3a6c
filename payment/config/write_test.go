package config

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/pin"
	"github.com/till-pos/till/payment/scheme"
)

// testPINHash is the hash of PIN 2468, made once: hashing is slow on
// purpose.
var testPINHash = sync.OnceValues(func() (string, error) { return pin.Hash("2468") })

// pixFile is a valid configuration with every kind of secret.
func pixFile(t testing.TB) File {
	t.Helper()
	hash, err := testPINHash()
	if err != nil {
		t.Fatal(err)
	}
	bell := false
	return File{
		Merchant: MerchantSection{Name: "Padaria Pão Quente", City: "São Paulo", Country: "BR", Currency: "BRL", MCC: "5462"},
		Till:     TillSection{Expiry: "20m", Cashier: "ana", ManagerPIN: hash, Bell: &bell},
		Serve:    ServeSection{Addr: "127.0.0.1:8787", Secrets: []string{"0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"}},
		Schemes: []map[string]any{
			{"type": "pix", "key": "+5511999999999", "info": "Obrigado"},
			{"type": "emv", "name": "wallet", "tag": int64(27), "guid": "COM.EXAMPLE.WALLET", "merchant_id": "M-1"},
		},
	}
}

func TestSaveWritesOwnerOnlyFileThatReadsBack(t *testing.T) {
	f := pixFile(t)
	path := filepath.Join(t.TempDir(), "new", "till", "config.toml")
	if err := Save(path, f); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", fi.Mode().Perm())
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if di.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", di.Mode().Perm())
	}
	data, _ := os.ReadFile(path)
	c, err := Parse(data)
	if err != nil {
		t.Fatalf("saved file does not parse: %v\n%s", err, data)
	}
	if c.Merchant.Name != "Padaria Pão Quente" || c.Expiry.Minutes() != 20 || c.Bell || len(c.Secrets) != 2 ||
		len(c.Schemes.Schemes) != 2 || c.File.Till.ManagerPIN != f.Till.ManagerPIN {
		t.Fatalf("read back: %+v", c)
	}
	if err := pin.Check(c.File.Till.ManagerPIN, "2468"); err != nil {
		t.Fatalf("PIN after a round trip: %v", err)
	}
	leftovers(t, filepath.Dir(path), "config.toml")
}

// leftovers fails when the folder holds anything but want (a temporary
// file left behind by a write).
func leftovers(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !reflect.DeepEqual(names, want) && !(len(names) == 0 && len(want) == 0) {
		t.Fatalf("folder holds %v, want %v", names, want)
	}
}

func TestSaveRefusesInvalidAndWritesNothing(t *testing.T) {
	good := pixFile(t)
	tests := []struct {
		name   string
		change func(*File)
		want   string
	}{
		{"no name", func(f *File) { f.Merchant.Name = " " }, "merchant.name is required"},
		{"bad currency", func(f *File) { f.Merchant.Currency = "XXX" }, "merchant.currency"},
		{"bad PIX key", func(f *File) { f.Schemes[0]["key"] = "loja" }, "schemes[0] (pix): key:"},
		{"no scheme", func(f *File) { f.Schemes = nil }, "no payment scheme"},
		{"short secret", func(f *File) { f.Serve.Secrets = []string{"short"} }, "serve.secrets[0]"},
		{"PIN in clear", func(f *File) { f.Till.ManagerPIN = "1234" }, "till.manager_pin"},
		{"currency of another rail", func(f *File) { f.Merchant.Currency = "EUR" }, "pays in BRL only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "config.toml")
			// An existing configuration must survive a refused save.
			old := []byte("# the old configuration\n")
			if err := os.WriteFile(path, old, 0o600); err != nil {
				t.Fatal(err)
			}
			f := Masked(good) // a deep copy, then made valid again
			f.Till.ManagerPIN = good.Till.ManagerPIN
			f.Serve.Secrets = good.Serve.Secrets
			tt.change(&f)
			err := Save(path, f)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "configuration not saved") {
				t.Fatalf("Save: %v, want an error with %q", err, tt.want)
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, old) {
				t.Fatalf("the old file changed:\n%s", got)
			}
			leftovers(t, dir, "config.toml")
		})
	}
}

func TestSaveReplacesTheWholeFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	// A longer file with other permissions: nothing of it may remain.
	long := bytes.Repeat([]byte("# an old and much longer configuration file\n"), 200)
	if err := os.WriteFile(path, long, 0o644); err != nil {
		t.Fatal(err)
	}
	f := Demo()
	if err := Save(path, f); err != nil {
		t.Fatal(err)
	}
	want, _ := Encode(f)
	got, _ := os.ReadFile(path)
	if !bytes.Equal(got, want) {
		t.Fatalf("file is\n%s\nwant\n%s", got, want)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v after replacing a 0644 file", fi.Mode().Perm())
	}
	leftovers(t, dir, "config.toml")
}

func TestSaveIntoUnwritableFolderFails(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes anywhere")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	err := Save(filepath.Join(dir, "config.toml"), Demo())
	if err == nil || !strings.Contains(err.Error(), "write configuration") {
		t.Fatalf("Save into a read-only folder: %v", err)
	}
}

func TestMaskedHidesSecretsOnly(t *testing.T) {
	f := pixFile(t)
	// A nested table (an EMV template's extra sub-fields), to see that the
	// copy is deep.
	f.Schemes[1]["fields"] = map[string]any{"02": "X"}
	m := Masked(f)
	data, err := Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range append([]string{f.Till.ManagerPIN}, f.Serve.Secrets...) {
		if bytes.Contains(data, []byte(secret)) {
			t.Fatalf("masked output holds a secret:\n%s", data)
		}
	}
	if m.Till.ManagerPIN != Mask || len(m.Serve.Secrets) != 2 || m.Serve.Secrets[1] != Mask {
		t.Fatalf("masked: %+v %+v", m.Till, m.Serve)
	}
	// Everything else is shown as it is.
	if !reflect.DeepEqual(m.Merchant, f.Merchant) || !reflect.DeepEqual(m.Schemes, f.Schemes) || m.Serve.Addr != f.Serve.Addr {
		t.Fatalf("masked changed more than secrets: %+v", m)
	}
	// The copy is deep: changing it leaves the original alone.
	m.Schemes[1]["fields"].(map[string]any)["02"] = "changed"
	m.Schemes[0]["key"] = "changed"
	*m.Till.Bell = true
	if f.Schemes[1]["fields"].(map[string]any)["02"] != "X" || f.Schemes[0]["key"] != "+5511999999999" || *f.Till.Bell {
		t.Fatal("Masked shares data with the original")
	}
	if _, err := Resolve(f); err != nil {
		t.Fatalf("original damaged: %v", err)
	}
	// Nothing to mask: nothing masked.
	d := Masked(Demo())
	if d.Till.ManagerPIN != "" || d.Serve.Secrets != nil {
		t.Fatalf("demo masked: %+v", d)
	}
}

func TestDefaultCurrency(t *testing.T) {
	// Every country a scheme works in, and the places the setup form is
	// most likely to meet.
	tests := map[string]string{
		"BR": "BRL", "TH": "THB", "SG": "SGD", "MY": "MYR", "VN": "VND", "ID": "IDR", "IN": "INR",
		"KH": "KHR", "DE": "EUR", "FR": "EUR", "HR": "EUR", "BG": "EUR", "AT": "EUR", "US": "USD",
		"GB": "GBP", "JP": "JPY", "CN": "CNY", "CH": "CHF", "EC": "USD", "SN": "XOF", "br": "BRL",
		" th ": "THB", "": "", "ZZ": "", "EU": "",
	}
	for country, want := range tests {
		if got := DefaultCurrency(country); got != want {
			t.Errorf("DefaultCurrency(%q) = %q, want %q", country, got, want)
		}
	}
	// Every currency in the table is one Resolve accepts.
	for country, code := range defaultCurrency {
		if _, err := payment.LookupCurrency(code); err != nil {
			t.Errorf("%s: %v", country, err)
		}
		if len(country) != 2 || strings.ToUpper(country) != country {
			t.Errorf("country %q is not an upper-case alpha-2 code", country)
		}
	}
	// Every scheme bound to a country and currency agrees with the table,
	// so the default the form offers is the one the scheme accepts.
	samples := []map[string]any{
		{"type": "pix", "key": "+5511999999999"},
		{"type": "promptpay", "phone": "0812345678"},
		{"type": "paynow", "uen": "201403121W"},
		{"type": "duitnow", "acquirer_id": "501664", "account": "MY0001"},
		{"type": "vietqr", "bin": "970436", "account": "0011001932418"},
		{"type": "upi", "vpa": "shop@okaxis"},
	}
	for i, s := range samples {
		sc, err := scheme.New(i, s)
		if err != nil {
			t.Fatal(err)
		}
		cur, country := sc.(interface{ Requires() (string, string) }).Requires()
		if got := DefaultCurrency(country); got != cur {
			t.Errorf("%s works in %s with %s, but the default there is %q", sc.Type(), country, cur, got)
		}
	}
}

func TestResolveMerchant(t *testing.T) {
	good := MerchantSection{Name: "Kopi", City: "Kuala Lumpur", Country: "my", Currency: "myr"}
	m, err := ResolveMerchant(good)
	if err != nil || m.Country != "MY" || m.Currency.Code != "MYR" || m.MCC != "0000" {
		t.Fatalf("%+v, %v", m, err)
	}
	tests := []struct {
		change func(*MerchantSection)
		want   string
	}{
		{func(m *MerchantSection) { m.Name = "" }, "merchant.name is required"},
		{func(m *MerchantSection) { m.Name = "カフェ" }, "merchant.name"},
		{func(m *MerchantSection) { m.City = "" }, "merchant.city is required"},
		{func(m *MerchantSection) { m.Country = "MYS" }, "merchant.country"},
		{func(m *MerchantSection) { m.Currency = "RM" }, "merchant.currency"},
		{func(m *MerchantSection) { m.MCC = "54" }, "merchant.mcc"},
	}
	for _, tt := range tests {
		m := good
		tt.change(&m)
		if _, err := ResolveMerchant(m); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", m, err, tt.want)
		}
	}
}

func BenchmarkSave(b *testing.B) {
	path := filepath.Join(b.TempDir(), "config.toml")
	f := Demo()
	for b.Loop() {
		if err := Save(path, f); err != nil {
			b.Fatal(err)
		}
	}
}
