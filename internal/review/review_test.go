package review

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/request"
)

func TestParseSLA(t *testing.T) {
	s, err := ParseSLA("teknis=3, keputusan=7")
	if err != nil || s[Teknis] != 3 || s[Substansi] != 10 || s[Keputusan] != 7 {
		t.Errorf("ParseSLA: %v %v", s, err)
	}
	for _, bad := range []string{"teknis", "teknis=0", "teknis=x", "lain=3"} {
		if _, err := ParseSLA(bad); err == nil {
			t.Errorf("ParseSLA(%q) accepted", bad)
		}
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := DefaultSLA.Due(Substansi, start); !got.Equal(start.AddDate(0, 0, 10)) {
		t.Errorf("Due = %v", got)
	}
}

func TestTeknisItems(t *testing.T) {
	inst := request.Instansi{Kategori: account.KategoriKabKota, Kode: "32.73"}
	rows := []request.Row{{ID: 1, Pengguna: "Dinas Sosial", JenisData: request.Mikro, Media: request.Sepakat, IsNew: true},
		{ID: 2, Pengguna: "Dinas Lama", JenisData: request.Mikro, Media: request.Sepakat}}
	items := TeknisItems(inst, request.Header{}, rows, map[request.DocKind]bool{request.DocKAK: true, request.DocSKForumSatuData: true})
	var fields []string
	for _, it := range items {
		fields = append(fields, it.Field())
	}
	want := []string{"dokumen_surat_permohonan", "dokumen_kak", "dokumen_sk_operator", "dokumen_sk_forum_satu_data", "baris_1", "kapasitas_1"}
	if !slices.Equal(fields, want) {
		t.Errorf("items %v, want %v (required documents, present optional ones, new rows only, then the kapasitas of their Sepakat operators)", fields, want)
	}
	if got := len(SubstansiItems(rows)); got != 2 {
		t.Errorf("substansi items for one new row: %d, want its two aspects", got)
	}
}

func TestCheckJudgements(t *testing.T) {
	items := []Item{{Type: "dokumen", Key: "kak", Label: "KAK"}, {Type: "baris", Key: "1", Label: "Baris 1"}}
	all := func(v Verdict, note string) map[string]Judgement {
		m := map[string]Judgement{}
		for _, it := range items {
			m[it.Field()] = Judgement{Item: it, Verdict: v, Note: note}
		}
		return m
	}
	tests := []struct {
		name    string
		got     map[string]Judgement
		outcome string
		field   string
	}{
		{"all sesuai, verified", all(Sesuai, ""), OutcomeLanjut, ""},
		{"belum sesuai with notes, returned", all(BelumSesuai, "Tanda tangan tidak ada"), OutcomeBelumSesuai, ""},
		{"belum sesuai without a note", all(BelumSesuai, ""), OutcomeBelumSesuai, "dokumen_kak_catatan"},
		{"verified with a belum sesuai", all(BelumSesuai, "x"), OutcomeLanjut, "hasil"},
		{"returned with everything sesuai", all(Sesuai, ""), OutcomeBelumSesuai, "hasil"},
		{"an item not judged", map[string]Judgement{}, OutcomeLanjut, "dokumen_kak"},
		{"no outcome", all(Sesuai, ""), "", "hasil"},
	}
	for _, tt := range tests {
		errs := CheckJudgements(Teknis, items, tt.got, tt.outcome)
		if tt.field == "" && errs.Any() {
			t.Errorf("%s: %v", tt.name, errs.All())
		}
		if tt.field != "" && errs.Get(tt.field) == "" {
			t.Errorf("%s: no error on %s (%v)", tt.name, tt.field, errs.All())
		}
	}
	// The substantive verifier may forward with concerns noted for the produsen data.
	if errs := CheckJudgements(Substansi, items, all(BelumSesuai, "tujuan kurang jelas"), OutcomeLanjut); errs.Any() {
		t.Errorf("substansi forwarding with notes: %v", errs.All())
	}
}

// Each approved row has its own end: proposed from the period it asks for, capped by the rules, and shortened
// only with a reason (pedoman §III step 3).
func TestCheckDecision(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	latest := MaxAkses(12, today)
	rows := []request.Row{{ID: 1, Pengguna: "Dinas Sosial", JenisData: request.BNBA, IsNew: true, PeriodeMulai: "2027-01-01", PeriodeBulan: "6"},
		{ID: 2, Pengguna: "Dinas Kesehatan", JenisData: request.Mikro, IsNew: true},
		{ID: 3, Pengguna: "Lama", JenisData: request.Mikro}}
	p1, p2 := ProposedEnd(rows[0], today, latest), ProposedEnd(rows[1], today, latest)
	rd := func(id int64, setuju bool, jenis, reason string, sampai time.Time) RowDecision {
		return RowDecision{RowID: id, Setuju: setuju, JenisData: jenis, Reason: reason, Sampai: sampai}
	}
	tests := []struct {
		name  string
		d     Decision
		field string
	}{
		{"approve both as proposed", Decision{Rows: []RowDecision{rd(1, true, request.BNBA, "", p1), rd(2, true, request.Mikro, "", p2)}}, ""},
		{"lower BNBA to Mikro with a reason", Decision{Rows: []RowDecision{rd(1, true, request.Mikro, "BNBA tidak diperlukan", p1), rd(2, true, request.Mikro, "", p2)}}, ""},
		{"lower without a reason", Decision{Rows: []RowDecision{rd(1, true, request.Mikro, "", p1), rd(2, true, request.Mikro, "", p2)}}, "baris_1_alasan"},
		{"raise Mikro to BNBA", Decision{Rows: []RowDecision{rd(1, true, request.BNBA, "", p1), rd(2, true, request.BNBA, "x", p2)}}, "baris_2"},
		{"refuse a row without a reason", Decision{Rows: []RowDecision{rd(1, false, "", "", time.Time{}), rd(2, true, request.Mikro, "", p2)}}, "baris_1_alasan"},
		{"a row left undecided", Decision{Rows: []RowDecision{rd(1, true, request.BNBA, "", p1)}}, "baris_2"},
		{"refuse every row", Decision{Rows: []RowDecision{rd(1, false, "", "tidak sah", time.Time{}), rd(2, false, "", "tidak sah", time.Time{})}}, "hasil"},
		{"no end date", Decision{Rows: []RowDecision{rd(1, true, request.BNBA, "", time.Time{}), rd(2, true, request.Mikro, "", p2)}}, "baris_1_sampai"},
		{"end date today", Decision{Rows: []RowDecision{rd(1, true, request.BNBA, "", today), rd(2, true, request.Mikro, "", p2)}}, "baris_1_sampai"},
		{"end past the proposal", Decision{Rows: []RowDecision{rd(1, true, request.BNBA, "", p1.AddDate(0, 0, 1)), rd(2, true, request.Mikro, "", p2)}}, "baris_1_sampai"},
		{"end past the limit", Decision{Rows: []RowDecision{rd(1, true, request.BNBA, "", p1), rd(2, true, request.Mikro, "", today.AddDate(2, 0, 0))}}, "baris_2_sampai"},
		{"shortened without a reason", Decision{Rows: []RowDecision{rd(1, true, request.BNBA, "", p1.AddDate(0, -1, 0)), rd(2, true, request.Mikro, "", p2)}}, "baris_1_alasan"},
		{"shortened with a reason", Decision{Rows: []RowDecision{rd(1, true, request.BNBA, "Program berakhir Mei.", p1.AddDate(0, -1, 0)), rd(2, true, request.Mikro, "", p2)}}, ""},
		{"refuse the whole with a reason", Decision{TolakSemua: true, Reason: "Tujuan tidak sesuai kewenangan"}, ""},
		{"refuse the whole without a reason", Decision{TolakSemua: true}, "alasan"},
	}
	for _, tt := range tests {
		errs := CheckDecision(tt.d, rows, today, latest)
		if tt.field == "" && errs.Any() {
			t.Errorf("%s: %v", tt.name, errs.All())
		}
		if tt.field != "" && errs.Get(tt.field) == "" {
			t.Errorf("%s: no error on %s (%v)", tt.name, tt.field, errs.All())
		}
	}
	d := Decision{Rows: []RowDecision{rd(1, true, request.BNBA, "", p1), rd(2, true, request.Mikro, "", p2), rd(3, false, "", "x", time.Time{})}}
	if !d.AksesSampai().Equal(p2) {
		t.Errorf("the permohonan's end is the latest row end: %v", d.AksesSampai())
	}
}

// The proposal follows the request, capped by MAX_AKSES_BULAN (the six-month rule cuts Sepakat access when
// it is given, not the decision: request.RowEnd).
func TestProposedEnd(t *testing.T) {
	today := time.Date(2026, 11, 30, 0, 0, 0, 0, indo.Jakarta)
	latest12 := MaxAkses(12, today)
	tests := []struct {
		name   string
		row    request.Row
		latest time.Time
		want   string
	}{
		{"months, within the limit", request.Row{PeriodeMulai: "2027-01-01", PeriodeBulan: "6"}, latest12, "2027-07-01"},
		{"end date, within the limit", request.Row{PeriodeMulai: "2027-01-01", PeriodeSelesai: "2027-03-31"}, latest12, "2027-03-31"},
		{"asks past MAX_AKSES_BULAN", request.Row{PeriodeMulai: "2027-01-01", PeriodeBulan: "24"}, latest12, "2027-11-30"},
		{"a Pemda without an SK asks for a year: proposed whole", request.Row{Media: request.Sepakat, PeriodeMulai: "2027-01-01", PeriodeBulan: "12"}, latest12, "2027-11-30"},
		{"no period stated: the limit", request.Row{}, latest12, "2027-11-30"},
	}
	for _, tt := range tests {
		if got := ProposedEnd(tt.row, today, tt.latest).Format(time.DateOnly); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

// What the registrator reads of a row's decision.
func TestDecisionText(t *testing.T) {
	row := request.Row{JenisData: request.BNBA}
	end, proposed := time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC), time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		d    RowDecision
		want string
	}{
		{RowDecision{Setuju: true, JenisData: request.BNBA, Sampai: proposed, Usulan: proposed}, "Disetujui: BNBA, berlaku sampai 30 Juni 2027"},
		{RowDecision{Setuju: true, JenisData: request.Mikro, Reason: "cukup mikro", Sampai: proposed, Usulan: proposed},
			"Disetujui: Mikro (diminta BNBA; cukup mikro), berlaku sampai 30 Juni 2027"},
		{RowDecision{Setuju: true, JenisData: request.BNBA, Reason: "program berakhir Maret", Sampai: end, Usulan: proposed},
			"Disetujui: BNBA, berlaku sampai 31 Maret 2027 (diusulkan sampai 30 Juni 2027; program berakhir Maret)"},
		{RowDecision{Setuju: false, Reason: "di luar kewenangan"}, "Ditolak: di luar kewenangan"},
	}
	for _, tt := range tests {
		if got := DecisionText(row, tt.d.View()); got != tt.want {
			t.Errorf("%q, want %q", got, tt.want)
		}
	}
}

func TestDiff(t *testing.T) {
	before := Content{Header: request.Header{Cakupan: "32.73", NarahubungNama: "Siti"},
		Rows: []request.Row{{ID: 1, Pengguna: "Dinas Sosial", Tujuan: "lama", JenisData: request.BNBA}, {ID: 2, Pengguna: "Dinas Lama"}},
		Docs: map[request.DocKind]int64{request.DocKAK: 10, request.DocSuratPermohonan: 11}}
	after := Content{Header: request.Header{Cakupan: "32.73", NarahubungNama: "Siti Aminah"},
		Rows: []request.Row{{ID: 1, Pengguna: "Dinas Sosial", Tujuan: "baru", JenisData: request.BNBA}, {ID: 3, Pengguna: "Dinas Baru"}},
		Docs: map[request.DocKind]int64{request.DocKAK: 12, request.DocSuratPermohonan: 11}}
	var what []string
	for _, c := range Diff(before, after) {
		what = append(what, c.What)
	}
	got := strings.Join(what, "|")
	want := "Narahubung: nama|KAK Pemanfaatan Data Regsosek|Baris Dinas Sosial: tujuan pemanfaatan|Baris baru: Dinas Baru|Baris dihapus: Dinas Lama"
	if got != want {
		t.Errorf("diff:\n%s\nwant\n%s", got, want)
	}
	if len(Diff(after, after)) != 0 {
		t.Error("no change must give no diff")
	}
	docs, rows := MarkedItems([]Judgement{{Item: Item{Type: "dokumen", Key: "kak"}, Verdict: BelumSesuai, Note: "tanpa tanda tangan"},
		{Item: Item{Type: "baris", Key: "1"}, Verdict: BelumSesuai, Note: "NIP salah"}, {Item: Item{Type: "baris", Key: "2"}, Verdict: Sesuai}})
	if docs[request.DocKAK] != "tanpa tanda tangan" || rows[1] != "NIP salah" || len(rows) != 1 {
		t.Errorf("marked items: %v %v", docs, rows)
	}
}
