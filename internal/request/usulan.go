package request

import (
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Usulan perubahan PKS/NDA (§3.3.5 d, Tahap 4: "Pada kasus di mana pemohon memiliki kebutuhan bersifat
// penting yang belum terakomodasi dalam template PKS & NDA yang tersedia, maka dapat mengusulkan
// perubahan/penambahan substansi PKS & NDA dengan persetujuan Pengelola Data Regsosek"): in Tahap 4 the registrator uploads a proposed text of the PKS or the
// NDA with a note; the produsen data accepts it — that text becomes the one to sign — or declines it with a
// reason. While a proposal waits, the signed agreements cannot be sent (the text to sign is not settled).

// UsulanState is where a proposal is.
type UsulanState string

// The states of a proposal.
const (
	UsulanDiajukan UsulanState = "diajukan"
	UsulanDiterima UsulanState = "diterima"
	UsulanDitolak  UsulanState = "ditolak"
)

// AllUsulanStates lists every state, for exhaustive tests.
var AllUsulanStates = []UsulanState{UsulanDiajukan, UsulanDiterima, UsulanDitolak}

var usulanLabels = map[UsulanState]string{UsulanDiajukan: "Menunggu keputusan", UsulanDiterima: "Diterima", UsulanDitolak: "Ditolak"}

// Label is the state as people read it.
func (s UsulanState) Label() string { return usulanLabels[s] }

// UsulanEvent moves a proposal.
type UsulanEvent string

// The events of a proposal.
const (
	UsulanTerima UsulanEvent = "terima"
	UsulanTolak  UsulanEvent = "tolak"
)

type usulanMove = fsm.Move[UsulanState, UsulanEvent, account.Role]

// UsulanMachine is a proposal's state machine: the produsen data decides.
var UsulanMachine = fsm.New(
	usulanMove{Event: UsulanTerima, From: []UsulanState{UsulanDiajukan}, To: UsulanDiterima, Roles: produsen},
	usulanMove{Event: UsulanTolak, From: []UsulanState{UsulanDiajukan}, To: UsulanDitolak, Roles: produsen},
)

// Steps of a proposal on the permohonan's timeline.
const (
	UsulPerjanjian Event = "usul_perjanjian"
	TerimaUsulan   Event = "terima_usulan"
	TolakUsulan    Event = "tolak_usulan"
)

// Usulan is a proposal as pages show it.
type Usulan struct {
	ID           int64
	Kind         DocKind // DocPKS or DocNDA
	DocumentID   int64
	DocumentName string
	Catatan      string
	State        UsulanState
	DiajukanAt   time.Time
	DiputuskanAt *time.Time
	AlasanTolak  string
}

// ErrUsulanOpen refuses sending the signed agreements, or a second proposal for the same agreement, while a
// proposal waits.
var ErrUsulanOpen = validate.Refusal("Usulan perubahan PKS/NDA sedang menunggu keputusan Produsen Data Regsosek. Tunggu keputusan tersebut sebelum mengirim atau mengusulkan kembali.")

// Accepted returns the accepted proposal of kind decided last, the text to sign, if any.
func Accepted(list []Usulan, kind DocKind) (Usulan, bool) {
	var out Usulan
	found := false
	for _, u := range list {
		if u.Kind == kind && u.State == UsulanDiterima && (!found || u.DiputuskanAt != nil && out.DiputuskanAt != nil && u.DiputuskanAt.After(*out.DiputuskanAt)) {
			out, found = u, true
		}
	}
	return out, found
}

// UsulanWaiting is a proposed text waiting for the produsen data, as the staff's work list shows it.
type UsulanWaiting struct {
	PermohonanID            int64
	Reference, InstansiNama string
	Kind                    DocKind
	DiajukanAt              time.Time
}
