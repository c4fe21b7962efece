package surat

import (
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/layanan"
	"github.com/bappenas/portal-regsosek/internal/pdfdoc"
)

// Sertifikat is what a certificate of a Pelatihan Pemanfaatan Data Regsosek is filled with.
type Sertifikat struct {
	Peserta  layanan.Peserta
	Bimtek   layanan.Bimtek
	Diterbit time.Time // when the participant was judged to pass
}

// SertifikatBimtek renders the prefilled certificate of a participant who passed a Pelatihan (issue 13 item
// 7): name, NIP/NIK, unit, the training (version, JP, days, class), its dates, the certificate number, and
// the signature block of the Direktur PKPM, left for the wet or electronic signature.
func SertifikatBimtek(c Sertifikat) ([]byte, error) {
	p, b := c.Peserta, c.Bimtek
	doc := pdfdoc.New("Sertifikat Pelatihan Pemanfaatan Data Regsosek", "Sertifikat "+p.Nomor+" — Kementerian PPN/Bappenas", c.Diterbit)
	doc.Para("KEMENTERIAN PERENCANAAN PEMBANGUNAN NASIONAL/\nBADAN PERENCANAAN PEMBANGUNAN NASIONAL", "C")
	doc.Title("SERTIFIKAT")
	doc.Para("Nomor: "+p.Nomor, "C")
	doc.Para("diberikan kepada", "C")
	doc.Title(p.Nama)
	doc.Fields([]pdfdoc.Field{{Label: "NIP/NIK", Value: nipText(p.NIP)}, {Label: "Instansi/Unit Kerja", Value: p.Unit}, {Label: "Pemohon", Value: b.InstansiNama}})
	jadwal := ""
	if b.Jadwal != nil {
		jadwal = indo.DateRange(b.Jadwal.Mulai, b.Jadwal.Selesai)
	}
	doc.Para("telah mengikuti dan dinyatakan LULUS Pelatihan Pemanfaatan Data Registrasi Sosial Ekonomi (Regsosek) yang diselenggarakan melalui "+
		"Fasilitasi Bimbingan Teknis Kementerian PPN/Bappenas:", "J")
	doc.Fields([]pdfdoc.Field{{Label: "Pelatihan", Value: b.Data.Versi.Description()}, {Label: "Kelas", Value: layanan.ClassLabel(p.Kelas)},
		{Label: "Waktu pelaksanaan", Value: jadwal}, {Label: "Nomor referensi", Value: b.Reference}})
	doc.Signature("Jakarta, "+indo.Date(c.Diterbit), "Direktur Penanggulangan Kemiskinan dan Pemberdayaan Masyarakat", "", "(tanda tangan)", "", "")
	doc.Small("Keaslian sertifikat dapat dikonfirmasi kepada Pengelola Data Regsosek dengan menyebutkan nomor sertifikat.")
	return doc.Bytes()
}
