package request

import (
	"slices"
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Penggantian Operator (§3.2.5 c.1 f: "Apabila terdapat perubahan pada pejabat yang ditetapkan sebagai
// operator pengelola akun Sepakat, maka wajib melakukan penetapan ulang melalui Surat Keputusan dan
// mengunggah pada Dasbor Nasional Regsosek"): on access in force, the registrator names a new operator for one or more Sepakat rows of one
// pengguna and uploads the new SK; a verifikator teknis judges it like a document (Sesuai / Belum Sesuai
// with a note); on approval the old operator's account is closed in Sepakat and a new one provisioned with
// the same tier, wilayah and end, whose credentials go to the new operator.

// GantiState is where a Penggantian Operator is.
type GantiState string

// The states of a Penggantian Operator.
const (
	GantiDiajukan    GantiState = "diajukan"     // waiting for the verifikator teknis
	GantiDisetujui   GantiState = "disetujui"    // approved; the accounts are being replaced in Sepakat
	GantiBelumSesuai GantiState = "belum_sesuai" // refused with a note; the registrator may file a new one
	GantiSelesai     GantiState = "selesai"      // every new account is active and its operator emailed
	GantiDibatalkan  GantiState = "dibatalkan"   // withdrawn by the registrator, or the access ended first
)

// AllGantiStates lists every state, for exhaustive tests.
var AllGantiStates = []GantiState{GantiDiajukan, GantiDisetujui, GantiBelumSesuai, GantiSelesai, GantiDibatalkan}

var gantiLabels = map[GantiState]string{GantiDiajukan: "Menunggu verifikasi", GantiDisetujui: "Disetujui — akun sedang diganti",
	GantiBelumSesuai: "Belum Sesuai", GantiSelesai: "Selesai", GantiDibatalkan: "Dibatalkan"}

// Label is the state as people read it.
func (s GantiState) Label() string { return gantiLabels[s] }

// Open reports whether the request still holds its rows (no other request may name them).
func (s GantiState) Open() bool { return s == GantiDiajukan || s == GantiDisetujui }

// GantiEvent moves a Penggantian Operator.
type GantiEvent string

// The events of a Penggantian Operator.
const (
	GantiSesuai      GantiEvent = "sesuai"
	GantiTidakSesuai GantiEvent = "belum_sesuai"
	GantiRampung     GantiEvent = "selesai"
	GantiBatal       GantiEvent = "batal"
)

type gantiMove = fsm.Move[GantiState, GantiEvent, account.Role]

// PenggantianMachine is the request's state machine.
var PenggantianMachine = fsm.New(
	gantiMove{Event: GantiSesuai, From: []GantiState{GantiDiajukan}, To: GantiDisetujui, Roles: teknis},
	gantiMove{Event: GantiTidakSesuai, From: []GantiState{GantiDiajukan}, To: GantiBelumSesuai, Roles: teknis},
	gantiMove{Event: GantiRampung, From: []GantiState{GantiDisetujui}, To: GantiSelesai, Roles: sistem},
	gantiMove{Event: GantiBatal, From: []GantiState{GantiDiajukan}, To: GantiDibatalkan, Roles: []account.Role{account.RoleRegistrator, account.RoleSistem}},
)

// Steps of a Penggantian Operator on the permohonan's timeline.
const (
	AjukanGantiOperator      Event = "ajukan_ganti_operator"
	GantiOperatorSesuai      Event = "ganti_operator_sesuai"
	GantiOperatorBelumSesuai Event = "ganti_operator_belum_sesuai"
	GantiOperatorSelesai     Event = "ganti_operator_selesai"
	BatalGantiOperator       Event = "batal_ganti_operator"
)

// Operator is the data diri of a Sepakat operator (Nama, Jabatan, NIP/NIK, Email, No HP).
type Operator struct {
	Nama, Jabatan, NIP, Email, Phone string
}

// PenggantianInput is the registrator's form as typed.
type PenggantianInput struct {
	Rows     []int64 // the rows chosen
	Operator Operator
	Catatan  string
}

// Penggantian is a Penggantian Operator as pages show it.
type Penggantian struct {
	ID           int64
	PermohonanID int64
	Reference    string // the permohonan's
	InstansiNama string
	State        GantiState
	Operator     Operator
	SKDocumentID int64
	PesertaID    int64 // the new operator's training evidence (a passed bimtek participant), 0 when none
	Catatan      string
	DiajukanAt   time.Time
	DiputuskanAt *time.Time
	CatatanVerif string
	Rows         []PenggantianRow
}

// PenggantianRow is one row of a request: the operator it had and, once approved, its accounts.
type PenggantianRow struct {
	RowID        int64
	Pengguna     string
	Lama         Operator
	AkunLamaID   int64
	AkunBaruID   int64
	AkunBaruUser string
	AkunBaruOK   bool // the new account is active
}

// Refusals of a Penggantian Operator.
var (
	ErrGantiOpen      = validate.Refusal("Operator baris ini sedang dalam proses penggantian. Tunggu keputusan atas pengajuan sebelumnya.")
	ErrGantiNotActive = validate.Refusal("Penggantian operator hanya dapat diajukan untuk akun Sepakat yang aktif pada hak akses yang berlaku.")
)

// ValidatePenggantian checks the form against the permohonan's approved Sepakat rows whose accounts are
// active (live) and the rows as they are now (all): at least one live row, all of one pengguna (an operator
// manages one pengguna's account, DuplicateRows), a valid operator who is not the one in place and not the
// operator of another pengguna. It returns the operator normalised.
func ValidatePenggantian(in PenggantianInput, live []Row, all []Row) (Operator, validate.Errors) {
	var errs validate.Errors
	chosen := make([]Row, 0, len(in.Rows))
	for _, r := range live {
		if slices.Contains(in.Rows, r.ID) {
			chosen = append(chosen, r)
		}
	}
	switch {
	case len(in.Rows) == 0:
		errs.Add("baris", "Pilih baris Sepakat yang operatornya diganti.")
	case len(chosen) != len(in.Rows):
		errs.Add("baris", ErrGantiNotActive.Error())
	}
	for _, r := range chosen[min(1, len(chosen)):] {
		if !samePengguna(r, chosen[0]) {
			errs.Add("baris", "Satu operator mengelola akun satu pengguna. Pilih baris milik pengguna yang sama, atau ajukan penggantian terpisah.")
			break
		}
	}
	op, opErrs := ValidateOperator(in.Operator)
	for _, e := range opErrs.All() {
		errs.Add(e.Field, e.Message)
	}
	if errs.Get("operator_nip") == "" && len(chosen) > 0 {
		for _, r := range all {
			nip := strings.ReplaceAll(r.OperatorNIP, " ", "")
			switch {
			case r.Media != Sepakat || nip != op.NIP:
			case slices.ContainsFunc(chosen, func(c Row) bool { return c.ID == r.ID }):
				errs.Add("operator_nip", "Operator baru sama dengan operator saat ini. Isi data diri operator pengganti.")
			case !samePengguna(r, chosen[0]):
				errs.Add("operator_nip", "Operator dengan NIP ini sudah ditunjuk untuk pengguna lain; setiap pengguna memiliki operatornya sendiri.")
			}
			if errs.Get("operator_nip") != "" {
				break
			}
		}
	}
	if len([]rune(in.Catatan)) > 1000 {
		errs.Add("catatan", "Catatan paling banyak 1.000 karakter.")
	}
	return op, errs
}

func samePengguna(a, b Row) bool {
	norm := func(r Row) string {
		return strings.ToLower(strings.Join(strings.Fields(r.Pengguna), " ")) + "|" + r.PenggunaWilayah
	}
	return norm(a) == norm(b)
}
