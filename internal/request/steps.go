package request

import (
	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
)

// Steps that are recorded on a permohonan's timeline without moving it. They go through the same transition
// as the moves, so each is allowed by a table, written with a guarded update, audited and mailed in one place.
const (
	SiapkanAkses      Event = "siapkan_akses"       // Tahap 5: accounts prepared, PIC teknis set
	MintaCetak        Event = "minta_cetak"         // printed PKS/NDA asked for a wet signature
	KirimCetak        Event = "cetak_dikirim"       // the printed copies were sent
	UnggahSKForum     Event = "unggah_sk_forum"     // SK Forum Satu Data uploaded under the six-month rule
	MintaPerpanjangan Event = "minta_perpanjangan"  // a Perpanjangan request
	TolakPerpanjangan Event = "tolak_perpanjangan"  // a Perpanjangan request refused
	PeringatanAkhir   Event = "peringatan_berakhir" // the 30-day warning before the end
	MintaRekomendasi  Event = "minta_rekomendasi"   // a direktur pengampu asked for a rekomendasi
	BeriRekomendasi   Event = "rekomendasi"         // the direktur pengampu answered
	// MintaRekomendasiKeputusan: the produsen data asks a direktur pengampu while deciding (pedoman §III
	// point 2: the produsen data coordinates with the direktur pengampu), e.g. a K/L forwarded without one.
	MintaRekomendasiKeputusan Event = "minta_rekomendasi_keputusan"
)

// ajukanPerbaikan is how the timeline names Ajukan from perlu_perbaikan: a resubmission.
const ajukanPerbaikan Event = "ajukan_perbaikan"

// EventName is the name an event is recorded under on the timeline and in the audit log: Ajukan after a
// return is "ajukan_perbaikan".
func EventName(from State, ev Event) string {
	if ev == Ajukan && from == PerluPerbaikan {
		return string(ajukanPerbaikan)
	}
	return string(ev)
}

// Steps is the table of steps in place (To is empty: the state stays).
var Steps = fsm.New(
	move{Event: SiapkanAkses, From: []State{PenyiapanAkses}, Roles: operator},
	move{Event: MintaCetak, From: []State{MenungguPKSNDA}, Roles: registrator},
	move{Event: KirimCetak, From: AllStates, Roles: produsen},
	move{Event: UnggahSKForum, From: []State{AksesDiberikan, Berakhir}, Roles: registrator},
	move{Event: MintaPerpanjangan, From: []State{AksesDiberikan}, Roles: registrator},
	move{Event: TolakPerpanjangan, From: AllStates, Roles: produsen},
	move{Event: PeringatanAkhir, From: []State{AksesDiberikan}, Roles: sistem},
	move{Event: MintaRekomendasi, From: []State{TerverifikasiTeknis}, Roles: substansi},
	move{Event: BeriRekomendasi, From: AllStates, Roles: []account.Role{account.RoleDirekturPengampu}},
	move{Event: MintaRekomendasiKeputusan, From: []State{MenungguKeputusan}, Roles: produsen},
	// Access over time (issue 13): one row at a time, a new operator, a proposed PKS/NDA text, the end of
	// access, the originals received.
	move{Event: CabutBaris, From: []State{AksesDiberikan}, Roles: produsen},
	move{Event: PerpanjangBaris, From: []State{AksesDiberikan}, Roles: produsen},
	move{Event: PeringatanBaris, From: []State{AksesDiberikan}, Roles: sistem},
	move{Event: BarisBerakhir, From: []State{AksesDiberikan}, Roles: sistem},
	move{Event: AjukanGantiOperator, From: []State{AksesDiberikan}, Roles: registrator},
	move{Event: BatalGantiOperator, From: []State{AksesDiberikan}, Roles: registrator},
	move{Event: GantiOperatorSesuai, From: []State{AksesDiberikan}, Roles: teknis},
	move{Event: GantiOperatorBelumSesuai, From: []State{AksesDiberikan}, Roles: teknis},
	move{Event: GantiOperatorSelesai, From: []State{AksesDiberikan, Berakhir, Dicabut}, Roles: sistem},
	move{Event: UsulPerjanjian, From: []State{MenungguPKSNDA}, Roles: registrator},
	move{Event: TerimaUsulan, From: []State{MenungguPKSNDA}, Roles: produsen},
	move{Event: TolakUsulan, From: []State{MenungguPKSNDA}, Roles: produsen},
	move{Event: UnggahPemusnahan, From: []State{AksesDiberikan, Berakhir, Dicabut}, Roles: registrator},
	move{Event: CatatDokumenAsli, From: submitted, Roles: penerimaAsli},
)

// submitted are the states of a permohonan once it was submitted and not withdrawn.
var submitted = []State{Diajukan, PerluPerbaikan, TerverifikasiTeknis, MenungguKeputusan, Disetujui, Ditolak, MenungguPKSNDA,
	PKSNDADiunggah, PenyiapanAkses, AksesDiberikan, Berakhir, Dicabut}

// penerimaAsli may record an original received: the verifikator teknis (documents, Tahap 2), the produsen
// data (agreements, Tahap 4) and an admin.
var penerimaAsli = []account.Role{account.RoleVerifikatorTeknis, account.RoleProdusenData, account.RoleAdmin}

// table returns the table an event belongs to.
func table(ev Event) fsm.Table[State, Event, account.Role] {
	if _, ok := Steps.Move(ev); ok {
		return Steps
	}
	return Machine
}
