package layanan

import (
	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// BimtekState is where a Fasilitasi Bimbingan Teknis request is: a draft the registrator still works on,
// submitted, scheduled, done or declined.
type BimtekState string

// The request states, as the database stores them.
const (
	BimtekDraf        BimtekState = "draf"
	BimtekDiajukan    BimtekState = "diajukan"
	BimtekDijadwalkan BimtekState = "dijadwalkan"
	BimtekSelesai     BimtekState = "selesai"
	BimtekDitolak     BimtekState = "ditolak"
)

// BimtekStates lists every state, for exhaustive tests.
var BimtekStates = []BimtekState{BimtekDraf, BimtekDiajukan, BimtekDijadwalkan, BimtekSelesai, BimtekDitolak}

// Label is the state's name for people.
func (s BimtekState) Label() string {
	switch s {
	case BimtekDraf:
		return "Draf — belum diajukan"
	case BimtekDiajukan:
		return "Diajukan — menunggu jadwal"
	case BimtekDijadwalkan:
		return "Dijadwalkan"
	case BimtekSelesai:
		return "Selesai"
	case BimtekDitolak:
		return "Ditolak"
	}
	return string(s)
}

// Editable reports whether the registrator may still change the content and the documents: only a draft.
func (s BimtekState) Editable() bool { return s == BimtekDraf }

// BimtekEvent moves a request.
type BimtekEvent string

// The request events, as the audit log names them ("bimtek.<event>").
const (
	EventAjukan    BimtekEvent = "ajukan"
	EventJadwalkan BimtekEvent = "jadwalkan"
	EventSelesai   BimtekEvent = "selesai"
	EventTolak     BimtekEvent = "tolak"
)

var (
	registrator = []account.Role{account.RoleRegistrator}
	pengelola   = []account.Role{account.RolePengelolaLayanan}
)

type bimtekMove = fsm.Move[BimtekState, BimtekEvent, account.Role]

// BimtekMachine is the request's state machine: the registrator submits a draft; the pengelola layanan
// schedules it (and may change the schedule), marks it done once held, or declines it.
var BimtekMachine = fsm.New(
	bimtekMove{Event: EventAjukan, From: []BimtekState{BimtekDraf}, To: BimtekDiajukan, Roles: registrator},
	bimtekMove{Event: EventJadwalkan, From: []BimtekState{BimtekDiajukan, BimtekDijadwalkan}, To: BimtekDijadwalkan, Roles: pengelola},
	bimtekMove{Event: EventSelesai, From: []BimtekState{BimtekDijadwalkan}, To: BimtekSelesai, Roles: pengelola},
	bimtekMove{Event: EventTolak, From: []BimtekState{BimtekDiajukan, BimtekDijadwalkan}, To: BimtekDitolak, Roles: pengelola},
)

// ErrBimtekDocumentsMissing refuses a submission while a required document is missing.
var ErrBimtekDocumentsMissing = validate.Refusal("Unggah Surat Permohonan Fasilitasi Bimbingan Teknis, dan KAK Pelatihan untuk permohonan pelatihan.")

// BimtekRole is the role in which a person acts when firing ev: the first of their roles the move allows,
// or "" when none does.
func BimtekRole(ev BimtekEvent, a account.Actor) account.Role {
	m, _ := BimtekMachine.Move(ev)
	return a.RoleAmong(m.Roles)
}

// CheckBimtek applies the table, then the request's own rule (its documents are uploaded before it is
// submitted): it returns the state ev fired by role leads to, or why not — fsm.ErrForbidden,
// fsm.ErrInvalidTransition or ErrBimtekDocumentsMissing.
func CheckBimtek(b Bimtek, ev BimtekEvent, role account.Role) (BimtekState, error) {
	next, err := BimtekMachine.Next(b.State, ev, role)
	if err != nil {
		return b.State, err
	}
	if ev == EventAjukan && len(b.MissingDocuments()) > 0 {
		return b.State, ErrBimtekDocumentsMissing
	}
	return next, nil
}

// BimtekActions lists the events a person holding roles may fire on b now, the buttons its pages show. The
// documents are not a condition here: the registrator uploads them and submits with one button, and the
// missing ones are named beside their fields.
func BimtekActions(b Bimtek, roles ...account.Role) []BimtekEvent {
	return BimtekMachine.Events(b.State, roles...)
}
