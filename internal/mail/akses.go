package mail

import (
	"strconv"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// The emails of Tahap 4–6 (pedoman §3.3.5): PKS/NDA, access given, the credentials link, the warning
// before the end, the end, revocation and extension. Akses implements store.AksesMailer, so the store
// writes each one in the transaction of its change.

// Akses builds the Tahap 4–6 emails with links under BaseURL (the portal's BASE_URL).
type Akses struct{ BaseURL string }

var _ store.AksesMailer = Akses{}

func (a Akses) view(p store.AksesRef) string {
	return a.BaseURL + "/permohonan/" + strconv.FormatInt(p.ID, 10)
}

func out(m Message) store.OutMail {
	return store.OutMail{To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML}
}

func (a Akses) send(to store.Recipient, subject string, p store.AksesRef, blocks ...block) store.OutMail {
	bl := append([]block{{Kind: fact, Label: "Nomor referensi", Value: p.Reference}}, blocks...)
	return out(letter{Subject: subject, Greeting: greeting(to.Nama), Blocks: bl}.message(to.Email))
}

// PKSDiminta opens Tahap 4: the prefilled templates are ready to sign.
func (a Akses) PKSDiminta(to store.Recipient, p store.AksesRef, nda bool) store.OutMail {
	what := "Perjanjian Kerja Sama (PKS)"
	if nda {
		what = "Perjanjian Kerja Sama (PKS) dan Perjanjian Kerahasiaan (NDA)"
	}
	return a.send(to, "Penandatanganan PKS dan NDA", p,
		para("Hak akses Data Regsosek yang disetujui diteruskan ke tahap penandatanganan "+what+" (Tahap 4)."),
		para("Unduh templat yang telah terisi, kaji substansinya, lalu tandatangani secara elektronik (BSrE) dan unggah kembali. Jika belum memiliki tanda tangan elektronik, ajukan permintaan cetak dengan alamat pengiriman untuk tanda tangan basah, lalu unggah pindaiannya."),
		block{Kind: button, Label: "Buka Tahap PKS dan NDA", Value: a.view(p) + "/perjanjian"})
}

// PKSDiterima confirms the signed agreements were received.
func (a Akses) PKSDiterima(to store.Recipient, p store.AksesRef) store.OutMail {
	return a.send(to, "PKS dan NDA Diterima", p,
		para("PKS dan NDA yang Anda tandatangani telah kami terima dan akan ditandatangani oleh Pihak Kesatu. Salinan yang telah ditandatangani kedua pihak dapat diunduh dari akun layanan Anda."),
		block{Kind: button, Label: "Lihat Permohonan", Value: a.view(p)})
}

// PKSDikembalikan returns the agreements with what to fix.
func (a Akses) PKSDikembalikan(to store.Recipient, p store.AksesRef, note string) store.OutMail {
	return a.send(to, "PKS dan NDA Perlu Diperbaiki", p,
		para("PKS dan NDA yang diunggah belum dapat ditandatangani oleh Pihak Kesatu, dengan catatan berikut:"),
		block{Kind: quote, Value: note},
		block{Kind: button, Label: "Unggah Kembali", Value: a.view(p) + "/perjanjian"})
}

// PKSLengkap says the agreements are signed by both parties (DOMAIN.md §5 "PKS/NDA lengkap").
func (a Akses) PKSLengkap(to store.Recipient, p store.AksesRef) store.OutMail {
	return a.send(to, "PKS dan NDA Lengkap", p,
		para("PKS dan NDA telah ditandatangani oleh kedua pihak. Salinannya dapat diunduh dari akun layanan Anda. Pengelola Data Regsosek sedang menyiapkan hak akses (Tahap 5)."),
		block{Kind: button, Label: "Unduh Salinan", Value: a.view(p) + "/perjanjian"})
}

// CetakDiminta confirms the request for printed copies.
func (a Akses) CetakDiminta(to store.Recipient, p store.AksesRef) store.OutMail {
	return a.send(to, "Permintaan Cetak PKS dan NDA Diterima", p,
		para("Permintaan pencetakan PKS dan NDA untuk tanda tangan basah telah kami terima. Pengelola Data Regsosek akan mengirimkan dokumen ke alamat yang Anda berikan."),
		para("Setelah ditandatangani, unggah pindaian PKS dan NDA pada akun layanan dan kirimkan dokumen asli kepada Direktur Penanggulangan Kemiskinan dan Pemberdayaan Masyarakat, Menara Bappenas, Jl. HR. Rasuna Said Kav B-2, Kuningan, Jakarta Selatan 12920."))
}

// CetakDikirim says the printed copies were sent.
func (a Akses) CetakDikirim(to store.Recipient, p store.AksesRef, note string) store.OutMail {
	bl := []block{para("PKS dan NDA cetak telah dikirim ke alamat Anda.")}
	if note != "" {
		bl = append(bl, block{Kind: fact, Label: "Keterangan pengiriman", Value: note})
	}
	bl = append(bl, block{Kind: button, Label: "Unggah Pindaian", Value: a.view(p) + "/perjanjian"})
	return a.send(to, "PKS dan NDA Cetak Dikirim", p, bl...)
}

// AksesTersedia tells the registrator access is given (DOMAIN.md §5 "akses tersedia").
func (a Akses) AksesTersedia(to store.Recipient, p store.AksesRef, sampai time.Time, enamBulan bool) store.OutMail {
	bl := []block{
		para("Hak akses Data Regsosek telah diberikan: instansi Anda kini berstatus Pengguna Data Regsosek."),
		{Kind: fact, Label: "Berlaku sampai", Value: indo.Date(sampai)},
		para("Setiap operator pengelola akun Sepakat menerima email berisi tautan sekali pakai untuk melihat nama pengguna dan kata sandinya. Informasi akun pengguna dan kontak PIC teknis Fasilitas juga dapat Anda lihat pada akun layanan."),
	}
	if enamBulan {
		bl = append(bl, para("Karena belum ada SK Penetapan Forum Satu Data Daerah, hak akses Sepakat berlaku paling lama 6 bulan. Unggah SK tersebut pada akun layanan agar hak akses dapat diperpanjang (\u00a73.2.5)."))
	}
	return a.send(to, "Hak Akses Data Regsosek Tersedia", p, append(bl, block{Kind: button, Label: "Lihat Informasi Akun Pengguna", Value: a.view(p)})...)
}

// Kredensial sends an operator the single-use link to their Sepakat credentials. The email holds the link
// only, never the username or password.
func (a Akses) Kredensial(to store.Recipient, p store.AksesRef, pengguna, token string, expires time.Time) store.OutMail {
	return out(letter{Subject: "Akun Sepakat untuk " + oneLine(pengguna), Greeting: greeting(to.Nama), Blocks: []block{
		para("Anda ditetapkan sebagai Operator Pengelola Akun Sepakat untuk " + oneLine(pengguna) + " (" + oneLine(p.InstansiNama) + "). Nama pengguna dan kata sandi akun Sepakat Anda dapat dilihat melalui tautan berikut."),
		{Kind: button, Label: "Lihat Akun Sepakat", Value: a.BaseURL + "/akses-sepakat/" + token},
		para("Tautan hanya dapat digunakan satu kali dan berlaku sampai " + indo.DateTime(expires) + ". Catat kata sandi saat ditampilkan; jika tautan sudah terpakai atau kedaluwarsa, minta registrator instansi Anda mengirim ulang tautan (kata sandi baru akan dibuat)."),
		para("Jaga kerahasiaan akun Sepakat dari pihak ketiga (\u00a73.2.5). Jangan teruskan email ini."),
	}}.message(to.Email))
}

// AkanBerakhir warns 30 days before the end (DOMAIN.md §5 "akses akan berakhir").
func (a Akses) AkanBerakhir(to store.Recipient, p store.AksesRef, sampai time.Time) store.OutMail {
	return a.send(to, "Hak Akses Data Regsosek Akan Berakhir", p,
		para("Hak akses Data Regsosek instansi Anda akan berakhir dalam 30 hari."),
		block{Kind: fact, Label: "Berlaku sampai", Value: indo.Date(sampai)},
		para("Jika masih diperlukan, ajukan Perpanjangan dari halaman permohonan sebelum tanggal tersebut."),
		block{Kind: button, Label: "Ajukan Perpanjangan", Value: a.view(p) + "/perpanjangan"})
}

// Berakhir says access ended.
func (a Akses) Berakhir(to store.Recipient, p store.AksesRef, enamBulan bool) store.OutMail {
	msg := "Jangka waktu hak akses Data Regsosek instansi Anda telah berakhir dan akun Sepakat telah ditutup. Ajukan permohonan baru bila masih diperlukan."
	if enamBulan {
		msg = "Hak akses Data Regsosek yang diberikan tanpa SK Penetapan Forum Satu Data Daerah telah mencapai batas 6 bulan dan ditutup hingga persyaratan dipenuhi (\u00a73.2.5). Unggah SK tersebut pada akun layanan; Pengelola Data Regsosek akan membuka kembali hak akses."
	}
	return a.send(to, "Hak Akses Data Regsosek Berakhir", p, para(msg), block{Kind: button, Label: "Lihat Permohonan", Value: a.view(p)})
}

// Dicabut says access was revoked, and why.
func (a Akses) Dicabut(to store.Recipient, p store.AksesRef, reason string) store.OutMail {
	return a.send(to, "Hak Akses Data Regsosek Dicabut", p,
		para("Hak akses Data Regsosek instansi Anda dicabut oleh Pengelola Data Regsosek dan seluruh akun Sepakat ditutup, berlaku sejak saat ini, dengan alasan:"),
		block{Kind: quote, Value: reason})
}

// Diperpanjang says access was extended.
func (a Akses) Diperpanjang(to store.Recipient, p store.AksesRef, sampai time.Time) store.OutMail {
	return a.send(to, "Hak Akses Data Regsosek Diperpanjang", p,
		para("Hak akses Data Regsosek instansi Anda diperpanjang. Akun Sepakat tetap menggunakan nama pengguna dan kata sandi yang sama."),
		block{Kind: fact, Label: "Berlaku sampai", Value: indo.Date(sampai)},
		block{Kind: button, Label: "Lihat Permohonan", Value: a.view(p)})
}

// PerpanjanganDiterima confirms a Perpanjangan request.
func (a Akses) PerpanjanganDiterima(to store.Recipient, p store.AksesRef, sampai time.Time) store.OutMail {
	return a.send(to, "Permintaan Perpanjangan Diterima", p,
		para("Permintaan perpanjangan hak akses Data Regsosek telah kami terima dan akan diputuskan oleh Produsen Data Regsosek."),
		block{Kind: fact, Label: "Diminta sampai", Value: indo.Date(sampai)})
}

// PerpanjanganDitolak refuses a Perpanjangan request with the reason.
func (a Akses) PerpanjanganDitolak(to store.Recipient, p store.AksesRef, reason string) store.OutMail {
	return a.send(to, "Permintaan Perpanjangan Ditolak", p,
		para("Permintaan perpanjangan hak akses Data Regsosek tidak dapat disetujui, dengan alasan:"),
		block{Kind: quote, Value: reason})
}
