package account

import "github.com/bappenas/portal-regsosek/internal/fsm"

// State is where an akun layanan, or one official holding it (pejabat), is (DOMAIN.md §3): waiting for the
// verifikator akun, approved (the OTP link sent), active, rejected, or — for an official — replaced by a
// successor (§3.2.5 g).
type State string

// The states of an akun and of a pejabat. Diganti is a pejabat's only.
const (
	MenungguVerifikasi State = "menunggu_verifikasi"
	Disetujui          State = "disetujui"
	Aktif              State = "aktif"
	Ditolak            State = "ditolak"
	Diganti            State = "diganti"
)

// AllStates lists every state, for exhaustive tests.
var AllStates = []State{MenungguVerifikasi, Disetujui, Aktif, Ditolak, Diganti}

// Event is something that moves an akun or a pejabat.
type Event string

// The events.
const (
	Setujui  Event = "setujui"  // the verifikator akun approves
	Tolak    Event = "tolak"    // … or rejects, with the failed criterion
	Aktifkan Event = "aktifkan" // the official enters the OTP
	Ganti    Event = "ganti"    // a successor's activation ends the official in force
	// Kedaluwarsa: the activation link lapsed unused. The approval ends as a refusal, so the office (or, for
	// a first registration, the instansi) is free for a new request instead of waiting for ever.
	Kedaluwarsa Event = "kedaluwarsa"
)

type move = fsm.Move[State, Event, Role]

var verifikator = []Role{RoleVerifikatorAkun, RoleAdmin}

// PejabatMachine moves one official holding an akun layanan.
var PejabatMachine = fsm.New(
	move{Event: Setujui, From: []State{MenungguVerifikasi}, To: Disetujui, Roles: verifikator},
	move{Event: Tolak, From: []State{MenungguVerifikasi}, To: Ditolak, Roles: verifikator},
	move{Event: Aktifkan, From: []State{Disetujui}, To: Aktif, Roles: []Role{RoleRegistrator}},
	move{Event: Ganti, From: []State{Aktif}, To: Diganti, Roles: []Role{RoleSistem}},
	move{Event: Kedaluwarsa, From: []State{Disetujui}, To: Ditolak, Roles: []Role{RoleSistem}},
)

// AkunMachine moves the akun layanan itself, which follows its first official: approved or rejected with
// them (a rejection frees the instansi), active at their activation. A later handover moves only officials.
var AkunMachine = fsm.New(
	move{Event: Setujui, From: []State{MenungguVerifikasi}, To: Disetujui, Roles: verifikator},
	move{Event: Tolak, From: []State{MenungguVerifikasi}, To: Ditolak, Roles: verifikator},
	move{Event: Aktifkan, From: []State{Disetujui}, To: Aktif, Roles: []Role{RoleRegistrator}},
	move{Event: Kedaluwarsa, From: []State{Disetujui}, To: Ditolak, Roles: []Role{RoleSistem}},
)
