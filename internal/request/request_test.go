package request

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/account"
)

var (
	kemensos = Instansi{Kategori: account.KategoriPusat, Kode: "027"}
	jabar    = Instansi{Kategori: account.KategoriProvinsi, Kode: "32"}
	bandung  = Instansi{Kategori: account.KategoriKabKota, Kode: "32.73"}
)

func TestTier(t *testing.T) {
	tests := []struct {
		jenis string
		want  int
	}{{AgregatTerpilah, 2}, {Mikro, 3}, {BNBA, 4}, {"", 0}, {"agregat", 0}}
	for _, tt := range tests {
		if got := Tier(tt.jenis); got != tt.want {
			t.Errorf("Tier(%q) = %d, want %d", tt.jenis, got, tt.want)
		}
	}
	rows := []Row{{JenisData: AgregatTerpilah}, {JenisData: BNBA}, {JenisData: Mikro}}
	if MaxTier(rows) != 4 || MaxTier(rows[:1]) != 2 || MaxTier(nil) != 0 {
		t.Error("the highest tier applies to the whole permohonan")
	}
}

func TestInScope(t *testing.T) {
	tests := []struct {
		name    string
		inst    Instansi
		wilayah string
		want    bool
	}{
		{"pusat nasional", kemensos, Nasional, true},
		{"pusat a province", kemensos, "11", true},
		{"pusat a kab/kota", kemensos, "91.03", true},
		{"pusat a desa", kemensos, "32.73.01.1001", true},
		{"province itself", jabar, "32", true},
		{"province its kab/kota", jabar, "32.73", true},
		{"province its desa", jabar, "32.04.01.2001", true},
		{"province another province", jabar, "33", false},
		{"province a kab/kota of another province", jabar, "33.01", false},
		{"province nasional", jabar, Nasional, false},
		{"kab/kota itself", bandung, "32.73", true},
		{"kab/kota its desa", bandung, "32.73.01.1001", true},
		{"kab/kota a desa of another kab/kota", bandung, "32.04.01.2001", false},
		{"kab/kota its province", bandung, "32", false},
		{"kab/kota a neighbour with a shared prefix", bandung, "32.7", false},
		{"kab/kota nasional", bandung, Nasional, false},
		{"malformed", kemensos, "32.73.1", false},
		{"empty", kemensos, "", false},
	}
	for _, tt := range tests {
		if got := InScope(tt.inst, tt.wilayah); got != tt.want {
			t.Errorf("%s: InScope(%v, %q) = %v, want %v", tt.name, tt.inst, tt.wilayah, got, tt.want)
		}
	}
}

func kinds(reqs []Requirement, optional bool) []DocKind {
	var out []DocKind
	for _, r := range reqs {
		if r.Optional == optional {
			out = append(out, r.Kind)
		}
		if r.Label == "" || r.Why == "" {
			t := r.Kind
			panic("requirement without label or reason: " + string(t))
		}
	}
	return out
}

// Every row of DOMAIN.md's document table, as it applies before approval.
func TestRequiredDocuments(t *testing.T) {
	always := []DocKind{DocSuratPermohonan, DocKAK}
	tests := []struct {
		name     string
		inst     Instansi
		rows     []Row
		required []DocKind
		optional []DocKind
	}{
		{"no rows yet: the two always required", kemensos, nil, always, nil},
		{"pusat agregat via fasilitas", kemensos, []Row{{JenisData: AgregatTerpilah, Media: Fasilitas}}, always, nil},
		{"pusat sepakat needs SK operator", kemensos, []Row{{JenisData: Mikro, Media: Sepakat}},
			append(slices.Clone(always), DocSKOperator), nil},
		{"mikro via fasilitas needs surat pernyataan", kemensos, []Row{{JenisData: Mikro, Media: Fasilitas}},
			append(slices.Clone(always), DocSuratPernyataan), nil},
		{"BNBA via fasilitas needs surat pernyataan", kemensos, []Row{{JenisData: BNBA, Media: Fasilitas}},
			append(slices.Clone(always), DocSuratPernyataan), nil},
		{"agregat via fasilitas needs no surat pernyataan", bandung, []Row{{JenisData: AgregatTerpilah, Media: Fasilitas}}, always, nil},
		{"pemda sepakat: SK operator, SK forum optional", bandung, []Row{{JenisData: AgregatTerpilah, Media: Sepakat}},
			append(slices.Clone(always), DocSKOperator), []DocKind{DocSKForumSatuData}},
		{"the issue's three rows", jabar, []Row{{JenisData: BNBA, Media: Sepakat}, {JenisData: Mikro, Media: Fasilitas},
			{JenisData: AgregatTerpilah, Media: Sepakat}},
			append(slices.Clone(always), DocSKOperator, DocSuratPernyataan), []DocKind{DocSKForumSatuData}},
		{"pusat never gets SK forum", kemensos, []Row{{JenisData: BNBA, Media: Sepakat}},
			append(slices.Clone(always), DocSKOperator), nil},
	}
	for _, tt := range tests {
		reqs := RequiredDocuments(tt.inst, Header{ForumSatuData: "tidak"}, tt.rows)
		if got := kinds(reqs, false); !slices.Equal(got, tt.required) {
			t.Errorf("%s: required %v, want %v", tt.name, got, tt.required)
		}
		if got := kinds(reqs, true); !slices.Equal(got, tt.optional) {
			t.Errorf("%s: optional %v, want %v", tt.name, got, tt.optional)
		}
	}
}

func TestSixMonthLimit(t *testing.T) {
	sepakat := []Row{{JenisData: Mikro, Media: Sepakat}}
	fasilitas := []Row{{JenisData: Mikro, Media: Fasilitas}}
	tests := []struct {
		name  string
		inst  Instansi
		rows  []Row
		hasSK bool
		want  bool
	}{
		{"pemda sepakat without SK", bandung, sepakat, false, true},
		{"pemda sepakat with SK", bandung, sepakat, true, false},
		{"pemda fasilitas only", jabar, fasilitas, false, false},
		{"pusat sepakat", kemensos, sepakat, false, false},
	}
	for _, tt := range tests {
		if got := SixMonthLimit(tt.inst, tt.rows, tt.hasSK); got != tt.want {
			t.Errorf("%s: %v", tt.name, got)
		}
	}
}

func validRow(inst Instansi) Row {
	r := Row{ID: 1, PenggunaJenis: PenggunaOPD, Pengguna: "Dinas Sosial", Tujuan: "Penyaluran bantuan sosial PKH",
		JenisData: BNBA, TujuanBNBA: TujuanKepentinganUmum, Media: Sepakat, OperatorNama: "Toko Sutono",
		OperatorJabatan: "Analis Data", OperatorNIP: "19670627 199803 1 004", OperatorEmail: "toko@dinsos.go.id",
		OperatorPhone: "081234567890", IsNew: true, Penggunaan: Berkelanjutan, PeriodeMulai: "2027-01-01", PeriodeBulan: "12",
		OlahData: true, OlahDataKeterangan: "Mengolah data SIKS-NG dengan Excel dan SPSS."}
	if !inst.Pemda() {
		r.PenggunaJenis, r.Pengguna = PenggunaUnitKerja, "Direktorat Jaminan Sosial"
	}
	return r
}

func TestValidateRow(t *testing.T) {
	tests := []struct {
		name    string
		inst    Instansi
		cakupan string
		mutate  func(*Row)
		field   string // "" when valid
	}{
		{"valid pemda row", bandung, "32.73", func(*Row) {}, ""},
		{"valid pusat row", kemensos, Nasional, func(*Row) {}, ""},
		{"BNBA without lawful purpose", bandung, "32.73", func(r *Row) { r.TujuanBNBA = "" }, "tujuan_bnba"},
		{"BNBA with an invented purpose", bandung, "32.73", func(r *Row) { r.TujuanBNBA = "komersial" }, "tujuan_bnba"},
		{"mikro needs no lawful purpose", bandung, "32.73", func(r *Row) { r.JenisData, r.TujuanBNBA = Mikro, "" }, ""},
		{"no jenis data", bandung, "32.73", func(r *Row) { r.JenisData = "" }, "jenis_data"},
		{"no media", bandung, "32.73", func(r *Row) { r.Media = "" }, "media"},
		{"sepakat without operator", bandung, "32.73", func(r *Row) { r.OperatorNama = "" }, "operator_nama"},
		{"sepakat with a bad NIP", bandung, "32.73", func(r *Row) { r.OperatorNIP = "12345" }, "operator_nip"},
		{"fasilitas needs no operator", bandung, "32.73", func(r *Row) { r.Media, r.OperatorNama, r.OperatorNIP, r.Penggunaan = Fasilitas, "", "", SekaliPakai }, ""},
		{"desa of its own kab/kota", bandung, "32.73", func(r *Row) { r.PenggunaJenis, r.PenggunaWilayah = PenggunaDesa, "32.73.01.1001" }, ""},
		{"desa of another kab/kota", bandung, "32.73", func(r *Row) { r.PenggunaJenis, r.PenggunaWilayah = PenggunaDesa, "32.04.01.2001" }, "pengguna_wilayah"},
		{"province picks a desa of another province", jabar, "32", func(r *Row) { r.PenggunaJenis, r.PenggunaWilayah = PenggunaDesa, "33.01.01.2001" }, "pengguna_wilayah"},
		{"desa outside the cakupan", jabar, "32.04", func(r *Row) { r.PenggunaJenis, r.PenggunaWilayah = PenggunaDesa, "32.73.01.1001" }, "pengguna_wilayah"},
		{"pusat names an OPD", kemensos, Nasional, func(r *Row) { r.PenggunaJenis = PenggunaOPD }, "pengguna_jenis"},
		{"pemda names a unit kerja", bandung, "32.73", func(r *Row) { r.PenggunaJenis = PenggunaUnitKerja }, "pengguna_jenis"},
		{"no pengguna", bandung, "32.73", func(r *Row) { r.Pengguna = "" }, "pengguna"},
		{"short tujuan", bandung, "32.73", func(r *Row) { r.Tujuan = "data" }, "tujuan"},
	}
	for _, tt := range tests {
		r := validRow(tt.inst)
		tt.mutate(&r)
		got, errs := ValidateRow(tt.inst, tt.cakupan, r)
		if tt.field == "" {
			if errs.Any() {
				t.Errorf("%s: unexpected errors %v", tt.name, errs.All())
			}
			if r.Media == Sepakat && (got.OperatorNIP != "196706271998031004" || got.OperatorPhone != "+6281234567890") {
				t.Errorf("%s: operator not normalised: %q %q", tt.name, got.OperatorNIP, got.OperatorPhone)
			}
			continue
		}
		if errs.Get(tt.field) == "" {
			t.Errorf("%s: no error on %s (errors: %v)", tt.name, tt.field, errs.All())
		}
	}
}

func TestValidateHeader(t *testing.T) {
	good := Header{Cakupan: "32.73", NarahubungNama: "Siti", NarahubungJabatan: "Kepala Bappelitbang",
		NarahubungNIP: "197001012000031002", NarahubungEmail: "siti@bandung.go.id", NarahubungPhone: "0812-1111-2222", ForumSatuData: "ya"}
	if _, errs := ValidateHeader(bandung, good); errs.Any() {
		t.Fatalf("valid header: %v", errs.All())
	}
	tests := []struct {
		name   string
		inst   Instansi
		mutate func(*Header)
		field  string
	}{
		{"province asks for another province", jabar, func(h *Header) { h.Cakupan = "33" }, "cakupan_wilayah"},
		{"kab/kota asks for nasional", bandung, func(h *Header) { h.Cakupan = Nasional }, "cakupan_wilayah"},
		{"no cakupan", bandung, func(h *Header) { h.Cakupan = "" }, "cakupan_wilayah"},
		{"bad NIP", bandung, func(h *Header) { h.NarahubungNIP = "1970" }, "narahubung_nip"},
		{"bad phone", bandung, func(h *Header) { h.NarahubungPhone = "021-555" }, "narahubung_no_hp"},
		{"pemda without forum answer", bandung, func(h *Header) { h.ForumSatuData = "" }, "forum_satu_data"},
	}
	for _, tt := range tests {
		h := good
		tt.mutate(&h)
		if _, errs := ValidateHeader(tt.inst, h); errs.Get(tt.field) == "" {
			t.Errorf("%s: no error on %s", tt.name, tt.field)
		}
	}
	h := good
	h.Cakupan, h.ForumSatuData = Nasional, ""
	if _, errs := ValidateHeader(kemensos, h); errs.Any() {
		t.Errorf("pusat nasional without forum answer: %v", errs.All())
	}
}

func TestDuplicateRows(t *testing.T) {
	a := validRow(bandung)
	b := a
	b.ID = 2
	c := a
	c.ID, c.JenisData, c.TujuanBNBA = 3, Mikro, "" // same pengguna, another jenis: fine
	d := a
	d.ID, d.Pengguna = 4, "Dinas Kesehatan" // another pengguna, same operator NIP: duplicate operator
	got := DuplicateRows([]Row{a, b, c, d})
	if _, ok := got[2]; !ok {
		t.Error("same pengguna, jenis and media not flagged")
	}
	if _, ok := got[3]; ok {
		t.Error("same pengguna with another jenis data flagged")
	}
	if msg, ok := got[4]; !ok || !strings.Contains(msg, "Operator") {
		t.Errorf("shared operator not flagged: %q", msg)
	}
	if _, ok := got[1]; ok {
		t.Error("the first occurrence is flagged")
	}
}

func TestCheckSubmission(t *testing.T) {
	h := Header{Cakupan: "32.73", NarahubungNama: "Siti", NarahubungJabatan: "Kepala", NarahubungNIP: "197001012000031002",
		NarahubungEmail: "siti@bandung.go.id", NarahubungPhone: "081211112222", ForumSatuData: "tidak"}
	rows := []Row{validRow(bandung)}
	docs := map[DocKind]bool{DocSuratPermohonan: true, DocKAK: true}
	trained := map[int64]bool{1: true}
	problems := CheckSubmission(bandung, h, rows, docs, trained)
	if len(problems) != 1 || problems[0].Section != "dokumen" || !strings.Contains(problems[0].Message, DocLabels[DocSKOperator]) {
		t.Fatalf("want exactly the missing SK operator, got %v", problems)
	}
	docs[DocSKOperator] = true
	if p := CheckSubmission(bandung, h, rows, docs, trained); len(p) != 0 {
		t.Errorf("complete permohonan has problems: %v", p)
	}
	if p := CheckSubmission(bandung, h, nil, docs, trained); len(p) == 0 || p[0].Section != "kebutuhan" {
		t.Errorf("no rows not reported: %v", p)
	}
	// Rows carried over into a perubahan are not judged again; only new ones count.
	old := validRow(bandung)
	old.ID, old.IsNew, old.TujuanBNBA, old.Pengguna, old.OperatorNIP = 9, false, "", "Dinas Pendidikan", "198001012005011003"
	if p := CheckSubmission(bandung, h, []Row{old, rows[0]}, docs, trained); len(p) != 0 {
		t.Errorf("carried-over row judged: %v", p)
	}
	// Kapasitas (Tabel 3.1): a Sepakat operator without training evidence stops "Ajukan".
	if p := CheckSubmission(bandung, h, rows, docs, nil); len(p) != 1 || p[0].Section != "kapasitas" || p[0].RowID != 1 {
		t.Errorf("operator without training evidence: %v", p)
	}
	// A Pemda that has a Forum Satu Data uploads its SK (Tabel 3.1 note **).
	h.ForumSatuData = "ya"
	if p := CheckSubmission(bandung, h, rows, docs, trained); len(p) != 1 || !strings.Contains(p[0].Message, DocLabels[DocSKForumSatuData]) {
		t.Errorf("forum without SK: %v", p)
	}
}

// Every (state, event, role) combination: the allowed ones move as the table says, all others are refused
// with the right error.
func TestStateMachine(t *testing.T) {
	allowed := map[[3]string]State{}
	for _, ev := range Machine.All() {
		m, _ := Machine.Move(ev)
		for _, from := range m.From {
			for _, role := range m.Roles {
				allowed[[3]string{string(from), string(ev), string(role)}] = m.To
			}
		}
	}
	if len(allowed) != 21 {
		t.Errorf("%d allowed moves; update this test when the machine changes on purpose", len(allowed))
	}
	for _, s := range AllStates {
		for _, ev := range AllEvents {
			for _, role := range AllRoles {
				got, err := Next(s, ev, role)
				want, ok := allowed[[3]string{string(s), string(ev), string(role)}]
				switch {
				case ok && (err != nil || got != want):
					t.Errorf("%s --%s/%s--> %s, %v; want %s", s, ev, role, got, err, want)
				case !ok && err == nil:
					t.Errorf("%s --%s/%s--> %s allowed", s, ev, role, got)
				case !ok && got != s:
					t.Errorf("refused move changed the state")
				case !ok && !errors.Is(err, ErrForbidden) && !errors.Is(err, ErrInvalidTransition):
					t.Errorf("%s/%s/%s: unexpected error %v", s, ev, role, err)
				}
			}
		}
	}
	if _, err := Next(Draft, Setujui, account.RoleRegistrator); !errors.Is(err, ErrForbidden) {
		t.Error("a registrator approving must be forbidden, not merely invalid")
	}
	if _, err := Next(Draft, Setujui, account.RoleProdusenData); !errors.Is(err, ErrInvalidTransition) {
		t.Error("approving a draft must be an invalid transition")
	}
}

func TestTahap(t *testing.T) {
	for _, s := range AllStates {
		n, name := s.Tahap()
		if n < 1 || n > 6 || name == "" || s.Label() == string(s) {
			t.Errorf("%s: tahap %d %q label %q", s, n, name, s.Label())
		}
	}
}
