package mail

import (
	"strconv"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// The emails of Tahap 4–6 (pedoman §3.3.5): PKS/NDA, access given, the credentials link, the warning
// before the end, the end, revocation and extension.

// akses writes a Tahap 4–6 letter about permohonan p, opening with its reference number.
func (Letters) akses(to Recipient, subject string, p request.Ref, blocks ...block) Message {
	return to.letter(subject, append([]block{{Kind: fact, Label: "Nomor referensi", Value: p.Reference}}, blocks...)...)
}

// PKSDiminta opens Tahap 4: the prefilled templates are ready to sign.
func (l Letters) PKSDiminta(to Recipient, p request.Ref, nda bool) Message {
	what := "Perjanjian Kerja Sama (PKS)"
	if nda {
		what = "Perjanjian Kerja Sama (PKS) dan Perjanjian Kerahasiaan (NDA)"
	}
	return l.akses(to, "Pemrosesan PKS dan NDA", p,
		para("Hak akses Data Regsosek yang disetujui diteruskan ke tahap penandatanganan "+what+" (Tahap 4)."),
		para("Unduh templat yang telah terisi, kaji substansinya, lalu tandatangani secara elektronik (BSrE) dan unggah kembali. Jika belum memiliki tanda tangan elektronik, ajukan permintaan cetak dengan alamat pengiriman untuk tanda tangan basah, lalu unggah pindaiannya."),
		block{Kind: button, Label: "Buka Tahap PKS dan NDA", Value: l.permohonan(p) + "/perjanjian"})
}

// PKSDiterima confirms the signed agreements were received.
func (l Letters) PKSDiterima(to Recipient, p request.Ref) Message {
	return l.akses(to, "PKS dan NDA Diterima", p,
		para("PKS dan NDA yang Anda tandatangani telah kami terima dan akan ditandatangani oleh Pihak Kesatu. Salinan yang telah ditandatangani kedua pihak dapat diunduh dari akun layanan Anda."),
		block{Kind: button, Label: "Lihat Permohonan", Value: l.permohonan(p)})
}

// PKSDikembalikan returns the agreements with what to fix.
func (l Letters) PKSDikembalikan(to Recipient, p request.Ref, note string) Message {
	return l.akses(to, "PKS dan NDA Perlu Diperbaiki", p,
		para("PKS dan NDA yang diunggah belum dapat ditandatangani oleh Pihak Kesatu, dengan catatan berikut:"),
		block{Kind: quote, Value: note},
		block{Kind: button, Label: "Unggah Kembali", Value: l.permohonan(p) + "/perjanjian"})
}

// PKSLengkap says the agreements are signed by both parties (DOMAIN.md §5 "PKS/NDA lengkap").
func (l Letters) PKSLengkap(to Recipient, p request.Ref) Message {
	return l.akses(to, "PKS dan NDA Lengkap", p,
		para("PKS dan NDA telah ditandatangani oleh kedua pihak. Salinannya dapat diunduh dari akun layanan Anda. Pengelola Data Regsosek sedang menyiapkan hak akses (Tahap 5)."),
		block{Kind: button, Label: "Unduh Salinan", Value: l.permohonan(p) + "/perjanjian"})
}

// CetakDiminta confirms the request for printed copies.
func (l Letters) CetakDiminta(to Recipient, p request.Ref) Message {
	return l.akses(to, "Permintaan Cetak PKS dan NDA Diterima", p,
		para("Permintaan pencetakan PKS dan NDA untuk tanda tangan basah telah kami terima. Pengelola Data Regsosek akan mengirimkan dokumen ke alamat yang Anda berikan."),
		para("Setelah ditandatangani, unggah pindaian PKS dan NDA pada akun layanan dan kirimkan dokumen asli kepada Direktur Penanggulangan Kemiskinan dan Pemberdayaan Masyarakat, Menara Bappenas, Jl. HR. Rasuna Said Kav B-2, Kuningan, Jakarta Selatan 12920."))
}

// CetakDikirim says the printed copies were sent.
func (l Letters) CetakDikirim(to Recipient, p request.Ref, note string) Message {
	bl := []block{para("PKS dan NDA cetak telah dikirim ke alamat Anda.")}
	if note != "" {
		bl = append(bl, block{Kind: fact, Label: "Keterangan pengiriman", Value: note})
	}
	bl = append(bl, block{Kind: button, Label: "Unggah Pindaian", Value: l.permohonan(p) + "/perjanjian"})
	return l.akses(to, "PKS dan NDA Cetak Dikirim", p, bl...)
}

// AksesTersedia tells the registrator access is given (DOMAIN.md §5 "akses tersedia").
func (l Letters) AksesTersedia(to Recipient, p request.Ref, sampai time.Time, enamBulan bool) Message {
	bl := []block{
		para("Hak akses Data Regsosek telah diberikan: instansi Anda kini berstatus Pengguna Data Regsosek."),
		{Kind: fact, Label: "Berlaku sampai", Value: indo.Date(sampai)},
		para("Setiap operator pengelola akun Sepakat menerima email berisi tautan sekali pakai untuk melihat nama pengguna dan kata sandinya. Informasi akun pengguna dan kontak PIC teknis Fasilitas juga dapat Anda lihat pada akun layanan."),
	}
	if enamBulan {
		bl = append(bl, para("Karena belum ada SK Penetapan Forum Satu Data Daerah, hak akses Sepakat berlaku paling lama 6 bulan. Unggah SK tersebut pada akun layanan agar hak akses dapat diperpanjang (\u00a73.2.5)."))
	}
	return l.akses(to, "Hak Akses Data Regsosek Tersedia", p, append(bl, block{Kind: button, Label: "Lihat Informasi Akun Pengguna", Value: l.permohonan(p)})...)
}

// Kredensial sends an operator the single-use link to their Sepakat credentials. The email holds the link
// only, never the username or password.
func (l Letters) Kredensial(to Recipient, p request.Ref, pengguna, token string, expires time.Time) Message {
	return to.letter("Akun Sepakat untuk "+oneLine(pengguna),
		para("Anda ditetapkan sebagai Operator Pengelola Akun Sepakat untuk "+oneLine(pengguna)+" ("+oneLine(p.InstansiNama)+"). Nama pengguna dan kata sandi akun Sepakat Anda dapat dilihat melalui tautan berikut."),
		block{Kind: button, Label: "Lihat Akun Sepakat", Value: l.BaseURL + "/akses-sepakat/" + token},
		para("Tautan hanya dapat digunakan satu kali dan berlaku sampai "+indo.DateTime(expires)+". Catat kata sandi saat ditampilkan; jika tautan sudah terpakai atau kedaluwarsa, minta registrator instansi Anda mengirim ulang tautan (kata sandi baru akan dibuat)."),
		para("Jaga kerahasiaan akun Sepakat dari pihak ketiga (\u00a73.2.5). Jangan teruskan email ini."))
}

// AkanBerakhir warns 30 days before the end (DOMAIN.md §5 "akses akan berakhir").
func (l Letters) AkanBerakhir(to Recipient, p request.Ref, sampai time.Time) Message {
	return l.akses(to, "Hak Akses Data Regsosek Akan Berakhir", p,
		para("Hak akses Data Regsosek instansi Anda akan berakhir dalam 30 hari."),
		block{Kind: fact, Label: "Berlaku sampai", Value: indo.Date(sampai)},
		para("Jika masih diperlukan, ajukan Perpanjangan dari halaman permohonan sebelum tanggal tersebut."),
		block{Kind: button, Label: "Ajukan Perpanjangan", Value: l.permohonan(p) + "/perpanjangan"})
}

// Berakhir says access ended, asking for the Berita Acara Pemusnahan Data by tenggat when one is due.
func (l Letters) Berakhir(to Recipient, p request.Ref, enamBulan bool, tenggat *time.Time) Message {
	msg := "Jangka waktu hak akses Data Regsosek instansi Anda telah berakhir dan akun Sepakat telah ditutup. Ajukan permohonan baru bila masih diperlukan."
	if enamBulan {
		msg = "Hak akses Data Regsosek yang diberikan tanpa SK Penetapan Forum Satu Data Daerah telah mencapai batas 6 bulan dan ditutup hingga persyaratan dipenuhi (\u00a73.2.5). Unggah SK tersebut pada akun layanan; Pengelola Data Regsosek akan membuka kembali hak akses."
	}
	bl := append([]block{para(msg)}, l.pemusnahanBlocks(p, tenggat)...)
	return l.akses(to, "Hak Akses Data Regsosek Berakhir", p, append(bl, block{Kind: button, Label: "Lihat Permohonan", Value: l.permohonan(p)})...)
}

// Dicabut says access was revoked, and why, asking for the Berita Acara Pemusnahan Data by tenggat when one
// is due.
func (l Letters) Dicabut(to Recipient, p request.Ref, reason string, tenggat *time.Time) Message {
	return l.akses(to, "Hak Akses Data Regsosek Dicabut", p, append([]block{
		para("Hak akses Data Regsosek instansi Anda dicabut oleh Pengelola Data Regsosek dan seluruh akun Sepakat ditutup, berlaku sejak saat ini, dengan alasan:"),
		{Kind: quote, Value: reason}}, l.pemusnahanBlocks(p, tenggat)...)...)
}

// Diperpanjang says access was extended.
func (l Letters) Diperpanjang(to Recipient, p request.Ref, sampai time.Time) Message {
	return l.akses(to, "Hak Akses Data Regsosek Diperpanjang", p,
		para("Hak akses Data Regsosek instansi Anda diperpanjang. Akun Sepakat tetap menggunakan nama pengguna dan kata sandi yang sama."),
		block{Kind: fact, Label: "Berlaku sampai", Value: indo.Date(sampai)},
		block{Kind: button, Label: "Lihat Permohonan", Value: l.permohonan(p)})
}

// PerpanjanganDiterima confirms a Perpanjangan request.
func (l Letters) PerpanjanganDiterima(to Recipient, p request.Ref, sampai time.Time) Message {
	return l.akses(to, "Permintaan Perpanjangan Diterima", p,
		para("Permintaan perpanjangan hak akses Data Regsosek telah kami terima dan akan diputuskan oleh Produsen Data Regsosek."),
		block{Kind: fact, Label: "Diminta sampai", Value: indo.Date(sampai)})
}

// PerpanjanganDitolak refuses a Perpanjangan request with the reason.
func (l Letters) PerpanjanganDitolak(to Recipient, p request.Ref, reason string) Message {
	return l.akses(to, "Permintaan Perpanjangan Ditolak", p,
		para("Permintaan perpanjangan hak akses Data Regsosek tidak dapat disetujui, dengan alasan:"),
		block{Kind: quote, Value: reason})
}

// SuratPersetujuan carries the Surat Persetujuan Pemberian Hak Akses Data Regsosek (SE angka 11) once access
// is given, to the registrator (who downloads the PDF from the permohonan) and to the narahubung: the letter's
// addressee and every approved row are in the email itself.
func (l Letters) SuratPersetujuan(to Recipient, ps request.Persetujuan, registrator bool) Message {
	blocks := []block{
		para("Menteri Perencanaan Pembangunan Nasional/Kepala Bappenas menyampaikan persetujuan pemberian hak akses Data Regsosek kepada " +
			oneLine(ps.Pimpinan) + " (" + oneLine(ps.Ref.InstansiNama) + "), dengan rincian berikut:"),
	}
	for i, r := range ps.Rows {
		blocks = append(blocks, block{Kind: fact, Label: strconv.Itoa(i+1) + ". " + oneLine(r.Pengguna),
			Value: r.JenisData + ", " + r.Media + ", wilayah " + r.Wilayah + ", berlaku sampai " + indo.Date(r.Sampai)})
	}
	if ps.EnamBulan {
		blocks = append(blocks, para("Karena belum ada SK Penetapan Forum Satu Data Daerah, hak akses Sepakat berlaku paling lama 6 bulan dan dapat diperpanjang setelah SK diunggah (§3.2.5)."))
	}
	if registrator {
		blocks = append(blocks, block{Kind: button, Label: "Unduh Surat Persetujuan (PDF)", Value: l.permohonan(ps.Ref) + "/surat-persetujuan.pdf"},
			para("Surat dalam bentuk PDF dapat diunduh setelah masuk ke akun layanan. Sampaikan kepada pimpinan dan narahubung instansi Anda."))
	} else {
		blocks = append(blocks, para("Surat dalam bentuk PDF tersedia pada akun layanan instansi Anda dan dapat diunduh oleh registrator."))
	}
	return l.akses(to, "Surat Persetujuan Pemberian Hak Akses Data Regsosek", ps.Ref, blocks...)
}
