package mail

// The emails of Fasilitasi Bimbingan Teknis (pedoman §IV) and Pengaduan dan Pelaporan (§VI), in the same
// block style as the akun layanan letters.

// BimtekJadwal is a schedule as the letters show it, every value already written for people.
type BimtekJadwal struct {
	Tanggal, Mode, Tempat, Tautan, Catatan string
}

// BimtekDiajukan confirms a submitted Fasilitasi Bimbingan Teknis request to the registrator or the
// narahubung.
func BimtekDiajukan(to, nama, reference, instansi, jenis, viewURL string) Message {
	return letter{
		Subject:  "Permohonan Fasilitasi Bimbingan Teknis Diterima",
		Greeting: greeting(nama),
		Blocks: []block{
			para("Permohonan fasilitasi bimbingan teknis pemanfaatan Data Regsosek dari " + oneLine(instansi) + " telah kami terima."),
			{Kind: fact, Label: "Nomor referensi", Value: reference},
			{Kind: fact, Label: "Jenis bimbingan teknis", Value: jenis},
			para("Pengelola layanan akan menyesuaikan jadwal dengan ketersediaan narasumber dan mengirimkan jadwal pelaksanaan melalui email. Pembiayaan pelaksanaan fasilitasi bimbingan teknis ditanggung oleh pihak pemohon (pedoman \u00a74.1)."),
			{Kind: button, Label: "Lihat Permohonan", Value: viewURL},
		},
	}.message(to)
}

func jadwalBlocks(j BimtekJadwal) []block {
	bl := []block{{Kind: fact, Label: "Tanggal", Value: j.Tanggal}, {Kind: fact, Label: "Mode", Value: j.Mode}}
	if j.Tempat != "" {
		bl = append(bl, block{Kind: fact, Label: "Tempat", Value: j.Tempat})
	}
	if j.Tautan != "" {
		bl = append(bl, block{Kind: fact, Label: "Tautan rapat daring", Value: j.Tautan})
	}
	if j.Catatan != "" {
		bl = append(bl, para("Catatan dari pengelola layanan:"), block{Kind: quote, Value: j.Catatan})
	}
	return bl
}

// BimtekDijadwalkan sends the schedule set (or changed) by the pengelola layanan.
func BimtekDijadwalkan(to, nama, reference string, changed bool, j BimtekJadwal, viewURL string) Message {
	intro := "Permohonan fasilitasi bimbingan teknis Anda telah dijadwalkan sebagai berikut:"
	subject := "Jadwal Fasilitasi Bimbingan Teknis"
	if changed {
		intro = "Jadwal fasilitasi bimbingan teknis Anda telah diubah. Jadwal yang berlaku sekarang:"
		subject = "Perubahan Jadwal Fasilitasi Bimbingan Teknis"
	}
	blocks := []block{para(intro), {Kind: fact, Label: "Nomor referensi", Value: reference}}
	blocks = append(blocks, jadwalBlocks(j)...)
	blocks = append(blocks, para("Mohon narahubung berkoordinasi dengan pengelola layanan untuk persiapan pelaksanaan."),
		block{Kind: button, Label: "Lihat Permohonan", Value: viewURL})
	return letter{Subject: subject, Greeting: greeting(nama), Blocks: blocks}.message(to)
}

// BimtekSelesai tells that the bimtek has been held and the request is closed.
func BimtekSelesai(to, nama, reference, viewURL string) Message {
	return letter{
		Subject:  "Fasilitasi Bimbingan Teknis Selesai",
		Greeting: greeting(nama),
		Blocks: []block{
			para("Fasilitasi bimbingan teknis pemanfaatan Data Regsosek untuk permohonan berikut telah selesai dilaksanakan. Terima kasih atas partisipasi instansi Anda."),
			{Kind: fact, Label: "Nomor referensi", Value: reference},
			para("Konsultasi lanjutan pasca pelatihan dapat diajukan kembali melalui akun layanan Anda."),
			{Kind: button, Label: "Lihat Permohonan", Value: viewURL},
		},
	}.message(to)
}

// BimtekDitolak tells that the request was declined, and why.
func BimtekDitolak(to, nama, reference, reason, viewURL string) Message {
	return letter{
		Subject:  "Permohonan Fasilitasi Bimbingan Teknis Tidak Dapat Dilaksanakan",
		Greeting: greeting(nama),
		Blocks: []block{
			para("Mohon maaf, permohonan fasilitasi bimbingan teknis berikut tidak dapat dilaksanakan dengan alasan:"),
			{Kind: fact, Label: "Nomor referensi", Value: reference},
			{Kind: quote, Value: reason},
			para("Instansi Anda dapat mengajukan permohonan baru melalui akun layanan dengan menyesuaikan hal di atas."),
			{Kind: button, Label: "Lihat Permohonan", Value: viewURL},
		},
	}.message(to)
}

const trackingWarning = "Simpan kode pelacakan ini dan jangan berikan kepada siapa pun: siapa pun yang memegangnya dapat melihat laporan Anda. Kode ini tidak dapat dikirim ulang."

// PengaduanDiterima confirms a report and gives its tracking code.
func PengaduanDiterima(to, nama, reference, trackingCode, statusURL string) Message {
	return letter{
		Subject:  "Laporan Anda Telah Diterima",
		Greeting: greeting(nama),
		Blocks: []block{
			para("Terima kasih. Laporan Anda kepada Pengelola Data Regsosek telah kami terima dan akan ditindaklanjuti oleh pengelola layanan."),
			{Kind: fact, Label: "Nomor laporan", Value: reference},
			{Kind: code, Label: "Kode pelacakan", Value: trackingCode},
			para(trackingWarning),
			para("Untuk melihat status dan jawaban atas laporan Anda, buka halaman berikut lalu masukkan kode pelacakan:"),
			{Kind: button, Label: "Lacak Laporan", Value: statusURL},
		},
	}.message(to)
}

func pengaduanLetter(to, nama, subject, intro, reference, message, statusURL string) Message {
	blocks := []block{para(intro), {Kind: fact, Label: "Nomor laporan", Value: reference}}
	if message != "" {
		blocks = append(blocks, block{Kind: quote, Value: message})
	}
	blocks = append(blocks, para("Untuk membalas atau melihat seluruh percakapan, buka halaman berikut lalu masukkan kode pelacakan Anda:"),
		block{Kind: button, Label: "Lacak Laporan", Value: statusURL})
	return letter{Subject: subject, Greeting: greeting(nama), Blocks: blocks}.message(to)
}

// PengaduanDijawab sends the pengelola layanan's answer to the reporter.
func PengaduanDijawab(to, nama, reference, answer, statusURL string) Message {
	return pengaduanLetter(to, nama, "Jawaban atas Laporan Anda",
		"Pengelola layanan telah menjawab laporan Anda:", reference, answer, statusURL)
}

// PengaduanPerluInformasi asks the reporter for more information.
func PengaduanPerluInformasi(to, nama, reference, request, statusURL string) Message {
	return pengaduanLetter(to, nama, "Informasi Tambahan untuk Laporan Anda",
		"Pengelola layanan memerlukan informasi tambahan untuk menindaklanjuti laporan Anda:", reference, request, statusURL)
}

// PengaduanDitutup tells the reporter the report is closed.
func PengaduanDitutup(to, nama, reference, note, statusURL string) Message {
	return pengaduanLetter(to, nama, "Laporan Anda Telah Ditutup",
		"Laporan Anda telah selesai ditindaklanjuti dan ditutup oleh pengelola layanan.", reference, note, statusURL)
}

// PengaduanDitanggapi tells the handling staff member that the reporter replied. It names the report only:
// the reporter may be Anonim.
func PengaduanDitanggapi(to, nama, reference, detailURL string) Message {
	return letter{
		Subject:  "Tanggapan Pelapor atas Laporan " + oneLine(reference),
		Greeting: greeting(nama),
		Blocks: []block{
			para("Pelapor telah menanggapi laporan yang Anda tangani. Laporan kembali menunggu tindak lanjut."),
			{Kind: fact, Label: "Nomor laporan", Value: reference},
			{Kind: button, Label: "Buka Laporan", Value: detailURL},
		},
	}.message(to)
}
