package setup_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/pin"
	"github.com/till-pos/till/payment/statement"
	"github.com/till-pos/till/ui/setup"
)

var pinHash = sync.OnceValues(func() (string, error) { return pin.Hash("8642") })

// shopFile is an existing configuration with everything the form does
// not ask about.
func shopFile(t *testing.T) config.File {
	t.Helper()
	hash, err := pinHash()
	if err != nil {
		t.Fatal(err)
	}
	bell := false
	return config.File{
		Merchant: config.MerchantSection{Name: "Lojinha", City: "Recife", Country: "BR", Currency: "BRL", MCC: "5411",
			PostalCode: "50000-000", Language: "pt", LocalName: "Lojinha da Ana", LocalCity: "Recife"},
		Till:  config.TillSection{Expiry: "30m", Cashier: "ana", ManagerPIN: hash, Printer: "lp -d counter", Bell: &bell},
		Serve: config.ServeSection{Addr: "127.0.0.1:9000", Secrets: []string{"0123456789abcdef0123456789abcdef"}},
		Schemes: []map[string]any{
			{"type": "pix", "key": "+5581999999999"},
		},
		CSVProfiles: []statement.Profile{csvProfile(t)},
	}
}

// csvProfile is a statement profile as a configuration file holds it.
func csvProfile(t *testing.T) statement.Profile {
	t.Helper()
	data, err := config.Encode(config.Demo())
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse(append(data, []byte(`
[[csv_profiles]]
name = "mybank"
delimiter = ";"
date = "Booking date"
date_format = "02.01.2006"
amount = "Amount"
decimal_mark = ","
fixed_currency = "EUR"
text = ["Purpose", "Name"]
`)...))
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Profiles[0]
}

func TestBuildDefaultsAndKeeps(t *testing.T) {
	existing := shopFile(t)
	a := setup.AnswersOf(existing)
	a.Name = "Mercadinho"
	a.Currency = "" // from the country
	f, err := setup.Build(&existing, a)
	if err != nil {
		t.Fatal(err)
	}
	if f.Merchant.Name != "Mercadinho" || f.Merchant.Currency != "BRL" {
		t.Fatalf("merchant %+v", f.Merchant)
	}
	// Everything the form does not ask is as it was.
	if f.Merchant.LocalName != existing.Merchant.LocalName || f.Merchant.PostalCode != existing.Merchant.PostalCode ||
		!reflect.DeepEqual(f.Serve, existing.Serve) || !reflect.DeepEqual(f.CSVProfiles, existing.CSVProfiles) ||
		f.Till.Cashier != "ana" || f.Till.Printer != "lp -d counter" || *f.Till.Bell || f.Till.ManagerPIN != existing.Till.ManagerPIN ||
		f.Till.Expiry != "30m" {
		t.Fatalf("not kept: %+v", f)
	}
	// The existing file is not changed by building on it.
	if existing.Merchant.Name != "Lojinha" || existing.Schemes[0]["key"] != "+5581999999999" {
		t.Fatal("Build changed the existing configuration")
	}
	// Answers that are the existing file's give the existing file back.
	same, err := setup.Build(&existing, setup.AnswersOf(existing))
	if err != nil || !reflect.DeepEqual(same, existing) {
		t.Fatalf("round trip:\n%+v\n%+v\n%v", same, existing, err)
	}
}

func TestBuildPINAndExpiry(t *testing.T) {
	existing := shopFile(t)
	base := setup.AnswersOf(existing)
	base.CurrentPIN = "8642"

	a := base
	a.RemovePIN = true
	a.ExpiryMinutes = 120
	f, err := setup.Build(&existing, a)
	if err != nil || f.Till.ManagerPIN != "" || f.Till.Expiry != "2h" {
		t.Fatalf("remove PIN: %+v %v", f.Till, err)
	}

	a = base
	a.PIN = "1357"
	f, err = setup.Build(&existing, a)
	if err != nil || f.Till.ManagerPIN == existing.Till.ManagerPIN || pin.Check(f.Till.ManagerPIN, "1357") != nil {
		t.Fatalf("new PIN: %+v %v", f.Till, err)
	}
	if strings.Contains(f.Till.ManagerPIN, "1357") {
		t.Fatal("the PIN is stored in clear")
	}

	tests := []struct {
		change func(*setup.Answers)
		want   string
	}{
		{func(a *setup.Answers) { a.PIN = "12" }, "manager PIN: a manager PIN has 4 to 12 digits"},
		{func(a *setup.Answers) { a.PIN = "1234"; a.RemovePIN = true }, "not both"},
		{func(a *setup.Answers) { a.ExpiryMinutes = setup.MaxExpiryMinutes + 1 }, "expiry: 10081 minutes"},
		{func(a *setup.Answers) { a.Country = "ZZ"; a.Currency = "" }, "merchant.currency is required: till knows no usual currency for country ZZ"},
		{func(a *setup.Answers) { a.Schemes = nil }, "no payment scheme"},
		{func(a *setup.Answers) {
			a.Schemes = []map[string]any{{"type": "epc", "iban": "DE89370400440532013001"}}
		}, "schemes[0] (epc): iban:"},
	}
	for _, tt := range tests {
		a := base
		tt.change(&a)
		if _, err := setup.Build(&existing, a); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", a, err, tt.want)
		}
	}
}

// Apply is the headless setup: the file it writes is owner-only and is
// what the till reads.
func TestApplyFirstRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "till", "config.toml")
	f, err := setup.Apply(path, nil, setup.Answers{
		Name: "Som Tam Stall", City: "Bangkok", Country: "th",
		Schemes: []map[string]any{{"type": "promptpay", "phone": "081-234-5678"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Merchant.Currency.Code != "THB" || cfg.Merchant.Country != "TH" || cfg.Expiry.Minutes() != 15 || !reflect.DeepEqual(cfg.File.Schemes, f.Schemes) {
		t.Fatalf("read back %+v", cfg)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode().Perm())
	}
	// A refused configuration writes nothing.
	bad := filepath.Join(t.TempDir(), "config.toml")
	if _, err := setup.Apply(bad, nil, setup.Answers{Name: "x", City: "y", Country: "TH"}); err == nil {
		t.Fatal("no schemes accepted")
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Fatalf("file written: %v", err)
	}
}
