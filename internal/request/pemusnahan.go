package request

import (
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
)

// End of access: when a Sepakat row's access ends — expiry, revocation, or the six-month rule — the pengguna
// confirms the destruction of the data obtained by uploading a Berita Acara Pemusnahan Data within a
// configurable period (BA_PEMUSNAHAN_HARI). Reminders follow; staff list the overdue ones. The pedoman sets
// no Berita Acara and no period: this is the portal's policy, Bappenas' way of holding the pengguna to the
// NDA it signs ("Menghapus Informasi Rahasia yang diunduh setelah jangka waktu hak akses berakhir",
// surat/perjanjian.go) and to UU 27/2022, which asks that personal data not be kept past its purpose.
// Access closed by the six-month rule asks for one too: until the SK is uploaded the data may not be used,
// and a re-opening withdraws the request. A replaced operator's account is not an end: the pengguna still uses the data.
// Fasilitas rows are processed on site at Bappenas and take no data away, so they need none.

// PemusnahanState is where a confirmation is.
type PemusnahanState string

// The states of a confirmation.
const (
	PemusnahanMenunggu   PemusnahanState = "menunggu"
	PemusnahanDiunggah   PemusnahanState = "diunggah"
	PemusnahanDibatalkan PemusnahanState = "dibatalkan" // access re-opened under the six-month rule
)

// AllPemusnahanStates lists every state, for exhaustive tests.
var AllPemusnahanStates = []PemusnahanState{PemusnahanMenunggu, PemusnahanDiunggah, PemusnahanDibatalkan}

// PemusnahanEvent moves a confirmation.
type PemusnahanEvent string

// The events of a confirmation.
const (
	PemusnahanUnggah PemusnahanEvent = "unggah"
	PemusnahanBatal  PemusnahanEvent = "batal"
)

type pemusnahanMove = fsm.Move[PemusnahanState, PemusnahanEvent, account.Role]

// PemusnahanMachine is a confirmation's state machine.
var PemusnahanMachine = fsm.New(
	pemusnahanMove{Event: PemusnahanUnggah, From: []PemusnahanState{PemusnahanMenunggu}, To: PemusnahanDiunggah, Roles: registrator},
	pemusnahanMove{Event: PemusnahanBatal, From: []PemusnahanState{PemusnahanMenunggu}, To: PemusnahanDibatalkan, Roles: sistem},
)

// UnggahPemusnahan is the step on the permohonan's timeline when a Berita Acara is uploaded.
const UnggahPemusnahan Event = "unggah_pemusnahan"

// DefaultPemusnahanDays is the period to confirm destruction when BA_PEMUSNAHAN_HARI is not set.
const DefaultPemusnahanDays = 30

// Pemusnahan is a confirmation as pages show it.
type Pemusnahan struct {
	ID, AkunID, RowID int64
	PermohonanID      int64
	Reference         string // the permohonan's
	InstansiNama      string
	Pengguna          string
	Username          string
	Alasan            string // kedaluwarsa, enam_bulan or dicabut
	BerakhirAt        time.Time
	Tenggat           time.Time
	State             PemusnahanState
	DocumentID        int64
	DocumentName      string
	DiunggahAt        *time.Time
	PengingatKe       int
}

// Terlambat reports whether the confirmation is overdue on today (a date): the period has passed.
func (p Pemusnahan) Terlambat(today time.Time) bool {
	return p.State == PemusnahanMenunggu && today.After(p.Tenggat)
}

// PemusnahanTenggat is the last day to confirm destruction of access ended on ended (a date).
func PemusnahanTenggat(ended time.Time, days int) time.Time {
	if days <= 0 {
		days = DefaultPemusnahanDays
	}
	return ended.AddDate(0, 0, days)
}

// MaxPemusnahanReminders is how many reminders a confirmation gets; after them staff follow it up from
// their list.
const MaxPemusnahanReminders = 5

// NextPemusnahanReminder is when reminder number sent+1 of a confirmation due on tenggat (a date) goes out:
// seven days before the deadline, the day after it (overdue), then every fourteen days; false after
// MaxPemusnahanReminders. A deadline closer than seven days makes the first reminder due at once (at the
// caller's now).
func NextPemusnahanReminder(tenggat time.Time, sent int) (time.Time, bool) {
	switch {
	case sent >= MaxPemusnahanReminders:
		return time.Time{}, false
	case sent == 0:
		return tenggat.AddDate(0, 0, -7), true
	}
	return tenggat.AddDate(0, 0, 1+14*(sent-1)), true
}

// PemusnahanAlasan says why access ended, for the letters and pages.
func PemusnahanAlasan(alasan string) string {
	switch alasan {
	case EndDicabut:
		return "dicabut"
	case EndEnamBulan:
		return "berakhir (batas 6 bulan tanpa SK Forum Satu Data)"
	}
	return "berakhir (jangka waktu habis)"
}
