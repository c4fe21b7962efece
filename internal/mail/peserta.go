package mail

// The email of a bimbingan teknis outcome (issue 13 item 7) and of a handover started without the official
// holding the account (§3.2.5 g).

// SertifikatBimtek gives a participant who passed a Pelatihan the link to their certificate (of the bimtek
// reference, of instansi). The link carries a token only, never the person's data.
func (l Letters) SertifikatBimtek(to Recipient, reference, instansi, token string) Message {
	return to.letter("Sertifikat Pelatihan Pemanfaatan Data Regsosek",
		para("Selamat, Anda dinyatakan lulus Pelatihan Pemanfaatan Data Regsosek yang diselenggarakan melalui Fasilitasi Bimbingan Teknis untuk "+oneLine(instansi)+"."),
		block{Kind: fact, Label: "Nomor referensi bimbingan teknis", Value: reference},
		block{Kind: button, Label: "Unduh Sertifikat", Value: l.BaseURL + "/sertifikat/" + token},
		para("Simpan sertifikat ini. Registrator instansi Anda dapat memilihnya sebagai bukti lulus pelatihan bila Anda ditunjuk sebagai Operator Pengelola Akun Sepakat."),
		para("Jangan teruskan email ini: tautannya berlaku untuk sertifikat atas nama Anda."))
}

// GantiPejabatDimulai tells the official holding an akun layanan (reference) that someone started "Ganti
// Pejabat Pemegang Akun" for it without them, naming the successor proposed.
func (Letters) GantiPejabatDimulai(to Recipient, reference, instansi, pengganti string) Message {
	return to.letter("Pengajuan Penggantian Pejabat Pemegang Akun Layanan Regsosek",
		para("Kami menerima pengajuan penggantian pejabat pemegang akun layanan Regsosek "+oneLine(instansi)+" yang diajukan melalui halaman Masuk, tanpa melalui akun Anda."),
		block{Kind: fact, Label: "Nomor referensi akun", Value: reference},
		block{Kind: fact, Label: "Pejabat pengganti yang diusulkan", Value: oneLine(pengganti)},
		para("Verifikator akun akan memeriksa KTP dan Surat Tugas Registrator yang baru. Apabila disetujui dan diaktifkan, nama pengguna dan kata sandi Anda tidak berlaku lagi; riwayat permohonan tetap tersimpan pada akun instansi."),
		para("Apabila Anda tidak mengetahui pengajuan ini atau masih menjabat sebagai registrator, segera hubungi Pengelola Data Regsosek melalui ditpk@bappenas.go.id dengan menyebutkan nomor referensi di atas."))
}
