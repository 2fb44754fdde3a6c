package statement

import (
	"testing"
	"time"
)

// The reversal and correction fixtures (issue 11), written in the shapes
// of the published definitions listed in testdata/SOURCES-reversals.md,
// checked field by field.
func TestReversalAndCorrectionFixtures(t *testing.T) {
	const iban, blz, ofxAcct = "DE89370400440532013000", "37040044/0532013000", "56789-0"
	const e2e, chave = "E18236120202601151327s0123456789", "7d9f0335-8dcc-4054-9bf9-0dbd61d36906"
	brt := time.FixedZone("", -3*3600)
	tests := []struct {
		file, format string
		want         []Line
	}{
		{"camt053_reversal.xml", "camt", []Line{
			// The payer's EndToEndId is not the payment's identity: the TxId is.
			{Key: "camt|" + iban + "|COBA-0115-000381", ProviderID: "SCT-20260115-77310", Account: iban,
				BookedAt: day(2026, 1, 15, cet), ValueAt: day(2026, 1, 15, cet), Amount: amt("EUR", 4200), Credit: true,
				Reference: "RF11MHDH7MZPWY", Counterparty: "Sophie de Vries", BankCode: "PMNT/RCDT/ESCT",
				Source: "camt.053", Position: 1, FileLine: 20},
			// RvslInd with DBIT: the credit above, returned.
			{Key: "camt|" + iban + "|COBA-0116-000012", ProviderID: "SCT-20260115-77310", Account: iban,
				BookedAt: day(2026, 1, 16, cet), ValueAt: day(2026, 1, 16, cet), Amount: amt("EUR", 4200), Reversal: true,
				Reference: "RF11MHDH7MZPWY", Counterparty: "Sophie de Vries", BankCode: "PMNT/RCDT/RRTN",
				Source: "camt.053", Position: 2, FileLine: 41},
		}},
		{"mt940_storno.sta", "mt940", []Line{
			{Key: "mt940|" + blz + "|2026-01-15|9310-0115-007", Account: blz,
				BookedAt: day(2026, 1, 15, cet), ValueAt: day(2026, 1, 15, cet), Amount: amt("EUR", 4200), Credit: true,
				Reference: "RECHNUNG-2026-7", Text: "Bestellung MHDH7MZPWY", Counterparty: "Sophie de Vries",
				BankCode: "N166 166", Source: "mt940", Position: 1, FileLine: 5},
			// RC: the reversal of a credit, money going out again.
			{Key: "mt940|" + blz + "|2026-01-16|9310-0116-002", Account: blz,
				BookedAt: day(2026, 1, 16, cet), ValueAt: day(2026, 1, 16, cet), Amount: amt("EUR", 4200), Reversal: true,
				Reference: "RECHNUNG-2026-7", Text: "Rueckgabe MHDH7MZPWY Konto erloschen", Counterparty: "Sophie de Vries",
				BankCode: "N159 159", Source: "mt940", Position: 2, FileLine: 7},
		}},
		{"ofx_correction_before.ofx", "ofx", []Line{
			{Key: "ofx|" + ofxAcct + "|202601150101", Account: ofxAcct, BookedAt: day(2026, 1, 15, cet), Amount: amt("BRL", 4200),
				Credit: true, Text: "PIX RECEBIDO Pedido MHDH7MZPWY", Counterparty: "PIX RECEBIDO", BankCode: "CREDIT",
				Source: "ofx", Position: 1, FileLine: 40},
			{Key: "ofx|" + ofxAcct + "|202601150102", Account: ofxAcct, BookedAt: day(2026, 1, 15, cet), Amount: amt("BRL", 1850),
				Credit: true, Text: "PIX RECEBIDO Pedido NBT568R5FB", Counterparty: "PIX RECEBIDO", BankCode: "CREDIT",
				Source: "ofx", Position: 2, FileLine: 48},
		}},
		{"ofx_correction_after.ofx", "ofx", []Line{
			{Key: "ofx|" + ofxAcct + "|202601160201", Account: ofxAcct, BookedAt: day(2026, 1, 15, cet), Amount: amt("BRL", 2400),
				Credit: true, Text: "PIX RECEBIDO Pedido MHDH7MZPWY", Counterparty: "PIX RECEBIDO", BankCode: "CREDIT",
				Corrects: "ofx|" + ofxAcct + "|202601150101", CorrectAction: "REPLACE", Source: "ofx", Position: 1, FileLine: 40},
			{Key: "ofx|" + ofxAcct + "|202601160202", Account: ofxAcct, BookedAt: day(2026, 1, 15, cet), Amount: amt("BRL", 1850),
				Credit: true, Text: "PIX RECEBIDO Pedido NBT568R5FB", Counterparty: "PIX RECEBIDO", BankCode: "CREDIT",
				Corrects: "ofx|" + ofxAcct + "|202601150102", CorrectAction: "DELETE", Source: "ofx", Position: 2, FileLine: 50},
		}},
		{"pix_devolucoes.json", "pix", []Line{
			{Key: "pix|" + e2e, ProviderID: e2e, Account: chave,
				BookedAt: time.Date(2026, 1, 15, 10, 27, 43, 120e6, brt), ValueAt: time.Date(2026, 1, 15, 10, 27, 43, 120e6, brt),
				Amount: amt("BRL", 10000), Credit: true, Reference: "NBT568R5FB", Text: "Reforma da casa", BankCode: "pix",
				Source: "pix", Position: 1},
			// A settled devolução: money out that carries the payment's endToEndId.
			{Key: "pix|D18236120202601161000abcde123456", ProviderID: e2e, Account: chave,
				BookedAt: time.Date(2026, 1, 16, 13, 3, 35, 100e6, time.UTC), ValueAt: time.Date(2026, 1, 16, 13, 3, 35, 100e6, time.UTC),
				Amount: amt("BRL", 1100), Reference: "NBT568R5FB", BankCode: "devolucao", Source: "pix", Position: 1},
			// One still in process: pending, it settles nothing.
			{Key: "pix|D18236120202601161100abcde123457|pending", ProviderID: e2e, Account: chave,
				BookedAt: time.Date(2026, 1, 16, 14, 0, 0, 0, time.UTC), ValueAt: time.Date(2026, 1, 16, 14, 0, 0, 0, time.UTC),
				Amount: amt("BRL", 500), Pending: true, Reference: "NBT568R5FB", BankCode: "devolucao", Source: "pix", Position: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			checkLines(t, readFixture(t, tt.file, tt.format, Options{}), tt.want)
		})
	}
}
