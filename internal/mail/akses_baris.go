package mail

import (
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// The emails of access over time (issue 13): one row revoked, extended, warned or ended on its own; the
// Berita Acara Pemusnahan Data they ask for; a replaced operator's account closed.

// pemusnahanBlocks ask for the Berita Acara Pemusnahan Data by tenggat, when one is asked for.
func (l Letters) pemusnahanBlocks(p request.Ref, tenggat *time.Time) []block {
	if tenggat == nil {
		return nil
	}
	return []block{
		para("Sesuai Perjanjian Kerahasiaan (NDA) dan PKS, seluruh data Regsosek yang diperoleh melalui akun Sepakat tersebut wajib dimusnahkan. Unggah Berita Acara Pemusnahan Data yang ditandatangani pada akun layanan paling lambat tanggal berikut."),
		{Kind: fact, Label: "Batas unggah Berita Acara Pemusnahan Data", Value: indo.Date(*tenggat)},
		{Kind: button, Label: "Unggah Berita Acara", Value: l.permohonan(p) + "#pemusnahan"},
	}
}

// names lists the pengguna of rows in one line: "Dinas Sosial, Dinas Pendidikan".
func names(list []string) string {
	out := make([]string, len(list))
	for i, n := range list {
		out[i] = oneLine(n)
	}
	return strings.Join(out, ", ")
}

// BarisDicabut tells the registrator one row's access was revoked, with the reason; the other rows go on.
func (l Letters) BarisDicabut(to Recipient, p request.Ref, pengguna, reason string, tenggat *time.Time) Message {
	bl := []block{
		para("Hak akses Data Regsosek untuk " + oneLine(pengguna) + " dicabut oleh Pengelola Data Regsosek, berlaku sejak saat ini, dan akun Sepakat-nya ditutup. Hak akses pengguna lain pada permohonan ini tidak berubah."),
		{Kind: quote, Value: reason},
	}
	bl = append(bl, l.pemusnahanBlocks(p, tenggat)...)
	return l.akses(to, "Hak Akses Sepakat Dicabut: "+oneLine(pengguna), p, append(bl, block{Kind: button, Label: "Lihat Permohonan", Value: l.permohonan(p)})...)
}

// AkunSepakatDitutup tells an operator their Sepakat account no longer works (how: "dicabut oleh …",
// "diganti oleh operator baru").
func (l Letters) AkunSepakatDitutup(to Recipient, p request.Ref, pengguna, how string) Message {
	return to.letter("Akun Sepakat untuk "+oneLine(pengguna)+" Tidak Berlaku Lagi",
		para("Akun Sepakat yang Anda kelola untuk "+oneLine(pengguna)+" ("+oneLine(p.InstansiNama)+") tidak berlaku lagi: "+how+". Nama pengguna dan kata sandinya tidak dapat digunakan lagi, dan tautan yang belum dibuka tidak berlaku."),
		para("Data Regsosek yang Anda peroleh melalui akun tersebut tetap terikat Perjanjian Kerahasiaan (NDA). Pertanyaan dapat disampaikan kepada registrator instansi Anda."))
}

// BarisDiperpanjang tells the registrator one row's access was extended.
func (l Letters) BarisDiperpanjang(to Recipient, p request.Ref, pengguna string, sampai time.Time) Message {
	return l.akses(to, "Hak Akses Sepakat Diperpanjang: "+oneLine(pengguna), p,
		para("Hak akses Data Regsosek untuk "+oneLine(pengguna)+" diperpanjang. Akun Sepakat tetap menggunakan nama pengguna dan kata sandi yang sama."),
		block{Kind: fact, Label: "Berlaku sampai", Value: indo.Date(sampai)},
		block{Kind: button, Label: "Lihat Permohonan", Value: l.permohonan(p)})
}

// BarisAkanBerakhir warns 30 days before rows end earlier than the rest of the permohonan.
func (l Letters) BarisAkanBerakhir(to Recipient, p request.Ref, pengguna []string, sampai time.Time) Message {
	return l.akses(to, "Hak Akses Sepakat Akan Berakhir: "+names(pengguna), p,
		para("Hak akses Data Regsosek untuk pengguna berikut akan berakhir dalam 30 hari: "+names(pengguna)+". Hak akses pengguna lain pada permohonan ini tidak berubah."),
		block{Kind: fact, Label: "Berlaku sampai", Value: indo.Date(sampai)},
		para("Jika masih diperlukan, ajukan Perpanjangan dari halaman permohonan sebelum tanggal tersebut."),
		block{Kind: button, Label: "Lihat Permohonan", Value: l.permohonan(p)})
}

// BarisBerakhir says rows ended earlier than the rest of the permohonan.
func (l Letters) BarisBerakhir(to Recipient, p request.Ref, pengguna []string, enamBulan bool, tenggat *time.Time) Message {
	why := "Jangka waktu hak akses Data Regsosek untuk pengguna berikut telah berakhir dan akun Sepakat-nya ditutup: " + names(pengguna) + "."
	if enamBulan {
		why = "Hak akses Data Regsosek untuk pengguna berikut telah mencapai batas 6 bulan tanpa SK Penetapan Forum Satu Data Daerah dan ditutup hingga persyaratan dipenuhi (\u00a73.2.5): " + names(pengguna) + "."
	}
	bl := append([]block{para(why), para("Hak akses pengguna lain pada permohonan ini tetap berlaku.")}, l.pemusnahanBlocks(p, tenggat)...)
	return l.akses(to, "Hak Akses Sepakat Berakhir: "+names(pengguna), p, append(bl, block{Kind: button, Label: "Lihat Permohonan", Value: l.permohonan(p)})...)
}

// PemusnahanItem is one Berita Acara still waiting, as a reminder lists it.
type PemusnahanItem struct {
	Pengguna string
	Tenggat  time.Time
}

// PemusnahanPengingat reminds the registrator of Berita Acara Pemusnahan Data not uploaded yet; overdue
// when the deadline has passed.
func (l Letters) PemusnahanPengingat(to Recipient, p request.Ref, items []PemusnahanItem, overdue bool) Message {
	subject, lead := "Pengingat: Berita Acara Pemusnahan Data", "Berita Acara Pemusnahan Data untuk hak akses yang telah berakhir belum kami terima. Mohon unggah sebelum batas waktunya."
	if overdue {
		subject, lead = "Berita Acara Pemusnahan Data Terlambat", "Batas waktu unggah Berita Acara Pemusnahan Data telah lewat. Pemusnahan data yang diperoleh merupakan kewajiban dalam Perjanjian Kerahasiaan (NDA) dan PKS; mohon segera unggah Berita Acara yang ditandatangani."
	}
	bl := []block{para(lead)}
	for _, it := range items {
		bl = append(bl, block{Kind: fact, Label: oneLine(it.Pengguna), Value: "batas " + indo.Date(it.Tenggat)})
	}
	return l.akses(to, subject, p, append(bl, block{Kind: button, Label: "Unggah Berita Acara", Value: l.permohonan(p) + "#pemusnahan"})...)
}

// PemusnahanDiterima confirms a Berita Acara Pemusnahan Data was received.
func (l Letters) PemusnahanDiterima(to Recipient, p request.Ref, pengguna []string) Message {
	return l.akses(to, "Berita Acara Pemusnahan Data Diterima", p,
		para("Berita Acara Pemusnahan Data untuk pengguna berikut telah kami terima: "+names(pengguna)+". Terima kasih."),
		block{Kind: button, Label: "Lihat Permohonan", Value: l.permohonan(p)})
}
