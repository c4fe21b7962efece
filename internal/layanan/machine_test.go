package layanan

import (
	"errors"
	"slices"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
)

// allRoles is every role a move could be fired in: the staff roles and the pseudo-roles.
var allRoles = append([]account.Role{account.RoleRegistrator, account.RolePublik, account.RoleSistem}, account.AllRoles...)

// roleOf is the first role the table lets fire e ("" for an unknown event).
func roleOf[S, E ~string](t fsm.Table[S, E, account.Role], e E) account.Role {
	if m, ok := t.Move(e); ok && len(m.Roles) > 0 {
		return m.Roles[0]
	}
	return ""
}

// Every (state, event, role) of the bimtek machine: allowed moves go where the table says, a role that may
// never fire the event is forbidden, and any other state is an invalid transition.
func TestBimtekMachineEveryMove(t *testing.T) {
	to := map[[2]string]BimtekState{
		{"draf", "ajukan"}:           BimtekDiajukan,
		{"diajukan", "jadwalkan"}:    BimtekDijadwalkan,
		{"dijadwalkan", "jadwalkan"}: BimtekDijadwalkan,
		{"dijadwalkan", "selesai"}:   BimtekSelesai,
		{"diajukan", "tolak"}:        BimtekDitolak,
		{"dijadwalkan", "tolak"}:     BimtekDitolak,
	}
	roles := map[BimtekEvent][]account.Role{
		EventAjukan:    {account.RoleRegistrator},
		EventJadwalkan: {account.RolePengelolaLayanan},
		EventSelesai:   {account.RolePengelolaLayanan},
		EventTolak:     {account.RolePengelolaLayanan},
	}
	if got := BimtekMachine.All(); len(got) != len(roles) {
		t.Fatalf("table has events %v", got)
	}
	for _, s := range BimtekStates {
		for _, e := range BimtekMachine.All() {
			for _, r := range allRoles {
				got, err := BimtekMachine.Next(s, e, r)
				want, moves := to[[2]string{string(s), string(e)}]
				switch {
				case !slices.Contains(roles[e], r):
					if !errors.Is(err, fsm.ErrForbidden) {
						t.Errorf("%s --%s--> by %s: %q, %v; want ErrForbidden", s, e, r, got, err)
					}
				case moves:
					if err != nil || got != want {
						t.Errorf("%s --%s--> by %s: %q, %v; want %s", s, e, r, got, err, want)
					}
				default:
					if !errors.Is(err, fsm.ErrInvalidTransition) || got != s {
						t.Errorf("%s --%s--> by %s: %q, %v; want ErrInvalidTransition", s, e, r, got, err)
					}
				}
			}
		}
	}
}

// Submission needs the documents the request's kind requires; the other moves do not look at them.
func TestCheckBimtek(t *testing.T) {
	training := BimtekData{Pelatihan: true, Versi: VersiRingkas, PesertaPK: 30}
	consult := BimtekData{Konsultasi: true, TopikKonsultasi: "Sepakat"}
	tests := []struct {
		name string
		b    Bimtek
		ev   BimtekEvent
		role account.Role
		want BimtekState
		err  error
	}{
		{"training with both", Bimtek{State: BimtekDraf, Data: training, SuratDocumentID: 1, KAKDocumentID: 2}, EventAjukan, account.RoleRegistrator, BimtekDiajukan, nil},
		{"training without KAK", Bimtek{State: BimtekDraf, Data: training, SuratDocumentID: 1}, EventAjukan, account.RoleRegistrator, BimtekDraf, ErrBimtekDocumentsMissing},
		{"consultation with letter", Bimtek{State: BimtekDraf, Data: consult, SuratDocumentID: 1}, EventAjukan, account.RoleRegistrator, BimtekDiajukan, nil},
		{"consultation without letter", Bimtek{State: BimtekDraf, Data: consult}, EventAjukan, account.RoleRegistrator, BimtekDraf, ErrBimtekDocumentsMissing},
		{"submitted again", Bimtek{State: BimtekDiajukan, Data: consult, SuratDocumentID: 1}, EventAjukan, account.RoleRegistrator, BimtekDiajukan, fsm.ErrInvalidTransition},
		{"staff submits", Bimtek{State: BimtekDraf, Data: consult, SuratDocumentID: 1}, EventAjukan, account.RolePengelolaLayanan, BimtekDraf, fsm.ErrForbidden},
		{"schedule", Bimtek{State: BimtekDiajukan, Data: consult}, EventJadwalkan, account.RolePengelolaLayanan, BimtekDijadwalkan, nil},
	}
	for _, tt := range tests {
		got, err := CheckBimtek(tt.b, tt.ev, tt.role)
		if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("%s: %q, %v; want %q, %v", tt.name, got, err, tt.want, tt.err)
		}
	}
	if got := (Bimtek{Data: training}).MissingDocuments(); !slices.Equal(got, []BimtekSlot{BimtekSurat, BimtekKAK}) {
		t.Errorf("missing for a new training: %v", got)
	}
}

// The buttons: what each role may do in each state.
func TestBimtekActions(t *testing.T) {
	tests := []struct {
		state BimtekState
		roles []account.Role
		want  []BimtekEvent
	}{
		{BimtekDraf, []account.Role{account.RoleRegistrator}, []BimtekEvent{EventAjukan}},
		{BimtekDraf, []account.Role{account.RolePengelolaLayanan}, nil},
		{BimtekDiajukan, []account.Role{account.RolePengelolaLayanan}, []BimtekEvent{EventJadwalkan, EventTolak}},
		{BimtekDijadwalkan, []account.Role{account.RoleAdmin, account.RolePengelolaLayanan}, []BimtekEvent{EventJadwalkan, EventSelesai, EventTolak}},
		{BimtekDijadwalkan, []account.Role{account.RoleAdmin}, nil},
		{BimtekDiajukan, []account.Role{account.RoleRegistrator}, nil},
		{BimtekSelesai, []account.Role{account.RolePengelolaLayanan}, nil},
		{BimtekDitolak, []account.Role{account.RolePengelolaLayanan}, nil},
	}
	for _, tt := range tests {
		if got := BimtekActions(Bimtek{State: tt.state}, tt.roles...); !slices.Equal(got, tt.want) {
			t.Errorf("%s by %v: %v, want %v", tt.state, tt.roles, got, tt.want)
		}
	}
	if r := BimtekRole(EventSelesai, account.Actor{Kind: account.ActorStaf, Roles: []account.Role{account.RoleAdmin, account.RolePengelolaLayanan}}); r != account.RolePengelolaLayanan {
		t.Errorf("an admin and pengelola acts as %q", r)
	}
}

// Every (state, event, role) of the pengaduan machine.
func TestPengaduanMachineEveryMove(t *testing.T) {
	to := map[[2]string]PengaduanState{}
	for _, s := range []string{"baru", "menunggu_informasi", "dijawab"} {
		to[[2]string{s, "jawab"}] = PengaduanDijawab
		to[[2]string{s, "minta_informasi"}] = PengaduanMenungguInformasi
		to[[2]string{s, "tutup"}] = PengaduanDitutup
	}
	to[[2]string{"menunggu_informasi", "tanggapi"}] = PengaduanBaru
	to[[2]string{"dijawab", "tanggapi"}] = PengaduanBaru
	staff := []account.Role{account.RolePengelolaLayanan}
	roles := map[PengaduanEvent][]account.Role{
		EventJawab: staff, EventMintaInformasi: staff, EventTutup: staff,
		EventTanggapi: {account.RolePublik, account.RoleRegistrator},
	}
	if got := PengaduanMachine.All(); len(got) != len(roles) {
		t.Fatalf("table has events %v", got)
	}
	for _, s := range PengaduanStates {
		for _, e := range PengaduanMachine.All() {
			for _, r := range allRoles {
				got, err := PengaduanMachine.Next(s, e, r)
				want, moves := to[[2]string{string(s), string(e)}]
				switch {
				case !slices.Contains(roles[e], r):
					if !errors.Is(err, fsm.ErrForbidden) {
						t.Errorf("%s --%s--> by %s: %q, %v; want ErrForbidden", s, e, r, got, err)
					}
				case moves:
					if err != nil || got != want {
						t.Errorf("%s --%s--> by %s: %q, %v; want %s", s, e, r, got, err, want)
					}
				default:
					if !errors.Is(err, fsm.ErrInvalidTransition) || got != s {
						t.Errorf("%s --%s--> by %s: %q, %v; want ErrInvalidTransition", s, e, r, got, err)
					}
				}
			}
		}
	}
}

// The access rules sit beside the table: Check refuses what Actions does not offer, and the other way round.
func TestPengaduanViewerActions(t *testing.T) {
	const me, other = 7, 8
	handler := ViewerFor(me, []account.Role{account.RolePengelolaLayanan})
	admin := ViewerFor(me, []account.Role{account.RoleAdmin})
	both := ViewerFor(me, []account.Role{account.RoleAdmin, account.RolePengelolaLayanan})
	publik := ReporterViewer(account.Actor{Kind: account.ActorPublik})
	reg := ReporterViewer(account.Actor{Kind: account.ActorRegistrator, ID: 3})
	staffHoldingCode := ReporterViewer(account.Actor{Kind: account.ActorStaf, ID: me, Roles: []account.Role{account.RolePengelolaLayanan}})
	staffMoves := []PengaduanEvent{EventJawab, EventMintaInformasi, EventTutup}
	tests := []struct {
		name string
		v    Viewer
		p    Pengaduan
		want []PengaduanEvent
	}{
		{"handler, new", handler, Pengaduan{State: PengaduanBaru}, staffMoves},
		{"handler, own rahasia", handler, Pengaduan{State: PengaduanDijawab, Rahasia: true, HandlerID: me}, staffMoves},
		{"handler, another's rahasia", handler, Pengaduan{State: PengaduanBaru, Rahasia: true, HandlerID: other}, nil},
		{"handler, closed", handler, Pengaduan{State: PengaduanDitutup}, nil},
		{"admin", admin, Pengaduan{State: PengaduanBaru}, nil},
		{"admin and handler, another's rahasia", both, Pengaduan{State: PengaduanBaru, Rahasia: true, HandlerID: other}, nil},
		{"admin and handler", both, Pengaduan{State: PengaduanBaru, HandlerID: other}, staffMoves},
		{"public, answered", publik, Pengaduan{State: PengaduanDijawab}, []PengaduanEvent{EventTanggapi}},
		{"public, asked", publik, Pengaduan{State: PengaduanMenungguInformasi, Rahasia: true, HandlerID: other}, []PengaduanEvent{EventTanggapi}},
		{"public, waiting for staff", publik, Pengaduan{State: PengaduanBaru}, nil},
		{"registrator, answered", reg, Pengaduan{State: PengaduanDijawab}, []PengaduanEvent{EventTanggapi}},
		{"staff holding the code", staffHoldingCode, Pengaduan{State: PengaduanDijawab}, []PengaduanEvent{EventTanggapi}},
	}
	for _, tt := range tests {
		if got := tt.v.Actions(tt.p); !slices.Equal(got, tt.want) {
			t.Errorf("%s: actions %v, want %v", tt.name, got, tt.want)
		}
		for _, ev := range PengaduanMachine.All() {
			_, err := tt.v.Check(tt.p, ev)
			if allowed := slices.Contains(tt.want, ev); allowed != (err == nil) || tt.v.Can(tt.p, ev) != allowed {
				t.Errorf("%s: Check(%s) = %v, but Actions say %v", tt.name, ev, err, allowed)
			}
		}
	}
	// The refusals name the rule: the handler of another's Rahasia report, a closed report, a staff move by the public.
	for _, tt := range []struct {
		name string
		v    Viewer
		p    Pengaduan
		ev   PengaduanEvent
		err  error
	}{
		{"another's rahasia", handler, Pengaduan{State: PengaduanDitutup, Rahasia: true, HandlerID: other}, EventJawab, ErrNotHandler},
		{"closed", handler, Pengaduan{State: PengaduanDitutup}, EventJawab, fsm.ErrInvalidTransition},
		{"reply by staff", handler, Pengaduan{State: PengaduanDijawab}, EventTanggapi, fsm.ErrForbidden},
		{"answer by the public", publik, Pengaduan{State: PengaduanBaru}, EventJawab, ErrNotHandler},
		{"reply while waiting for staff", publik, Pengaduan{State: PengaduanBaru}, EventTanggapi, fsm.ErrInvalidTransition},
	} {
		if _, err := tt.v.Check(tt.p, tt.ev); !errors.Is(err, tt.err) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.err)
		}
	}
	if r := staffHoldingCode.Role(EventTanggapi); r != account.RolePublik {
		t.Errorf("staff holding the code replies as %q", r)
	}
	for ev, jenis := range map[PengaduanEvent]string{EventJawab: "jawaban", EventMintaInformasi: "permintaan_informasi", EventTutup: "penutupan", EventTanggapi: "tanggapan"} {
		if ev.PesanJenis() != jenis {
			t.Errorf("%s writes %q", ev, ev.PesanJenis())
		}
	}
}
