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
//   - wechat: the WeChat Pay merchant trade bill (交易账单, ALL, from
//     downloadbill or /v3/bill/tradebill), UTF-8 with or without BOM or
//     GB18030 once saved by a spreadsheet, every cell behind a backtick,
//     a summary block after the rows: 商户订单号 (out_trade_no) is the
//     reference, 微信订单号 (transaction_id) the provider id, 交易状态
//     SUCCESS a payment and REFUND a refund of 退款金额, REVOKED skipped;
//     the key is transaction_id + status + refund id.
//
// The slices are fresh on every call, so callers may modify them.
//
// It is long because it is data: one literal per built-in bank format,
// each a flat list of column names as the bank's export spells them. A
// function per profile would add names and no clarity.
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
		{
			Name:         "wechat",
			Description:  "WeChat Pay merchant trade bill 交易账单 (UTF-8 or GB18030)",
			Delimiter:    ",",
			Encoding:     autoCN,
			Date:         "交易时间",
			DateFormat:   "2006-01-02 15:04:05",
			Timezone:     "+08:00",
			Amount:       "订单金额",
			Direction:    "交易状态",
			CreditValues: []string{"SUCCESS"},
			DebitValues:  []string{"REFUND"},
			DebitAmount:  "退款金额",
			Status:       "交易状态",
			SkipStatuses: []string{"REVOKED", "NOTPAY", "CLOSED", "PAYERROR", "USERPAYING"},
			Currency:     "货币种类",
			Reference:    "商户订单号",
			ProviderID:   "微信订单号",
			Text:         []Column{"商品名称", "商户数据包"},
			Counterparty: "用户标识",
			BankCode:     "交易类型",
			ID:           []Column{"微信订单号", "交易状态", "微信退款单号"},
			StopAt:       []string{"总交易单数"},
		},
	}
}
