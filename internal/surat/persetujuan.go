package surat

import (
	"fmt"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/pdfdoc"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// The Surat Persetujuan Pemberian Hak Akses Data Regsosek (SE angka 11): "Menteri PPN/Kepala Bappenas
// menyampaikan persetujuan pemberian hak akses Data Regsosek kepada Menteri atau pimpinan
// kementerian/lembaga, gubernur, dan bupati/wali kota setelah seluruh proses permohonan hak akses Data
// Regsosek selesai dilaksanakan". The Menteri delegated the determination and granting of access to the
// Produsen Data Regsosek (SE angka 10.c), who signs on the Menteri's behalf ("a.n.").

// SuratPersetujuan writes the letter for a permohonan whose access was given.
func SuratPersetujuan(ps request.Persetujuan, now time.Time) ([]byte, error) {
	d := pdfdoc.New("Surat Persetujuan Pemberian Hak Akses Data Regsosek "+ps.Ref.Reference,
		"Surat Persetujuan Pemberian Hak Akses Data Regsosek — "+ps.Ref.Reference, now)
	d.Title("KEMENTERIAN PERENCANAAN PEMBANGUNAN NASIONAL/\nBADAN PERENCANAAN PEMBANGUNAN NASIONAL")
	d.Para("Jalan Taman Suropati Nomor 2, Jakarta 10310", "C")
	d.Fields([]pdfdoc.Field{
		{Label: "Nomor", Value: ps.Ref.Reference + "/PERSETUJUAN/" + fmt.Sprint(ps.Diberikan.In(indo.Jakarta).Year())},
		{Label: "Sifat", Value: "Biasa"},
		{Label: "Hal", Value: "Persetujuan Pemberian Hak Akses Data Regsosek"},
	})
	d.Para("Jakarta, "+indo.Date(ps.Diberikan), "R")
	d.Para("Yth.\n"+ps.Pimpinan+"\ndi tempat", "L")
	submitted := ""
	if !ps.Diajukan.IsZero() {
		submitted = " tanggal " + indo.Date(ps.Diajukan)
	}
	d.Para("Menindaklanjuti permohonan hak akses Data Registrasi Sosial Ekonomi (Regsosek) "+ps.Ref.InstansiNama+
		" yang diajukan melalui Portal Regsosek dengan nomor referensi "+ps.Ref.Reference+submitted+
		", dan setelah seluruh proses permohonan hak akses — verifikasi, asesmen, serta penandatanganan Perjanjian Kerja Sama dan/atau Perjanjian Kerahasiaan — selesai dilaksanakan, "+
		"dengan ini kami sampaikan persetujuan pemberian hak akses Data Regsosek dengan rincian sebagai berikut:", "J")
	rows := make([][]string, len(ps.Rows))
	for i, r := range ps.Rows {
		rows[i] = []string{fmt.Sprint(i + 1), r.Pengguna, r.JenisData, r.Media, r.Wilayah, indo.Date(r.Sampai)}
	}
	d.Table([]string{"No", "Pengguna", "Jenis Data", "Media Akses", "Wilayah", "Berlaku Sampai"}, []float64{0.05, 0.23, 0.14, 0.2, 0.18, 0.2}, rows)
	d.Para("Nama pengguna dan kata sandi Sepakat telah disampaikan kepada masing-masing operator pengelola akun, dan kontak PIC teknis Fasilitas Pengolahan Data Regsosek Terpadu tercantum pada akun layanan instansi Saudara.", "J")
	if ps.EnamBulan {
		d.Para("Mengingat belum ditetapkannya Forum Satu Data tingkat daerah, hak akses melalui Sepakat berlaku paling lama 6 (enam) bulan sejak diberikan dan dapat diperpanjang setelah Keputusan penetapan Forum Satu Data disampaikan (Pedoman §3.2.5 Ketentuan Khusus a).", "J")
	}
	d.Para("Pemanfaatan Data Regsosek agar dilaksanakan sesuai tujuan yang disetujui, ketentuan Perjanjian Kerja Sama dan/atau Perjanjian Kerahasiaan, serta Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi. Data by name by address tidak boleh dipublikasikan maupun dibagipakaikan kepada pihak ketiga tanpa persetujuan Produsen Data Regsosek dan Walidata Regsosek.", "J")
	d.Para("Atas perhatian dan kerja sama Saudara, kami sampaikan terima kasih.", "J")
	d.Signature("a.n. Menteri Perencanaan Pembangunan Nasional/",
		"Kepala Badan Perencanaan Pembangunan Nasional,",
		"Direktur Penanggulangan Kemiskinan dan Pemberdayaan Masyarakat",
		"selaku Produsen Data Regsosek", "", "", "(ditandatangani secara elektronik)", "", "(Nama dan NIP)")
	d.Gap(4)
	d.Heading("Tembusan:")
	d.Para("1. Menteri Perencanaan Pembangunan Nasional/Kepala Bappenas (sebagai laporan);\n"+
		"2. Sekretaris Kementerian PPN/Sekretaris Utama Bappenas;\n"+
		"3. Deputi Bidang Kependudukan dan Ketenagakerjaan;\n"+
		"4. Kepala Pusat Data dan Informasi Perencanaan Pembangunan;\n"+
		"5. "+ps.Narahubung+".", "L")
	d.Small("Persetujuan disampaikan kepada " + map[account.Kategori]string{account.KategoriPusat: "Menteri/Pimpinan Lembaga", account.KategoriProvinsi: "Gubernur",
		account.KategoriKabKota: "Bupati/Wali Kota"}[ps.Kategori] + " sebagai pemohon hak akses (SE Menteri PPN/Kepala Bappenas Nomor 8 Tahun 2023 angka 11); penentuan dan pemberian hak akses didelegasikan kepada Produsen Data Regsosek (angka 10.c).")
	return d.Bytes()
}
