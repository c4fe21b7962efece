package request

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
)

func TestRowEndsAndThePermohonan(t *testing.T) {
	d := mustDate
	for _, tt := range []struct {
		row, permohonan string
		alone           bool
	}{{"2026-06-30", "2026-12-31", true}, {"2026-12-31", "2026-12-31", false}, {"2027-01-31", "2026-12-31", false}} {
		if got := RowAlone(d(tt.row), d(tt.permohonan)); got != tt.alone {
			t.Errorf("RowAlone(%s, %s) = %v", tt.row, tt.permohonan, got)
		}
	}
	if _, ok := LatestEnd(nil); ok {
		t.Error("no row in force has no end")
	}
	if got, ok := LatestEnd([]time.Time{d("2026-06-30"), d("2026-12-31"), d("2026-09-30")}); !ok || !got.Equal(d("2026-12-31")) {
		t.Errorf("LatestEnd = %s", got)
	}
}

func TestCheckRowExtension(t *testing.T) {
	d := mustDate
	today, current, latest := d("2026-05-01"), d("2026-06-30"), d("2027-05-01")
	for _, tt := range []struct {
		sampai string
		want   string
	}{
		{"2026-04-30", "Tanggal berakhir harus setelah hari ini."},
		{"2026-06-30", ErrRowEndBefore.Error()},
		{"2026-06-01", ErrRowEndBefore.Error()},
		{"2027-05-02", "Tanggal berakhir paling lambat 1 Mei 2027."},
		{"2026-12-31", ""},
		{"2027-05-01", ""},
	} {
		if got := CheckRowExtension(d(tt.sampai), current, today, latest); got != tt.want {
			t.Errorf("CheckRowExtension(%s) = %q, want %q", tt.sampai, got, tt.want)
		}
	}
}

func TestPemusnahanSchedule(t *testing.T) {
	d := mustDate
	if got := PemusnahanTenggat(d("2026-07-01"), 30); !got.Equal(d("2026-07-31")) {
		t.Errorf("tenggat %s", got)
	}
	if got := PemusnahanTenggat(d("2026-07-01"), 0); !got.Equal(d("2026-07-31")) {
		t.Errorf("default tenggat %s", got)
	}
	tenggat := d("2026-07-31")
	want := []string{"2026-07-24", "2026-08-01", "2026-08-15", "2026-08-29", "2026-09-12"}
	for sent, w := range want {
		got, ok := NextPemusnahanReminder(tenggat, sent)
		if !ok || !got.Equal(d(w)) {
			t.Errorf("reminder %d at %s (%v), want %s", sent+1, got.Format(time.DateOnly), ok, w)
		}
	}
	if _, ok := NextPemusnahanReminder(tenggat, MaxPemusnahanReminders); ok {
		t.Error("a reminder after the last")
	}
	p := Pemusnahan{State: PemusnahanMenunggu, Tenggat: tenggat}
	if p.Terlambat(tenggat) || !p.Terlambat(d("2026-08-01")) {
		t.Error("overdue from the day after the deadline")
	}
	p.State = PemusnahanDiunggah
	if p.Terlambat(d("2026-09-01")) {
		t.Error("an uploaded Berita Acara is never overdue")
	}
}

func TestDokumenAsliKinds(t *testing.T) {
	both := []DocKind{DocPKS, DocNDA}
	for _, tt := range []struct {
		st   State
		want []DocKind
	}{
		{Draft, nil}, {Ditarik, nil}, {Diajukan, []DocKind{DocSuratPermohonan}}, {Ditolak, []DocKind{DocSuratPermohonan}},
		{MenungguPKSNDA, []DocKind{DocSuratPermohonan}}, {PKSNDADiunggah, []DocKind{DocSuratPermohonan, DocPKS, DocNDA}},
		{AksesDiberikan, []DocKind{DocSuratPermohonan, DocPKS, DocNDA}},
	} {
		if got := DokumenAsliKinds(tt.st, both); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.st, got, tt.want)
		}
	}
}

func TestAcceptedUsulan(t *testing.T) {
	at := func(s string) *time.Time { d := mustDate(s); return &d }
	list := []Usulan{
		{ID: 1, Kind: DocPKS, State: UsulanDitolak, DiputuskanAt: at("2026-03-01")},
		{ID: 2, Kind: DocPKS, State: UsulanDiterima, DiputuskanAt: at("2026-03-02")},
		{ID: 3, Kind: DocPKS, State: UsulanDiterima, DiputuskanAt: at("2026-03-05")},
		{ID: 4, Kind: DocNDA, State: UsulanDiajukan},
	}
	if u, ok := Accepted(list, DocPKS); !ok || u.ID != 3 {
		t.Errorf("PKS to sign: %d %v, want the latest accepted (3)", u.ID, ok)
	}
	if _, ok := Accepted(list, DocNDA); ok {
		t.Error("a proposal waiting is not the text to sign")
	}
}

func TestValidatePenggantian(t *testing.T) {
	sosial := Row{ID: 1, Pengguna: "Dinas Sosial", Media: Sepakat, OperatorNIP: "196706271998031004"}
	sosial2 := Row{ID: 2, Pengguna: "Dinas  sosial", Media: Sepakat, OperatorNIP: "196706271998031004"}
	pendidikan := Row{ID: 3, Pengguna: "Dinas Pendidikan", Media: Sepakat, OperatorNIP: "198001012005011003"}
	kesehatan := Row{ID: 4, Pengguna: "Dinas Kesehatan", Media: Fasilitas}
	all := []Row{sosial, sosial2, pendidikan, kesehatan}
	live := []Row{sosial, sosial2, pendidikan}
	op := Operator{Nama: "Budi Santoso", Jabatan: "Pranata Komputer", NIP: "19850505 201001 1 007", Email: "Budi@Daerah.go.id", Phone: "0812-3456-7890"}
	for _, tt := range []struct {
		name  string
		rows  []int64
		op    Operator
		field string
	}{
		{"one row", []int64{1}, op, ""},
		{"two rows of one pengguna", []int64{1, 2}, op, ""},
		{"none", nil, op, "baris"},
		{"a Fasilitas row", []int64{4}, op, "baris"},
		{"rows of two pengguna", []int64{1, 3}, op, "baris"},
		{"the operator in place", []int64{1}, Operator{Nama: "X", Jabatan: "Y", NIP: "196706271998031004", Email: "x@daerah.go.id", Phone: "081234567890"}, "operator_nip"},
		{"another pengguna's operator", []int64{1}, Operator{Nama: "X", Jabatan: "Y", NIP: "198001012005011003", Email: "x@daerah.go.id", Phone: "081234567890"}, "operator_nip"},
		{"no name", []int64{1}, Operator{Jabatan: "Y", NIP: "198505052010011007", Email: "x@daerah.go.id", Phone: "081234567890"}, "operator_nama"},
		{"bad phone", []int64{1}, Operator{Nama: "X", Jabatan: "Y", NIP: "198505052010011007", Email: "x@daerah.go.id", Phone: "12345"}, "operator_no_hp"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := ValidatePenggantian(PenggantianInput{Rows: tt.rows, Operator: tt.op}, live, all)
			switch {
			case tt.field == "" && errs.Any():
				t.Errorf("refused: %v", errs.All())
			case tt.field != "" && errs.Get(tt.field) == "":
				t.Errorf("no error on %s: %v", tt.field, errs.All())
			}
			if tt.field == "" && (got.NIP != "198505052010011007" || got.Email != "Budi@daerah.go.id" || got.Phone != "+6281234567890") {
				t.Errorf("not normalised: %+v", got)
			}
		})
	}
}

// The smaller machines of issue 13, every allowed move listed: a change on purpose updates this table.
func TestLifecycleMachines(t *testing.T) {
	type row = [3]string
	check := func(name string, got, want []row) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s moves:\n got  %v\n want %v", name, got, want)
		}
	}
	check("penggantian", movesOf(PenggantianMachine), []row{
		{"diajukan", "sesuai", "verifikator_teknis"}, {"diajukan", "belum_sesuai", "verifikator_teknis"},
		{"disetujui", "selesai", "sistem"}, {"diajukan", "batal", "registrator"}, {"diajukan", "batal", "sistem"}})
	check("usulan", movesOf(UsulanMachine), []row{{"diajukan", "terima", "produsen_data"}, {"diajukan", "tolak", "produsen_data"}})
	check("pemusnahan", movesOf(PemusnahanMachine), []row{{"menunggu", "unggah", "registrator"}, {"menunggu", "batal", "sistem"}})
	if next, err := AkunMachine.Next(AkunAktif, AkunGanti, account.RoleVerifikatorTeknis); err != nil || next != AkunDiganti {
		t.Errorf("an active account is replaced by the verifikator teknis' approval: %s %v", next, err)
	}
	if _, err := AkunMachine.Next(AkunDisiapkan, AkunGanti, account.RoleVerifikatorTeknis); !errors.Is(err, fsm.ErrInvalidTransition) {
		t.Error("only an active account's operator is replaced")
	}
	if next, err := AkunMachine.Next(AkunAktif, AkunPerpanjangBaris, account.RoleProdusenData); err != nil || next != AkunAktif {
		t.Errorf("one row extended in place: %s %v", next, err)
	}
	for _, st := range AllAkunStates {
		if st.Live() != slices.Contains([]AkunState{AkunDisiapkan, AkunAktif, AkunGagal}, st) {
			t.Errorf("%s live = %v", st, st.Live())
		}
	}
}

func movesOf[S, E, R ~string](tb fsm.Table[S, E, R]) [][3]string {
	var out [][3]string
	for _, ev := range tb.All() {
		m, _ := tb.Move(ev)
		for _, r := range m.Roles {
			for _, f := range m.From {
				out = append(out, [3]string{string(f), string(ev), string(r)})
			}
		}
	}
	return out
}

func TestUsulanBlocksSending(t *testing.T) {
	s := Subject{State: MenungguPKSNDA, UsulanOpen: true}
	if _, err := Check(s, UnggahPKS, account.RoleRegistrator, 0); !errors.Is(err, ErrUsulanOpen) {
		t.Errorf("sending the agreements while a proposal waits: %v", err)
	}
	if Can(s, UnggahPKS, 0, account.RoleRegistrator) {
		t.Error("the button is shown while a proposal waits")
	}
	s.UsulanOpen = false
	if _, err := Check(s, UnggahPKS, account.RoleRegistrator, 0); err != nil {
		t.Errorf("sending after the decision: %v", err)
	}
	six := Subject{State: AksesDiberikan, EnamBulan: true}
	if _, err := Check(six, PerpanjangBaris, account.RoleProdusenData, 0); !errors.Is(err, ErrSKForumFirst) {
		t.Errorf("one row extended under the six-month rule without the SK: %v", err)
	}
}

// A Perpanjangan of the whole permohonan extends: after today, after the end in force while access runs, at
// most the maximum; access being re-opened has no end in force to pass.
func TestCheckExtension(t *testing.T) {
	day := func(s string) time.Time { return mustDate(s) }
	current := day("2026-12-31")
	today, latest := day("2026-06-01"), day("2027-06-01")
	for _, tt := range []struct {
		name    string
		sampai  string
		current *time.Time
		want    string
	}{
		{"later than the end in force", "2027-03-01", &current, ""},
		{"earlier than the end in force", "2026-09-01", &current, ErrEndBefore.Error()},
		{"the same end", "2026-12-31", &current, ErrEndBefore.Error()},
		{"re-opening: no end in force", "2026-09-01", nil, ""},
		{"today", "2026-06-01", nil, "Tanggal berakhir harus setelah hari ini."},
		{"past the maximum", "2027-06-02", &current, "Tanggal berakhir paling lambat 1 Juni 2027."},
	} {
		if got := CheckExtension(day(tt.sampai), tt.current, today, latest); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
