package surat

import (
	"fmt"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/pdfdoc"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// Agreement is what the PKS and NDA templates are filled with: the permohonan, the rows as approved, and
// the approved end of access.
type Agreement struct {
	Permohonan request.Permohonan
	Approved   []request.ApprovedRow
	Sampai     time.Time
	SixMonth   bool // the six-month rule applies (§3.2.5 Khusus a)
}

func (a Agreement) kategori() account.Kategori {
	k, _ := account.ParseKategori(a.Permohonan.Kategori)
	return k
}

func approvedTable(rows []request.ApprovedRow, cakupan string, names WilayahNames) [][]string {
	out := make([][]string, 0, len(rows))
	for i, r := range rows {
		pengguna := r.Pengguna
		if r.PenggunaJenis == request.PenggunaDesa && r.PenggunaWilayah != "" {
			pengguna += " (" + names(r.PenggunaWilayah) + ")"
		}
		until := "-"
		if r.Sampai != nil {
			until = indo.Date(*r.Sampai)
		}
		out = append(out, []string{fmt.Sprint(i + 1), pengguna, request.Label(request.JenisDataOptions, r.Approved) + fmt.Sprintf(" (tingkat %d)", r.Tier()),
			request.Label(request.MediaOptions, r.Media), names(r.Wilayah(cakupan)), r.OperatorNama, until})
	}
	return out
}

var approvedHeader = []string{"No", "Pengguna", "Jenis Data", "Media Akses", "Wilayah", "Operator Sepakat", "Sampai"}
var approvedWidths = []float64{0.05, 0.19, 0.15, 0.17, 0.17, 0.14, 0.13}

func parties(d *pdfdoc.Doc, kesatu, kedua request.Pihak) {
	d.Para("Yang bertanda tangan di bawah ini:", "J")
	d.Fields([]pdfdoc.Field{{Label: "1. Nama"}, {Label: "   Jabatan", Value: kesatu.Jabatan}})
	d.Para("dalam hal ini bertindak untuk dan atas nama "+kesatu.Instansi+", selanjutnya disebut PIHAK KESATU.", "J")
	d.Fields([]pdfdoc.Field{{Label: "2. Nama"}, {Label: "   Jabatan", Value: kedua.Jabatan}})
	d.Para("dalam hal ini bertindak untuk dan atas nama "+kedua.Instansi+", selanjutnya disebut PIHAK KEDUA.", "J")
}

func signatures(d *pdfdoc.Doc, kesatu, kedua request.Pihak) {
	d.Signatures(
		[]string{"PIHAK KEDUA,", kedua.Jabatan, "", "", "(tanda tangan elektronik/basah dan stempel)", "", "(Nama dan NIP)"},
		[]string{"PIHAK KESATU,", kesatu.Jabatan, "", "", "(tanda tangan elektronik/basah dan stempel)", "", "(Nama dan NIP)"})
}

// PKS is the Perjanjian Kerja Sama template of Tahap 4, prefilled with both parties and the signatories for
// the pemohon's level (§3.2.5 c.2) and the access as approved.
func PKS(a Agreement, names WilayahNames, now time.Time) ([]byte, error) {
	p := a.Permohonan
	kesatu, kedua := request.PKSParties(a.kategori(), p.InstansiNama)
	d := pdfdoc.New("Perjanjian Kerja Sama "+p.Reference, "PKS Pemanfaatan Data Regsosek — "+p.Reference, now)
	d.Title("PERJANJIAN KERJA SAMA\nANTARA\nKEMENTERIAN PERENCANAAN PEMBANGUNAN NASIONAL/\nBADAN PERENCANAAN PEMBANGUNAN NASIONAL\nDAN\n" +
		p.InstansiNama + "\nTENTANG\nPEMANFAATAN DATA REGISTRASI SOSIAL EKONOMI")
	d.Fields([]pdfdoc.Field{{Label: "Nomor PIHAK KESATU"}, {Label: "Nomor PIHAK KEDUA"}, {Label: "Nomor Referensi", Value: p.Reference}})
	d.Para("Pada hari ini ........ tanggal ........ bulan ........ tahun ........, bertempat di ........................", "J")
	parties(d, kesatu, kedua)
	d.Para("PIHAK KESATU dan PIHAK KEDUA secara bersama-sama disebut PARA PIHAK, sepakat mengikatkan diri dalam Perjanjian Kerja Sama tentang Pemanfaatan Data Registrasi Sosial Ekonomi (Regsosek) sesuai Surat Edaran Menteri PPN/Kepala Bappenas Nomor 8 Tahun 2023, dengan ketentuan sebagai berikut:", "J")
	d.Heading("Pasal 1 — Maksud dan Tujuan")
	d.Para("Perjanjian ini dimaksudkan sebagai dasar pemberian hak akses dan pemanfaatan Data Regsosek oleh PIHAK KEDUA untuk perencanaan, penganggaran, pelaksanaan, pemantauan, dan evaluasi program pembangunan sesuai tugas, fungsi, dan kewenangannya.", "J")
	d.Heading("Pasal 2 — Ruang Lingkup")
	d.Para("PIHAK KESATU memberikan hak akses Data Regsosek kepada PIHAK KEDUA sebagaimana disetujui oleh Produsen Data Regsosek, dengan cakupan wilayah "+
		names(p.Header.Cakupan)+", untuk pengguna berikut:", "J")
	d.Table(approvedHeader, approvedWidths, approvedTable(a.Approved, p.Header.Cakupan, names))
	d.Heading("Pasal 3 — Jangka Waktu")
	term := "Hak akses berlaku sejak diberikan sampai dengan tanggal " + indo.Date(a.Sampai) + " dan dapat diperpanjang atas permintaan PIHAK KEDUA dengan persetujuan PIHAK KESATU."
	if a.SixMonth {
		term += " Selama PIHAK KEDUA belum menetapkan Forum Satu Data tingkat daerah, hak akses melalui Sepakat hanya berlaku paling lama 6 (enam) bulan sejak diberikan dan ditutup hingga persyaratan tersebut dipenuhi (§3.2.5 Ketentuan Khusus a)."
	}
	d.Para(term, "J")
	d.Heading("Pasal 4 — Hak dan Kewajiban")
	d.Para("(1) PIHAK KESATU berhak menetapkan, menyesuaikan, dan mencabut hak akses apabila ketentuan perjanjian ini dilanggar; dan berkewajiban menyampaikan hak akses melalui Sepakat dan/atau Fasilitas Pengolahan Data Regsosek Terpadu sesuai persetujuan.\n"+
		"(2) PIHAK KEDUA berhak memanfaatkan Data Regsosek sesuai tujuan yang disetujui; dan berkewajiban menjaga keamanan akun Sepakat, hanya menggunakan data sesuai tujuan, tidak membagikan data kepada pihak lain tanpa persetujuan tertulis PIHAK KESATU, menyampaikan data balikan dan mendukung pemutakhiran Data Regsosek, serta melaporkan pemanfaatan data apabila diminta.", "J")
	d.Heading("Pasal 5 — Kerahasiaan dan Pelindungan Data Pribadi")
	conf := "PARA PIHAK wajib menjaga kerahasiaan Data Regsosek dan melindungi data pribadi di dalamnya sesuai Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi."
	if request.NeedsNDA(a.Approved) {
		conf += " Ketentuan kerahasiaan untuk data mikro dan BNBA melalui Sepakat diatur lebih lanjut dalam Perjanjian Kerahasiaan (Non-Disclosure Agreement) yang merupakan bagian tidak terpisahkan dari perjanjian ini."
	}
	d.Para(conf, "J")
	d.Heading("Pasal 6 — Penutup")
	d.Para("Perjanjian ini dibuat dalam rangkap 2 (dua) dan ditandatangani secara elektronik atau basah oleh PARA PIHAK, masing-masing mempunyai kekuatan hukum yang sama.", "J")
	signatures(d, kesatu, kedua)
	d.Gap(4)
	d.Small("Penandatangan sesuai §3.2.5: Pihak Kesatu — Sekretaris Kementerian PPN/Sekretaris Utama Bappenas untuk K/L dan pemerintah provinsi; Direktur PKPM selaku Produsen Data Regsosek atau Kepala Pusdatin untuk pemerintah kabupaten/kota. Pihak Kedua — Sekretaris Menteri/Sekretaris Utama untuk K/L; Sekretaris Daerah untuk pemerintah daerah.")
	return d.Bytes()
}

// NDA is the Perjanjian Kerahasiaan template, for the rows approved at tier 3 or 4 with media Sepakat,
// prefilled with the signatories of §3.2.5 c.3.
func NDA(a Agreement, names WilayahNames, now time.Time) ([]byte, error) {
	p := a.Permohonan
	kesatu, kedua := request.NDAParties(a.kategori(), p.InstansiNama)
	d := pdfdoc.New("Perjanjian Kerahasiaan "+p.Reference, "NDA Pemanfaatan Data Regsosek — "+p.Reference, now)
	d.Title("PERJANJIAN KERAHASIAAN\n(NON-DISCLOSURE AGREEMENT)\nPEMANFAATAN DATA REGISTRASI SOSIAL EKONOMI\nANTARA\nKEMENTERIAN PPN/BAPPENAS\nDAN\n" + p.InstansiNama)
	d.Fields([]pdfdoc.Field{{Label: "Nomor PIHAK KESATU"}, {Label: "Nomor PIHAK KEDUA"}, {Label: "Nomor Referensi", Value: p.Reference}})
	parties(d, kesatu, kedua)
	d.Heading("Pasal 1 — Informasi Rahasia")
	d.Para("Informasi Rahasia adalah Data Regsosek beserta turunannya yang dapat diakses PIHAK KEDUA melalui Sepakat. Karena tingkat tertinggi yang disetujui (data mikro atau data by name by address) berlaku untuk seluruh permohonan (Pedoman bab III), perjanjian ini mencakup setiap pengguna Sepakat berikut:", "J")
	var secret []request.ApprovedRow
	for _, r := range a.Approved {
		if r.Media == request.Sepakat {
			secret = append(secret, r)
		}
	}
	d.Table(approvedHeader, approvedWidths, approvedTable(secret, p.Header.Cakupan, names))
	d.Heading("Pasal 2 — Kewajiban PIHAK KEDUA")
	d.Para("(1) Menggunakan Informasi Rahasia hanya untuk tujuan yang disetujui dan, untuk BNBA, hanya untuk tujuan yang sah menurut §3.2.1.2.\n"+
		"(2) Tidak mengungkapkan, menyalin, menjual, atau menyerahkan Informasi Rahasia kepada pihak ketiga.\n"+
		"(3) Tidak melakukan identifikasi ulang individu dari data mikro.\n"+
		"(4) Menjaga kerahasiaan nama pengguna dan kata sandi Sepakat oleh operator pengelola akun yang ditetapkan.\n"+
		"(5) Melaporkan kepada PIHAK KESATU setiap kebocoran atau dugaan penyalahgunaan paling lambat 3 x 24 jam sejak diketahui.\n"+
		"(6) Menghapus Informasi Rahasia yang diunduh setelah jangka waktu hak akses berakhir.", "J")
	d.Heading("Pasal 3 — Jangka Waktu")
	d.Para("Perjanjian ini berlaku selama hak akses berlaku (sampai dengan "+indo.Date(a.Sampai)+" atau perpanjangannya), dan kewajiban kerahasiaan tetap berlaku setelahnya.", "J")
	d.Heading("Pasal 4 — Sanksi")
	d.Para("Pelanggaran atas perjanjian ini mengakibatkan pencabutan hak akses oleh PIHAK KESATU, tanpa mengurangi sanksi menurut peraturan perundang-undangan, termasuk Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi.", "J")
	signatures(d, kesatu, kedua)
	d.Gap(4)
	d.Small("Penandatangan sesuai §3.2.5: Pihak Kesatu — Sekretaris Kementerian PPN/Sekretaris Utama Bappenas untuk pusat dan provinsi; Direktur PKPM selaku Produsen Data Regsosek untuk kabupaten/kota. Pihak Kedua — Sekretaris Menteri/Sekretaris Utama atau Sekretaris Jenderal untuk K/L; Sekretaris Daerah untuk pemerintah daerah.")
	return d.Bytes()
}
