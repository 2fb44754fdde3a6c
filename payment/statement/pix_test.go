package statement

import (
	"strings"
	"testing"
)

func TestPIX(t *testing.T) {
	const key = "7d9f0335-8dcc-4054-9bf9-0dbd61d36906"
	const phone = "+5511987654321"
	const e2e = "E60746948202601151145A1b2C3d4E5f"
	tests := []struct {
		file string
		want []Line
	}{
		{"pix_webhook.json", []Line{
			{Key: "pix|E18236120202601151327s0123456789", ProviderID: "E18236120202601151327s0123456789", Account: key,
				BookedAt: ts("2026-01-15T10:27:43.120-03:00"), ValueAt: ts("2026-01-15T10:27:43.120-03:00"),
				Amount: amt("BRL", 2590), Credit: true, Reference: "NBT568R5FB", Text: "Pedido balcão",
				BankCode: "pix", Source: "pix", Position: 1},
			{Key: "pix|E00000000202601151702aB3cD4eF5gH", ProviderID: "E00000000202601151702aB3cD4eF5gH", Account: key,
				BookedAt: ts("2026-01-15T17:02:10Z"), ValueAt: ts("2026-01-15T17:02:10Z"),
				Amount: amt("BRL", 800), Credit: true, Reference: "MHDH7MZPWY", BankCode: "pix", Source: "pix", Position: 2},
		}},
		{"pix_get.json", []Line{
			{Key: "pix|" + e2e, ProviderID: e2e, Account: phone,
				BookedAt: ts("2026-01-15T11:45:02.310-03:00"), ValueAt: ts("2026-01-15T11:45:02.310-03:00"),
				Amount: amt("BRL", 12000), Credit: true, Reference: "47VU6H7V5C", Text: "Mesa 7", Counterparty: "Maria Souza",
				BankCode: "pix", Source: "pix", Position: 1},
			// devoluções: debits keyed by rtrId that point back at the payment; NAO_REALIZADO is left out
			{Key: "pix|D60746948202601151530X9y8Z7w6V5u", ProviderID: e2e, Account: phone,
				BookedAt: ts("2026-01-15T15:30:02.412-03:00"), ValueAt: ts("2026-01-15T15:30:02.412-03:00"),
				Amount: amt("BRL", 2000), Reference: "47VU6H7V5C", Text: "Item indisponível",
				BankCode: "devolucao", Source: "pix", Position: 1},
			{Key: "pix|D60746948202601151610Q1w2E3r4T5y|pending", ProviderID: e2e, Account: phone,
				BookedAt: ts("2026-01-15T16:10:00-03:00"), ValueAt: ts("2026-01-15T16:10:00-03:00"),
				Amount: amt("BRL", 1000), Pending: true, Reference: "47VU6H7V5C",
				BankCode: "devolucao", Source: "pix", Position: 1},
			{Key: "pix|E00038166202601151900Mn0Pq1Rs2Tu", ProviderID: "E00038166202601151900Mn0Pq1Rs2Tu", Account: phone,
				BookedAt: ts("2026-01-15T19:00:41Z"), ValueAt: ts("2026-01-15T19:00:41Z"),
				Amount: amt("BRL", 350), Credit: true, Reference: "9G5T5G4ALS", BankCode: "pix", Source: "pix", Position: 2},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			checkLines(t, readFixture(t, tt.file, "pix", Options{}), tt.want)
		})
	}
}

func TestPIXBareArrayAndStaticTxid(t *testing.T) {
	doc := `[{"endToEndId":"E1","txid":"***","valor":"1.00","horario":"2026-01-15T10:00:00Z"}]`
	lines := readAll(t, strings.NewReader(doc), "auto", Options{})
	if len(lines) != 1 || lines[0].Reference != "" || lines[0].Key != "pix|E1" {
		t.Fatalf("got %+v", lines)
	}
}

func TestPIXErrors(t *testing.T) {
	item := `{"endToEndId":"E1","valor":"%s","horario":"2026-01-15T10:00:00Z"}`
	tests := []struct {
		name, doc string
		entry     int
		fragments []string
	}{
		{"valor", `{"pix":[` + strings.Replace(item, "%s", "1.00", 1) + "," + strings.Replace(item, "%s", "12.5", 1) + `]}`,
			2, []string{`valor "12.5"`}},
		{"valor number", `{"pix":[{"endToEndId":"E1","valor":12.50}]}`, 1, []string{`"valor"`, "string"}},
		{"no e2e", `{"pix":[{"valor":"1.00","horario":"2026-01-15T10:00:00Z"}]}`, 1, []string{"endToEndId"}},
		{"horario", `{"pix":[{"endToEndId":"E1","valor":"1.00","horario":"15/01/2026"}]}`, 1, []string{"horario", "RFC 3339"}},
		{"devolucao", `{"pix":[{"endToEndId":"E1","valor":"1.00","horario":"2026-01-15T10:00:00Z","devolucoes":[{"rtrId":"D1","valor":"x","status":"DEVOLVIDO"}]}]}`,
			1, []string{"devolução 1", `valor "x"`}},
		{"no pix", `{"parametros":{}}`, 0, []string{`no "pix" array`}},
		{"pix not array", `{"pix":{}}`, 0, []string{`"pix" must be an array`}},
		{"not object", `"pix"`, 0, []string{"must be an object"}},
		{"truncated", `{"pix":[{"endToEndId":"E1"`, 1, []string{"ends early"}},
		{"syntax", `{"pix":[{"endToEndId":}]}`, 1, []string{"malformed JSON"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tryReadAll(strings.NewReader(tt.doc), "pix", Options{})
			wantError(t, err, 0, tt.entry, tt.fragments...)
		})
	}
}
