package locale

// loopMessages are the words of the charge and pay loop: the charge
// screen (ui/charge), amount entry (ui/amount), the pay screen and the
// customer view (ui/pay), the keys' help (ui/keymap, ui help), prompts
// (ui/prompt), the QR fallbacks (ui/qrview), the status bar, the receipt
// overlay (ui) and the errors of ui/common shown to the cashier.
//
// Key names (enter, esc, tab, ⌫, y/n, the letters) are what is printed on
// the keyboard and what the cashier presses: they stay as they are.
var loopMessages = []Msg{
	// ui/charge
	{Key: "New charge", Note: "Title of the screen where the cashier types the amount to charge.", Tr: Tr{"Nova cobrança", "Nuevo cobro", "Neue Zahlung", "เรียกเก็บเงินใหม่", "新收款", "Thu tiền mới", "Caj baharu", "Tagihan baru"}},
	{Key: "type the amount, then enter", Tr: Tr{"digite o valor e tecle enter", "escriba el importe y pulse enter", "Betrag eingeben, dann enter", "พิมพ์จำนวนเงิน แล้วกด enter", "输入金额，然后按 enter", "nhập số tiền rồi nhấn enter", "taip jumlah, kemudian tekan enter", "ketik jumlah, lalu tekan enter"}},
	{Key: "saving the order…", Tr: Tr{"salvando o pedido…", "guardando el pedido…", "Bestellung wird gespeichert…", "กำลังบันทึกรายการ…", "正在保存订单…", "đang lưu đơn…", "menyimpan pesanan…", "menyimpan pesanan…"}},
	{Key: "type an amount first", Tr: Tr{"digite um valor primeiro", "escriba primero un importe", "erst einen Betrag eingeben", "พิมพ์จำนวนเงินก่อน", "请先输入金额", "hãy nhập số tiền trước", "taip jumlah dahulu", "ketik jumlah dulu"}},
	{Key: "optional note (table 4, fare to airport...)", Note: "Placeholder of the note field; the examples may be local ones.", Tr: Tr{"observação opcional (mesa 4, corrida ao aeroporto...)", "nota opcional (mesa 4, viaje al aeropuerto...)", "optionale Notiz (Tisch 4, Fahrt zum Flughafen...)", "หมายเหตุ (ไม่บังคับ) เช่น โต๊ะ 4, ค่ารถไปสนามบิน...", "可选备注（4 号桌、去机场车费...）", "ghi chú tùy chọn (bàn 4, cước ra sân bay...)", "nota pilihan (meja 4, tambang ke lapangan terbang...)", "catatan opsional (meja 4, ongkos ke bandara...)"}},
	{Key: "Charge %s? That is more than %s. y/n", Note: "Asked once above a configured amount: the amount, then the limit. y and n are the keys to press.", Tr: Tr{"Cobrar %s? É mais que %s. y/n", "¿Cobrar %s? Es más de %s. y/n", "%s kassieren? Das ist mehr als %s. y/n", "เรียกเก็บ %s? มากกว่า %s y/n", "收款 %s？超过了 %s。y/n", "Thu %s? Số này lớn hơn %s. y/n", "Caj %s? Ini melebihi %s. y/n", "Tagih %s? Ini lebih dari %s. y/n"}},
	{Key: "%s · ⌫ to correct", Note: "%s says what is wrong with the amount typed; ⌫ is the backspace key.", Tr: Tr{"%s · ⌫ para corrigir", "%s · ⌫ para corregir", "%s · ⌫ zum Korrigieren", "%s · ⌫ เพื่อแก้ไข", "%s · 按 ⌫ 更正", "%s · ⌫ để sửa", "%s · ⌫ untuk membetulkan", "%s · ⌫ untuk memperbaiki"}},
	{Key: "back to amount", Note: "Help of tab/esc while typing the note.", Tr: Tr{"voltar ao valor", "volver al importe", "zurück zum Betrag", "กลับไปที่จำนวนเงิน", "返回金额", "quay lại số tiền", "kembali ke jumlah", "kembali ke jumlah"}},

	// ui/amount
	{Key: "at most %d digits", Tr: Tr{"no máximo %d dígitos", "como máximo %d dígitos", "höchstens %d Ziffern", "ไม่เกิน %d หลัก", "最多 %d 位数字", "tối đa %d chữ số", "paling banyak %d digit", "paling banyak %d digit"}},
	{Key: "type digits, and . or , for decimals", Note: "Both . and , are accepted as the decimal mark in every language.", Tr: Tr{"digite números, e . ou , para decimais", "escriba dígitos, y . o , para decimales", "Ziffern eingeben, . oder , für Dezimalstellen", "พิมพ์ตัวเลข และ . หรือ , สำหรับทศนิยม", "请输入数字，小数点用 . 或 ,", "nhập chữ số, và . hoặc , cho phần thập phân", "taip digit, dan . atau , untuk perpuluhan", "ketik angka, dan . atau , untuk desimal"}},
	{Key: "type digits: %s has no decimals", Note: "%s is a currency code (JPY).", Tr: Tr{"digite números: %s não tem decimais", "escriba dígitos: %s no tiene decimales", "Ziffern eingeben: %s hat keine Dezimalstellen", "พิมพ์ตัวเลข: %s ไม่มีทศนิยม", "请输入数字：%s 没有小数", "nhập chữ số: %s không có phần thập phân", "taip digit: %s tiada perpuluhan", "ketik angka: %s tidak punya desimal"}},
	{Key: "%s has no decimals", Note: "%s is a currency code (JPY).", Tr: Tr{"%s não tem decimais", "%s no tiene decimales", "%s hat keine Dezimalstellen", "%s ไม่มีทศนิยม", "%s 没有小数", "%s không có phần thập phân", "%s tiada perpuluhan", "%s tidak punya desimal"}},
	{Key: "one decimal mark only, no thousands separators", Tr: Tr{"só uma marca decimal, sem separador de milhar", "solo un separador decimal, sin separador de miles", "nur ein Dezimalzeichen, keine Tausendertrennzeichen", "ใส่จุดทศนิยมได้ตัวเดียว ไม่ใส่ตัวคั่นหลักพัน", "只能有一个小数点，不要千位分隔符", "chỉ một dấu thập phân, không dùng dấu phân cách hàng nghìn", "satu tanda perpuluhan sahaja, tanpa pemisah ribuan", "hanya satu tanda desimal, tanpa pemisah ribuan"}},
	{Key: "%s takes at most %d decimals", Note: "A currency code, then a number.", Tr: Tr{"%s aceita no máximo %d decimais", "%s admite como máximo %d decimales", "%s hat höchstens %d Dezimalstellen", "%s มีทศนิยมได้ไม่เกิน %d ตำแหน่ง", "%s 最多 %d 位小数", "%s có tối đa %d chữ số thập phân", "%s paling banyak %d tempat perpuluhan", "%s paling banyak %d desimal"}},
	{Key: "type an amount, 0 for none", Tr: Tr{"digite um valor, 0 para nenhum", "escriba un importe, 0 para ninguno", "Betrag eingeben, 0 für keinen", "พิมพ์จำนวนเงิน ใส่ 0 หากไม่มี", "请输入金额，没有则输入 0", "nhập số tiền, 0 nếu không có", "taip jumlah, 0 jika tiada", "ketik jumlah, 0 jika tidak ada"}},

	// ui/pay: the banner, the countdown, the panel beside the code.
	{Key: "expiring…", Tr: Tr{"expirando…", "venciendo…", "läuft ab…", "กำลังหมดอายุ…", "即将过期…", "sắp hết hạn…", "hampir tamat…", "segera kedaluwarsa…"}},
	{Key: "expires in %d:%02d", Note: "Minutes and seconds left to pay.", Tr: Tr{"expira em %d:%02d", "vence en %d:%02d", "läuft ab in %d:%02d", "หมดอายุใน %d:%02d", "%d:%02d 后过期", "hết hạn sau %d:%02d", "tamat dalam %d:%02d", "kedaluwarsa dalam %d:%02d"}},
	{Key: "WAITING FOR PAYMENT", Tr: Tr{"AGUARDANDO PAGAMENTO", "ESPERANDO EL PAGO", "WARTE AUF ZAHLUNG", "รอการชำระเงิน", "等待付款", "ĐANG CHỜ THANH TOÁN", "MENUNGGU BAYARAN", "MENUNGGU PEMBAYARAN"}},
	{Key: "TIME IS UP", Tr: Tr{"TEMPO ESGOTADO", "SE ACABÓ EL TIEMPO", "ZEIT ABGELAUFEN", "หมดเวลา", "时间已到", "HẾT GIỜ", "MASA TAMAT", "WAKTU HABIS"}},
	{Key: "MARKED PAID · unverified", Note: "The cashier marked it paid; no bank evidence yet.", Tr: Tr{"MARCADO COMO PAGO · não verificado", "MARCADO COMO PAGADO · sin verificar", "ALS BEZAHLT MARKIERT · ungeprüft", "ทำเครื่องหมายว่าชำระแล้ว · ยังไม่ยืนยัน", "已标记付款 · 未核实", "ĐÃ ĐÁNH DẤU TRẢ · chưa xác minh", "DITANDA DIBAYAR · belum disahkan", "DITANDAI LUNAS · belum terverifikasi"}},
	{Key: "PARTIAL · %s of %s", Note: "Money received, then the amount asked.", Tr: Tr{"PARCIAL · %s de %s", "PARCIAL · %s de %s", "TEILWEISE · %s von %s", "บางส่วน · %s จาก %s", "部分 · %s / %s", "MỘT PHẦN · %s / %s", "SEBAHAGIAN · %s daripada %s", "SEBAGIAN · %s dari %s"}},
	{Key: "OVERPAID · %s received", Tr: Tr{"PAGO A MAIS · %s recebido", "PAGADO DE MÁS · %s recibido", "ÜBERZAHLT · %s erhalten", "ชำระเกิน · ได้รับ %s", "多付 · 已收 %s", "TRẢ THỪA · đã nhận %s", "TERLEBIH BAYAR · %s diterima", "KELEBIHAN BAYAR · %s diterima"}},
	{Key: "LATE", Note: "Added to the banner when the money came after the code expired.", Tr: Tr{"ATRASADO", "TARDE", "VERSPÄTET", "ล่าช้า", "逾期", "TRỄ", "LEWAT", "TERLAMBAT"}},
	{Key: "MARKED PAID", Note: "In big letters across the screen.", Tr: Tr{"MARCADO PAGO", "MARCADO PAGADO", "ALS BEZAHLT MARKIERT", "ทำเครื่องหมายชำระแล้ว", "已标记付款", "ĐÃ ĐÁNH DẤU TRẢ", "DITANDA DIBAYAR", "DITANDAI LUNAS"}},
	{Key: "EXPIRED", Note: "In big letters across the screen.", Tr: Tr{"EXPIRADO", "VENCIDO", "ABGELAUFEN", "หมดอายุ", "已过期", "HẾT HẠN", "TAMAT TEMPOH", "KEDALUWARSA"}},
	{Key: "PARTIAL", Note: "In big letters across the screen.", Tr: Tr{"PARCIAL", "PARCIAL", "TEILWEISE", "บางส่วน", "部分付款", "MỘT PHẦN", "SEBAHAGIAN", "SEBAGIAN"}},
	{Key: "OVERPAID", Note: "In big letters across the screen.", Tr: Tr{"PAGO A MAIS", "PAGADO DE MÁS", "ÜBERZAHLT", "ชำระเกิน", "多付", "TRẢ THỪA", "TERLEBIH BAYAR", "KELEBIHAN BAYAR"}},
	{Key: "this order has no payment code", Tr: Tr{"este pedido não tem código de pagamento", "este pedido no tiene código de pago", "diese Bestellung hat keinen Zahlungscode", "รายการนี้ไม่มีรหัสชำระเงิน", "此订单没有付款码", "đơn này không có mã thanh toán", "pesanan ini tiada kod pembayaran", "pesanan ini tidak punya kode pembayaran"}},
	{Key: "reference", Note: "Label in front of the order's reference (AB2CD-3EFGH).", Tr: Tr{"referência", "referencia", "Referenz", "อ้างอิง", "参考号", "mã tham chiếu", "rujukan", "referensi"}},
	{Key: "note", Note: "Label in front of the order's note, and the help of the key that adds one.", Tr: Tr{"obs.", "nota", "Notiz", "หมายเหตุ", "备注", "ghi chú", "nota", "catatan"}},
	{Key: "code", Note: "Label in front of the payment code's name (PIX, PromptPay...).", Tr: Tr{"código", "código", "Code", "รหัส", "付款码", "mã", "kod", "kode"}},
	{Key: "code %d of %d (tab)", Note: "tab is the key that shows the next code.", Tr: Tr{"código %d de %d (tab)", "código %d de %d (tab)", "Code %d von %d (tab)", "รหัส %d จาก %d (tab)", "付款码 %d/%d（tab）", "mã %d / %d (tab)", "kod %d daripada %d (tab)", "kode %d dari %d (tab)"}},
	{Key: "Cancel order %s? y/n", Tr: Tr{"Cancelar o pedido %s? y/n", "¿Cancelar el pedido %s? y/n", "Bestellung %s stornieren? y/n", "ยกเลิกรายการ %s? y/n", "取消订单 %s？y/n", "Hủy đơn %s? y/n", "Batalkan pesanan %s? y/n", "Batalkan pesanan %s? y/n"}},
	{Key: "Mark %s paid? y/n", Tr: Tr{"Marcar %s como pago? y/n", "¿Marcar %s como pagado? y/n", "%s als bezahlt markieren? y/n", "ทำเครื่องหมาย %s ว่าชำระแล้ว? y/n", "将 %s 标记为已付款？y/n", "Đánh dấu %s đã trả? y/n", "Tanda %s sebagai dibayar? y/n", "Tandai %s lunas? y/n"}},
	{Key: "still due %s", Tr: Tr{"falta pagar %s", "pendiente %s", "noch offen %s", "ค้างชำระ %s", "待付 %s", "còn thiếu %s", "baki %s", "sisa %s"}},
	{Key: "n or enter: next charge", Tr: Tr{"n ou enter: próxima cobrança", "n o enter: siguiente cobro", "n oder enter: nächste Zahlung", "n หรือ enter: เรียกเก็บเงินถัดไป", "n 或 enter：下一笔收款", "n hoặc enter: lần thu tiếp theo", "n atau enter: caj seterusnya", "n atau enter: tagihan berikutnya"}},
	{Key: "v: show the code again", Tr: Tr{"v: mostrar o código de novo", "v: mostrar el código otra vez", "v: Code erneut zeigen", "v: แสดงรหัสอีกครั้ง", "v：再次显示付款码", "v: hiện lại mã", "v: tunjuk kod semula", "v: tampilkan kode lagi"}},
	{Key: "scan with %s", Note: "Shown to the customer; %s names the apps (PIX, PromptPay, PayNow...), which stay as they are.", Tr: Tr{"escaneie com %s", "escanee con %s", "scannen mit %s", "สแกนด้วย %s", "用 %s 扫码", "quét bằng %s", "imbas dengan %s", "pindai dengan %s"}},
	{Key: "Cancel order %s", Note: "Title of the manager PIN prompt.", Tr: Tr{"Cancelar o pedido %s", "Cancelar el pedido %s", "Bestellung %s stornieren", "ยกเลิกรายการ %s", "取消订单 %s", "Hủy đơn %s", "Batalkan pesanan %s", "Batalkan pesanan %s"}},
	{Key: "Manager PIN", Tr: Tr{"PIN do gerente", "PIN del encargado", "Manager-PIN", "PIN ผู้จัดการ", "经理 PIN", "PIN quản lý", "PIN pengurus", "PIN manajer"}},

	// Help of the keys (ui/keymap, ui/help.go): short, lower case.
	{Key: "quit", Tr: Tr{"sair", "salir", "beenden", "ออก", "退出", "thoát", "keluar", "keluar"}},
	{Key: "more keys", Tr: Tr{"mais teclas", "más teclas", "mehr Tasten", "ปุ่มเพิ่มเติม", "更多按键", "thêm phím", "kekunci lain", "tombol lain"}},
	{Key: "fewer keys", Tr: Tr{"menos teclas", "menos teclas", "weniger Tasten", "ปุ่มน้อยลง", "更少按键", "bớt phím", "kurang kekunci", "lebih sedikit tombol"}},
	{Key: "suspend", Tr: Tr{"suspender", "suspender", "anhalten", "พักโปรแกรม", "挂起", "tạm dừng", "gantung", "tangguhkan"}},
	{Key: "amount", Tr: Tr{"valor", "importe", "Betrag", "จำนวนเงิน", "金额", "số tiền", "jumlah", "jumlah"}},
	{Key: "delete", Tr: Tr{"apagar", "borrar", "löschen", "ลบ", "删除", "xóa", "padam", "hapus"}},
	{Key: "clear", Tr: Tr{"limpar", "vaciar", "leeren", "ล้าง", "清除", "xóa hết", "kosongkan", "kosongkan"}},
	{Key: "charge", Note: "Help of enter on the charge screen, and the screen's name.", Tr: Tr{"cobrar", "cobrar", "kassieren", "เรียกเก็บเงิน", "收款", "thu tiền", "caj", "tagih"}},
	{Key: "orders", Tr: Tr{"pedidos", "pedidos", "Bestellungen", "รายการ", "订单", "đơn hàng", "pesanan", "pesanan"}},
	{Key: "day close", Tr: Tr{"fechamento", "cierre del día", "Tagesabschluss", "ปิดยอด", "日结", "chốt ngày", "tutup hari", "tutup hari"}},
	{Key: "reconcile", Note: "Match the bank's statement with the orders.", Tr: Tr{"conciliar", "conciliar", "abgleichen", "กระทบยอด", "对账", "đối soát", "selaraskan", "rekonsiliasi"}},
	{Key: "mark paid", Tr: Tr{"marcar pago", "marcar pagado", "als bezahlt markieren", "ทำเครื่องหมายว่าชำระแล้ว", "标记已付", "đánh dấu đã trả", "tanda dibayar", "tandai lunas"}},
	{Key: "cancel order", Tr: Tr{"cancelar pedido", "cancelar pedido", "Bestellung stornieren", "ยกเลิกรายการ", "取消订单", "hủy đơn", "batalkan pesanan", "batalkan pesanan"}},
	{Key: "next charge", Tr: Tr{"próxima cobrança", "siguiente cobro", "nächste Zahlung", "เรียกเก็บเงินถัดไป", "下一笔收款", "lần thu tiếp", "caj seterusnya", "tagihan berikutnya"}},
	{Key: "other code", Tr: Tr{"outro código", "otro código", "anderer Code", "รหัสอื่น", "其他付款码", "mã khác", "kod lain", "kode lain"}},
	{Key: "customer view", Tr: Tr{"tela do cliente", "vista del cliente", "Kundenansicht", "หน้าจอลูกค้า", "顾客视图", "màn hình khách", "paparan pelanggan", "tampilan pelanggan"}},
	{Key: "receipt", Tr: Tr{"recibo", "recibo", "Beleg", "ใบเสร็จ", "收据", "hóa đơn", "resit", "struk"}},
	{Key: "show again", Tr: Tr{"mostrar de novo", "mostrar otra vez", "erneut zeigen", "แสดงอีกครั้ง", "再次显示", "hiện lại", "tunjuk semula", "tampilkan lagi"}},
	{Key: "yes", Tr: Tr{"sim", "sí", "ja", "ใช่", "是", "có", "ya", "ya"}},
	{Key: "no", Tr: Tr{"não", "no", "nein", "ไม่", "否", "không", "tidak", "tidak"}},
	{Key: "up", Tr: Tr{"para cima", "arriba", "hoch", "ขึ้น", "上", "lên", "atas", "atas"}},
	{Key: "down", Tr: Tr{"para baixo", "abajo", "runter", "ลง", "下", "xuống", "bawah", "bawah"}},
	{Key: "status filter", Tr: Tr{"filtrar situação", "filtrar estado", "Statusfilter", "กรองสถานะ", "按状态筛选", "lọc trạng thái", "tapis status", "saring status"}},
	{Key: "search", Tr: Tr{"buscar", "buscar", "suchen", "ค้นหา", "搜索", "tìm", "cari", "cari"}},
	{Key: "details", Tr: Tr{"detalhes", "detalles", "Details", "รายละเอียด", "详情", "chi tiết", "butiran", "detail"}},
	{Key: "back", Tr: Tr{"voltar", "volver", "zurück", "กลับ", "返回", "quay lại", "kembali", "kembali"}},
	{Key: "refund", Tr: Tr{"reembolsar", "reembolsar", "erstatten", "คืนเงิน", "退款", "hoàn tiền", "bayar balik", "kembalikan dana"}},
	{Key: "close", Tr: Tr{"fechar", "cerrar", "schließen", "ปิด", "关闭", "đóng", "tutup", "tutup"}},
	{Key: "any key", Note: "Stands where a key's name goes in the help line.", Tr: Tr{"qualquer tecla", "cualquier tecla", "beliebige Taste", "ปุ่มใดก็ได้", "任意键", "phím bất kỳ", "sebarang kekunci", "tombol apa saja"}},
	{Key: "pay", Note: "The pay screen's name.", Tr: Tr{"pagar", "pagar", "Bezahlen", "ชำระเงิน", "付款", "thanh toán", "bayar", "bayar"}},
	{Key: "report", Note: "The day report screen's name.", Tr: Tr{"relatório", "informe", "Bericht", "รายงาน", "报表", "báo cáo", "laporan", "laporan"}},

	// The status bar and the receipt overlay (ui).
	{Key: "%s sent to %s", Note: "What was printed (\"receipt AB2CD-3EFGH\"), then the printer command.", Tr: Tr{"%s enviado para %s", "%s enviado a %s", "%s an %s gesendet", "ส่ง %s ไปที่ %s แล้ว", "%s 已发送到 %s", "đã gửi %s tới %s", "%s dihantar ke %s", "%s dikirim ke %s"}},
	{Key: "receipt %s", Tr: Tr{"recibo %s", "recibo %s", "Beleg %s", "ใบเสร็จ %s", "收据 %s", "hóa đơn %s", "resit %s", "struk %s"}},
	{Key: "day close %s", Tr: Tr{"fechamento %s", "cierre del día %s", "Tagesabschluss %s", "ปิดยอด %s", "日结 %s", "chốt ngày %s", "tutup hari %s", "tutup hari %s"}},
	{Key: "%s for order %s (%s)", Note: "An order's new status (paid, cancelled...), its reference, its amount.", Tr: Tr{"%s: pedido %s (%s)", "%s: pedido %s (%s)", "%s: Bestellung %s (%s)", "%s: รายการ %s (%s)", "%s：订单 %s（%s）", "%s: đơn %s (%s)", "%s: pesanan %s (%s)", "%s: pesanan %s (%s)"}},
	{Key: "DEMO · no real money", Tr: Tr{"DEMO · sem dinheiro real", "DEMO · sin dinero real", "DEMO · kein echtes Geld", "สาธิต · ไม่ใช่เงินจริง", "演示 · 非真实资金", "DEMO · không phải tiền thật", "DEMO · bukan wang sebenar", "DEMO · bukan uang sungguhan"}},
	{Key: "… %d more lines", Note: "Under a receipt cut short to fit the window.",
		Tr:  Tr{"… mais %d linhas", "… %d líneas más", "… %d weitere Zeilen", "… อีก %d บรรทัด", "… 还有 %d 行", "… còn %d dòng", "… %d baris lagi", "… %d baris lagi"},
		One: &[9]string{"… %d more line", "… mais %d linha", "… %d línea más", "… %d weitere Zeile"}},
	{Key: "Printing the %s failed:", Note: "%s is what was printed (\"receipt AB2CD-3EFGH\"); the printer's error follows.", Tr: Tr{"A impressão de %s falhou:", "Falló la impresión de %s:", "Drucken von %s fehlgeschlagen:", "พิมพ์ %s ไม่สำเร็จ:", "打印 %s 失败：", "In %s thất bại:", "Gagal mencetak %s:", "Gagal mencetak %s:"}},
	{Key: "any key closes this", Tr: Tr{"qualquer tecla fecha", "cualquier tecla cierra esto", "beliebige Taste schließt", "กดปุ่มใดก็ได้เพื่อปิด", "按任意键关闭", "nhấn phím bất kỳ để đóng", "tekan sebarang kekunci untuk tutup", "tekan tombol apa saja untuk menutup"}},

	// ui/prompt
	{Key: "%d/%d characters", Tr: Tr{"%d/%d caracteres", "%d/%d caracteres", "%d/%d Zeichen", "%d/%d ตัวอักษร", "%d/%d 个字符", "%d/%d ký tự", "%d/%d aksara", "%d/%d karakter"}},
	{Key: "enter: next · esc: never mind", Tr: Tr{"enter: avançar · esc: deixa pra lá", "enter: siguiente · esc: olvídalo", "enter: weiter · esc: doch nicht", "enter: ถัดไป · esc: ยกเลิก", "enter：下一步 · esc：算了", "enter: tiếp · esc: thôi", "enter: seterusnya · esc: tidak jadi", "enter: lanjut · esc: tidak jadi"}},

	// ui/qrview: a window too small for the code. The last, shortest
	// form must fit in 16 cells for a window of 999×999.
	{Key: "enlarge the window to %d×%d or zoom out", Tr: Tr{"aumente a janela para %d×%d ou reduza o zoom", "amplíe la ventana a %d×%d o reduzca el zoom", "Fenster auf %d×%d vergrößern oder herauszoomen", "ขยายหน้าต่างเป็น %d×%d หรือย่อขนาดตัวอักษร", "请将窗口放大到 %d×%d 或缩小字体", "phóng to cửa sổ lên %d×%d hoặc thu nhỏ", "besarkan tetingkap ke %d×%d atau zum keluar", "perbesar jendela ke %d×%d atau perkecil tampilan"}},
	{Key: "enlarge the window to %d×%d or zoom out to show the QR code", Tr: Tr{"aumente a janela para %d×%d ou reduza o zoom para mostrar o código QR", "amplíe la ventana a %d×%d o reduzca el zoom para mostrar el código QR", "Fenster auf %d×%d vergrößern oder herauszoomen, um den QR-Code zu zeigen", "ขยายหน้าต่างเป็น %d×%d หรือย่อขนาดตัวอักษรเพื่อแสดงรหัส QR", "请将窗口放大到 %d×%d 或缩小字体以显示 QR 码", "phóng to cửa sổ lên %d×%d hoặc thu nhỏ để hiện mã QR", "besarkan tetingkap ke %d×%d atau zum keluar untuk menunjukkan kod QR", "perbesar jendela ke %d×%d atau perkecil tampilan untuk menampilkan kode QR"}},
	{Key: "enlarge to %d×%d for the QR", Tr: Tr{"aumente para %d×%d para o QR", "amplíe a %d×%d para el QR", "auf %d×%d vergrößern für QR", "ขยายเป็น %d×%d เพื่อแสดง QR", "放大到 %d×%d 以显示 QR", "phóng to %d×%d để hiện QR", "besarkan ke %d×%d untuk QR", "perbesar ke %d×%d untuk QR"}},
	{Key: "QR needs %d×%d", Note: "At most 16 cells with 999×999.", Tr: Tr{"QR mín. %d×%d", "QR mín. %d×%d", "QR min. %d×%d", "QR ใช้ %d×%d", "QR 需 %d×%d", "QR cần %d×%d", "QR perlu %d×%d", "QR perlu %d×%d"}},

	// ui/common: errors the cashier reads.
	{Key: "wrong manager PIN; nothing was changed", Tr: Tr{"PIN do gerente incorreto; nada foi alterado", "PIN del encargado incorrecto; no se cambió nada", "falsche Manager-PIN; nichts wurde geändert", "PIN ผู้จัดการไม่ถูกต้อง ไม่มีการเปลี่ยนแปลง", "经理 PIN 错误；未做任何更改", "PIN quản lý sai; không có gì thay đổi", "PIN pengurus salah; tiada apa-apa diubah", "PIN manajer salah; tidak ada yang diubah"}},
	{Key: `no printer is configured: set printer in the [till] section of the configuration, for example printer = "lp -d receipt"`, Note: "printer, [till] and the example are what is written in the configuration file: keep them.",
		Tr: Tr{`nenhuma impressora configurada: defina printer na seção [till] da configuração, por exemplo printer = "lp -d receipt"`, `no hay impresora configurada: defina printer en la sección [till] de la configuración, por ejemplo printer = "lp -d receipt"`, `kein Drucker eingerichtet: printer im Abschnitt [till] der Konfiguration setzen, zum Beispiel printer = "lp -d receipt"`, `ยังไม่ได้ตั้งค่าเครื่องพิมพ์: กำหนด printer ในส่วน [till] ของไฟล์ตั้งค่า เช่น printer = "lp -d receipt"`, `未配置打印机：请在配置的 [till] 部分设置 printer，例如 printer = "lp -d receipt"`, `chưa cấu hình máy in: đặt printer trong mục [till] của cấu hình, ví dụ printer = "lp -d receipt"`, `tiada pencetak dikonfigurasi: tetapkan printer dalam bahagian [till] konfigurasi, contohnya printer = "lp -d receipt"`, `belum ada printer yang dikonfigurasi: atur printer di bagian [till] konfigurasi, misalnya printer = "lp -d receipt"`}},
	{Key: "printer command %q did not finish in time", Tr: Tr{"o comando de impressão %q não terminou a tempo", "el comando de impresión %q no terminó a tiempo", "Druckbefehl %q wurde nicht rechtzeitig fertig", "คำสั่งพิมพ์ %q ไม่เสร็จทันเวลา", "打印命令 %q 未能按时完成", "lệnh in %q không xong kịp", "arahan pencetak %q tidak selesai tepat pada masanya", "perintah printer %q tidak selesai tepat waktu"}},
	{Key: "printer command %q failed (%s)", Tr: Tr{"o comando de impressão %q falhou (%s)", "el comando de impresión %q falló (%s)", "Druckbefehl %q fehlgeschlagen (%s)", "คำสั่งพิมพ์ %q ล้มเหลว (%s)", "打印命令 %q 失败（%s）", "lệnh in %q thất bại (%s)", "arahan pencetak %q gagal (%s)", "perintah printer %q gagal (%s)"}},
}
