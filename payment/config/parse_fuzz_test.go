package config

import (
	"testing"
)

// FuzzParse feeds arbitrary bytes to the configuration parser: it must
// answer with a Config or an error, never panic, and a Config it accepts
// must be usable (its schemes build a code).
func FuzzParse(f *testing.F) {
	demo, _ := Encode(Demo())
	f.Add(demo)
	f.Add([]byte("[merchant]\nname='Shop'\ncity='Recife'\ncountry='BR'\ncurrency='BRL'\n[[schemes]]\ntype='pix'\nkey='+5511999999999'\n"))
	f.Add([]byte("[merchant\n"))
	f.Add([]byte("[[schemes]]\ntype='epc'\niban='DE89370400440532013000'\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data)
		if err != nil {
			return
		}
		if cfg.Merchant.Currency.IsZero() || len(cfg.Schemes.Schemes) == 0 {
			t.Fatalf("accepted a configuration without currency or schemes: %+v", cfg)
		}
	})
}
