// Package surat composes the portal's PDF documents from what it knows: the Bukti Pengajuan of a
// permohonan, the prefilled templates of pedoman Lampiran 4 (Surat Tugas Registrator), Lampiran 5
// (Surat Permohonan Hak Akses) and Lampiran 6 (KAK Pemanfaatan Data Regsosek), the PKS and NDA, and those of
// a Fasilitasi Bimbingan Teknis, Lampiran 7 (Surat Permohonan) and Lampiran 8 (KAK Pelatihan).
package surat

import (
	"fmt"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/pdfdoc"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// WilayahNames resolves a wilayah code to its name for documents ("Kota Bandung", "Nasional").
type WilayahNames func(code string) string

func rowTable(rows []request.Row, names WilayahNames) [][]string {
	out := make([][]string, 0, len(rows))
	for i, r := range rows {
		pengguna := r.Pengguna
		if r.PenggunaJenis == request.PenggunaDesa && r.PenggunaWilayah != "" {
			pengguna += " (" + names(r.PenggunaWilayah) + ")"
		}
		tujuan := r.Tujuan
		if r.JenisData == request.BNBA {
			tujuan += " [Tujuan sah BNBA: " + request.Label(request.TujuanBNBAOptions, r.TujuanBNBA) + "]"
		}
		out = append(out, []string{fmt.Sprint(i + 1), pengguna, tujuan, request.Label(request.JenisDataOptions, r.JenisData),
			request.Label(request.MediaOptions, r.Media), r.OperatorNama, r.OperatorNIP})
	}
	return out
}

var rowHeader = []string{"No", "Pengguna", "Tujuan Pemanfaatan", "Jenis Data", "Media Akses", "Operator", "NIP"}
var rowWidths = []float64{0.05, 0.17, 0.22, 0.09, 0.12, 0.13, 0.22}

// BuktiPengajuan is the receipt of a submitted permohonan.
func BuktiPengajuan(p request.Permohonan, names WilayahNames, now time.Time) ([]byte, error) {
	d := pdfdoc.New("Bukti Pengajuan "+p.Reference, "Bukti Pengajuan "+p.Reference+" — Portal Regsosek, Kementerian PPN/Bappenas", now)
	d.Title("BUKTI PENGAJUAN PERMOHONAN HAK AKSES DATA REGSOSEK")
	submitted := "-"
	if p.SubmittedAt != nil {
		submitted = indo.DateTime(*p.SubmittedAt)
	}
	kat, _ := account.ParseKategori(p.Kategori)
	d.Fields([]pdfdoc.Field{
		{Label: "Nomor Referensi", Value: p.Reference},
		{Label: "Pemohon", Value: p.InstansiNama},
		{Label: "Kategori Pemohon", Value: kat.Label()},
		{Label: "Cakupan Wilayah", Value: names(p.Header.Cakupan)},
		{Label: "Tanggal Pengajuan", Value: submitted},
		{Label: "Status", Value: p.State.Label()},
		{Label: "Tingkat Akses Tertinggi", Value: fmt.Sprintf("Tingkat %d", request.MaxTier(p.Rows))},
		{Label: "Narahubung", Value: p.Header.NarahubungNama + " — " + p.Header.NarahubungJabatan},
	})
	d.Heading("Identifikasi Kebutuhan Hak Akses dan Media Akses")
	d.Table(rowHeader, rowWidths, rowTable(p.Rows, names))
	d.Heading("Dokumen")
	var docs [][]string
	for _, kind := range []request.DocKind{request.DocSuratPermohonan, request.DocKAK, request.DocSKOperator,
		request.DocSKForumSatuData, request.DocSuratPernyataan} {
		if doc, ok := p.Docs[kind]; ok {
			docs = append(docs, []string{request.DocLabels[kind], doc.OriginalName, fmt.Sprintf("%x", doc.SHA256[:8])})
		}
	}
	d.Table([]string{"Dokumen", "Berkas", "Sidik (SHA-256)"}, []float64{0.45, 0.35, 0.2}, docs)
	d.Small("Bukti ini diterbitkan otomatis oleh Portal Regsosek. Status terbaru dapat dilihat pada akun layanan melalui menu \"Lihat\".")
	return d.Bytes()
}

// Registrator is what the Surat Tugas template knows of the official.
type Registrator struct {
	Nama, Jabatan, UnitKerja, Instansi string
}

// SuratTugas is Lampiran 4, filled with the official on record.
func SuratTugas(r Registrator, now time.Time) ([]byte, error) {
	d := pdfdoc.New("Surat Tugas Registrator", "Templat Lampiran 4 — Surat Tugas Registrator Permohonan Hak Akses Data Regsosek", now)
	d.Title("SURAT TUGAS")
	d.Para("NOMOR : ....................................", "C")
	d.Para("Dalam rangka pengajuan permohonan hak akses Data Registrasi Sosial Ekonomi (Regsosek), dengan ini saya menugaskan:", "J")
	d.Fields([]pdfdoc.Field{{Label: "Nama", Value: r.Nama}, {Label: "NIP"}, {Label: "Jabatan", Value: r.Jabatan},
		{Label: "Unit Kerja", Value: r.UnitKerja}, {Label: "Instansi", Value: r.Instansi}})
	d.Fields([]pdfdoc.Field{{Label: "Untuk", Value: "melakukan registrasi akun dan bertanggung jawab atas proses teknis permohonan hak akses Data Regsosek."}})
	d.Para("Agar yang bersangkutan melaksanakan tugas dengan baik dan penuh tanggung jawab.", "J")
	d.Signature("(Tempat dan tanggal)", "(Jabatan)", "", "(ttd dan stempel)", "", "(Nama dan NIP)")
	d.Gap(6)
	d.Small("Ditandatangani oleh Walidata kementerian/lembaga untuk pemohon tingkat pusat, atau Kepala badan perencanaan pembangunan daerah untuk pemohon tingkat provinsi/kabupaten/kota (§3.2.5).")
	return d.Bytes()
}

// SuratPermohonan is Lampiran 5, filled with the cakupan and the narahubung.
func SuratPermohonan(p request.Permohonan, names WilayahNames, now time.Time) ([]byte, error) {
	d := pdfdoc.New("Surat Permohonan Hak Akses Data Regsosek", "Templat Lampiran 5 — Surat Permohonan Hak Akses Data Regsosek", now)
	d.Para("KOP SURAT "+p.InstansiNama, "C")
	kat, _ := account.ParseKategori(p.Kategori)
	place := request.PimpinanPlace(kat, p.InstansiNama)
	if place == "" {
		place = "........................"
	}
	d.Fields([]pdfdoc.Field{{Label: "Nomor"}, {Label: "Hal", Value: "Permohonan Hak Akses Data Regsosek"}})
	d.Para(place+", "+indo.Date(now), "R")
	d.Para("Yth.\nMenteri Perencanaan Pembangunan Nasional/Kepala Bappenas\nc.q. Deputi Bidang Kependudukan dan Ketenagakerjaan\ndi Jakarta", "L")
	d.Para("Dalam rangka perencanaan, penganggaran, dan penyelenggaraan program pembangunan yang berbasis bukti, bersama ini saya bermaksud untuk mengajukan permohonan hak akses Data Regsosek tahun 2022 pada lingkup "+
		names(p.Header.Cakupan)+".", "J")
	d.Para("Untuk mendukung koordinasi penyelenggaraan pemanfaatan Data Regsosek, kami menugaskan pejabat berikut sebagai narahubung utama:", "J")
	role := "Walidata"
	if p.Kategori != string(account.KategoriPusat) {
		role = "Koordinator Satu Data Tingkat Daerah"
	}
	d.Heading(role)
	d.Fields([]pdfdoc.Field{{Label: "Nama", Value: p.Header.NarahubungNama}, {Label: "Jabatan", Value: p.Header.NarahubungJabatan},
		{Label: "NIP", Value: p.Header.NarahubungNIP}, {Label: "Email", Value: p.Header.NarahubungEmail},
		{Label: "Nomor Hp", Value: p.Header.NarahubungPhone}})
	d.Para("Demikian permohonan ini kami sampaikan. Atas perhatian dan kerjasama Bapak, kami ucapkan terima kasih.", "J")
	// §3.2.5 1.d: signed by the Menteri/Kepala, the Gubernur, or the Bupati/Wali Kota.
	d.Signature(place+", "+indo.Date(now), request.Pimpinan(kat, p.InstansiNama)+",", "", "(ttd dan stempel)", "", "(Nama dan NIP)")
	d.Heading("Tembusan:")
	d.Para("1. Sekretaris Menteri PPN/Sekretaris Utama Bappenas;\n2. Direktur Penanggulangan Kemiskinan dan Pemberdayaan Masyarakat;\n3. Kepala Pusat Data dan Informasi Perencanaan Pembangunan.", "L")
	return d.Bytes()
}

// KAK is Lampiran 6 with one section per row.
func KAK(p request.Permohonan, names WilayahNames, now time.Time) ([]byte, error) {
	d := pdfdoc.New("KAK Pemanfaatan Data Regsosek", "Templat Lampiran 6 — Kerangka Acuan Kegiatan Pemanfaatan Data Regsosek", now)
	d.Title("KERANGKA ACUAN KEGIATAN (KAK)\nPEMANFAATAN DATA REGSOSEK\nDI " + p.InstansiNama)
	d.Para("TAHUN "+fmt.Sprint(now.In(indo.Jakarta).Year()), "C")
	d.Heading("I. Latar Belakang Kebutuhan Pemanfaatan Data Regsosek")
	d.Small("Jelaskan gambaran umum singkat urgensi kebutuhan data Regsosek untuk mendukung target pembangunan dan program yang akan dilaksanakan.")
	d.Gap(12)
	d.Heading("II. Tujuan Pemanfaatan Data Regsosek")
	d.Small("Jelaskan tujuan pemanfaatan data Regsosek dan rencana bagi pakai lintas sektor/OPD, serta pengelolaan kabupaten/kota untuk bagi pakai di tingkat desa/kelurahan.")
	d.Gap(12)
	d.Heading("III. Identifikasi Kebutuhan Hak Akses dan Media Akses")
	if len(p.Rows) == 0 {
		d.Small("Belum ada pengguna yang diisikan pada portal.")
	}
	for i, r := range p.Rows {
		name := r.Pengguna
		if r.PenggunaJenis == request.PenggunaDesa && r.PenggunaWilayah != "" {
			name += " (" + names(r.PenggunaWilayah) + ")"
		}
		d.Para(fmt.Sprintf("%d. %s", i+1, name), "L")
		tujuan := r.Tujuan
		if r.JenisData == request.BNBA {
			tujuan += " Tujuan sah BNBA: " + request.Label(request.TujuanBNBAOptions, r.TujuanBNBA) + "."
		}
		fields := []pdfdoc.Field{
			{Label: "a) Tujuan Pemanfaatan", Value: tujuan},
			{Label: "b) Jenis Data Regsosek", Value: request.Label(request.JenisDataOptions, r.JenisData)},
			{Label: "c) Media Akses", Value: request.Label(request.MediaOptions, r.Media)},
		}
		if periode := r.PeriodeText(); periode != "" {
			// Jangka waktu (pedoman bab III, step 3 of identifying needs).
			fields = append(fields, pdfdoc.Field{Label: "Jangka Waktu", Value: periode})
		}
		if r.Media == request.Sepakat {
			fields = append(fields, pdfdoc.Field{Label: "d) Operator", Value: fmt.Sprintf("%s, %s, NIP/NIK %s, %s, %s",
				r.OperatorNama, r.OperatorJabatan, r.OperatorNIP, r.OperatorEmail, r.OperatorPhone)})
		}
		d.Fields(fields)
	}
	if p.Kategori != string(account.KategoriPusat) {
		d.Heading("IV. Kelembagaan Forum Satu Data di Tingkat Daerah")
		d.Small("Jelaskan ketersediaan Forum Satu Data tingkat daerah, dasar hukum penetapannya, serta struktur dan kontak pejabat penanggung jawab (wajib untuk permohonan Sepakat oleh Pemerintah Daerah).")
		d.Gap(10)
	}
	d.Heading("V. Rencana Dukungan Pemutakhiran")
	d.Small("Identifikasi potensi dan rencana aksi untuk mendukung pemutakhiran data Regsosek: dasar hukum, kelembagaan, SDM, anggaran, dan sebagainya.")
	return d.Bytes()
}
