package request

import (
	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
)

// The smaller machines of Tahap 4–6: a request for printed agreements, and a Perpanjangan request.

// RowState is the state of a request row (print request, Perpanjangan).
type RowState string

// The states of print requests and Perpanjangan requests.
const (
	CetakDiminta          RowState = "diminta"
	CetakDikirim          RowState = "dikirim"
	PerpanjanganDiajukan  RowState = "diajukan"
	PerpanjanganDisetujui RowState = "disetujui"
	PerpanjanganDitolak   RowState = "ditolak"
)

// RowEvent moves a request row.
type RowEvent string

// The events of request rows.
const (
	CetakKirim          RowEvent = "dikirim"
	PerpanjanganSetujui RowEvent = "disetujui"
	PerpanjanganTolak   RowEvent = "ditolak"
)

type rowMove = fsm.Move[RowState, RowEvent, account.Role]

// CetakMachine: the produsen data sends the printed PKS/NDA asked for.
var CetakMachine = fsm.New(
	rowMove{Event: CetakKirim, From: []RowState{CetakDiminta}, To: CetakDikirim, Roles: produsen},
)

// PerpanjanganMachine: the produsen data grants a Perpanjangan request (by extending the access) or refuses
// it; a revocation refuses any request still open.
var PerpanjanganMachine = fsm.New(
	rowMove{Event: PerpanjanganSetujui, From: []RowState{PerpanjanganDiajukan}, To: PerpanjanganDisetujui, Roles: produsen},
	rowMove{Event: PerpanjanganTolak, From: []RowState{PerpanjanganDiajukan}, To: PerpanjanganDitolak, Roles: produsen},
)

// AkunState is where the Sepakat account of an approved row is (akses_akun): prepared and waiting for
// Sepakat, active, failed to be created, ended with the access, or revoked.
type AkunState string

// The states of a Sepakat account.
const (
	AkunDisiapkan AkunState = "disiapkan"
	AkunAktif     AkunState = "aktif"
	AkunGagal     AkunState = "gagal"
	AkunBerakhir  AkunState = "berakhir"
	AkunDicabut   AkunState = "dicabut"
	AkunDiganti   AkunState = "diganti" // its operator was replaced: a new account took the row over
)

// AllAkunStates lists every state of a Sepakat account, for exhaustive tests.
var AllAkunStates = []AkunState{AkunDisiapkan, AkunAktif, AkunGagal, AkunBerakhir, AkunDicabut, AkunDiganti}

// Live reports whether an account still stands for its row: prepared, active, or failed and waiting for a
// retry. A row has at most one live account (the database holds it).
func (s AkunState) Live() bool { return s == AkunDisiapkan || s == AkunAktif || s == AkunGagal }

// AkunEvent moves a Sepakat account.
type AkunEvent string

// The events of a Sepakat account. Sepakat's answers arrive as the system (the jobs); the operator sepakat
// sends a failed one back to its jobs.
const (
	AkunDibuat       AkunEvent = "dibuat"       // Sepakat created it
	AkunGagalDibuat  AkunEvent = "gagal"        // Sepakat refused to create it, or stopped answering
	AkunCobaLagi     AkunEvent = "coba_lagi"    // a failed creation goes back to its job
	AkunUlangi       AkunEvent = "ulangi"       // another stopped job of the account runs again (in place)
	AkunDiperpanjang AkunEvent = "diperpanjang" // Sepakat moved its end
	AkunDiakhiri     AkunEvent = "diakhiri"     // the access ended
	AkunDicabutEvent AkunEvent = "dicabut"      // the access was revoked, or ended before the account existed
	// One account at a time (issue 13): the produsen data extends one row's end (Sepakat follows by a job),
	// and a verifikator teknis who approves a Penggantian Operator closes the old operator's account.
	AkunPerpanjangBaris AkunEvent = "perpanjang_baris"
	AkunGanti           AkunEvent = "diganti"
)

type akunMove = fsm.Move[AkunState, AkunEvent, account.Role]

var staffOrSistem = []account.Role{account.RoleSistem, account.RoleProdusenData}

// AkunMachine is a Sepakat account's state machine.
var AkunMachine = fsm.New(
	akunMove{Event: AkunDibuat, From: []AkunState{AkunDisiapkan, AkunGagal}, To: AkunAktif, Roles: sistem},
	akunMove{Event: AkunGagalDibuat, From: []AkunState{AkunDisiapkan}, To: AkunGagal, Roles: sistem},
	akunMove{Event: AkunCobaLagi, From: []AkunState{AkunGagal}, To: AkunDisiapkan, Roles: operator},
	akunMove{Event: AkunUlangi, From: []AkunState{AkunDisiapkan, AkunAktif, AkunBerakhir, AkunDicabut, AkunDiganti}, Roles: operator},
	akunMove{Event: AkunDiperpanjang, From: []AkunState{AkunAktif, AkunBerakhir}, To: AkunAktif, Roles: sistem},
	akunMove{Event: AkunDiakhiri, From: []AkunState{AkunAktif}, To: AkunBerakhir, Roles: sistem},
	akunMove{Event: AkunDicabutEvent, From: []AkunState{AkunDisiapkan, AkunAktif, AkunGagal}, To: AkunDicabut, Roles: staffOrSistem},
	akunMove{Event: AkunPerpanjangBaris, From: []AkunState{AkunAktif}, Roles: produsen},
	akunMove{Event: AkunGanti, From: []AkunState{AkunAktif}, To: AkunDiganti, Roles: teknis},
)
