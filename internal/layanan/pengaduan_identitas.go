package layanan

import (
	"slices"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Opening an Anonim reporter's identity takes two people (issue 14 item 6): an admin asks, with a written
// reason; a second admin approves or refuses; only the asker then opens it, once, within BukaBerlaku of the
// approval. Every step is audited. A Rahasia report is not open to admins at all (Viewer.CanView), so its
// reporter is never revealed this way. The rule protects reporters (§VI) from one person's curiosity, and the
// portal records who asked, who agreed and why.

// BukaState is where a request to open an identity is.
type BukaState string

// The states, as pengaduan_buka_identitas stores them.
const (
	BukaDiminta   BukaState = "diminta"   // waiting for a second admin
	BukaDisetujui BukaState = "disetujui" // approved: the asker may open it once
	BukaDitolak   BukaState = "ditolak"
	BukaDibuka    BukaState = "dibuka" // opened: used up
)

// BukaStates lists every state, for exhaustive tests.
var BukaStates = []BukaState{BukaDiminta, BukaDisetujui, BukaDitolak, BukaDibuka}

// Label names the state for staff.
func (s BukaState) Label() string {
	return map[BukaState]string{BukaDiminta: "Menunggu persetujuan admin kedua", BukaDisetujui: "Disetujui — dapat dibuka oleh pengaju",
		BukaDitolak: "Ditolak", BukaDibuka: "Sudah dibuka"}[s]
}

// BukaEvent moves a request.
type BukaEvent string

// The events, as the audit log names them ("pengaduan.identitas_<event>").
const (
	BukaSetujui BukaEvent = "setujui"
	BukaTolak   BukaEvent = "tolak"
	BukaBuka    BukaEvent = "buka"
)

// BukaBerlaku is how long an approval may be used.
const BukaBerlaku = 24 * time.Hour

type bukaMove = fsm.Move[BukaState, BukaEvent, account.Role]

var admins = []account.Role{account.RoleAdmin}

// BukaMachine is the request's table.
var BukaMachine = fsm.New(
	bukaMove{Event: BukaSetujui, From: []BukaState{BukaDiminta}, To: BukaDisetujui, Roles: admins},
	bukaMove{Event: BukaTolak, From: []BukaState{BukaDiminta}, To: BukaDitolak, Roles: admins},
	bukaMove{Event: BukaBuka, From: []BukaState{BukaDisetujui}, To: BukaDibuka, Roles: admins},
)

// Refusals of the guards beside the table.
var (
	ErrBukaSendiri   = validate.Refusal("Permintaan ini Anda ajukan sendiri; persetujuannya harus diberikan oleh admin lain.")
	ErrBukaBukanAnda = validate.Refusal("Identitas hanya dapat dibuka oleh admin yang mengajukan permintaan.")
	ErrBukaLewat     = validate.Refusal("Persetujuan membuka identitas sudah lewat 24 jam. Ajukan permintaan baru.")
)

// BukaRequest is a request to open a report's reporter, as its rules see it.
type BukaRequest struct {
	ID          int64
	PengaduanID int64
	State       BukaState
	DimintaOleh int64 // the admin who asked
	DimintaNama string
	Alasan      string
	DimintaAt   time.Time
	DiputusOleh int64
	DiputusNama string
	DiputusAt   *time.Time
	Catatan     string // why it was refused
}

// bukaGuard is the two-person rule and the approval's lifetime.
func bukaGuard(r BukaRequest, ev BukaEvent, actorID int64, now time.Time) error {
	switch ev {
	case BukaSetujui, BukaTolak:
		if actorID == r.DimintaOleh {
			return ErrBukaSendiri
		}
	case BukaBuka:
		if actorID != r.DimintaOleh {
			return ErrBukaBukanAnda
		}
		if r.DiputusAt != nil && now.Sub(*r.DiputusAt) > BukaBerlaku {
			return ErrBukaLewat
		}
	}
	return nil
}

// CheckBuka applies the table, then the guards: the state ev by an admin (actorID, acting in role) leads to.
func CheckBuka(r BukaRequest, ev BukaEvent, role account.Role, actorID int64, now time.Time) (BukaState, error) {
	next, err := BukaMachine.Next(r.State, ev, role)
	if err != nil {
		return r.State, err
	}
	if err := bukaGuard(r, ev, actorID, now); err != nil {
		return r.State, err
	}
	return next, nil
}

// BukaActions lists the events a staff member may fire on r now: the buttons the page shows.
func BukaActions(r BukaRequest, actorID int64, roles []account.Role, now time.Time) []BukaEvent {
	var out []BukaEvent
	for _, ev := range BukaMachine.Events(r.State, roles...) {
		if bukaGuard(r, ev, actorID, now) == nil {
			out = append(out, ev)
		}
	}
	return out
}

// CanBuka reports whether ev is among BukaActions.
func CanBuka(r BukaRequest, ev BukaEvent, actorID int64, roles []account.Role, now time.Time) bool {
	return slices.Contains(BukaActions(r, actorID, roles, now), ev)
}
