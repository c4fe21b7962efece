package surat

import (
	"strconv"
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/pdfdoc"
)

// Bimtek is what the prefilled templates of lampiran 7 and 8 of a Fasilitasi Bimbingan Teknis are filled
// with: the request and the pemohon it belongs to.
type Bimtek struct {
	Instansi string // e.g. "Pemerintah Kota Bandung"
	Kategori string // account kategori: pusat, provinsi or kabupaten_kota
	Data     layanan.BimtekData
	Today    time.Time // the year on the KAK's cover when no date is proposed yet
}

// signer is who signs the Surat Permohonan for the pemohon's level (§4.2 1d).
func signer(kategori string) string {
	switch kategori {
	case "pusat":
		return "Sekretaris Menteri/Sekretaris Utama"
	case "provinsi":
		return "Kepala Bappeda Provinsi"
	case "kabupaten_kota":
		return "Kepala Bappeda Kabupaten/Kota"
	}
	return "Jabatan penanda tangan"
}

func orBlank(s string) string {
	if s == "" {
		return "...................................."
	}
	return s
}

// SuratBimtek renders lampiran 7, the Surat Permohonan Fasilitasi Bimbingan Teknis, filled with the
// request: the kinds of facilitation, the training asked for, the narahubung, and the signer for the
// pemohon's level (§4.2 1d). What only the pemohon can write (number, date, signature) is left as the
// pedoman's placeholders.
func SuratBimtek(d Bimtek) ([]byte, error) {
	b := d.Data
	doc := pdfdoc.New("Surat Permohonan Fasilitasi Bimbingan Teknis",
		"Templat Lampiran 7 — Surat Permohonan Fasilitasi Bimbingan Teknis", d.Today)
	doc.Para("LOGO INSTANSI/LEMBAGA/PEMERINTAH DAERAH\n"+orBlank(d.Instansi), "C")
	doc.Fields([]pdfdoc.Field{{Label: "Nomor"}, {Label: "Hal", Value: "Permohonan Fasilitasi Bimbingan Teknis Pemanfaatan Data Regsosek"}})
	doc.Para("(Tempat), dd-mm-yyyy", "R")
	doc.Para("Yth.\nDeputi Bidang Kependudukan dan Ketenagakerjaan Kementerian PPN/Bappenas\n"+
		"c.q. Direktur Penanggulangan Kemiskinan dan Pemberdayaan Masyarakat\ndi Jakarta", "L")
	jenis := "konsultasi dan/atau pelatihan"
	if j := b.Jenis(); j != "" {
		jenis = lower(j)
	}
	doc.Para("Dalam rangka mendorong optimalisasi pemanfaatan Data Registrasi Sosial Ekonomi (Regsosek), bersama ini saya bermaksud "+
		"untuk mengajukan permohonan fasilitas bimbingan teknis pemanfaatan Data Regsosek. Adapun bentuk fasilitas yang kami harapkan adalah "+
		jenis+".", "J")
	var rincian []pdfdoc.Field
	if b.Pelatihan {
		rincian = append(rincian, pdfdoc.Field{Label: "Pelatihan", Value: b.Versi.Description()},
			pdfdoc.Field{Label: "Kelas", Value: layanan.ClassesText(b.PesertaPK, b.PesertaDK)})
	}
	if b.Konsultasi {
		rincian = append(rincian, pdfdoc.Field{Label: "Topik konsultasi", Value: b.TopikKonsultasi})
	}
	if b.Mode != "" {
		rincian = append(rincian, pdfdoc.Field{Label: "Mode pelaksanaan", Value: b.Mode.Label()})
	}
	if !b.UsulanMulai.IsZero() {
		rincian = append(rincian, pdfdoc.Field{Label: "Usulan waktu", Value: indo.DateRange(b.UsulanMulai, b.UsulanSelesai)})
	}
	if len(rincian) > 0 {
		doc.Para("Rincian fasilitas yang kami ajukan:", "L")
		doc.Fields(rincian)
	}
	doc.Para("Untuk mendukung koordinasi pelaksanaan fasilitas bimbingan teknis pemanfaatan Data Regsosek, kami menugaskan pejabat "+
		"berikut sebagai narahubung utama:", "J")
	n := b.Narahubung
	doc.Fields([]pdfdoc.Field{{Label: "Nama", Value: n.Nama}, {Label: "Jabatan", Value: n.Jabatan}, {Label: "NIP", Value: nipText(n.NIP)},
		{Label: "Email", Value: n.Email}, {Label: "Nomor Hp", Value: n.Phone}})
	doc.Para("Demikian permohonan ini kami sampaikan. Atas perhatian dan kerjasama Bapak, kami ucapkan terima kasih.", "J")
	doc.Signature("(Tempat dan tanggal)", signer(d.Kategori), "", "(ttd dan stempel)", "", "(Nama dan NIP)")
	doc.Heading("Tembusan:")
	doc.Para("1. Sekretaris Menteri PPN/Sekretaris Utama Bappenas;\n2. Direktur Penanggulangan Kemiskinan dan Pemberdayaan Masyarakat;\n"+
		"3. Kepala Pusat Data dan Informasi Perencanaan Pembangunan.", "L")
	return doc.Bytes()
}

// nipText writes an 18-digit NIP with the spaces letters use: "19670627 199803 1 004".
func nipText(nip string) string {
	if len(nip) != 18 {
		return nip
	}
	return nip[0:8] + " " + nip[8:14] + " " + nip[14:15] + " " + nip[15:18]
}

func lower(s string) string {
	r := []rune(s)
	for i, c := range r {
		if c >= 'A' && c <= 'Z' {
			r[i] = c + 'a' - 'A'
		}
	}
	return string(r)
}

func yaTidak(b bool) string {
	if b {
		return "YA"
	}
	return "TIDAK"
}

func numberedList(items []string) string {
	var out []string
	for i, it := range items {
		out = append(out, strconv.Itoa(i+1)+". "+it)
	}
	return strings.Join(out, "\n")
}

// KAKPelatihan renders lampiran 8, the Kerangka Acuan Kegiatan Pelatihan Pemanfaatan Data Regsosek, with
// the pedoman's text, the instansi, the mechanism, the curriculum options marked YA/TIDAK, the curriculum
// table of the chosen version, the classes needed at 30 participants per class, and the RAB components
// for the pemohon to complete.
func KAKPelatihan(d Bimtek) ([]byte, error) {
	b := d.Data
	instansi := orBlank(d.Instansi)
	year := d.Today.Year()
	if !b.UsulanMulai.IsZero() {
		year = b.UsulanMulai.Year()
	}
	doc := pdfdoc.New("KAK Pelatihan Pemanfaatan Data Regsosek",
		"Templat Lampiran 8 — Kerangka Acuan Kegiatan Pelatihan Pemanfaatan Data Regsosek", d.Today)
	doc.Title("KERANGKA ACUAN KEGIATAN (KAK)\nPELATIHAN PEMANFAATAN DATA REGSOSEK\nDI " + upper(instansi))
	doc.Para("Logo Instansi/Lembaga/Pemda\n"+upper(instansi)+"\nTAHUN "+strconv.Itoa(year), "C")

	doc.Heading("I. Latar Belakang")
	for _, p := range latarBelakang {
		doc.Para(p, "J")
	}
	jenis := "konsultasi dan/atau pelatihan"
	if j := b.Jenis(); j != "" {
		jenis = lower(j)
	}
	doc.Para("Sebagai upaya meningkatkan kapasitas pemerintah "+instansi+" dan memenuhi persyaratan untuk mendapatkan hak akses data "+
		"Regsosek, maka kami bermaksud mengajukan permohonan fasilitasi bimbingan teknis dalam bentuk kegiatan "+jenis+
		" kepada Sekretariat Pengelola Data Regsosek.", "J")

	doc.Heading("II. Tujuan")
	doc.Para("Tujuan dari kegiatan ini adalah antara lain:\n"+numberedList(tujuan), "L")
	doc.Heading("III. Keluaran")
	doc.Para("Keluaran kegiatan Pelatihan Pemanfaatan Data Regsosek antara lain:\n"+numberedList(keluaran), "L")

	doc.Heading("IV. Mekanisme Pelatihan")
	mek := "Pelatihan dilaksanakan secara " + orBlank(lower(string(b.Mode)))
	if !b.UsulanMulai.IsZero() {
		mek += " dengan usulan waktu " + indo.DateRange(b.UsulanMulai, b.UsulanSelesai)
	}
	doc.Para(mek+".", "J")
	doc.Small("Pemohon menjelaskan mekanisme pelatihan yang dipilih, antara lain tempat, sarana, dan pembagian sesi.")

	doc.Heading("V. Kurikulum Pelatihan")
	doc.Para("Kurikulum pelatihan pemanfaatan data Regsosek yang akan dipilih yaitu:", "L")
	pk, dk := b.PesertaPK > 0, b.PesertaDK > 0
	doc.Table([]string{"No", "Opsi Kurikulum", "Jumlah Pelatihan/Hari", "Peserta Pelatihan berdasarkan Tingkat Pemerintahan", "Pilihan (YA/TIDAK)"},
		[]float64{0.07, 0.2, 0.25, 0.3, 0.18}, [][]string{
			{"1", "Kurikulum Ringkas", "18 Jam Pelajaran (2 hari pelatihan)", layanan.KelasPK.Label(), yaTidak(b.Versi == layanan.VersiRingkas && pk)},
			{"", "", "", layanan.KelasDK.Label(), yaTidak(b.Versi == layanan.VersiRingkas && dk)},
			{"2", "Kurikulum Lengkap", "40 Jam Pelajaran (5 hari pelatihan)", layanan.KelasPK.Label(), yaTidak(b.Versi == layanan.VersiLengkap && pk)},
			{"", "", "", layanan.KelasDK.Label(), yaTidak(b.Versi == layanan.VersiLengkap && dk)},
		})
	if b.Versi != "" {
		doc.Para("Kurikulum "+strings.TrimPrefix(b.Versi.Label(), "Versi ")+" Materi Pelatihan Pemanfaatan Data Regsosek", "L")
		var rows [][]string
		totalDK, totalPK := 0, 0
		for _, m := range layanan.Kurikulum(b.Versi) {
			rows = append(rows, []string{strconv.Itoa(m.Lesson), m.Nama, jpText(m.JPDK), jpText(m.JPPK)})
			totalDK += m.JPDK
			totalPK += m.JPPK
		}
		rows = append(rows, []string{"", "TOTAL", strconv.Itoa(totalDK), strconv.Itoa(totalPK)})
		doc.Table([]string{"No", "Materi (" + strconv.Itoa(b.Versi.Hari()) + " Hari)", "Jam Pelajaran DK", "Jam Pelajaran PK"},
			[]float64{0.08, 0.56, 0.18, 0.18}, rows)
	}

	doc.Heading("VI. Komposisi Peserta dan Kelas")
	doc.Para("Komposisi peserta di dalam kelas dapat menyesuaikan jumlah instansi/lembaga/daerah yang mengikuti pelatihan. Hal yang "+
		"menjadi pertimbangan adalah pembatasan jumlah peserta dalam satu kelas (maksimal 30 peserta/kelas) sehingga dapat menjaga "+
		"efektivitas pelatihan. Kelas pelatihan terbagi ke dalam materi kewenangan provinsi/kabupaten/kota dan desa/kelurahan.", "J")
	doc.Table([]string{"Kelas", "Jumlah Peserta", "Jumlah Kelas (maks. 30 peserta/kelas)"}, []float64{0.5, 0.25, 0.25}, [][]string{
		{layanan.KelasPK.Label(), indo.Int(int64(b.PesertaPK)), indo.Int(int64(layanan.ClassesNeeded(b.PesertaPK)))},
		{layanan.KelasDK.Label(), indo.Int(int64(b.PesertaDK)), indo.Int(int64(layanan.ClassesNeeded(b.PesertaDK)))},
		{"Total", indo.Int(int64(b.PesertaPK + b.PesertaDK)), indo.Int(int64(layanan.ClassesNeeded(b.PesertaPK) + layanan.ClassesNeeded(b.PesertaDK)))},
	})
	doc.Para("Rincian peserta per instansi (perlu disesuaikan dengan kebutuhan dan kemampuan pemohon):", "L")
	rincian := make([][]string, 0, 7)
	for range 6 {
		rincian = append(rincian, []string{"", "", ""})
	}
	rincian = append(rincian, []string{"Total Peserta", indo.Int(int64(b.PesertaDK)), indo.Int(int64(b.PesertaPK))})
	doc.Table([]string{"Instansi", "Ruangan Desa/Kelurahan", "Ruangan Kabupaten/Kota"}, []float64{0.5, 0.25, 0.25}, rincian)

	doc.Heading("VII. Rencana Anggaran Biaya (RAB)")
	doc.Para("Pembiayaan pelaksanaan fasilitasi bimbingan teknis ditanggung oleh pihak pemohon (§4.1). Pemohon menyertakan tabel "+
		"Rencana Anggaran Biaya dengan komponen pembiayaan sebagai berikut:", "J")
	var rab [][]string
	for i, k := range []string{"Akomodasi", "Honorarium", "Uang harian", "Peralatan pelatihan", "Konsumsi", "Kebutuhan lainnya"} {
		rab = append(rab, []string{strconv.Itoa(i + 1), k, "", "", "", ""})
	}
	rab = append(rab, []string{"", "TOTAL", "", "", "", ""})
	doc.Table([]string{"No", "Komponen", "Volume", "Satuan", "Harga Satuan (Rp)", "Jumlah (Rp)"},
		[]float64{0.07, 0.33, 0.12, 0.12, 0.18, 0.18}, rab)
	return doc.Bytes()
}

func jpText(n int) string {
	if n == 0 {
		return "-"
	}
	return strconv.Itoa(n)
}

func upper(s string) string {
	r := []rune(s)
	for i, c := range r {
		if c >= 'a' && c <= 'z' {
			r[i] = c - 'a' + 'A'
		}
	}
	return string(r)
}

var latarBelakang = []string{
	"Dalam rangka melaksanakan amanat pasal 31 Undang-Undang Nomor 25 tahun 2004 tentang Sistem Perencanaan Pembangunan Nasional " +
		"(UU SPPN) mengamanatkan “perencanaan pembangunan didasarkan pada data dan informasi yang akurat dan dapat " +
		"dipertanggungjawabkan”, maka pemerintah pusat maupun daerah didorong untuk memanfaatkan data Regsosek sebagai sumber data " +
		"tunggal yang mencakup seluruh penduduk, mutakhir, akurat, serta dapat dipertanggungjawabkan.",
	"Pemanfaatan data Regsosek merupakan kegiatan penggunaan data Regsosek sebagai dasar perencanaan dan penganggaran pembangunan " +
		"nasional dan penyelenggaraan program pemerintah pusat, pemerintah daerah provinsi, pemerintah daerah kabupaten/kota, dan " +
		"pemerintah desa/kelurahan sesuai dengan ketentuan peraturan perundang-undangan. Pemanfaatan data Regsosek dalam perencanaan " +
		"dan penganggaran pembangunan nasional dilakukan pada: a) penyusunan kajian; b) perumusan perencanaan dan penganggaran; dan " +
		"c) pemantauan dan evaluasi perencanaan pembangunan. Pemanfaatan data Regsosek dalam penyelenggaraan program dilakukan pada: " +
		"a) perencanaan program; b) penganggaran program; c) penetapan target; d) penyesuaian target untuk integrasi antarprogram; " +
		"e) penyesuaian cakupan dan mekanisme program; f) penyaluran manfaat program; dan g) pemantauan dan evaluasi pelaksanaan program.",
	"Pemanfaatan data Regsosek dioptimalisasi dengan penggunaan Sepakat. Sepakat merupakan aplikasi berbasis website untuk membantu " +
		"proses perencanaan, penganggaran, monitoring dan evaluasi dalam rangka pengurangan kemiskinan secara cepat dan akurat, di " +
		"level provinsi/kabupaten/kota hingga desa/kelurahan dengan menyediakan berbagai analisis, rekomendasi program intervensi dan " +
		"layanan. Secara umum, tujuan SEPAKAT adalah (1) mempertajam rencana pembangunan dan anggaran daerah dalam rangka percepatan " +
		"penanggulangan kemiskinan dan ketimpangan; (2) memanfaatkan data untuk kebutuhan perencanaan, penganggaran pembuatan " +
		"kebijakan pembangunan yang inklusif dan pro-poor; serta (3) otomatisasi proses perencanaan, penganggaran dan monitoring yang " +
		"holistik, integratif, tematik dan spasial.",
	"Penggunaan Sepakat telah diatur dalam Peraturan Presiden Nomor 18 Tahun 2020 tentang Rencana Pembangunan Jangka Menengah " +
		"Nasional 2020-2024. Dengan Sepakat maka proses perumusan kebijakan dilakukan dengan pendekatan berbasis bukti " +
		"(evidence-based approach). Dengan demikian, fakta dan analisis merupakan pondasi dalam penggunaan dan pemanfaatan SEPAKAT " +
		"untuk perumusan berbagai kebijakan di nasional dan daerah.",
}

var tujuan = []string{
	"memanfaatkan teknologi digital melalui Sepakat dalam mendorong peningkatan kapasitas pemerintah dalam pemanfaatan data Regsosek;",
	"meningkatkan kapasitas pemerintah untuk melakukan perencanaan penganggaran pembangunan dan penyelenggaraan program yang berbasis bukti;",
	"meningkatkan kualitas layanan dasar dan pembangunan yang inklusif, adaptif, dan berkelanjutan.",
}

var keluaran = []string{
	"pemanfaatan teknologi digital melalui Sepakat dalam mendorong peningkatan kapasitas pemerintah dalam pemanfaatan data Regsosek;",
	"peningkatan kapasitas pemerintah untuk melakukan perencanaan penganggaran pembangunan dan penyelenggaraan program yang berbasis bukti;",
	"peningkatan kualitas layanan dasar dan pembangunan yang inklusif, adaptif, dan berkelanjutan.",
}
