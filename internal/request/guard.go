package request

import (
	"slices"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Why access ended (permohonan.end_reason).
const (
	EndKedaluwarsa = "kedaluwarsa"
	EndEnamBulan   = "enam_bulan"
	EndDicabut     = "dicabut"
)

// Subject is a permohonan as the guards of its moves see it: the state and the few facts beyond it that decide
// whether a move may happen now.
type Subject struct {
	State      State
	AssigneeID int64 // who holds it in a review stage; 0 when nobody does
	TeknisBy   int64 // who did its technical verification; 0 before that
	// SubstansiBy is who did its substantive verification; 0 before that.
	SubstansiBy int64
	EnamBulan   bool // the six-month rule applies (a Pemda without SK Forum Satu Data, §3.2.5 Khusus a)
	EndReason   string
	HasSKForum  bool // the SK Penetapan Forum Satu Data Daerah is on file
	// The rekomendasi of a direktur pengampu (SE angka 10.d; pedoman §III points 3–4): how many were asked
	// for and answered, and whether the pemohon is a K/L, for which one is mandatory.
	Pusat                      bool
	RekomDiminta, RekomDijawab int
	// UsulanOpen: a proposed change of the PKS/NDA text waits for the produsen data (usulan.go).
	UsulanOpen bool
}

// Refusals of the guards, each with the sentence shown to the person acting.
var (
	ErrClaimed = validate.Refusal("Permohonan ini sedang ditangani petugas lain. Minta produsen data atau admin untuk mengalihkannya.")
	// ErrFourEyes is the four-eyes rule (DOMAIN.md §2): whoever did the technical verification does not do
	// the substantive one.
	ErrFourEyes = validate.Refusal("Anda melakukan verifikasi teknis permohonan ini; verifikasi substansi harus dilakukan petugas lain (prinsip empat mata).")
	// ErrVerifierDecides separates the duties of Tahap 3 (issue 14, DOMAIN.md §2): whoever verified a
	// permohonan, technically or substantively, does not also decide it, even holding the produsen data role.
	ErrVerifierDecides = validate.Refusal("Anda memverifikasi permohonan ini; keputusannya harus diambil produsen data lain (pemisahan tugas).")
	ErrSKForumFirst    = validate.Refusal("Hak akses ini dibatasi 6 bulan karena belum ada SK Penetapan Forum Satu Data Daerah. Unggah SK tersebut terlebih dahulu (§3.2.5).")
	// ErrRekomPending and ErrRekomWajib: the produsen data decides with the direktur pengampu's rekomendasi
	// in hand (pedoman §III points 3–4), and for a K/L only on one (SE angka 10.d).
	ErrRekomPending = validate.Refusal("Rekomendasi direktur pengampu yang diminta untuk permohonan ini belum dijawab. Keputusan diambil setelah rekomendasi diterima (pedoman §III angka 3–4).")
	ErrRekomWajib   = validate.Refusal("Hak akses kementerian/lembaga ditetapkan berdasarkan rekomendasi direktur pengampu (SE Menteri PPN Nomor 8 Tahun 2023 angka 10.d). Minta rekomendasi terlebih dahulu.")
)

// reviewEvents are the moves of Tahap 2–3, which only the staff member holding the permohonan may make.
var reviewEvents = []Event{VerifikasiTeknis, KembalikanTeknis, VerifikasiSubstansi, KembalikanSubstansi, Setujui, Tolak, MintaRekomendasi,
	MintaRekomendasiKeputusan}

// VerifiedBy reports whether actorID did the technical or the substantive verification: that person may not
// decide it (ErrVerifierDecides).
func (s Subject) VerifiedBy(actorID int64) bool {
	return actorID != 0 && (s.TeknisBy == actorID || s.SubstansiBy == actorID)
}

// ClosedBySixMonths reports whether access ended under the six-month rule: it is closed until the SK Forum
// Satu Data is uploaded, and may then be re-opened (§3.2.5 Khusus a). Access that expired or was revoked
// never re-opens.
func (s Subject) ClosedBySixMonths() bool { return s.State == Berakhir && s.EndReason == EndEnamBulan }

// AwaitsSKForum reports whether the registrator may upload the SK Forum Satu Data now: access is limited by
// the six-month rule, in force or closed by it.
func (s Subject) AwaitsSKForum() bool {
	return s.EnamBulan && (s.State == AksesDiberikan || s.ClosedBySixMonths())
}

// Check applies the table and then the guards: it returns the state event fired by role (as actorID) leads to,
// or why not — ErrForbidden, ErrInvalidTransition, or one of the refusals above.
func Check(s Subject, ev Event, role account.Role, actorID int64) (State, error) {
	next, err := table(ev).Next(s.State, ev, role)
	if err != nil {
		return s.State, err
	}
	if err := guard(s, ev, actorID); err != nil {
		return s.State, err
	}
	return next, nil
}

func guard(s Subject, ev Event, actorID int64) error {
	if slices.Contains(reviewEvents, ev) && s.AssigneeID != 0 && s.AssigneeID != actorID {
		return ErrClaimed
	}
	switch ev {
	case VerifikasiSubstansi, KembalikanSubstansi, MintaRekomendasi:
		if s.TeknisBy != 0 && s.TeknisBy == actorID {
			return ErrFourEyes
		}
	case Setujui, Tolak:
		// Who may not decide at all is told so first; then whether the rekomendasi is in.
		if s.VerifiedBy(actorID) {
			return ErrVerifierDecides
		}
		if err := s.rekomendasiReady(); err != nil {
			return err
		}
	case Perpanjang:
		if s.State == Berakhir && !s.ClosedBySixMonths() {
			return ErrInvalidTransition
		}
		if s.EnamBulan && !s.HasSKForum {
			return ErrSKForumFirst
		}
	case MintaPerpanjangan, PerpanjangBaris:
		if s.EnamBulan && !s.HasSKForum {
			return ErrSKForumFirst
		}
	case UnggahPKS:
		if s.UsulanOpen {
			return ErrUsulanOpen
		}
	case UnggahSKForum:
		if !s.AwaitsSKForum() {
			return ErrInvalidTransition
		}
	}
	return nil
}

// rekomendasiReady applies the rekomendasi rule to a decision: every rekomendasi asked for is answered, and
// a K/L has at least one. One asked of a direktur who has since left (no longer active) is not waited for
// (the store leaves it out of RekomDiminta): another direktur may be asked.
func (s Subject) rekomendasiReady() error {
	switch {
	case s.RekomDiminta > s.RekomDijawab:
		return ErrRekomPending
	case s.Pusat && s.RekomDijawab == 0:
		return ErrRekomWajib
	}
	return nil
}

// Actions lists the events a person holding roles may fire now, guards included: the buttons a page shows
// are the moves the server accepts.
func Actions(s Subject, actorID int64, roles ...account.Role) []Event {
	var out []Event
	for _, ev := range append(Machine.Events(s.State, roles...), Steps.Events(s.State, roles...)...) {
		if guard(s, ev, actorID) == nil {
			out = append(out, ev)
		}
	}
	return out
}

// Can reports whether ev is among Actions.
func Can(s Subject, ev Event, actorID int64, roles ...account.Role) bool {
	return slices.Contains(Actions(s, actorID, roles...), ev)
}
