package request

import (
	"strconv"
	"time"

	"github.com/bappenas/portal-regsosek/internal/dokumen"
)

// Kapasitas (Tabel 3.1, tiers 2–4: "Lulus pelatihan SEPAKAT", "Mampu melakukan pengolahan data"; §3.2.5
// Ketentuan Khusus b): each Sepakat operator shows they passed Sepakat training, and the pemohon states the
// operator can process data (Row.OlahData). The verifikator teknis judges the evidence like a document.

// Kinds of training evidence. Each is a small record, so another kind (a passed participant of a bimtek
// class) can be added without changing these.
const (
	PelatihanSertifikat = "sertifikat" // a certificate of passing Sepakat training, uploaded
	PelatihanBimtek     = "bimtek"     // a completed Fasilitasi Bimbingan Teknis (pelatihan) of the same instansi
)

// Pelatihan is the training evidence on file for a row's operator.
type Pelatihan struct {
	RowID      int64
	Jenis      string
	Document   *dokumen.Document // for a certificate
	Bimtek     *BimtekRef        // for a completed bimtek
	Peserta    *PesertaRef       // for a passed participant of a bimtek class (issue 13, kapasitas_peserta.go)
	RecordedAt time.Time
}

// BimtekRef is a Fasilitasi Bimbingan Teknis as the evidence names it.
type BimtekRef struct {
	ID             int64
	Reference      string
	Versi          string // lengkap or ringkas
	Mulai, Selesai time.Time
}

// Key names the evidence for snapshots and diffs: "sertifikat:12", "bimtek:3".
func (p Pelatihan) Key() string {
	switch {
	case p.Document != nil:
		return p.Jenis + ":" + strconv.FormatInt(p.Document.ID, 10)
	case p.Bimtek != nil:
		return p.Jenis + ":" + strconv.FormatInt(p.Bimtek.ID, 10)
	case p.Peserta != nil:
		return p.Jenis + ":" + strconv.FormatInt(p.Peserta.ID, 10)
	}
	return p.Jenis
}

// NeedsPelatihan reports whether a row's operator must show training evidence: a new row through Sepakat
// (rows carried over by a perubahan were judged already).
func NeedsPelatihan(r Row) bool { return r.IsNew && r.Media == Sepakat }

// MsgPelatihan is the problem of a Sepakat row without training evidence.
const MsgPelatihan = "unggah bukti lulus pelatihan Sepakat operator, atau pilih Bimbingan Teknis yang telah selesai (Tabel 3.1, Kapasitas)."
