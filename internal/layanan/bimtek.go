// Package layanan holds the rules of the portal's two other services: Fasilitasi Bimbingan Teknis (pedoman §IV,
// lampiran 7–8) and Pengaduan dan Pelaporan (§VI). Plain functions and types, no I/O.
package layanan

import (
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
)

// Bimtek is a Fasilitasi Bimbingan Teknis request with its account and, once scheduled, its schedule.
type Bimtek struct {
	ID        int64
	Reference string // empty for a draft
	AkunID    int64
	PejabatID int64
	State     BimtekState
	Data      BimtekData

	Kategori, InstansiNama, AkunReference string
	// RegistratorNama and RegistratorEmail are the official holding the account now, who gets the emails.
	RegistratorNama, RegistratorEmail string

	SuratDocumentID, KAKDocumentID int64 // 0 until uploaded
	Jadwal                         *Jadwal
	RejectReason                   string
	HandlerNama                    string
	CreatedAt, UpdatedAt           time.Time
	SubmittedAt, DecidedAt         *time.Time
}

// BimtekSlot names one of the request's two documents.
type BimtekSlot string

// The two documents of a request (§4.2).
const (
	BimtekSurat BimtekSlot = "surat_permohonan"
	BimtekKAK   BimtekSlot = "kak"
)

// RequiredSlots lists the documents a request needs: the Surat Permohonan, and the KAK Pelatihan for a training.
func (d BimtekData) RequiredSlots() []BimtekSlot {
	if d.Pelatihan {
		return []BimtekSlot{BimtekSurat, BimtekKAK}
	}
	return []BimtekSlot{BimtekSurat}
}

// DocumentID is the document uploaded for slot; 0 when there is none.
func (b Bimtek) DocumentID(slot BimtekSlot) int64 {
	switch slot {
	case BimtekSurat:
		return b.SuratDocumentID
	case BimtekKAK:
		return b.KAKDocumentID
	}
	return 0
}

// MissingDocuments lists the required documents not uploaded yet: a request is submitted only when none is.
func (b Bimtek) MissingDocuments() []BimtekSlot {
	var out []BimtekSlot
	for _, s := range b.Data.RequiredSlots() {
		if b.DocumentID(s) == 0 {
			out = append(out, s)
		}
	}
	return out
}

// Narahubung is the official the pemohon names as contact for the bimtek (§4.2 1c).
type Narahubung struct {
	Nama, Jabatan, NIP, Email, Phone string
}

// BimtekData is a valid request's content, normalised: what the registrator asked for.
type BimtekData struct {
	Pelatihan, Konsultasi bool
	Versi                 Versi // empty without Pelatihan
	PesertaPK, PesertaDK  int   // 0 without Pelatihan
	TopikKonsultasi       string
	Mode                  Mode
	UsulanMulai           time.Time
	UsulanSelesai         time.Time
	Catatan               string
	Narahubung            Narahubung
}

// Jenis names the kinds of bimtek asked for, "Pelatihan dan Konsultasi".
func (d BimtekData) Jenis() string { return JenisLabel(d.Pelatihan, d.Konsultasi) }

// JenisLabel names the kinds of bimtek asked for.
func JenisLabel(pelatihan, konsultasi bool) string {
	switch {
	case pelatihan && konsultasi:
		return "Pelatihan dan Konsultasi"
	case pelatihan:
		return "Pelatihan"
	case konsultasi:
		return "Konsultasi"
	}
	return ""
}

// Classes is the number of training classes needed for each kelas.
func (d BimtekData) Classes() (pk, dk int) {
	return ClassesNeeded(d.PesertaPK), ClassesNeeded(d.PesertaDK)
}

// ClassesText says the classes needed, such as "2 kelas PK (45 peserta), 1 kelas DK (20 peserta)".
func ClassesText(pesertaPK, pesertaDK int) string {
	var parts []string
	if pesertaPK > 0 {
		parts = append(parts, indo.Int(int64(ClassesNeeded(pesertaPK)))+" kelas PK ("+indo.Int(int64(pesertaPK))+" peserta)")
	}
	if pesertaDK > 0 {
		parts = append(parts, indo.Int(int64(ClassesNeeded(pesertaDK)))+" kelas DK ("+indo.Int(int64(pesertaDK))+" peserta)")
	}
	return strings.Join(parts, ", ")
}

// Jadwal is a valid schedule.
type Jadwal struct {
	Mulai, Selesai time.Time
	Mode           Mode
	Tempat         string // for luring and hybrid
	Tautan         string // https meeting link, for daring and hybrid
	Catatan        string
}

// BimtekFilter narrows the pengelola layanan's list of requests. Drafts are the registrator's own and never
// listed.
type BimtekFilter struct {
	// Q finds by nomor, instansi (name or akun number) or the narahubung's name.
	Q string
	// States are the states shown (none: every submitted state).
	States             []BimtekState
	Kategori, Provinsi string
	// Mode is luring, daring or hybrid; Jenis is "pelatihan" or "konsultasi".
	Mode, Jenis string
}
