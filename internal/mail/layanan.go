package mail

import (
	"strconv"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/layanan"
)

// The emails of Fasilitasi Bimbingan Teknis (pedoman §IV) and Pengaduan dan Pelaporan (§VI), in the same
// block style as the akun layanan letters.

// bimtek is the registrator's page of a request.
func (l Letters) bimtek(b layanan.Bimtek) string {
	return l.BaseURL + "/akun/bimtek/" + strconv.FormatInt(b.ID, 10)
}

// BimtekDiajukan confirms a submitted Fasilitasi Bimbingan Teknis request to the registrator or the
// narahubung.
func (l Letters) BimtekDiajukan(to Recipient, b layanan.Bimtek) Message {
	return to.letter("Permohonan Fasilitasi Bimbingan Teknis Diterima",
		para("Permohonan fasilitasi bimbingan teknis pemanfaatan Data Regsosek dari "+oneLine(b.InstansiNama)+" telah kami terima."),
		block{Kind: fact, Label: "Nomor referensi", Value: b.Reference},
		block{Kind: fact, Label: "Jenis bimbingan teknis", Value: b.Data.Jenis()},
		para("Pengelola layanan akan menyesuaikan jadwal dengan ketersediaan narasumber dan mengirimkan jadwal pelaksanaan melalui email. Pembiayaan pelaksanaan fasilitasi bimbingan teknis ditanggung oleh pihak pemohon (pedoman \u00a74.1)."),
		block{Kind: button, Label: "Lihat Permohonan", Value: l.bimtek(b)})
}

func jadwalBlocks(j layanan.Jadwal) []block {
	bl := []block{{Kind: fact, Label: "Tanggal", Value: indo.DateRange(j.Mulai, j.Selesai)}, {Kind: fact, Label: "Mode", Value: j.Mode.Label()}}
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

// BimtekDijadwalkan sends the schedule of b set by the pengelola layanan; changed when it replaces an
// earlier one.
func (l Letters) BimtekDijadwalkan(to Recipient, b layanan.Bimtek, changed bool) Message {
	intro := "Permohonan fasilitasi bimbingan teknis Anda telah dijadwalkan sebagai berikut:"
	subject := "Jadwal Fasilitasi Bimbingan Teknis"
	if changed {
		intro = "Jadwal fasilitasi bimbingan teknis Anda telah diubah. Jadwal yang berlaku sekarang:"
		subject = "Perubahan Jadwal Fasilitasi Bimbingan Teknis"
	}
	blocks := []block{para(intro), {Kind: fact, Label: "Nomor referensi", Value: b.Reference}}
	if b.Jadwal != nil {
		blocks = append(blocks, jadwalBlocks(*b.Jadwal)...)
	}
	blocks = append(blocks, para("Mohon narahubung berkoordinasi dengan pengelola layanan untuk persiapan pelaksanaan."),
		block{Kind: button, Label: "Lihat Permohonan", Value: l.bimtek(b)})
	return to.letter(subject, blocks...)
}

// BimtekSelesai tells that the bimtek has been held and the request is closed.
func (l Letters) BimtekSelesai(to Recipient, b layanan.Bimtek) Message {
	return to.letter("Fasilitasi Bimbingan Teknis Selesai",
		para("Fasilitasi bimbingan teknis pemanfaatan Data Regsosek untuk permohonan berikut telah selesai dilaksanakan. Terima kasih atas partisipasi instansi Anda."),
		block{Kind: fact, Label: "Nomor referensi", Value: b.Reference},
		para("Konsultasi lanjutan pasca pelatihan dapat diajukan kembali melalui akun layanan Anda."),
		block{Kind: button, Label: "Lihat Permohonan", Value: l.bimtek(b)})
}

// BimtekDitolak tells that the request was declined, and why.
func (l Letters) BimtekDitolak(to Recipient, b layanan.Bimtek, reason string) Message {
	return to.letter("Permohonan Fasilitasi Bimbingan Teknis Tidak Dapat Dilaksanakan",
		para("Mohon maaf, permohonan fasilitasi bimbingan teknis berikut tidak dapat dilaksanakan dengan alasan:"),
		block{Kind: fact, Label: "Nomor referensi", Value: b.Reference},
		block{Kind: quote, Value: reason},
		para("Instansi Anda dapat mengajukan permohonan baru melalui akun layanan dengan menyesuaikan hal di atas."),
		block{Kind: button, Label: "Lihat Permohonan", Value: l.bimtek(b)})
}

const trackingWarning = "Simpan kode pelacakan ini dan jangan berikan kepada siapa pun: siapa pun yang memegangnya dapat melihat laporan Anda. Kode ini tidak dapat dikirim ulang."

// pengaduanStatus is the page where whoever holds a tracking code follows the report.
func (l Letters) pengaduanStatus() string { return l.BaseURL + "/pengaduan/status" }

// PengaduanDiterima confirms a report (reference) and gives its tracking code.
func (l Letters) PengaduanDiterima(to Recipient, reference, trackingCode string) Message {
	return to.letter("Laporan Anda Telah Diterima",
		para("Terima kasih. Laporan Anda kepada Pengelola Data Regsosek telah kami terima dan akan ditindaklanjuti oleh pengelola layanan."),
		block{Kind: fact, Label: "Nomor laporan", Value: reference},
		block{Kind: code, Label: "Kode pelacakan", Value: trackingCode},
		para(trackingWarning),
		para("Untuk melihat status dan jawaban atas laporan Anda, buka halaman berikut lalu masukkan kode pelacakan:"),
		block{Kind: button, Label: "Lacak Laporan", Value: l.pengaduanStatus()})
}

func (l Letters) pengaduan(to Recipient, subject, intro, reference, message string) Message {
	blocks := []block{para(intro), {Kind: fact, Label: "Nomor laporan", Value: reference}}
	if message != "" {
		blocks = append(blocks, block{Kind: quote, Value: message})
	}
	blocks = append(blocks, para("Untuk membalas atau melihat seluruh percakapan, buka halaman berikut lalu masukkan kode pelacakan Anda:"),
		block{Kind: button, Label: "Lacak Laporan", Value: l.pengaduanStatus()})
	return to.letter(subject, blocks...)
}

// PengaduanDijawab sends the pengelola layanan's answer to the reporter.
func (l Letters) PengaduanDijawab(to Recipient, reference, answer string) Message {
	return l.pengaduan(to, "Jawaban atas Laporan Anda",
		"Pengelola layanan telah menjawab laporan Anda:", reference, answer)
}

// PengaduanPerluInformasi asks the reporter for more information.
func (l Letters) PengaduanPerluInformasi(to Recipient, reference, request string) Message {
	return l.pengaduan(to, "Informasi Tambahan untuk Laporan Anda",
		"Pengelola layanan memerlukan informasi tambahan untuk menindaklanjuti laporan Anda:", reference, request)
}

// PengaduanDitutup tells the reporter the report is closed, with the closing note if any.
func (l Letters) PengaduanDitutup(to Recipient, reference, note string) Message {
	return l.pengaduan(to, "Laporan Anda Telah Ditutup",
		"Laporan Anda telah selesai ditindaklanjuti dan ditutup oleh pengelola layanan.", reference, note)
}

// PengaduanDitanggapi tells the handling staff member that the reporter replied to p. It names the report
// only: the reporter may be Anonim.
func (l Letters) PengaduanDitanggapi(to Recipient, p layanan.Pengaduan) Message {
	return to.letter("Tanggapan Pelapor atas Laporan "+oneLine(p.Reference),
		para("Pelapor telah menanggapi laporan yang Anda tangani. Laporan kembali menunggu tindak lanjut."),
		block{Kind: fact, Label: "Nomor laporan", Value: p.Reference},
		block{Kind: button, Label: "Buka Laporan", Value: l.BaseURL + "/petugas/pengaduan/" + strconv.FormatInt(p.ID, 10)})
}

// BukaIdentitasDiminta asks another admin to decide on a request to open the identity of the Anonim
// reporter of report reference (id). The reason stays on the staff page.
func (l Letters) BukaIdentitasDiminta(to Recipient, reference string, id int64) Message {
	return to.letter("Persetujuan Membuka Identitas Pelapor "+oneLine(reference),
		para("Seorang administrator meminta membuka identitas pelapor Anonim pada laporan berikut. Permintaan ini memerlukan persetujuan administrator lain sebelum identitas dapat dibuka."),
		block{Kind: fact, Label: "Nomor laporan", Value: reference},
		para("Periksa alasan permintaan pada halaman laporan, lalu pilih Setujui atau Tolak. Keputusan Anda tercatat dalam log audit."),
		block{Kind: button, Label: "Buka Laporan", Value: l.BaseURL + "/petugas/pengaduan/" + strconv.FormatInt(id, 10)})
}

// BukaIdentitasDiputus tells the admin who asked whether a second admin approved opening the identity of
// report reference (id), with the note of a refusal.
func (l Letters) BukaIdentitasDiputus(to Recipient, reference string, id int64, approved bool, note string) Message {
	link := block{Kind: button, Label: "Buka Laporan", Value: l.BaseURL + "/petugas/pengaduan/" + strconv.FormatInt(id, 10)}
	if approved {
		return to.letter("Permintaan Membuka Identitas Pelapor Disetujui",
			para("Permintaan Anda membuka identitas pelapor Anonim telah disetujui oleh administrator lain. Identitas dapat Anda buka satu kali dalam 24 jam melalui halaman laporan."),
			block{Kind: fact, Label: "Nomor laporan", Value: reference}, link)
	}
	return to.letter("Permintaan Membuka Identitas Pelapor Ditolak",
		para("Permintaan Anda membuka identitas pelapor Anonim ditolak oleh administrator lain dengan catatan berikut:"),
		block{Kind: quote, Value: note},
		block{Kind: fact, Label: "Nomor laporan", Value: reference}, link)
}
