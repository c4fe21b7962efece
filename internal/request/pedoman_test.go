package request

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
)

var kabGarut = Instansi{Kategori: account.KategoriKabKota, Kode: "32.05"}

func row(id int64, jenis, media string) Row {
	return Row{ID: id, Pengguna: "Pengguna " + jenis, JenisData: jenis, Media: media, IsNew: true}
}

// §III: the highest tier of the permohonan governs it whole. Tiers × media × kategori → the documents asked
// before the decision, and the agreements of Tahap 4 (before the decision from the rows as requested).
func TestHighestTierGoverns(t *testing.T) {
	base := []DocKind{DocSuratPermohonan, DocKAK}
	with := func(k ...DocKind) []DocKind { return append(slices.Clone(base), k...) }
	tests := []struct {
		name       string
		inst       Instansi
		rows       []Row
		docs       []DocKind
		agreements []DocKind
	}{
		{"agregat via fasilitas", kemensos, []Row{row(1, AgregatTerpilah, Fasilitas)}, base, []DocKind{DocPKS}},
		{"agregat via sepakat", kemensos, []Row{row(1, AgregatTerpilah, Sepakat)}, with(DocSKOperator), []DocKind{DocPKS}},
		{"mikro via sepakat", kemensos, []Row{row(1, Mikro, Sepakat)}, with(DocSKOperator), []DocKind{DocPKS, DocNDA}},
		{"mikro via fasilitas", kemensos, []Row{row(1, Mikro, Fasilitas)}, with(DocSuratPernyataan), []DocKind{DocPKS}},
		{"BNBA via fasilitas", jabar, []Row{row(1, BNBA, Fasilitas)}, with(DocSuratPernyataan), []DocKind{DocPKS}},
		// Wrong before issue 12: each row alone asked for neither the NDA nor the Surat Pernyataan.
		{"BNBA via fasilitas + agregat via sepakat: NDA for the sepakat row", kabGarut,
			[]Row{row(1, BNBA, Fasilitas), row(2, AgregatTerpilah, Sepakat)}, with(DocSKOperator, DocSuratPernyataan), []DocKind{DocPKS, DocNDA}},
		{"BNBA via sepakat + agregat via fasilitas: Surat Pernyataan for the fasilitas row", kemensos,
			[]Row{row(1, BNBA, Sepakat), row(2, AgregatTerpilah, Fasilitas)}, with(DocSKOperator, DocSuratPernyataan), []DocKind{DocPKS, DocNDA}},
		{"mikro via fasilitas + agregat via sepakat", jabar,
			[]Row{row(1, Mikro, Fasilitas), row(2, AgregatTerpilah, Sepakat)}, with(DocSKOperator, DocSuratPernyataan), []DocKind{DocPKS, DocNDA}},
		{"two agregat rows, both media: tier 2 needs neither", kabGarut,
			[]Row{row(1, AgregatTerpilah, Fasilitas), row(2, AgregatTerpilah, Sepakat)}, with(DocSKOperator), []DocKind{DocPKS}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Header{ForumSatuData: "tidak"}
			reqs := RequiredDocuments(tt.inst, h, tt.rows)
			if got := kinds(reqs, false); !slices.Equal(got, tt.docs) {
				t.Errorf("documents %v, want %v", got, tt.docs)
			}
			var agr []DocKind
			for _, a := range Agreements(AsRequested(tt.rows)) {
				agr = append(agr, a.Kind)
				if a.Why == "" {
					t.Errorf("%s without why", a.Kind)
				}
			}
			if !slices.Equal(agr, tt.agreements) {
				t.Errorf("agreements %v, want %v", agr, tt.agreements)
			}
			if got := AgreementKinds(AsRequested(tt.rows)); !slices.Equal(got, tt.agreements) {
				t.Errorf("AgreementKinds %v, want %v", got, tt.agreements)
			}
		})
	}
	// The Dokumen section says which row made each document necessary.
	reqs := RequiredDocuments(kabGarut, Header{ForumSatuData: "tidak"}, []Row{
		{Pengguna: "Dinas Sosial", JenisData: BNBA, Media: Fasilitas}, {Pengguna: "Dinas Pendidikan", JenisData: AgregatTerpilah, Media: Sepakat}})
	for _, r := range reqs {
		if r.Kind == DocSuratPernyataan && !strings.Contains(r.Why, "baris 1 (Dinas Sosial: BNBA") {
			t.Errorf("Surat Pernyataan does not name the row of the highest tier: %s", r.Why)
		}
		if r.Kind == DocSKOperator && !strings.Contains(r.Why, "baris 2 (Dinas Pendidikan") {
			t.Errorf("SK operator does not name the Sepakat row: %s", r.Why)
		}
	}
	nda := Agreements(AsRequested([]Row{{Pengguna: "Dinas Sosial", JenisData: BNBA, Media: Fasilitas},
		{Pengguna: "Dinas Pendidikan", JenisData: AgregatTerpilah, Media: Sepakat}}))
	if len(nda) != 2 || !strings.Contains(nda[1].Why, "Dinas Sosial") || !strings.Contains(nda[1].Why, "Dinas Pendidikan") {
		t.Errorf("NDA reason does not name both rows: %+v", nda)
	}
}

// After the decision the highest approved tier governs: a BNBA row lowered to agregat no longer asks for the NDA.
func TestAgreementsAfterDecision(t *testing.T) {
	bnba, agregat := row(1, BNBA, Fasilitas), row(2, AgregatTerpilah, Sepakat)
	tests := []struct {
		name     string
		approved []ApprovedRow
		want     []DocKind
	}{
		{"approved as asked", []ApprovedRow{{Row: bnba, Approved: BNBA}, {Row: agregat, Approved: AgregatTerpilah}}, []DocKind{DocPKS, DocNDA}},
		{"BNBA lowered to agregat", []ApprovedRow{{Row: bnba, Approved: AgregatTerpilah}, {Row: agregat, Approved: AgregatTerpilah}}, []DocKind{DocPKS}},
		{"BNBA lowered to mikro", []ApprovedRow{{Row: bnba, Approved: Mikro}, {Row: agregat, Approved: AgregatTerpilah}}, []DocKind{DocPKS, DocNDA}},
		{"sepakat row refused", []ApprovedRow{{Row: bnba, Approved: BNBA}}, []DocKind{DocPKS}},
	}
	for _, tt := range tests {
		if got := AgreementKinds(tt.approved); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Tabel 3.1 note ** and §3.2.5 Khusus a: the SK Forum Satu Data of a Pemda that has one is required; only a
// Pemda without one gets it optional, and the six-month rule when it asks for Sepakat.
func TestForumSatuData(t *testing.T) {
	sepakat, fasilitas := []Row{row(1, Mikro, Sepakat)}, []Row{row(1, Mikro, Fasilitas)}
	tests := []struct {
		name                       string
		inst                       Instansi
		forum                      string
		rows                       []Row
		listed, required, sixMonth bool
	}{
		{"pemda with forum, sepakat: SK required", kabGarut, "ya", sepakat, true, true, false},
		{"pemda with forum, fasilitas only: SK still required", jabar, "ya", fasilitas, true, true, false},
		{"pemda without forum, sepakat: optional, six months", kabGarut, "tidak", sepakat, true, false, true},
		{"pemda without forum, fasilitas: nothing rides on it", kabGarut, "tidak", fasilitas, false, false, false},
		{"pemda not answered, sepakat: optional until answered", kabGarut, "", sepakat, true, false, true},
		{"pemda not answered, fasilitas: not listed", kabGarut, "", fasilitas, false, false, false},
		{"K/L: never", kemensos, "ya", sepakat, false, false, false},
	}
	for _, tt := range tests {
		f := Forum(tt.inst, Header{ForumSatuData: tt.forum}, tt.rows)
		if f.Listed != tt.listed || f.Required != tt.required || f.SixMonth != tt.sixMonth || (f.Listed && f.Why == "") {
			t.Errorf("%s: %+v", tt.name, f)
		}
		var sk *Requirement
		for _, r := range RequiredDocuments(tt.inst, Header{ForumSatuData: tt.forum}, tt.rows) {
			if r.Kind == DocSKForumSatuData {
				sk = &r
			}
		}
		if (sk != nil) != tt.listed || (sk != nil && sk.Optional == tt.required) {
			t.Errorf("%s: requirement %+v", tt.name, sk)
		}
	}
}

// §1.5: which kategori may name which pengguna; desa/kelurahan only through their Bupati/Wali Kota.
func TestPenggunaByKategori(t *testing.T) {
	tests := []struct {
		inst    Instansi
		jenis   string
		allowed bool
		msg     string
	}{
		{kemensos, PenggunaUnitKerja, true, ""},
		{kemensos, PenggunaOPD, false, "unit kerja"},
		{kemensos, PenggunaDesa, false, "unit kerja"},
		{jabar, PenggunaOPD, true, ""},
		{jabar, PenggunaDesa, false, "Bupati/Wali Kota"},
		{jabar, PenggunaUnitKerja, false, "OPD"},
		{bandung, PenggunaOPD, true, ""},
		{bandung, PenggunaDesa, true, ""},
		{bandung, PenggunaUnitKerja, false, "OPD"},
	}
	for _, tt := range tests {
		msg := CheckPenggunaJenis(tt.inst, tt.jenis)
		if (msg == "") != tt.allowed || !strings.Contains(msg, tt.msg) {
			t.Errorf("%s names %s: %q", tt.inst.Kategori, tt.jenis, msg)
		}
		offered := slices.ContainsFunc(PenggunaOptions(tt.inst), func(o Option) bool { return o.Value == tt.jenis })
		if offered != tt.allowed {
			t.Errorf("%s offered %s: %v", tt.inst.Kategori, tt.jenis, offered)
		}
	}
	// The row itself is refused, with the rule's sentence.
	r := validRow(jabar)
	r.PenggunaJenis, r.PenggunaWilayah = PenggunaDesa, "32.04.01.2001"
	if _, errs := ValidateRow(jabar, "32", r); errs.Get("pengguna_jenis") != MsgDesaViaBupati {
		t.Errorf("province desa row: %v", errs.All())
	}
}

// SE angka 10.d and §III points 3–4: no decision before the rekomendasi asked for is answered; none for a
// K/L without one.
func TestRekomendasiBeforeDecision(t *testing.T) {
	tests := []struct {
		name string
		s    Subject
		ev   Event
		want error
	}{
		{"pemda, none asked", Subject{State: MenungguKeputusan}, Setujui, nil},
		{"pemda, asked and answered", Subject{State: MenungguKeputusan, RekomDiminta: 1, RekomDijawab: 1}, Setujui, nil},
		{"pemda, asked, not answered", Subject{State: MenungguKeputusan, RekomDiminta: 1}, Setujui, ErrRekomPending},
		{"pemda refusal waits too", Subject{State: MenungguKeputusan, RekomDiminta: 2, RekomDijawab: 1}, Tolak, ErrRekomPending},
		{"K/L without rekomendasi", Subject{State: MenungguKeputusan, Pusat: true}, Setujui, ErrRekomWajib},
		{"K/L refusal without rekomendasi", Subject{State: MenungguKeputusan, Pusat: true}, Tolak, ErrRekomWajib},
		{"K/L, asked, not answered", Subject{State: MenungguKeputusan, Pusat: true, RekomDiminta: 1}, Setujui, ErrRekomPending},
		{"K/L with an answered rekomendasi", Subject{State: MenungguKeputusan, Pusat: true, RekomDiminta: 1, RekomDijawab: 1}, Setujui, nil},
		{"substansi may forward a K/L without one", Subject{State: TerverifikasiTeknis, Pusat: true}, VerifikasiSubstansi, nil},
	}
	for _, tt := range tests {
		role := account.RoleProdusenData
		if tt.ev == VerifikasiSubstansi {
			role = account.RoleVerifikatorSubstansi
		}
		if _, err := Check(tt.s, tt.ev, role, 7); !errors.Is(err, tt.want) && (err != nil || tt.want != nil) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	// The buttons follow: no "Setujui" while the rekomendasi is awaited; the produsen data may ask for one.
	s := Subject{State: MenungguKeputusan, Pusat: true}
	if Can(s, Setujui, 7, account.RoleProdusenData) || !Can(s, MintaRekomendasiKeputusan, 7, account.RoleProdusenData) {
		t.Errorf("actions while awaiting a rekomendasi: %v", Actions(s, 7, account.RoleProdusenData))
	}
}

// §3.2.4: the registrator reads outcomes, dates and the notes for the pemohon; never the internal steps or
// notes.
func TestWhoSeesWhichNote(t *testing.T) {
	tests := []struct {
		e          TimelineEntry
		visible    bool
		wantNote   string
		staffNotes string
	}{
		{TimelineEntry{Event: "kembalikan_teknis", Note: "KAK: belum ditandatangani.", InternalNote: "Telepon Bappeda dulu."}, true,
			"KAK: belum ditandatangani.", "Telepon Bappeda dulu."},
		{TimelineEntry{Event: "verifikasi_teknis", InternalNote: "Dokumen lengkap; SK operator terbaru."}, true, "", "Dokumen lengkap; SK operator terbaru."},
		{TimelineEntry{Event: "minta_rekomendasi", InternalNote: "Rekomendasi diminta kepada Dr. Direktur"}, false, "", ""},
		{TimelineEntry{Event: "minta_rekomendasi_keputusan", InternalNote: "Rekomendasi diminta kepada Dr. Direktur"}, false, "", ""},
		{TimelineEntry{Event: "rekomendasi", InternalNote: "Cukup data mikro."}, false, "", ""},
		{TimelineEntry{Event: "tolak", Note: "Tujuan di luar kewenangan."}, true, "Tujuan di luar kewenangan.", ""},
		{TimelineEntry{Event: "setujui", Note: "Hak akses sampai 30 Juni 2027", InternalNote: "Sesuai rekomendasi."}, true,
			"Hak akses sampai 30 Juni 2027", "Sesuai rekomendasi."},
	}
	for _, tt := range tests {
		got, ok := ForPemohon(tt.e)
		if ok != tt.visible || (ok && (got.Note != tt.wantNote || got.InternalNote != "")) {
			t.Errorf("%s: visible %v, entry %+v", tt.e.Event, ok, got)
		}
		if tt.e.InternalNote != tt.staffNotes && tt.visible {
			t.Errorf("%s: staff lost the internal note", tt.e.Event)
		}
	}
}

// §III step 3: use and period per row.
func TestJangkaWaktu(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Row)
		field  string
	}{
		{"valid by months", func(*Row) {}, ""},
		{"valid by end date", func(r *Row) { r.PeriodeBulan, r.PeriodeSelesai = "", "2027-12-31" }, ""},
		{"fasilitas, one-off", func(r *Row) { r.Media, r.Penggunaan = Fasilitas, SekaliPakai }, ""},
		{"no use", func(r *Row) { r.Penggunaan = "" }, "penggunaan"},
		{"fasilitas cannot be continuous", func(r *Row) { r.Media = Fasilitas }, "penggunaan"},
		{"no start", func(r *Row) { r.PeriodeMulai = "" }, "periode_mulai"},
		{"bad start", func(r *Row) { r.PeriodeMulai = "31-12-2027" }, "periode_mulai"},
		{"neither end nor months", func(r *Row) { r.PeriodeBulan = "" }, "periode_selesai"},
		{"both end and months", func(r *Row) { r.PeriodeSelesai = "2027-06-30" }, "periode_selesai"},
		{"end before start", func(r *Row) { r.PeriodeBulan, r.PeriodeSelesai = "", "2026-12-31" }, "periode_selesai"},
		{"zero months", func(r *Row) { r.PeriodeBulan = "0" }, "periode_bulan"},
		{"too many months", func(r *Row) { r.PeriodeBulan = "61" }, "periode_bulan"},
		{"end past five years", func(r *Row) { r.PeriodeBulan, r.PeriodeSelesai = "", "2032-02-01" }, "periode_selesai"},
		{"sepakat operator not stated able", func(r *Row) { r.OlahData = false }, "olah_data"},
		{"sepakat operator without grounds", func(r *Row) { r.OlahDataKeterangan = "" }, "olah_data_keterangan"},
	}
	for _, tt := range tests {
		r := validRow(bandung)
		tt.mutate(&r)
		_, errs := ValidateRow(bandung, "32.73", r)
		switch {
		case tt.field == "" && errs.Any():
			t.Errorf("%s: %v", tt.name, errs.All())
		case tt.field != "" && errs.Get(tt.field) == "":
			t.Errorf("%s: no error on %s (%v)", tt.name, tt.field, errs.All())
		}
	}
	jkt := func(s string) time.Time { d, _ := ParseDate(s); return d }
	ends := []struct {
		name    string
		r       Row
		from    time.Time
		want    string
		stateOK bool
	}{
		{"months from a future start", Row{PeriodeMulai: "2027-01-01", PeriodeBulan: "12"}, jkt("2026-11-30"), "2028-01-01", true},
		{"months from a start already passed count from today", Row{PeriodeMulai: "2026-01-01", PeriodeBulan: "6"}, jkt("2026-11-30"), "2027-05-30", true},
		{"end date", Row{PeriodeMulai: "2026-01-01", PeriodeSelesai: "2027-03-31"}, jkt("2026-11-30"), "2027-03-31", true},
		{"an end already passed keeps its length", Row{PeriodeMulai: "2026-01-01", PeriodeSelesai: "2026-01-31"}, jkt("2026-11-30"), "2026-12-30", true},
		{"no period", Row{}, jkt("2026-11-30"), "", false},
	}
	for _, tt := range ends {
		got, ok := tt.r.RequestedEnd(tt.from)
		if ok != tt.stateOK || (ok && got.Format(time.DateOnly) != tt.want) {
			t.Errorf("%s: %v %v, want %s", tt.name, got, ok, tt.want)
		}
	}
}

// §3.2.3 and data minimisation: a K/L asks for Nasional, provinces or kab/kota; a Pemda for one area.
func TestCakupan(t *testing.T) {
	tests := []struct {
		inst    Instansi
		cakupan string
		ok      bool
	}{
		{kemensos, "nasional", true},
		{kemensos, "32", true},
		{kemensos, "32,33,35", true},
		{kemensos, "32.05,33.01", true},
		{kemensos, "nasional,32", false},
		{kemensos, "32,33.01", false},
		{kemensos, "32.05.01", false},
		{kemensos, "", false},
		{jabar, "32", true},
		{jabar, "32.05", true},
		{jabar, "32.05,32.73", false},
		{jabar, "33", false},
		{bandung, "32.73", true},
		{bandung, "32.73,32.05", false},
	}
	for _, tt := range tests {
		if msg := CheckCakupan(tt.inst, tt.cakupan); (msg == "") != tt.ok {
			t.Errorf("%s %q: %q", tt.inst.Kategori, tt.cakupan, msg)
		}
	}
	if JoinCakupan([]string{"33", "32", "33", " "}) != "32,33" || Lingkup("32.05,33.01") != LingkupKabKota || Lingkup("32,33.01") != "" {
		t.Error("cakupan list helpers")
	}
	if !Within("32.05,33.01", "33.01.02.2003") || Within("32.05,33.01", "32.73.01.1001") || !Within("nasional", "91") {
		t.Error("Within a list")
	}
	if u := SepakatUsername("Ditjen Linjamsos", "32,33"); u != "ditjenlinjamsos.32.33" {
		t.Errorf("username of a list: %s", u)
	}
}

// SE angka 11 and §3.2.5 1.d: the head of the pemohon.
func TestPimpinan(t *testing.T) {
	tests := []struct {
		kat      account.Kategori
		instansi string
		want     string
		place    string
	}{
		{account.KategoriPusat, "KEMENTERIAN SOSIAL", "Menteri Sosial", ""},
		{account.KategoriPusat, "BADAN PUSAT STATISTIK", "Kepala Badan Pusat Statistik", ""},
		{account.KategoriPusat, "KEMENTERIAN HUKUM DAN HAK ASASI MANUSIA RI", "Menteri Hukum dan Hak Asasi Manusia RI", ""},
		{account.KategoriPusat, "KEMENTERIAN PARIWISATA DAN EKONOMI KREATIF/BADAN PARIWISATA DAN EKONOMI KREATIF",
			"Menteri Pariwisata dan Ekonomi Kreatif/Kepala Badan Pariwisata dan Ekonomi Kreatif", ""},
		{account.KategoriPusat, "MAHKAMAH AGUNG", "Pimpinan Mahkamah Agung", ""},
		{account.KategoriProvinsi, "Pemerintah Provinsi Jawa Barat", "Gubernur Jawa Barat", ""},
		{account.KategoriKabKota, "Pemerintah Kabupaten Garut", "Bupati Garut", "Garut"},
		{account.KategoriKabKota, "Pemerintah Kota Bandung", "Wali Kota Bandung", "Bandung"},
	}
	for _, tt := range tests {
		if got := Pimpinan(tt.kat, tt.instansi); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.instansi, got, tt.want)
		}
		if got := PimpinanPlace(tt.kat, tt.instansi); got != tt.place {
			t.Errorf("%s place: %q", tt.instansi, got)
		}
	}
}
