package setuptest_test

import (
	"path/filepath"
	"testing"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/ui/setup"
	"github.com/till-pos/till/ui/setup/setuptest"
)

// Walk is the whole form from a first run: what an end-to-end test of
// "setup, then a first paid order" starts with.
func TestWalk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	f := setuptest.Walk(t, setup.Options{Path: path}, setup.Answers{
		Name: "Warung Kopi", City: "Jakarta", Country: "ID", Language: "id",
		Schemes: []map[string]any{{"type": "emv", "tag": int64(26), "guid": "ID.CO.QRIS.WWW", "merchant_id": "936000000000000001"}},
	})
	cfg, err := config.Resolve(f)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Merchant.Currency.Code != "IDR" || cfg.Schemes.Schemes[0].Type() != "emv" || f.Till.Language != "id" {
		t.Fatalf("%+v", cfg.Merchant)
	}
}
