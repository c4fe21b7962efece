// Package request holds the rules of a permohonan hak akses: its rows' tiers, the wilayah scope, the
// documents it needs, its validation, and the state machine that moves it from draft to access. Everything
// here is pure: no I/O.
package request

import (
	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
)

// State is where a permohonan is in the process (DOMAIN.md §5, pedoman Gambar 3.2).
type State string

// The states.
const (
	Draft               State = "draft"
	Diajukan            State = "diajukan"
	PerluPerbaikan      State = "perlu_perbaikan"
	TerverifikasiTeknis State = "terverifikasi_teknis"
	MenungguKeputusan   State = "menunggu_keputusan"
	Disetujui           State = "disetujui"
	Ditolak             State = "ditolak"
	MenungguPKSNDA      State = "menunggu_pks_nda"
	PKSNDADiunggah      State = "pks_nda_diunggah"
	PenyiapanAkses      State = "penyiapan_akses"
	AksesDiberikan      State = "akses_diberikan"
	Berakhir            State = "berakhir"
	Dicabut             State = "dicabut"
	Ditarik             State = "ditarik"
)

// AllStates lists every state, in process order.
var AllStates = []State{Draft, Diajukan, PerluPerbaikan, TerverifikasiTeknis, MenungguKeputusan, Disetujui, Ditolak,
	MenungguPKSNDA, PKSNDADiunggah, PenyiapanAkses, AksesDiberikan, Berakhir, Dicabut, Ditarik}

var stateLabels = map[State]string{
	Draft: "Draf", Diajukan: "Diajukan", PerluPerbaikan: "Data Belum Sesuai", TerverifikasiTeknis: "Terverifikasi",
	MenungguKeputusan: "Menunggu Keputusan", Disetujui: "Disetujui", Ditolak: "Ditolak",
	MenungguPKSNDA: "Menunggu PKS/NDA", PKSNDADiunggah: "PKS/NDA Diunggah", PenyiapanAkses: "Penyiapan Akses",
	AksesDiberikan: "Akses Diberikan", Berakhir: "Berakhir", Dicabut: "Dicabut", Ditarik: "Ditarik",
}

// Label is the state's name as the registrator reads it.
func (s State) Label() string {
	if l, ok := stateLabels[s]; ok {
		return l
	}
	return string(s)
}

// Tahap is the pedoman's stage a state belongs to, named by the pedoman's own headings (§3.3.5 a–f).
func (s State) Tahap() (int, string) {
	switch s {
	case Draft, PerluPerbaikan:
		return 1, "Pengajuan Permohonan Hak Akses"
	case Diajukan:
		return 2, "Pemeriksaan Kelengkapan Dokumen"
	case TerverifikasiTeknis, MenungguKeputusan, Disetujui, Ditolak:
		return 3, "Verifikasi dan Asesmen Permohonan oleh Bappenas"
	case MenungguPKSNDA, PKSNDADiunggah:
		return 4, "Pemrosesan PKS dan NDA"
	case PenyiapanAkses:
		return 5, "Penyiapan Hak Akses Data Regsosek"
	case AksesDiberikan, Berakhir, Dicabut:
		return 6, "Penyampaian Hak Akses Data Regsosek"
	}
	return 1, "Pengajuan Permohonan Hak Akses"
}

// Editable reports whether the registrator may change the content: only a draft, or one returned for revision.
func (s State) Editable() bool { return s == Draft || s == PerluPerbaikan }

// Event is something that moves a permohonan.
type Event string

// The events.
const (
	Ajukan              Event = "ajukan"
	Tarik               Event = "tarik"
	VerifikasiTeknis    Event = "verifikasi_teknis"
	KembalikanTeknis    Event = "kembalikan_teknis"
	VerifikasiSubstansi Event = "verifikasi_substansi"
	KembalikanSubstansi Event = "kembalikan_substansi"
	Setujui             Event = "setujui"
	Tolak               Event = "tolak"
	MintaPKS            Event = "minta_pks"
	UnggahPKS           Event = "unggah_pks"
	TandatanganiPKS     Event = "tandatangani_pks"
	BerikanAkses        Event = "berikan_akses"
	Kedaluwarsa         Event = "kedaluwarsa"
	Cabut               Event = "cabut"
	// KembalikanPKS returns uploaded PKS/NDA to the pemohon (unsigned, wrong version); Perpanjang extends
	// access, or reopens one closed by the six-month rule once the SK Forum Satu Data is uploaded (§3.2.5).
	KembalikanPKS Event = "kembalikan_pks"
	Perpanjang    Event = "perpanjang"
)

// AllEvents lists every event.
var AllEvents = []Event{Ajukan, Tarik, VerifikasiTeknis, KembalikanTeknis, VerifikasiSubstansi, KembalikanSubstansi,
	Setujui, Tolak, MintaPKS, UnggahPKS, TandatanganiPKS, BerikanAkses, Kedaluwarsa, Cabut, KembalikanPKS, Perpanjang}

// AllRoles lists every role that can act on a permohonan, for exhaustive tests.
var AllRoles = append([]account.Role{account.RoleRegistrator, account.RoleSistem}, account.AllRoles...)

type move = fsm.Move[State, Event, account.Role]

var (
	registrator = []account.Role{account.RoleRegistrator}
	sistem      = []account.Role{account.RoleSistem}
	teknis      = []account.Role{account.RoleVerifikatorTeknis}
	substansi   = []account.Role{account.RoleVerifikatorSubstansi}
	produsen    = []account.Role{account.RoleProdusenData}
	operator    = []account.Role{account.RoleOperatorSepakat}
)

// Machine is the whole state machine of a permohonan: for each event, the states it leaves, where it goes
// and who may fire it. Guards that look beyond the state are in Check.
var Machine = fsm.New(
	move{Event: Ajukan, From: []State{Draft, PerluPerbaikan}, To: Diajukan, Roles: registrator},
	move{Event: Tarik, From: []State{Diajukan, PerluPerbaikan, TerverifikasiTeknis, MenungguKeputusan}, To: Ditarik, Roles: registrator},
	move{Event: VerifikasiTeknis, From: []State{Diajukan}, To: TerverifikasiTeknis, Roles: teknis},
	move{Event: KembalikanTeknis, From: []State{Diajukan}, To: PerluPerbaikan, Roles: teknis},
	move{Event: VerifikasiSubstansi, From: []State{TerverifikasiTeknis}, To: MenungguKeputusan, Roles: substansi},
	move{Event: KembalikanSubstansi, From: []State{TerverifikasiTeknis}, To: PerluPerbaikan, Roles: substansi},
	move{Event: Setujui, From: []State{MenungguKeputusan}, To: Disetujui, Roles: produsen},
	move{Event: Tolak, From: []State{MenungguKeputusan}, To: Ditolak, Roles: produsen},
	move{Event: MintaPKS, From: []State{Disetujui}, To: MenungguPKSNDA, Roles: sistem},
	move{Event: UnggahPKS, From: []State{MenungguPKSNDA}, To: PKSNDADiunggah, Roles: registrator},
	move{Event: TandatanganiPKS, From: []State{PKSNDADiunggah}, To: PenyiapanAkses, Roles: produsen},
	move{Event: BerikanAkses, From: []State{PenyiapanAkses}, To: AksesDiberikan, Roles: operator},
	move{Event: Kedaluwarsa, From: []State{AksesDiberikan}, To: Berakhir, Roles: sistem},
	move{Event: Cabut, From: []State{AksesDiberikan}, To: Dicabut, Roles: produsen},
	move{Event: KembalikanPKS, From: []State{PKSNDADiunggah}, To: MenungguPKSNDA, Roles: produsen},
	move{Event: Perpanjang, From: []State{AksesDiberikan, Berakhir}, To: AksesDiberikan, Roles: produsen},
)

// Errors of Next. ErrForbidden: the role may never fire this event; ErrInvalidTransition: not from this state.
var (
	ErrForbidden         = fsm.ErrForbidden
	ErrInvalidTransition = fsm.ErrInvalidTransition
)

// Next returns the state that event fired by role leads to from state, by the table alone.
func Next(state State, event Event, role account.Role) (State, error) {
	return Machine.Next(state, event, role)
}
