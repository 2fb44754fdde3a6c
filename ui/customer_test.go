package ui_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/ui/screentest"
)

// realCodes are configurations merchants really have, with the window each
// must fit in the customer view (issue 19's goals).
var realCodes = []struct {
	name   string
	file   config.File
	amount string
	goal   [2]int // the smallest window where the code must scan
}{
	{"demo", config.Demo(), "12.50", [2]int{60, 20}},
	{"PromptPay", config.File{
		Merchant: config.MerchantSection{Name: "Som Tam Shop", City: "Bangkok", Country: "TH", Currency: "THB"},
		Schemes:  []map[string]any{{"type": "promptpay", "phone": "080-123-4567"}},
	}, "120", [2]int{60, 20}},
	{"SEPA, 35-character beneficiary with umlauts", config.File{
		Merchant: config.MerchantSection{Name: "Bäckerei Müller", City: "München", Country: "DE", Currency: "EUR"},
		Schemes: []map[string]any{{"type": "epc", "iban": "DE89370400440532013000", "bic": "COBADEFFXXX",
			"beneficiary": "Bäckerei Müller Söhne Großhandel KG"}},
	}, "345.67", [2]int{80, 24}},
	{"PIX and a wallet", config.File{
		Merchant: config.MerchantSection{Name: "Padaria Pão de Açúcar Ltda", City: "São José dos Campos", Country: "BR", Currency: "BRL", MCC: "5462"},
		Schemes: []map[string]any{
			{"type": "pix", "key": "123e4567-e12b-12d1-a456-426655440000", "info": "Pedido na padaria"},
			{"type": "emv", "name": "Carteira", "tag": int64(27), "guid": "COM.EXAMPLE.WALLET.BRASIL", "merchant_id": "MERCHANT-0000123456"},
		},
	}, "1234.56", [2]int{100, 30}},
}

var customerSizes = [][2]int{{60, 20}, {80, 24}, {100, 30}, {120, 40}}

// The customer view of real codes at each window size either scans (every
// theme, with and without a line gap) or says in one line what window it
// needs; at each configuration's goal size and above it must scan.
func TestCustomerViewFitsRealCodes(t *testing.T) {
	var mu sync.Mutex
	shown := map[string]string{}
	t.Cleanup(func() {
		var b strings.Builder
		b.WriteString("| code | bytes |")
		for _, s := range customerSizes {
			fmt.Fprintf(&b, " %d×%d |", s[0], s[1])
		}
		b.WriteString("\n")
		for _, rc := range realCodes {
			fmt.Fprintf(&b, "| %s | %s |", rc.name, shown[rc.name])
			for _, s := range customerSizes {
				fmt.Fprintf(&b, " %s |", shown[fmt.Sprintf("%s/%dx%d", rc.name, s[0], s[1])])
			}
			b.WriteString("\n")
		}
		t.Logf("customer view:\n%s", b.String())
	})
	for _, rc := range realCodes {
		for _, size := range customerSizes {
			w, h := size[0], size[1]
			t.Run(fmt.Sprintf("%s/%dx%d", rc.name, w, h), func(t *testing.T) {
				t.Parallel()
				hs := startWith(t, rc.file, rc.file.Schemes[0]["guid"] != nil, w, h)
				hs.waitFor("New charge")
				hs.tm.Type(rc.amount)
				hs.enter()
				hs.waitFor("WAITING")
				hs.tm.Send(tea.KeyPressMsg{Code: 'f', Text: "f"})
				hs.waitGone("WAITING")
				text := hs.settle()
				list, _ := hs.st.List(context.Background(), store.Filter{})
				o, _ := hs.st.Get(context.Background(), list[0].Ref)
				payload := o.Codes[0].Payload
				screen := screentest.Screen(hs.out.Bytes, w, h)
				result := "fallback"
				if strings.Contains(text, "enlarge") || strings.Contains(text, "QR needs") {
					if w >= rc.goal[0] && h >= rc.goal[1] {
						t.Errorf("does not fit %d×%d, its goal:\n%s", w, h, text)
					}
					if !strings.Contains(text, rc.amount) && !strings.Contains(text, "1,234.56") && !strings.Contains(text, "345.67") {
						t.Errorf("the fallback does not show the amount:\n%s", text)
					}
				} else {
					result = "QR"
					// A second, independent decoder reads what a phone would:
					// ZBar, on the dark theme.
					if got, err := screentest.DecodeZBar(screentest.Rasterize(screen, screentest.Dark, 0)); errors.Is(err, screentest.ErrNoZBar) {
						t.Log(err)
					} else if err != nil || got != payload {
						t.Errorf("zbarimg: %q, %v; want %q", got, err, payload)
					}
					for _, theme := range screentest.Themes() {
						for _, gap := range []int{0, 3} {
							got, err := screentest.DecodeScreen(screen, theme, gap)
							if err != nil || got != payload {
								t.Errorf("theme %s, gap %d: the code drawn does not decode: %v\n%s", theme.Name, gap, err, text)
							}
						}
					}
				}
				mu.Lock()
				shown[fmt.Sprintf("%s/%dx%d", rc.name, w, h)] = result
				shown[rc.name] = fmt.Sprint(len(payload))
				mu.Unlock()
				hs.quit()
			})
		}
	}
}
