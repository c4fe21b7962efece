package mail

// PermohonanDiterima confirms a submitted permohonan hak akses with its reference number.
func PermohonanDiterima(to, nama, reference, instansi, viewURL string, resubmitted bool) Message {
	intro := "Permohonan hak akses Data Regsosek " + oneLine(instansi) + " telah kami terima dan akan diperiksa kelengkapan dokumennya oleh Verifikator Teknis (Tahap 2)."
	if resubmitted {
		intro = "Perbaikan permohonan hak akses Data Regsosek " + oneLine(instansi) + " telah kami terima dan akan diperiksa kembali oleh verifikator."
	}
	return letter{
		Subject:  "Permohonan Hak Akses Diterima",
		Greeting: greeting(nama),
		Blocks: []block{
			para(intro),
			{Kind: fact, Label: "Nomor referensi", Value: reference},
			{Kind: button, Label: "Lihat Permohonan", Value: viewURL},
			para("Anda dapat melihat proses permohonan kapan saja melalui menu \u201cLihat\u201d pada akun layanan Anda. Apabila dokumen belum memenuhi ketentuan, Anda akan menerima email \u201cData Belum Sesuai\u201d berisi catatan perbaikan."),
		},
	}.message(to)
}

// Note is one "Belum Sesuai" remark sent to the registrator.
type Note struct{ Item, Text string }

// DataBelumSesuai returns a permohonan to the registrator with the verifier's notes (pedoman Tahap 2).
func DataBelumSesuai(to, nama, reference, viewURL string, notes []Note) Message {
	blocks := []block{
		para("Hasil pemeriksaan permohonan hak akses Data Regsosek Anda: Data Belum Sesuai. Perbaiki bagian berikut, lalu ajukan kembali."),
		{Kind: fact, Label: "Nomor referensi", Value: reference},
	}
	for _, n := range notes {
		blocks = append(blocks, block{Kind: fact, Label: n.Item, Value: n.Text})
	}
	blocks = append(blocks, block{Kind: button, Label: "Lihat dan Perbaiki", Value: viewURL},
		para("Hanya bagian yang ditandai yang dapat diubah. Setelah diperbaiki, klik \u201cAjukan\u201d; permohonan kembali kepada verifikator yang sama."))
	return letter{Subject: "Data Belum Sesuai: Permohonan " + oneLine(reference), Greeting: greeting(nama), Blocks: blocks}.message(to)
}

// RowResult is one row's decision in the decision email.
type RowResult struct{ Pengguna, Result string }

// HakAksesDisetujui tells the registrator the decision per row (pedoman Tahap 3).
func HakAksesDisetujui(to, nama, reference, viewURL, sampai string, rows []RowResult) Message {
	blocks := []block{
		para("Permohonan hak akses Data Regsosek Anda telah diputuskan oleh Pengelola Data Regsosek."),
		{Kind: fact, Label: "Nomor referensi", Value: reference},
		{Kind: fact, Label: "Hak akses berlaku sampai", Value: sampai},
	}
	for _, r := range rows {
		blocks = append(blocks, block{Kind: fact, Label: r.Pengguna, Value: r.Result})
	}
	blocks = append(blocks, block{Kind: button, Label: "Lihat Keputusan", Value: viewURL},
		para("Tahap berikutnya adalah penandatanganan Perjanjian Kerja Sama (PKS) dan, untuk data mikro atau BNBA melalui Sepakat, Perjanjian Kerahasiaan (NDA)."))
	return letter{Subject: "Hak Akses Disetujui", Greeting: greeting(nama), Blocks: blocks}.message(to)
}

// HakAksesDitolak tells the registrator the permohonan was refused, with the reason.
func HakAksesDitolak(to, nama, reference, viewURL, reason string) Message {
	return letter{Subject: "Hak Akses Ditolak", Greeting: greeting(nama), Blocks: []block{
		para("Permohonan hak akses Data Regsosek Anda tidak dapat disetujui."),
		{Kind: fact, Label: "Nomor referensi", Value: reference},
		{Kind: quote, Value: reason},
		{Kind: button, Label: "Lihat Permohonan", Value: viewURL},
		para("Anda dapat mengajukan permohonan baru yang disesuaikan dengan alasan di atas."),
	}}.message(to)
}

// RekomendasiDiminta asks a direktur pengampu for a recommendation.
func RekomendasiDiminta(to, nama, reference, instansi, queueURL string) Message {
	return letter{Subject: "Permintaan Rekomendasi: Permohonan " + oneLine(reference), Greeting: greeting(nama), Blocks: []block{
		para("Verifikator substansi meminta rekomendasi Anda atas permohonan hak akses Data Regsosek " + oneLine(instansi) + "."),
		{Kind: fact, Label: "Nomor referensi", Value: reference},
		{Kind: button, Label: "Buka Antrean Rekomendasi", Value: queueURL},
	}}.message(to)
}

// PengingatTenggat reminds the assignee that a permohonan passed its service-level deadline.
func PengingatTenggat(to, nama, reference, due, viewURL string) Message {
	return letter{Subject: "Pengingat: Permohonan " + oneLine(reference) + " Melewati Tenggat", Greeting: greeting(nama), Blocks: []block{
		para("Permohonan berikut yang Anda tangani telah melewati tenggat layanan."),
		{Kind: fact, Label: "Nomor referensi", Value: reference},
		{Kind: fact, Label: "Tenggat", Value: due},
		{Kind: button, Label: "Buka Permohonan", Value: viewURL},
	}}.message(to)
}
