package statement

// Profiles returns the built-in CSV profiles:
//
//   - generic: till's documented bank CSV, UTF-8 (BOM optional), comma
//     separated, header "date,amount,currency,reference,counterparty,id",
//     ISO dates (2026-01-15), signed amounts with a '.' decimal mark; the id
//     column may be empty (the line is then keyed by its content). Lines
//     starting with '#' are comments.
//   - sparkasse: the Sparkasse "CSV-CAMT" export: ';', Windows-1252,
//     dd.mm.yy, decimal comma, signed Betrag, purpose in Verwendungszweck,
//     Info "Umsatz vorgemerkt" for pending lines.
//   - alipay: the Alipay merchant bill 业务明细 (GB18030/GBK, '#' preamble
//     and footer, the 25-column header): 商户订单号 (out_trade_no) is the
//     reference, 支付宝交易号 (trade_no) the provider id, 业务类型 交易 is a
//     payment and 退款 a refund (a debit), 订单金额 the amount in CNY, times
//     in China time; the key is trade_no + type + refund request number.
//
// The slices are fresh on every call, so callers may modify them.
func Profiles() []Profile {
	return []Profile{
		{
			Name:         "generic",
			Description:  "till generic bank CSV: date,amount,currency,reference,counterparty,id",
			Delimiter:    ",",
			Encoding:     "utf-8",
			Comment:      "#",
			Date:         "date",
			DateFormat:   "2006-01-02",
			Amount:       "amount",
			Currency:     "currency",
			Reference:    "reference",
			Counterparty: "counterparty",
			ID:           []Column{"id"},
		},
		{
			Name:          "sparkasse",
			Description:   "Sparkasse CSV-CAMT export (semicolon, Windows-1252)",
			Delimiter:     ";",
			Encoding:      "windows-1252",
			Date:          "Buchungstag",
			ValueDate:     "Valutadatum",
			DateFormat:    "02.01.06",
			Amount:        "Betrag",
			DecimalMark:   ",",
			Currency:      "Waehrung",
			Text:          []Column{"Verwendungszweck"},
			Counterparty:  "Beguenstigter/Zahlungspflichtiger",
			Account:       "Auftragskonto",
			ProviderID:    "Kundenreferenz (End-to-End)",
			BankCode:      "Buchungstext",
			Status:        "Info",
			PendingValues: []string{"Umsatz vorgemerkt"},
		},
		{
			Name:          "alipay",
			Description:   "Alipay merchant bill 业务明细 (GB18030)",
			Delimiter:     ",",
			Encoding:      "gb18030",
			Comment:       "#",
			Date:          "完成时间",
			DateFormat:    "2006-01-02 15:04:05",
			Timezone:      "+08:00",
			Amount:        "订单金额（元）",
			Direction:     "业务类型",
			CreditValues:  []string{"交易"},
			DebitValues:   []string{"退款"},
			FixedCurrency: "CNY",
			Reference:     "商户订单号",
			ProviderID:    "支付宝交易号",
			Text:          []Column{"商品名称", "备注"},
			Counterparty:  "对方账户",
			BankCode:      "业务类型",
			ID:            []Column{"支付宝交易号", "业务类型", "退款批次号/请求号"},
		},
	}
}
