// Package request holds the rules of a permohonan hak akses: its rows' tiers, the wilayah scope, the
// documents it needs, its validation, and the state machine that moves it from draft to access. Everything
// here is pure: no I/O.
package request

import (
	"errors"
	"fmt"
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

// Tahap is the pedoman's stage (Tahap 1 Pengajuan … Tahap 6 Penyampaian Hak Akses) a state belongs to.
func (s State) Tahap() (int, string) {
	switch s {
	case Draft, PerluPerbaikan:
		return 1, "Pengajuan Permohonan Hak Akses"
	case Diajukan:
		return 2, "Pemeriksaan Kelengkapan Dokumen"
	case TerverifikasiTeknis, MenungguKeputusan, Disetujui, Ditolak:
		return 3, "Verifikasi dan Asesmen Permohonan"
	case MenungguPKSNDA, PKSNDADiunggah:
		return 4, "Penandatanganan PKS dan NDA"
	case PenyiapanAkses:
		return 5, "Penyiapan Hak Akses"
	case AksesDiberikan, Berakhir, Dicabut:
		return 6, "Penyampaian Hak Akses"
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

// Actor roles that fire events. Staff roles are the account roles; the registrator and the system are their own.
const (
	RoleRegistrator          = "registrator"
	RoleSistem               = "sistem"
	RoleVerifikatorTeknis    = "verifikator_teknis"
	RoleVerifikatorSubstansi = "verifikator_substansi"
	RoleProdusenData         = "produsen_data"
	RoleOperatorSepakat      = "operator_sepakat"
)

// AllRoles lists every role that can act on a permohonan, for exhaustive tests.
var AllRoles = []string{RoleRegistrator, RoleSistem, RoleVerifikatorTeknis, RoleVerifikatorSubstansi, RoleProdusenData,
	RoleOperatorSepakat, "verifikator_akun", "direktur_pengampu", "pengelola_layanan", "admin"}

type move struct {
	from  []State
	to    State
	roles []string
}

// transitions is the whole state machine: for each event, the states it leaves, where it goes and who may fire it.
var transitions = map[Event]move{
	Ajukan:              {[]State{Draft, PerluPerbaikan}, Diajukan, []string{RoleRegistrator}},
	Tarik:               {[]State{Diajukan, PerluPerbaikan, TerverifikasiTeknis, MenungguKeputusan}, Ditarik, []string{RoleRegistrator}},
	VerifikasiTeknis:    {[]State{Diajukan}, TerverifikasiTeknis, []string{RoleVerifikatorTeknis}},
	KembalikanTeknis:    {[]State{Diajukan}, PerluPerbaikan, []string{RoleVerifikatorTeknis}},
	VerifikasiSubstansi: {[]State{TerverifikasiTeknis}, MenungguKeputusan, []string{RoleVerifikatorSubstansi}},
	KembalikanSubstansi: {[]State{TerverifikasiTeknis}, PerluPerbaikan, []string{RoleVerifikatorSubstansi}},
	Setujui:             {[]State{MenungguKeputusan}, Disetujui, []string{RoleProdusenData}},
	Tolak:               {[]State{MenungguKeputusan}, Ditolak, []string{RoleProdusenData}},
	MintaPKS:            {[]State{Disetujui}, MenungguPKSNDA, []string{RoleSistem}},
	UnggahPKS:           {[]State{MenungguPKSNDA}, PKSNDADiunggah, []string{RoleRegistrator}},
	TandatanganiPKS:     {[]State{PKSNDADiunggah}, PenyiapanAkses, []string{RoleProdusenData}},
	BerikanAkses:        {[]State{PenyiapanAkses}, AksesDiberikan, []string{RoleOperatorSepakat}},
	Kedaluwarsa:         {[]State{AksesDiberikan}, Berakhir, []string{RoleSistem}},
	Cabut:               {[]State{AksesDiberikan}, Dicabut, []string{RoleProdusenData}},
	KembalikanPKS:       {[]State{PKSNDADiunggah}, MenungguPKSNDA, []string{RoleProdusenData}},
	Perpanjang:          {[]State{AksesDiberikan, Berakhir}, AksesDiberikan, []string{RoleProdusenData}},
}

// Errors of Next. ErrForbidden: the role may never fire this event; ErrInvalidTransition: not from this state.
var (
	ErrForbidden         = errors.New("request: role may not fire this event")
	ErrInvalidTransition = errors.New("request: event not allowed in this state")
)

// Next returns the state that event fired by role leads to from state.
func Next(state State, event Event, role string) (State, error) {
	m, ok := transitions[event]
	if !ok {
		return state, fmt.Errorf("%w: unknown event %q", ErrInvalidTransition, event)
	}
	allowed := false
	for _, r := range m.roles {
		allowed = allowed || r == role
	}
	if !allowed {
		return state, fmt.Errorf("%w: %s by %s", ErrForbidden, event, role)
	}
	for _, f := range m.from {
		if f == state {
			return m.to, nil
		}
	}
	return state, fmt.Errorf("%w: %s from %s", ErrInvalidTransition, event, state)
}
