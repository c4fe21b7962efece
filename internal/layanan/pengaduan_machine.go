package layanan

import (
	"errors"
	"slices"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
)

// PengaduanState is where a report is.
type PengaduanState string

// The report states, as the database stores them.
const (
	PengaduanBaru              PengaduanState = "baru"               // waiting for staff: new, or the reporter replied
	PengaduanMenungguInformasi PengaduanState = "menunggu_informasi" // staff asked the reporter for more
	PengaduanDijawab           PengaduanState = "dijawab"
	PengaduanDitutup           PengaduanState = "ditutup"
)

// PengaduanStates lists every state, for exhaustive tests.
var PengaduanStates = []PengaduanState{PengaduanBaru, PengaduanMenungguInformasi, PengaduanDijawab, PengaduanDitutup}

// Label is the state's name for people.
func (s PengaduanState) Label() string {
	switch s {
	case PengaduanBaru:
		return "Diterima — menunggu tindak lanjut petugas"
	case PengaduanMenungguInformasi:
		return "Menunggu informasi tambahan dari pelapor"
	case PengaduanDijawab:
		return "Dijawab"
	case PengaduanDitutup:
		return "Ditutup"
	}
	return string(s)
}

// PengaduanEvent moves a report: three by staff, one by the reporter. Each writes a message of its kind.
type PengaduanEvent string

// The report events, as the audit log names them ("pengaduan.<event>").
const (
	EventJawab          PengaduanEvent = "jawab"
	EventMintaInformasi PengaduanEvent = "minta_informasi"
	EventTutup          PengaduanEvent = "tutup"
	EventTanggapi       PengaduanEvent = "tanggapi" // the reporter replies
)

// PesanJenis is the kind of message the event writes in the conversation.
func (e PengaduanEvent) PesanJenis() string {
	switch e {
	case EventJawab:
		return "jawaban"
	case EventMintaInformasi:
		return "permintaan_informasi"
	case EventTutup:
		return "penutupan"
	case EventTanggapi:
		return "tanggapan"
	}
	return ""
}

type pengaduanMove = fsm.Move[PengaduanState, PengaduanEvent, account.Role]

var (
	terbuka = []PengaduanState{PengaduanBaru, PengaduanMenungguInformasi, PengaduanDijawab}
	// The reporter is whoever holds the tracking code: a member of the public, or a signed-in registrator.
	pelapor = []account.Role{account.RolePublik, account.RoleRegistrator}
)

// PengaduanMachine is a report's state machine: the pengelola layanan answers, asks for more or closes an
// open report; the reporter replies to an answer or a request, which puts it back in the staff's queue.
var PengaduanMachine = fsm.New(
	pengaduanMove{Event: EventJawab, From: terbuka, To: PengaduanDijawab, Roles: pengelola},
	pengaduanMove{Event: EventMintaInformasi, From: terbuka, To: PengaduanMenungguInformasi, Roles: pengelola},
	pengaduanMove{Event: EventTutup, From: terbuka, To: PengaduanDitutup, Roles: pengelola},
	pengaduanMove{Event: EventTanggapi, From: []PengaduanState{PengaduanMenungguInformasi, PengaduanDijawab}, To: PengaduanBaru, Roles: pelapor},
)

// ErrNotHandler refuses a staff move on a report the staff member may not act on: they do not handle
// reports, or it is a Rahasia report another handler took up. The store answers as if it did not exist.
var ErrNotHandler = errors.New("layanan: not a report this staff member may act on")

// Viewer is someone a report is shown to, as its rules see them: a staff member, or the reporter holding
// its tracking code.
type Viewer struct {
	StaffID int64
	Handler bool // holds pengelola_layanan
	Admin   bool
	Roles   []account.Role // the roles they act in
}

// ViewerFor builds a Viewer from a staff member's roles.
func ViewerFor(staffID int64, roles []account.Role) Viewer {
	v := Viewer{StaffID: staffID, Roles: roles}
	for _, r := range roles {
		switch r {
		case account.RolePengelolaLayanan:
			v.Handler = true
		case account.RoleAdmin:
			v.Admin = true
		}
	}
	return v
}

// ReporterViewer is whoever holds a report's tracking code (the status page is bound to it): they act as its
// reporter, as a registrator when signed in as one and as a member of the public otherwise, whoever else
// they may be.
func ReporterViewer(a account.Actor) Viewer {
	if a.Kind == account.ActorRegistrator {
		return Viewer{Roles: []account.Role{account.RoleRegistrator}}
	}
	return Viewer{Roles: []account.Role{account.RolePublik}}
}

// CanView decides whether a staff member may open a report. Handlers (pengelola_layanan) see every report,
// except that a Rahasia report, once a handler has taken it up, is seen only by that handler. An admin may
// open a report that is not Rahasia (to ask for an Anonim reporter's identity, which a second admin must
// approve: pengaduan_identitas.go); a Rahasia report is for its handler alone. handlerID is 0 when nobody has
// acted on the report yet.
func (v Viewer) CanView(rahasia bool, handlerID int64) bool {
	if v.Handler && (!rahasia || handlerID == 0 || handlerID == v.StaffID) {
		return true
	}
	return v.Admin && !rahasia
}

// CanAct reports whether the staff member may answer, ask for information or close a report.
func (v Viewer) CanAct(rahasia bool, handlerID int64) bool {
	return v.Handler && v.CanView(rahasia, handlerID)
}

// ListsRahasia reports whether the staff member's listing of reports includes Rahasia ones: only the
// handlers' queue does.
func (v Viewer) ListsRahasia() bool { return v.Handler }

// Role is the role v fires ev in: the first of v's roles the move allows, or "" when none does.
func (v Viewer) Role(ev PengaduanEvent) account.Role {
	m, _ := PengaduanMachine.Move(ev)
	for _, r := range v.Roles {
		if slices.Contains(m.Roles, r) {
			return r
		}
	}
	return ""
}

// guard is the access rule beside the table: the staff's moves are for a report the staff member may act on.
func (v Viewer) guard(p Pengaduan, ev PengaduanEvent) error {
	if ev != EventTanggapi && !v.CanAct(p.Rahasia, p.HandlerID) {
		return ErrNotHandler
	}
	return nil
}

// Check applies the access rule, then the table: it returns the state ev fired by v leads to from p's state,
// or why not — ErrNotHandler, fsm.ErrForbidden or fsm.ErrInvalidTransition. The access rule comes first, so a
// report another handler keeps Rahasia is not even confirmed to be closed.
func (v Viewer) Check(p Pengaduan, ev PengaduanEvent) (PengaduanState, error) {
	if err := v.guard(p, ev); err != nil {
		return p.State, err
	}
	return PengaduanMachine.Next(p.State, ev, v.Role(ev))
}

// Actions lists the events v may fire on p now: the buttons a page shows, which are the moves the store
// accepts.
func (v Viewer) Actions(p Pengaduan) []PengaduanEvent {
	var out []PengaduanEvent
	for _, ev := range PengaduanMachine.Events(p.State, v.Roles...) {
		if v.guard(p, ev) == nil {
			out = append(out, ev)
		}
	}
	return out
}

// Can reports whether ev is among v's Actions on p.
func (v Viewer) Can(p Pengaduan, ev PengaduanEvent) bool { return slices.Contains(v.Actions(p), ev) }
