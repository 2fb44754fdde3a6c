package locale

// fleetMessages are the words of a joined till's sync state in the header
// (ui/sync.go). "sync" is kept short: the header shares its line with the
// merchant's name, the status line and the clock.
var fleetMessages = []Msg{
	{Key: "synced %s", Note: "The header of a till joined to a fleet: %s is the time (15:04) everything reached the central book.", Tr: Tr{"sincronizado %s", "sincronizado %s", "synchronisiert %s", "ซิงก์แล้ว %s", "已同步 %s", "đã đồng bộ %s", "disegerakkan %s", "tersinkron %s"}},
	{Key: "syncing · %d waiting", Note: "Changes are being sent to the central book; %d of them are still waiting.", Tr: Tr{"sincronizando · %d na fila", "sincronizando · %d en cola", "synchronisiert · %d wartend", "กำลังซิงก์ · รอ %d", "同步中 · %d 条待传", "đang đồng bộ · %d đang chờ", "menyegerak · %d menunggu", "menyinkron · %d menunggu"}},
	{Key: "offline · %d waiting", Note: "The central book cannot be reached; selling goes on, %d changes wait to be sent.", Tr: Tr{"offline · %d na fila", "sin conexión · %d en cola", "offline · %d wartend", "ออฟไลน์ · รอ %d", "离线 · %d 条待传", "ngoại tuyến · %d đang chờ", "luar talian · %d menunggu", "offline · %d menunggu"}},
	{Key: "sync stopped: see till sync status", Note: "The central book refused this till's database (a copy or a restored backup); 'till sync status' is a command and stays as it is.", Tr: Tr{"sincronização parada: veja till sync status", "sincronización detenida: vea till sync status", "Synchronisierung gestoppt: siehe till sync status", "หยุดซิงก์: ดู till sync status", "同步已停止：请查看 till sync status", "đã dừng đồng bộ: xem till sync status", "penyegerakan berhenti: lihat till sync status", "sinkronisasi berhenti: lihat till sync status"}},
}
