package mail

import (
	"strconv"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/percakapan"
	"github.com/bappenas/portal-regsosek/internal/request"
)

// The emails of the conversation between a pemohon and Bappenas, and of the Survei Kepuasan Masyarakat. A
// message's text never travels by email: the email says a message waits and links to where it is read.

func threadPath(jenis percakapan.Jenis, id int64) string {
	return "/percakapan/" + string(jenis) + "/" + strconv.FormatInt(id, 10)
}

// PesanBaruPemohon tells the registrator that Bappenas wrote in the thread of a service.
func (l Letters) PesanBaruPemohon(to Recipient, jenis percakapan.Jenis, p request.Ref) Message {
	return to.letter("Pesan Baru dari Pengelola Data Regsosek",
		block{Kind: fact, Label: jenis.Label(), Value: p.Reference},
		para("Pengelola Data Regsosek mengirim pesan dalam percakapan tentang layanan di atas. Demi pelindungan data, isi pesan hanya dapat dibaca di Portal Regsosek setelah Anda masuk."),
		block{Kind: button, Label: "Baca Pesan", Value: l.BaseURL + "/akun" + threadPath(jenis, p.ID)})
}

// PesanBaruPetugas tells the staff member working a service that the pemohon wrote.
func (l Letters) PesanBaruPetugas(to Recipient, jenis percakapan.Jenis, p request.Ref) Message {
	return to.letter("Pesan Baru dari Pemohon: "+oneLine(p.InstansiNama),
		block{Kind: fact, Label: jenis.Label(), Value: p.Reference},
		para("Pemohon mengirim pesan dalam percakapan tentang layanan yang Anda tangani. Isi pesan dapat dibaca di Portal Regsosek."),
		block{Kind: button, Label: "Baca Pesan", Value: l.BaseURL + "/petugas" + threadPath(jenis, p.ID)})
}

// SurveiUndangan invites who used a service to the Survei Kepuasan Masyarakat (PermenPANRB 14/2017) through a
// single-use link (of token) valid until expires.
func (l Letters) SurveiUndangan(to Recipient, layananLabel, reference, token string, expires time.Time) Message {
	return to.letter("Survei Kepuasan Masyarakat Portal Regsosek",
		block{Kind: fact, Label: layananLabel, Value: reference},
		para("Layanan di atas telah selesai. Kami mohon kesediaan Anda mengisi Survei Kepuasan Masyarakat: sembilan pertanyaan singkat tentang persyaratan, prosedur, waktu, biaya, produk, kompetensi dan perilaku petugas, penanganan pengaduan, serta sarana layanan."),
		para("Jawaban Anda anonim: disimpan tanpa nama, akun, maupun nomor layanan, dan hanya diolah menjadi Indeks Kepuasan Masyarakat yang diterbitkan setiap semester."),
		block{Kind: button, Label: "Isi Survei", Value: l.BaseURL + "/survei/" + token},
		para("Tautan ini berlaku sampai "+indo.Date(expires)+" dan hanya dapat digunakan satu kali."))
}
