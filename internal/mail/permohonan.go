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
